"""The annual sufficiency plan's pages: choose a year, read the draft with its figures,
edit its words (each save a new version), print it, download it as a workbook."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.commissioning import bp
from fostering.commissioning.plan_forms import DraftForm, YearForm
from fostering.commissioning.services.filters import financial_year
from fostering.commissioning.sufficiency_plan import drafts, scenario
from fostering.commissioning.sufficiency_plan import plan as plan_service
from fostering.commissioning.sufficiency_plan.workbook import workbook
from fostering.extensions import db
from fostering.models import Role, User
from fostering.services import audit
from fostering.services.transactions import transaction
from fostering.web.refusals import show_refusal

READERS = (Role.COMMISSIONER, Role.ADMINISTRATOR)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_label(year: int) -> str:
    return _("%(start)d to %(end)d", start=year, end=year + 1)


def _checked_year(year: int) -> int:
    if not plan_service.FIRST_YEAR <= year <= plan_service.LAST_YEAR:
        abort(404)
    return year


@bp.get("/sufficiency-plan")
@roles(*READERS)
def plans():
    this_year = financial_year(date.today())
    saved = drafts.years_with_drafts()
    years = sorted({this_year, this_year + 1, this_year + 2, *(y for y, _v in saved)})
    form = YearForm(formdata=request.args)
    form.year.choices = [(str(year), _year_label(year)) for year in years]
    if not form.year.data:
        form.year.data = str(this_year + 1)  # the plan is written before its year starts
    chosen = (request.args.get("year") or "").strip()
    if chosen:
        if chosen.isdigit() and int(chosen) in years:
            return redirect(url_for("commissioning.plan", year=int(chosen)))
        form.year.errors = [_("Choose a financial year from the list")]
    html = render_template(
        "commissioning/plan/index.html", form=form, saved=saved, year_label=_year_label
    )
    return html, 400 if form.year.errors else 200


def _plan_and_draft(year: int):
    version = request.args.get("version", "").strip()
    if version and not version.isdigit():
        abort(404)
    draft = drafts.latest(year, int(version) if version else None)
    if version and draft is None:
        abort(404)
    built = plan_service.build(year, drafts.steps_of(draft), date.today())
    return built, draft


def _version_text(draft) -> str:
    if draft is None:
        return _("Not saved yet: the figures only")
    saver = db.session.get(User, draft.saved_by_id) if draft.saved_by_id else None
    return _(
        "Version %(number)d, saved %(when)s by %(who)s",
        number=draft.version,
        when=draft.saved_at.strftime("%Y-%m-%d %H:%M"),
        who=saver.name if saver is not None else _("someone no longer here"),
    )


@bp.get("/sufficiency-plan/<int:year>")
@roles(*READERS)
def plan(year: int):
    _checked_year(year)
    built, draft = _plan_and_draft(year)
    return render_template(
        "commissioning/plan/plan.html",
        plan=built,
        draft=draft,
        sections=drafts.SECTIONS,
        texts=(draft.sections if draft else {}) or {},
        versions=drafts.versions(year),
        version_text=_version_text(draft),
        may_edit=current_user.role == Role.COMMISSIONER.value,
        share=plan_service.share,
    )


@bp.route("/sufficiency-plan/<int:year>/edit", methods=["GET", "POST"])
@roles(Role.COMMISSIONER)
def plan_edit(year: int):
    _checked_year(year)
    form = DraftForm()
    found = scenario.summaries()
    form.scenario.choices = [("", _("No scenario: the steps typed below"))] + [
        (str(s.id), s.name) for s in found
    ]
    draft = drafts.latest(year)
    if request.method == "GET":
        form.fill(draft)
    elif form.validate_on_submit():
        try:
            saved = drafts.save(year, form.draft_input(), actor=current_user)
        except drafts.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_("Version %(number)d of the plan is saved.", number=saved.version), "success")
            return redirect(url_for("commissioning.plan", year=year))
    html = render_template(
        "commissioning/plan/edit.html",
        form=form,
        year=year,
        year_label=_year_label(year),
        has_scenarios=bool(found),
        sections=drafts.SECTIONS,
    )
    return html, 400 if request.method == "POST" else 200


def _exported(year: int, draft, kind: str) -> None:
    with transaction():
        audit.record(
            current_user,
            "sufficiency_plan_exported",
            draft if draft is not None else ("sufficiency_plan_drafts", None),
            detail=f"{year} {kind}",
        )


@bp.get("/sufficiency-plan/<int:year>/print")
@roles(*READERS)
def plan_print(year: int):
    _checked_year(year)
    built, draft = _plan_and_draft(year)
    _exported(year, draft, "print")
    return render_template(
        "commissioning/plan/print.html",
        plan=built,
        draft=draft,
        sections=drafts.SECTIONS,
        texts=(draft.sections if draft else {}) or {},
        version_text=_version_text(draft),
        share=plan_service.share,
    )


@bp.get("/sufficiency-plan/<int:year>/plan.xlsx")
@roles(*READERS)
def plan_xlsx(year: int):
    _checked_year(year)
    built, draft = _plan_and_draft(year)
    title = _("Annual sufficiency plan, %(year)s", year=built.label)
    body = workbook(built, (draft.sections if draft else {}) or {}, title, _version_text(draft))
    _exported(year, draft, "xlsx")
    return Response(
        body,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{built.file_name}.xlsx"'},
    )
