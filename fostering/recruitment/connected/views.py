"""Connected persons pages: the case list, starting a case from a child's record, a
case, and each step from the viability assessment to the decision.

Social workers see their own cases, team managers every case; every page that shows a
case is audited (``connected_persons.view_case``), and each change by its service.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fostering.access import roles
from fostering.extensions import db
from fostering.models import Role
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.placements.services import children as children_service
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.forms import PanelBookingForm
from fostering.recruitment.assessment.views import _actor, managers, meeting_choices, team
from fostering.recruitment.connected.forms import (
    AssessmentForm,
    CaseSearchForm,
    DecisionForm,
    ExtensionForm,
    PanelRecommendationForm,
    StartForm,
    TemporaryApprovalForm,
    ViabilityForm,
)
from fostering.recruitment.services import connected_deadlines as deadlines
from fostering.recruitment.services import connected_persons as service
from fostering.recruitment.services import panels, stage2
from fostering.recruitment.services.casework import is_manager, office_today
from fostering.services.errors import ServiceError
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

social_workers = roles(Role.SOCIAL_WORKER)


def _case_or_404(case_id: int) -> ConnectedCase:
    """The case if the signed-in person may see it; otherwise 404, so that nobody learns
    which cases exist."""
    case = db.session.get(ConnectedCase, case_id)
    if case is None or not service.may_view(case, _actor()):
        abort(404)
    return case


def _to_case(case: ConnectedCase):
    return redirect(url_for("assessment.connected_case", case_id=case.id))


def _step(case: ConnectedCase, form, template: str, step, success: str, **extra):
    """Validate ``form``, run ``step()`` and go back to the case, or show what is wrong
    (what was typed stays). Every showing of the page is audited."""
    if form.validate_on_submit():
        try:
            step()
        except ServiceError as error:
            show_refusal(form, error)
        else:
            flash(success, "success")
            return _to_case(case)
    service.view_case(case, actor=_actor(), detail=request.endpoint.rsplit(".", 1)[-1])
    return render_template(template, case=case, form=form, today=office_today(), **extra), (
        400 if request.method == "POST" else 200
    )


# --- The list and one case -------------------------------------------------------------


@bp.get("/connected-persons")
@team
def connected_cases():
    form = CaseSearchForm(request.args)
    query = deadlines.CaseQuery()
    if form.validate():
        query = deadlines.CaseQuery(
            text=(form.q.data or "").strip(), show=form.show.data or deadlines.SHOW_OPEN
        )
    today = office_today()
    page = paginate(deadlines.cases_statement(_actor(), query, today))
    return render_template(
        "connected/cases.html",
        search=form,
        page=page,
        searched=bool(query.text) or query.show != deadlines.SHOW_OPEN,
        today=today,
        deadline=deadlines.deadline,
    )


@bp.get("/connected-persons/<int:case_id>")
@team
def connected_case(case_id: int):
    case = _case_or_404(case_id)
    service.view_case(case, actor=_actor())
    today = office_today()
    return render_template(
        "connected/case.html",
        case=case,
        today=today,
        deadline=deadlines.deadline(case, today),
        breach=service.in_breach(case, today),
        may_extend=service.may_extend(case, today) and is_manager(_actor()),
        may_decide=stage2.may_decide(_actor()),
        quorum=panels.quorum(),
        latest_extension=service.latest_extension(case),
        stages=ConnectedStage,
    )


# --- Starting a case from the child's record -----------------------------------------


@bp.route("/connected-persons/start/<int:child_id>", methods=["GET", "POST"])
@social_workers
def start_connected_case(child_id: int):
    actor = _actor()
    child = children_service.child_for(actor, child_id)
    if child is None:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        household = service.Household(
            names=form.names.data,
            relation=form.relation.data,
            address=form.address.data,
            postcode=form.postcode.data,
            household_adults=form.household_adults.data or "",
        )
        try:
            case = service.start_case(child, household, actor=actor)
        except ServiceError as error:
            show_refusal(form, error)
        else:
            flash(_("The connected persons assessment has been started."), "success")
            return _to_case(case)
    children_service.record_view(actor, child, detail="connected_start")
    return render_template("connected/start.html", child=child, form=form), (
        400 if request.method == "POST" else 200
    )


# --- The steps ----------------------------------------------------------------------------


@bp.route("/connected-persons/<int:case_id>/viability", methods=["GET", "POST"])
@team
def connected_viability(case_id: int):
    case = _case_or_404(case_id)
    form = ViabilityForm()
    if request.method == "GET":
        form.assessed_on.data = office_today()
    return _step(
        case,
        form,
        "connected/viability.html",
        lambda: service.record_viability(
            case,
            actor=_actor(),
            outcome=form.outcome.data,
            reasons=form.reasons.data or "",
            assessed_on=form.assessed_on.data,
        ),
        _("The viability assessment has been recorded."),
    )


@bp.route("/connected-persons/<int:case_id>/temporary-approval", methods=["GET", "POST"])
@team
def connected_temporary(case_id: int):
    case = _case_or_404(case_id)
    form = TemporaryApprovalForm()
    if request.method == "GET":
        form.starts_on.data = office_today()
    return _step(
        case,
        form,
        "connected/temporary.html",
        lambda: service.grant_temporary_approval(
            case, actor=_actor(), starts_on=form.starts_on.data
        ),
        _("Temporary approval has been given."),
        weeks=service.TEMPORARY_WEEKS,
    )


@bp.route("/connected-persons/<int:case_id>/extension", methods=["GET", "POST"])
@managers
def connected_extension(case_id: int):
    case = _case_or_404(case_id)
    form = ExtensionForm()
    latest = service.latest_extension(case)
    if request.method == "GET" and latest is not None:
        form.until.data = latest
    return _step(
        case,
        form,
        "connected/extension.html",
        lambda: service.extend_temporary_approval(
            case, actor=_actor(), until=form.until.data, reason=form.reason.data
        ),
        _("Temporary approval has been extended."),
        latest=latest,
    )


@bp.route("/connected-persons/<int:case_id>/assessment", methods=["GET", "POST"])
@team
def connected_assessment(case_id: int):
    case = _case_or_404(case_id)
    form = AssessmentForm()
    if request.method == "GET":
        form.completed_on.data = office_today()
    return _step(
        case,
        form,
        "connected/assessment.html",
        lambda: service.complete_assessment(
            case, actor=_actor(), summary=form.summary.data, completed_on=form.completed_on.data
        ),
        _("The full assessment has been completed."),
    )


@bp.route("/connected-persons/<int:case_id>/panel", methods=["GET", "POST"])
@team
def connected_panel(case_id: int):
    case = _case_or_404(case_id)
    meetings = panels.open_meetings(office_today())
    form = PanelBookingForm(data={"meeting": str(case.meeting_id) if case.meeting_id else None})
    form.meeting.choices = meeting_choices(meetings)
    return _step(
        case,
        form,
        "connected/panel.html",
        lambda: service.book_panel(case, int(form.meeting.data), actor=_actor()),
        _("The case has been booked into the fostering panel."),
        meetings=meetings,
    )


@bp.route("/connected-persons/<int:case_id>/panel-recommendation", methods=["GET", "POST"])
@team
def connected_panel_recommendation(case_id: int):
    case = _case_or_404(case_id)
    form = PanelRecommendationForm()
    return _step(
        case,
        form,
        "connected/panel_recommendation.html",
        lambda: service.record_panel_recommendation(
            case,
            actor=_actor(),
            recommendation=form.recommendation.data,
            minutes=form.minutes.data,
        ),
        _("The panel's recommendation has been recorded."),
        quorum=panels.quorum(),
    )


@bp.route("/connected-persons/<int:case_id>/decision", methods=["GET", "POST"])
@managers
def connected_decision(case_id: int):
    case = _case_or_404(case_id)
    try:
        stage2.require_decision_maker(_actor())
    except ServiceError as error:
        show_refusal(None, error)
        return _to_case(case)
    form = DecisionForm()
    if request.method == "GET":
        form.decided_on.data = office_today()
        form.places.data = len(service.siblings_of(case.child))
        form.welsh_speaking.data = "no"

    def step():
        service.decide(
            case,
            service.Decision(
                decision=form.decision.data,
                decided_on=form.decided_on.data,
                reasons=form.reasons.data or "",
                places=form.places.data or 1,
                weekly_allowance_pence=form.weekly_allowance.pence or 0,
                welsh_speaking=form.welsh_speaking.data == "yes",
            ),
            actor=_actor(),
        )

    return _step(
        case,
        form,
        "connected/decision.html",
        step,
        _("The decision has been recorded."),
    )
