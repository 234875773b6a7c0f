"""A placement's life (agreement, start, cancel), a child's history, and the stability
dashboard for placement officers and commissioners."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.commissioning.services.tables import Column, Kind, Table, to_csv, to_xlsx
from fostering.extensions import db
from fostering.models import Placement, Role
from fostering.models.placement import PlacementStage, ProviderType
from fostering.placements import bp
from fostering.placements.life_forms import AgreementForm, CancelForm, StartForm
from fostering.placements.services import children as children_service
from fostering.placements.services import placements as placement_service
from fostering.placements.services import stability
from fostering.placements.services.provider_kinds import kind_label
from fostering.recruitment.services.casework import office_today
from fostering.web.pagination import paginate_list
from fostering.web.refusals import show_refusal

officers = roles(Role.PLACEMENT_OFFICER)


def _user():
    return current_user._get_current_object()


def _planned_or_404(placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.stage != PlacementStage.PLANNED.value:
        abort(404)
    return placement


def _to_history(placement: Placement):
    return redirect(url_for("placements.child_history", child_id=placement.child_id))


def _planned_step(placement_id: int, form, template: str, detail: str, act, done: str, fill=None):
    """One form page about a planned placement: GET audits the view of the child (and
    fills the form), POST calls ``act(placement, form)`` and goes back to the history."""
    placement = _planned_or_404(placement_id)
    if request.method == "GET":
        children_service.record_view(_user(), placement.child, detail=detail)
        if fill is not None:
            fill(placement, form)
    elif form.validate_on_submit():
        try:
            act(placement, form)
        except placement_service.PlacementError as error:
            show_refusal(form, error)
        else:
            flash(done, "success")
            return _to_history(placement)
    return render_template(template, form=form, placement=placement, kind_label=kind_label)


def _fill_agreement(placement: Placement, form: AgreementForm) -> None:
    form.start_date.data = placement.start_date
    form.agreed_on.data = placement.agreed_on
    form.agreed_with.data = placement.agreed_with
    form.information_shared.data = placement.information_shared
    form.information_shared_on.data = placement.information_shared_on
    form.approval_reference.data = placement.approval_reference


@bp.route("/placements/<int:placement_id>/agreement", methods=["GET", "POST"])
@officers
def placement_agreement(placement_id: int):
    return _planned_step(
        placement_id,
        AgreementForm(),
        "placements/life/agreement.html",
        "placement agreement",
        lambda placement, form: placement_service.record_agreement(
            placement,
            start_date=form.start_date.data,
            agreement=form.agreement(),
            today=office_today(),
            actor=_user(),
        ),
        _("The placement agreement has been saved."),
        fill=_fill_agreement,
    )


def _fill_start(placement: Placement, form: StartForm) -> None:
    form.start_date.data = max(placement.start_date, office_today())


@bp.route("/placements/<int:placement_id>/start", methods=["GET", "POST"])
@officers
def start_placement(placement_id: int):
    return _planned_step(
        placement_id,
        StartForm(),
        "placements/life/start.html",
        "start placement",
        lambda placement, form: placement_service.start_placement(
            placement,
            start_date=form.start_date.data,
            today=office_today(),
            new_school=form.new_school,
            actor=_user(),
        ),
        _("The placement has started."),
        fill=_fill_start,
    )


@bp.route("/placements/<int:placement_id>/cancel", methods=["GET", "POST"])
@officers
def cancel_placement(placement_id: int):
    return _planned_step(
        placement_id,
        CancelForm(),
        "placements/life/cancel.html",
        "cancel placement",
        lambda placement, form: placement_service.cancel_placement(
            placement, reason=form.reason.data, actor=_user()
        ),
        _("The planned placement has been cancelled."),
    )


@bp.get("/children/<int:child_id>/history")
@roles(Role.PLACEMENT_OFFICER, Role.SOCIAL_WORKER)
def child_history(child_id: int):
    child = children_service.child_for(_user(), child_id)
    if child is None:
        abort(404)
    history = stability.child_history(_user(), child, office_today())
    return render_template(
        "placements/life/history.html",
        child=child,
        history=history,
        kind_label=kind_label,
        officer=_user().role == Role.PLACEMENT_OFFICER.value,
    )


def _stability_filter():
    return stability.Filter.from_args(request.args, office_today())


@bp.get("/stability")
@roles(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
def stability_dashboard():
    chosen = _stability_filter()
    officer = _user().role == Role.PLACEMENT_OFFICER.value
    # Commissioners see the figures; only officers see the children behind them.
    result = stability.view(_user(), chosen) if officer else stability.figures(chosen)
    # The children are shown a page at a time; the downloads hold them all.
    children = paginate_list(result.rows, per_page=CHILDREN_PER_PAGE)
    return render_template(
        "placements/life/stability.html",
        result=result,
        chosen=chosen,
        today=office_today(),
        officer=officer,
        tables=stability_tables(result, officer, rows=children.items),
        children_page=children,
        url_args=chosen.url_args(office_today()),
    )


CHILDREN_PER_PAGE = 25


def _provider_label(value: str | None) -> str:
    if value is None:
        return "–"
    try:
        return str(ProviderType(value).label)
    except ValueError:
        return value


def stability_tables(
    result: stability.Stability, officer: bool, *, rows: list | None = None
) -> dict[str, Table]:
    """The page's tables as values, the same on the page and in the downloads; ``rows``:
    the children to list (all of them unless given)."""
    rows = result.rows if rows is None else rows
    pct = stability.Stability.percent
    figures = Table(
        key="figures",
        caption=_("Placement stability"),
        columns=[
            Column(_("Figure")),
            Column(_("Number"), Kind.COUNT),
            Column(_("Out of"), Kind.COUNT),
            Column(_("Per cent"), Kind.COUNT),
        ],
        rows=[
            [_("Placements started in the 12 months"), result.placements_started, None, None],
            [
                _("Children looked after with three or more placements in the 12 months (PM33)"),
                result.three_or_more,
                result.looked_after,
                pct(result.three_or_more, result.looked_after),
            ],
            [
                _("Children looked after who changed school in the 12 months (PM32)"),
                result.school_changed,
                result.looked_after,
                pct(result.school_changed, result.looked_after),
            ],
            [
                _("Current placements within the council's area"),
                result.in_area,
                result.current,
                pct(result.in_area, result.current),
            ],
            [
                _("Current placements more than 20 km from home"),
                result.over_20_km,
                result.current,
                pct(result.over_20_km, result.current),
            ],
            [
                _("Endings in the 12 months that were not planned"),
                result.unplanned_endings,
                result.ended,
                pct(result.unplanned_endings, result.ended),
            ],
        ],
    )
    tables = {"figures": figures}
    if officer:
        tables["children"] = Table(
            key="children",
            caption=_("Children on their second move or more in the 12 months"),
            columns=[
                Column(_("Child")),
                Column(_("Placements in the 12 months"), Kind.COUNT),
                Column(_("Moves in the 12 months"), Kind.COUNT),
                Column(_("School changes"), Kind.COUNT),
                Column(_("Unplanned endings"), Kind.COUNT),
                Column(_("Current provider type")),
                Column(_("Distance from home (km)"), Kind.COUNT),
            ],
            rows=[
                [
                    f"{row.name} ({row.reference})",
                    row.placements,
                    row.moves,
                    row.school_changes,
                    row.unplanned_endings,
                    _provider_label(row.current_provider_type),
                    row.distance_km,
                ]
                for row in rows
            ],
            links=[url_for("placements.child_history", child_id=row.child_id) for row in rows],
        )
    return tables


FORMATS = {
    "csv": ("text/csv", to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


@bp.get("/stability/<any(figures, children):table>.<any(csv, xlsx):fmt>")
@roles(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
def stability_download(table: str, fmt: str):
    chosen = _stability_filter()
    officer = _user().role == Role.PLACEMENT_OFFICER.value
    result = stability.view(_user(), chosen) if officer else stability.figures(chosen)
    tables = stability_tables(result, officer)
    if table not in tables:
        abort(404)
    mimetype, write = FORMATS[fmt]
    return Response(
        write(tables[table]),
        mimetype=mimetype,
        headers={
            "Content-Disposition": (
                f'attachment; filename="placement-stability-{table}-{result.on.isoformat()}.{fmt}"'
            )
        },
    )
