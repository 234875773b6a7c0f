"""The commissioners' area: the spend dashboard, the placement ledger and sufficiency.

Administrators may look too (everything here is read-only). Filters live in the URL;
every table on a page downloads as CSV or XLSX with the same figures.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import allows, roles, rule_for
from fostering.commissioning import bp
from fostering.commissioning.forms import SpendFilterForm, SufficiencyFilterForm
from fostering.commissioning.services import dashboard as dashboard_service
from fostering.commissioning.services import filters as filter_service
from fostering.commissioning.services import ledger as ledger_service
from fostering.commissioning.services import sufficiency as sufficiency_service
from fostering.commissioning.services.tables import Table, to_csv, to_xlsx
from fostering.extensions import db
from fostering.models import Role
from fostering.models.matching_run import MatchingRun, RunStatus
from fostering.services.local_authorities import named_choices
from fostering.web.pagination import Page, requested_page

READERS = (Role.COMMISSIONER, Role.ADMINISTRATOR)
FORMATS = {
    "csv": ("text/csv", to_csv),  # Flask adds "; charset=utf-8"
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


def _show_dates(form, parsed: filter_service.Parsed, defaults: dict | None = None) -> None:
    """Put the dates in the form as typed (or the defaults), with their problems."""
    defaults = defaults or {}
    for key, field in (("from", form.start), ("to", form.end)):
        field.show(parsed.typed[key], defaults.get(key))
        if key in parsed.errors:
            field.mark(parsed.errors[key], parsed.marked[key])


def _spend_filters() -> tuple[filter_service.Filters, SpendFilterForm, bool]:
    """Filters from the URL, the form showing them, and whether they were all valid.

    Wrong filters are reported and left out: the figures are for the rest (dates that are
    wrong give the default range), so the page still shows something useful.
    """
    parsed = filter_service.parse(request.args, date.today())
    filters = parsed.filters
    form = SpendFilterForm(formdata=request.args)
    form.set_choices(filter_service.area_choices())
    _show_dates(form, parsed, {"from": filters.start, "to": filters.end})
    for key, message in parsed.errors.items():
        if key not in ("from", "to"):
            form[key].errors = [message]
    return filters, form, not parsed.errors


def _download(table: Table, fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    mimetype, write = FORMATS[fmt]
    return Response(
        write(table),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@bp.get("/")
@roles(*READERS)
def dashboard():
    filters, form, valid = _spend_filters()
    board = dashboard_service.build(filters, link_runs=_may_open_runs())
    page = render_template(
        "commissioning/dashboard.html", form=form, board=board, export_args=filters.args()
    )
    return page, 200 if valid else 400


def _may_open_runs() -> bool:
    """Whether the run page exists and this person may open it (officers only, today)."""
    endpoint = "placements.run"
    return endpoint in current_app.view_functions and allows(rule_for(endpoint), current_user)


@bp.get("/export/<table>.<fmt>")
@roles(*READERS)
def dashboard_export(table: str, fmt: str):
    filters, _form, valid = _spend_filters()
    if not valid:
        abort(400)
    board = dashboard_service.build(filters)
    if table not in board.tables:
        abort(404)
    found = board.tables[table]
    found.title = filters.export_title(found.caption)
    return _download(found, fmt, filters.export_name(f"spend-{table.replace('_', '-')}"))


@bp.get("/ledger")
@roles(*READERS)
def ledger():
    filters, form, valid = _spend_filters()
    search = (request.args.get("q") or "").strip()[:100] or None
    total = ledger_service.count(filters, search)
    pages = max(1, -(-total // ledger_service.PER_PAGE))
    number = min(requested_page(), pages)
    table = ledger_service.page_table(filters, search, number)
    page = Page(items=table.rows, page=number, per_page=ledger_service.PER_PAGE, total=total)
    export_args = filters.args() | ({"q": search} if search else {})
    html = render_template(
        "commissioning/ledger.html", form=form, table=table, page=page, export_args=export_args
    )
    return html, 200 if valid else 400


@bp.get("/ledger.<fmt>")
@roles(*READERS)
def ledger_export(fmt: str):
    filters, _form, valid = _spend_filters()
    if not valid or fmt not in FORMATS:
        abort(400 if not valid else 404)
    search = (request.args.get("q") or "").strip()[:100] or None
    table = ledger_service.export_table(current_user, filters, search)
    table.title = filters.export_title(_("Placements"))
    if search:
        table.title = _("%(title)s, search “%(search)s”", title=table.title, search=search)
    return _download(table, fmt, filters.export_name("placements"))


def _sufficiency_choice():
    form = SufficiencyFilterForm(formdata=request.args)
    runs = sufficiency_service.finished_runs()
    form.run.choices = [
        ("", _("The latest run")),
        *(
            (
                str(run.id),
                _(
                    "Run %(number)d, %(date)s",
                    number=run.id,
                    date=run.created_at.strftime("%Y-%m-%d"),
                ),
            )
            for run in runs
        ),
    ]
    areas = sufficiency_service.areas()
    form.area.choices = [("", _("Anywhere")), *named_choices(areas)]
    run = None
    raw_run = (request.args.get("run") or "").strip()
    if raw_run:
        run = db.session.get(MatchingRun, int(raw_run)) if raw_run.isdigit() else None
        if run is None or run.status != RunStatus.COMPLETED.value:
            form.run.errors = [_("Choose a finished matching run from the list")]
            run = None
    dated, parsed = filter_service.parse_dates(request.args)
    _show_dates(form, parsed)
    area = (request.args.get("area") or "").strip().upper() or None
    if area and area not in areas:
        form.area.errors = [_("Choose an area from the list")]
        area = None
    if run is None and not dated and runs:
        run = runs[0]  # by default (or in place of a wrong choice), the latest run
    choice = sufficiency_service.Choice(
        run=run, start=dated.get("from"), end=dated.get("to"), area=area
    )
    return choice, form, not any(field.errors for field in form), bool(runs)


def _sufficiency_args(choice: sufficiency_service.Choice) -> dict[str, str]:
    """The URL arguments that give ``choice`` (for its export links)."""
    args = {"run": str(choice.run.id)} if choice.run else {}
    if choice.start:
        args["from"] = choice.start.isoformat()
    if choice.end:
        args["to"] = choice.end.isoformat()
    if choice.area:
        args["area"] = choice.area
    return args


@bp.get("/sufficiency")
@roles(*READERS)
def sufficiency():
    choice, form, valid, has_runs = _sufficiency_choice()
    report = sufficiency_service.build(choice) if has_runs else None
    html = render_template(
        "commissioning/sufficiency.html",
        form=form,
        report=report,
        choice=choice,
        has_runs=has_runs,
        export_args=_sufficiency_args(choice),
    )
    return html, 200 if valid else 400


@bp.get("/sufficiency/<table>.<fmt>")
@roles(*READERS)
def sufficiency_export(table: str, fmt: str):
    choice, _form, valid, has_runs = _sufficiency_choice()
    if not valid or not has_runs:
        abort(400)
    report = sufficiency_service.build(choice, area_codes=True)
    if table not in report.tables:
        abort(404)
    found = report.tables[table]
    found.title = sufficiency_service.export_title(choice, found.caption)
    return _download(found, fmt, sufficiency_service.export_name(choice, table))
