"""What-if scenarios: list, build, run (with progress), see beside today, compare, export.

Commissioners and placement officers use them; every scenario is the council's, shared by
both roles. A scenario only reads placements and providers: nothing here changes them.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fostering.access import roles
from fostering.commissioning import bp
from fostering.commissioning.scenarios import changes as change_rules
from fostering.commissioning.scenarios import report, runner
from fostering.commissioning.scenarios.errors import ScenarioCode, ScenarioError, failure_sentence
from fostering.commissioning.scenarios.forms import (
    ChangeRatesForm,
    CloseProvidersForm,
    CompareForm,
    OpenHomesForm,
    RecruitCarersForm,
    ScenarioForm,
)
from fostering.commissioning.services.tables import Table, to_csv, to_xlsx
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, Role, Scenario
from fostering.models.postcode import Postcode
from fostering.models.provider import ProviderStatus
from fostering.models.scenario import ScenarioStatus
from fostering.models.types import utcnow
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate, paginate_list
from fostering.web.refusals import show_refusal

planners = roles(Role.COMMISSIONER, Role.PLACEMENT_OFFICER)
FORMATS = {
    "csv": ("text/csv", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}
MOVES_PER_PAGE = 50
COMPARE_MOST = 6


def _actor():
    return current_user._get_current_object()


def _scenario_or_404(scenario_id: int) -> Scenario:
    return db.session.get(Scenario, scenario_id) or abort(404)


@bp.get("/scenarios")
@planners
def scenarios():
    statement = select(Scenario).order_by(Scenario.created_at.desc(), Scenario.id.desc())
    page = paginate(statement, per_page=20)
    for scenario in page.items:
        runner.check_stale(scenario)
    finished = list(
        db.session.execute(
            select(Scenario.id, Scenario.name)
            .where(Scenario.status == ScenarioStatus.COMPLETED.value)
            .order_by(Scenario.created_at.desc(), Scenario.id.desc())
            .limit(100)
        )
    )
    form = CompareForm()
    form.ids.choices = [(str(pk), name) for pk, name in finished]
    return render_template(
        "commissioning/scenarios/list.html", page=page, compare_form=form, finished=finished
    )


@bp.route("/scenarios/new", methods=["GET", "POST"])
@planners
def new_scenario():
    form = ScenarioForm()
    if form.validate_on_submit():
        try:
            scenario = runner.create(
                actor=_actor(), name=form.name.data, include_placed=form.include_placed.data
            )
        except ScenarioError as error:
            show_refusal(form, error)
        else:
            return redirect(url_for("commissioning.scenario", scenario_id=scenario.id))
    return render_template("commissioning/scenarios/details.html", form=form, scenario=None)


@bp.route("/scenarios/<int:scenario_id>/edit", methods=["GET", "POST"])
@planners
def edit_scenario(scenario_id: int):
    scenario = _scenario_or_404(scenario_id)
    form = ScenarioForm(obj=scenario if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            runner.update_details(
                scenario, actor=_actor(), name=form.name.data,
                include_placed=form.include_placed.data,
            )  # fmt: skip
        except ScenarioError as error:
            show_refusal(form, error)
        else:
            return redirect(url_for("commissioning.scenario", scenario_id=scenario.id))
    return render_template("commissioning/scenarios/details.html", form=form, scenario=scenario)


def _described(scenario: Scenario) -> list[change_rules.Described]:
    closed = [key for c in scenario.changes for key in c.get("providers", [])]
    names = change_rules.provider_names(closed)
    return [change_rules.describe(change, names) for change in scenario.changes]


@bp.get("/scenarios/<int:scenario_id>")
@planners
def scenario(scenario_id: int):
    record = runner.check_stale(_scenario_or_404(scenario_id))
    context = {"scenario": record, "changes": _described(record), "form": ActionForm()}
    if record.unfinished:
        since = record.started_at or record.updated_at
        return render_template(
            "commissioning/scenarios/progress.html",
            elapsed=max(0, int((utcnow() - since).total_seconds())),
            **context,
        )
    if record.status == ScenarioStatus.COMPLETED.value and record.result:
        moves = paginate_list(record.result["moves"], per_page=MOVES_PER_PAGE)
        context |= {
            "figures": report.figure_rows(record.result),
            "new_places": report.new_places_table(record),
            "moves_page": moves,
            "moves": report.moves_table(record, moves.items),
        }
    return render_template(
        "commissioning/scenarios/scenario.html",
        error=failure_sentence(record.error) if record.status == "failed" else None,
        kinds=change_rules.ChangeKind,
        **context,
    )


def _areas() -> list[str]:
    return list(db.session.scalars(select(Postcode.local_authority).distinct()))


CHANGE_FORMS = {
    "open_homes": OpenHomesForm,
    "recruit_carers": RecruitCarersForm,
    "close_providers": CloseProvidersForm,
    "change_rates": ChangeRatesForm,
}


def _providers_to_close() -> list[tuple[str, str]]:
    homes = db.session.execute(
        select(ChildrensHome.id, ChildrensHome.name, ChildrensHome.reference)
        .where(ChildrensHome.status == ProviderStatus.ACTIVE.value)
        .order_by(ChildrensHome.name)
    )
    agencies = db.session.execute(
        select(Agency.id, Agency.name, Agency.reference)
        .where(Agency.status == ProviderStatus.ACTIVE.value)
        .order_by(Agency.name)
    )
    return [(f"K{pk}", f"{name} ({ref})") for pk, name, ref in homes] + [
        (f"A{pk}", f"{name} ({ref})") for pk, name, ref in agencies
    ]


def _change_from(kind: str, form, scenario: Scenario) -> dict:
    known = {code for code, _name in form.skills.choices} if hasattr(form, "skills") else set()
    if kind == "open_homes":
        return change_rules.open_homes(beds=form.beds.data, known_skills=known, **form.common())
    if kind == "recruit_carers":
        return change_rules.recruit_carers(
            places=form.places.data, sexes=form.sexes.data or [],
            placement_types=form.placement_types.data or [], fee_level=form.fee_level.data,
            known_skills=known, **form.common(),
        )  # fmt: skip
    if kind == "close_providers":
        return change_rules.close_providers(
            chosen=form.providers.data or [], references=form.references.data or ""
        )
    return change_rules.change_rates(rate_kind=form.rate_kind.data, percent=form.percent.data)


@bp.route("/scenarios/<int:scenario_id>/changes/<kind>", methods=["GET", "POST"])
@planners
def add_change(scenario_id: int, kind: str):
    record = _scenario_or_404(scenario_id)
    if kind not in CHANGE_FORMS:
        abort(404)
    form_class = CHANGE_FORMS[kind]
    form = form_class(areas=_areas()) if kind in ("open_homes", "recruit_carers") else form_class()
    if kind == "close_providers":
        form.providers.choices = _providers_to_close()
    if request.method == "GET" and kind == "open_homes":
        form.beds.data, form.min_age.data, form.max_age.data = 5, 8, 17
    if request.method == "GET" and kind == "recruit_carers":
        form.places.data, form.min_age.data, form.max_age.data = 2, 0, 17
    if form.validate_on_submit():
        try:
            change = _change_from(kind, form, record)
            runner.add_change(record, change, actor=_actor())
        except ScenarioError as error:
            show_refusal(form, error)
        else:
            flash(_("The change has been added. Run the scenario to see what it does."), "success")
            return redirect(url_for("commissioning.scenario", scenario_id=record.id))
    return render_template(
        "commissioning/scenarios/change.html",
        form=form,
        scenario=record,
        kind=kind,
        title=change_rules.ChangeKind(kind).label,
    )


def _post_action(record: Scenario, action) -> Response:
    if ActionForm().validate_on_submit():
        try:
            action()
        except ScenarioError as error:
            show_refusal(None, error)
    return redirect(url_for("commissioning.scenario", scenario_id=record.id))


@bp.post("/scenarios/<int:scenario_id>/changes/not-for-profit")
@planners
def add_not_for_profit(scenario_id: int):
    record = _scenario_or_404(scenario_id)

    def add() -> None:
        change = change_rules.not_for_profit_only(record.changes)
        runner.add_change(record, change, actor=_actor())
        flash(_("The change has been added. Run the scenario to see what it does."), "success")

    return _post_action(record, add)


@bp.post("/scenarios/<int:scenario_id>/changes/<int:index>/remove")
@planners
def remove_change(scenario_id: int, index: int):
    record = _scenario_or_404(scenario_id)

    def remove() -> None:
        runner.remove_change(record, index, actor=_actor())
        flash(_("The change has been removed."), "success")

    return _post_action(record, remove)


@bp.post("/scenarios/<int:scenario_id>/run")
@planners
def run_scenario(scenario_id: int):
    record = runner.check_stale(_scenario_or_404(scenario_id))
    return _post_action(record, lambda: runner.start(record, actor=_actor()))


@bp.post("/scenarios/<int:scenario_id>/cancel")
@planners
def cancel_scenario(scenario_id: int):
    record = _scenario_or_404(scenario_id)

    def cancel() -> None:
        runner.request_cancel(record, actor=_actor())
        flash(_("The scenario will stop shortly."), "success")

    return _post_action(record, cancel)


def _download(table: Table, fmt: str, name: str) -> Response:
    mimetype, write = FORMATS[fmt]
    return Response(
        write(table),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _finished_or_404(scenario_id: int) -> Scenario:
    record = _scenario_or_404(scenario_id)
    if record.status != ScenarioStatus.COMPLETED.value or not record.result:
        abort(404)
    return record


@bp.get("/scenarios/<int:scenario_id>/<table>.<fmt>")
@planners
def scenario_export(scenario_id: int, table: str, fmt: str):
    record = _finished_or_404(scenario_id)
    tables = {
        "figures": lambda: report.figures_table([record]),
        "moves": lambda: report.moves_table(record),
        "new-places": lambda: report.new_places_table(record),
    }
    if table not in tables or fmt not in FORMATS:
        abort(404)
    runner.record_export([record], fmt, actor=_actor())
    return _download(tables[table](), fmt, f"{report.export_name([record])}-{table}")


def _chosen() -> list[Scenario]:
    """The scenarios named in the URL (``?ids=1&ids=2``), finished ones only."""
    raw = request.args.getlist("ids")
    ids = list(dict.fromkeys(int(v) for v in raw if v.isdigit() and len(v) < 10))
    if len(ids) < 2 or len(ids) > COMPARE_MOST:
        raise ScenarioError(ScenarioCode.COMPARE_FEW, field="ids")
    found = {s.id: s for s in db.session.scalars(select(Scenario).where(Scenario.id.in_(ids)))}
    chosen = [found[i] for i in sorted(ids) if i in found]  # in the order they were made
    if len(chosen) != len(ids) or any(
        s.status != ScenarioStatus.COMPLETED.value or not s.result for s in chosen
    ):
        raise ScenarioError(ScenarioCode.COMPARE_FEW, field="ids")
    return chosen


@bp.get("/scenarios/compare")
@planners
def compare_scenarios():
    try:
        chosen = _chosen()
    except ScenarioError as error:
        flash(str(error.message), "error")
        return redirect(url_for("commissioning.scenarios"))
    return render_template(
        "commissioning/scenarios/compare.html",
        chosen=chosen,
        rows=report.compare_rows(chosen),
        ids=[s.id for s in chosen],
    )


@bp.get("/scenarios/compare.<fmt>")
@planners
def compare_export(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    try:
        chosen = _chosen()
    except ScenarioError:
        abort(400)
    runner.record_export(chosen, fmt, actor=_actor())
    return _download(report.figures_table(chosen), fmt, report.export_name(chosen))
