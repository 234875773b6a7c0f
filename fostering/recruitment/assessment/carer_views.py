"""An approved household's life after approval: its supervising social worker, visits,
status (hold, resignation, deregistration), adults and checks; and a supervising social
worker's "My households".

Every change is checked twice: the route admits the fostering team, and the service
admits only the household's supervising social worker or a team manager (and, for a
deregistration, the agency decision maker).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.extensions import db
from fostering.models import FosterCarer, Role, User
from fostering.models.carer import CarerStatus
from fostering.models.carer_life import CarerCheckKind, HouseholdAdult
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.carer_forms import (
    SHOW_OVERDUE,
    AdultForm,
    AdultLeftForm,
    CheckRecordForm,
    HouseholdSearchForm,
    StatusForm,
    SupervisorForm,
    SupervisoryVisitForm,
)
from fostering.recruitment.services import carer_checks, carer_household, carer_status, supervision
from fostering.recruitment.services.carer_life_errors import CarerLifeCode, CarerLifeError
from fostering.recruitment.services.casework import is_manager, office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.recruitment.services.stage2 import require_decision_maker
from fostering.web.pagination import paginate_list
from fostering.web.refusals import show_refusal

team = roles(Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
managers = roles(Role.TEAM_MANAGER)

STATUS_PAGES = {
    CarerStatus.ON_HOLD.value: "hold",
    CarerStatus.ACTIVE.value: "resume",
    CarerStatus.RESIGNED.value: "resign",
    CarerStatus.DEREGISTERED.value: "deregister",
}


def _actor():
    return current_user._get_current_object()


def _carer_or_404(carer_id: int) -> FosterCarer:
    return db.session.get(FosterCarer, carer_id) or abort(404)


def _back(carer: FosterCarer, anchor: str = ""):
    return redirect(url_for("assessment.carer", carer_id=carer.id) + anchor)


def _refused_at_the_door(carer: FosterCarer):
    """A worker who may not change this household is told so on its page rather than
    shown a form they cannot send."""
    try:
        supervision.require_supervisor(carer, _actor())
    except RecruitmentError as error:
        show_refusal(None, error)
        return _back(carer)
    return None


def _changeable(carer_id: int):
    """The household, and the page to go back to if this person may not change it."""
    carer = _carer_or_404(carer_id)
    return carer, _refused_at_the_door(carer)


def _decision_maker_at_the_door(carer: FosterCarer):
    """Deregistration is the agency decision maker's: anyone else is told so."""
    try:
        require_decision_maker(_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
        return _back(carer)
    return None


def _step(template: str, form, carer: FosterCarer, step, success: str, anchor: str, **extra):
    """Validate ``form``, run ``step()`` and go back to the household, or show what is
    wrong (what was typed stays)."""
    if form.validate_on_submit():
        try:
            step()
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(success, "success")
            return _back(carer, anchor)
    return render_template(template, carer=carer, form=form, **extra), (
        400 if form.errors or request.method == "POST" else 200
    )


def _yes(value) -> bool:
    return value == "yes"


# --- My households ------------------------------------------------------------------


@bp.get("/my-households")
@team
def my_households():
    search = HouseholdSearchForm(request.args)
    text, show = "", ""
    if search.validate():
        text, show = (search.q.data or "").strip(), search.show.data or ""
    worker = _actor()
    # A team manager may look at any supervising worker's households; a social worker
    # sees their own, whatever the address says.
    if is_manager(worker) and request.args.get("worker", "").isdigit():
        chosen = db.session.get(User, int(request.args["worker"]))
        if chosen is None or chosen not in supervision.supervisors():
            abort(404)
        worker = chosen
    rows = carer_household.my_households(worker, text=text)
    if show == SHOW_OVERDUE:
        rows = [row for row in rows if row.visit.overdue]
    return render_template(
        "assessment/carer_life/my_households.html",
        search=search,
        page=paginate_list(rows),
        searched=bool(text or show),
        weeks=supervision.visit_weeks(),
        worker=None if worker.id == current_user.id else worker,
    )


@bp.get("/supervision")
@managers
def supervision_caseloads():
    return render_template(
        "assessment/carer_life/supervision.html",
        loads=carer_household.supervision_caseloads(),
        unsupervised=len(supervision.unsupervised()),
    )


# --- Supervising social worker ------------------------------------------------------


@bp.route("/carers/<int:carer_id>/supervising-worker", methods=["GET", "POST"])
@managers
def supervising_worker(carer_id: int):
    carer = _carer_or_404(carer_id)
    form = SupervisorForm()
    form.worker.choices = [(str(user.id), user.name) for user in supervision.supervisors()]
    if request.method == "GET" and carer.supervising_worker_id:
        form.worker.data = str(carer.supervising_worker_id)
    return _step(
        "assessment/carer_life/supervisor.html",
        form,
        carer,
        lambda: supervision.allocate_supervisor(
            carer, int(form.worker.data), reason=form.reason.data or "", actor=_actor()
        ),
        _("The supervising social worker has been saved."),
        "#supervision",
    )


# --- Supervisory visits -------------------------------------------------------------


@bp.route("/carers/<int:carer_id>/visits/new", methods=["GET", "POST"])
@team
def supervisory_visit(carer_id: int):
    carer, refused = _changeable(carer_id)
    if refused:
        return refused
    form = SupervisoryVisitForm()
    if request.method == "GET":
        form.visited_on.data = office_today()
    return _step(
        "assessment/carer_life/visit.html",
        form,
        carer,
        lambda: supervision.record_visit(
            carer,
            visited_on=form.visited_on.data,
            announced=_yes(form.announced.data),
            carer_seen_alone=_yes(form.carer_seen_alone.data),
            children_seen=form.children_seen.data,
            notes=form.notes.data,
            actor=_actor(),
        ),
        _("The supervisory visit has been recorded."),
        "#supervision",
    )


# --- Status ---------------------------------------------------------------------------


def _status_titles() -> dict[str, str]:
    return {
        "hold": _("Put the household on hold"),
        "resume": _("Take the household off hold"),
        "resign": _("Record the household's resignation"),
        "deregister": _("Record the decision to deregister the household"),
    }


@bp.route("/carers/<int:carer_id>/status/<action>", methods=["GET", "POST"])
@team
def carer_status_change(carer_id: int, action: str):
    carer = _carer_or_404(carer_id)
    targets = {page: status for status, page in STATUS_PAGES.items()}
    if action not in targets:
        abort(404)
    target = targets[action]
    if CarerStatus(target) not in carer_status.allowed_moves(carer):
        error = CarerLifeError(
            CarerLifeCode.STATUS_NOT_ALLOWED,
            current=carer.status_enum.label.lower(),
            target=CarerStatus(target).label.lower(),
        )
        show_refusal(None, error)
        return _back(carer)
    refused = _decision_maker_at_the_door(carer) if action == "deregister" else None
    refused = refused or (None if action == "deregister" else _refused_at_the_door(carer))
    if refused:
        return refused
    form = StatusForm()
    return _step(
        "assessment/carer_life/status.html",
        form,
        carer,
        lambda: carer_status.change_status(
            carer,
            target,
            reason=form.reason.data,
            effective_on=form.effective_on.data,
            review_on=form.review_on.data,
            actor=_actor(),
        ),
        _("The household's status has been changed."),
        "#status",
        action=action,
        title=_status_titles()[action],
    )


# --- Adults in the household and their checks ---------------------------------------


@bp.route("/carers/<int:carer_id>/adults/new", methods=["GET", "POST"])
@team
def household_adult(carer_id: int):
    carer, refused = _changeable(carer_id)
    if refused:
        return refused
    form = AdultForm()
    return _step(
        "assessment/carer_life/adult.html",
        form,
        carer,
        lambda: carer_checks.add_adult(
            carer,
            name=form.name.data,
            role=form.role.data,
            joined_on=form.joined_on.data,
            actor=_actor(),
        ),
        _("The adult has been added. Their checks are outstanding until they are recorded."),
        "#checks",
    )


@bp.route("/carers/<int:carer_id>/adults/<int:adult_id>/left", methods=["GET", "POST"])
@team
def household_adult_left(carer_id: int, adult_id: int):
    carer = _carer_or_404(carer_id)
    adult = db.session.get(HouseholdAdult, adult_id)
    if adult is None or adult.carer_id != carer.id:
        abort(404)
    refused = _refused_at_the_door(carer)
    if refused:
        return refused
    form = AdultLeftForm()
    return _step(
        "assessment/carer_life/adult_left.html",
        form,
        carer,
        lambda: carer_checks.adult_left(adult, left_on=form.left_on.data, actor=_actor()),
        _("The adult has been recorded as having left the household."),
        "#checks",
        adult=adult,
    )


@bp.route("/carers/<int:carer_id>/checks/<kind>/new", methods=["GET", "POST"])
@team
def carer_check(carer_id: int, kind: str):
    carer = _carer_or_404(carer_id)
    try:
        check_kind = CarerCheckKind(kind)
    except ValueError:
        abort(404)
    refused = _refused_at_the_door(carer)
    if refused:
        return refused
    form = CheckRecordForm()
    adults = [
        adult
        for adult in carer_checks.adults(carer)
        if any(wanted == check_kind for wanted, _course in carer_checks.needs(adult))
    ]
    form.adult.choices = [(str(adult.id), adult.name) for adult in adults]
    if request.method == "GET":
        form.adult.data = request.args.get("adult")
        form.course.data = request.args.get("course")
        if check_kind is not CarerCheckKind.DBS:
            form.completed_on.description = ""

    def step():
        carer_checks.record_check(
            carer,
            adult_id=int(form.adult.data),
            kind=check_kind.value,
            course=form.course.data if check_kind is CarerCheckKind.TRAINING else None,
            completed_on=form.completed_on.data,
            expires_on=form.expires_on.data,
            dbs_certificate_number=form.dbs_certificate_number.data,
            notes=form.notes.data,
            actor=_actor(),
        )

    return _step(
        "assessment/carer_life/check.html",
        form,
        carer,
        step,
        _("The check has been recorded."),
        "#checks",
        kind=check_kind,
        adults=adults,
    )
