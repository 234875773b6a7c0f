"""The fostering team's area: social workers and team managers.

Views parse the request, call one service function, and render; the services hold the
rules, the transaction and the audit record.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from fostering.access import roles
from fostering.extensions import db
from fostering.models import (
    Application,
    CheckItem,
    Enquiry,
    EnquiryStatus,
    FosterCarer,
    Role,
    Stage1Decision,
)
from fostering.models.assessment import FormFSectionKey
from fostering.models.enquiry import HeardFrom, PlacementInterest, SpareBedroom
from fostering.payments.services import rates as payment_rates
from fostering.recruitment.apply.summary import adult_rows, team_sections
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.forms import (
    AllocateForm,
    CarerPostcodeForm,
    CarerSearchForm,
    CaseSearchForm,
    CheckForm,
    CloseEnquiryForm,
    DecisionForm,
    FormFSectionForm,
    InboxSearchForm,
    PanelBookingForm,
    PanelRecommendationForm,
    ReportForm,
    Stage1RecommendationForm,
    Stage1SignOffForm,
    TrainingForm,
    VisitForm,
    VisitOutcomeForm,
    WithdrawForm,
)
from fostering.recruitment.assessment.review_sections import carer_sections
from fostering.recruitment.services import (
    allocation,
    annual_reviews,
    carer_household,
    carers,
    case_lists,
    casework,
    checks,
    connected_persons,
    enquiry_inbox,
    letters,
    panels,
    stage2,
    team_dashboard,
    terms_history,
)
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.recruitment.services.terms import Terms
from fostering.services.working_days import OFFICE_TZ
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

team = roles(Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
managers = roles(Role.TEAM_MANAGER)
# Placement officers read the carer register: it is the pool they match children to.
register_readers = roles(Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PLACEMENT_OFFICER)


def _actor():
    return current_user._get_current_object()


def _enquiry_or_404(enquiry_id: int) -> Enquiry:
    return db.session.get(Enquiry, enquiry_id) or abort(404)


def _case_or_404(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        abort(404)
    return application


# --- Dashboard ----------------------------------------------------------------------


@bp.get("/")
@team
def dashboard():
    figures = team_dashboard.build()
    waiting = checks.waiting_for_sign_off() if current_user.role == Role.TEAM_MANAGER else []
    return render_template(
        "assessment/dashboard.html",
        figures=figures,
        waiting=waiting,
        open_reviews=annual_reviews.open_reviews([carer.id for carer in figures.reviews]),
        households=carer_household.team_figures(figures.today),
    )


# --- Enquiries inbox --------------------------------------------------------------


def _show_choices():
    return [
        (enquiry_inbox.FILTER_OPEN, _("Open enquiries")),
        (enquiry_inbox.FILTER_OVERDUE, _("Reply overdue")),
        *[(status.value, status.label) for status in EnquiryStatus],
        (enquiry_inbox.FILTER_ALL, _("All enquiries")),
    ]


@bp.get("/enquiries")
@team
def enquiries():
    form = InboxSearchForm(request.args)
    form.show.choices = _show_choices()
    query = enquiry_inbox.InboxQuery()
    if form.validate():
        query = enquiry_inbox.InboxQuery(
            text=(form.q.data or "").strip(), show=form.show.data or enquiry_inbox.FILTER_OPEN
        )
    page = paginate(enquiry_inbox.inbox_statement(query))
    return render_template(
        "assessment/enquiries.html",
        search=form,
        page=page,
        is_overdue=enquiry_inbox.is_overdue,
        overdue=enquiry_inbox.overdue_count(),
        searched=bool(query.text) or query.show != enquiry_inbox.FILTER_OPEN,
    )


def _label(enum, value) -> str:
    """A stored choice's label (the value itself if it is not one of the choices)."""
    try:
        return enum(value).label
    except ValueError:
        return str(value)


def _render_enquiry(enquiry: Enquiry, form=None, status: int = 200, **forms):
    context = {
        "interest_labels": [_label(PlacementInterest, value) for value in enquiry.interests or []],
        "spare_bedroom": _label(SpareBedroom, enquiry.spare_bedroom),
        "heard_from": _label(HeardFrom, enquiry.heard_from) if enquiry.heard_from else None,
        "visit_form": VisitForm(formdata=None),
        "outcome_form": VisitOutcomeForm(formdata=None),
        "close_form": CloseEnquiryForm(formdata=None),
        "action_form": ActionForm(formdata=None),
        **forms,
    }
    return (
        render_template(
            "assessment/enquiry.html",
            enquiry=enquiry,
            form=form,
            overdue=enquiry_inbox.is_overdue(enquiry),
            **context,
        ),
        status,
    )


@bp.get("/enquiries/<int:enquiry_id>")
@team
def enquiry(enquiry_id: int):
    record = _enquiry_or_404(enquiry_id)
    casework.view_enquiry(record, actor=_actor())
    return _render_enquiry(record)


@bp.post("/enquiries/<int:enquiry_id>/contacted")
@team
def enquiry_contacted(enquiry_id: int):
    enquiry = _enquiry_or_404(enquiry_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        enquiry_inbox.record_contact(enquiry, actor=_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
    else:
        flash(_("Contact with the household has been recorded."), "success")
    return redirect(url_for("assessment.enquiry", enquiry_id=enquiry.id))


@bp.post("/enquiries/<int:enquiry_id>/visit")
@team
def enquiry_visit(enquiry_id: int):
    enquiry = _enquiry_or_404(enquiry_id)
    form = VisitForm()
    if form.validate_on_submit():
        hour, minute = form.visit_time.parsed
        moment = datetime.combine(form.visit_date.data, time(hour, minute), OFFICE_TZ)
        try:
            enquiry_inbox.book_visit(enquiry, moment, actor=_actor())
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The initial visit has been booked."), "success")
            return redirect(url_for("assessment.enquiry", enquiry_id=enquiry.id))
    return _render_enquiry(enquiry, form, 400, visit_form=form)


@bp.post("/enquiries/<int:enquiry_id>/outcome")
@team
def enquiry_outcome(enquiry_id: int):
    enquiry = _enquiry_or_404(enquiry_id)
    form = VisitOutcomeForm()
    if form.validate_on_submit():
        try:
            enquiry_inbox.record_visit_outcome(
                enquiry,
                actor=_actor(),
                outcome=form.outcome.data,
                reason=form.outcome_reason.data or "",
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            if form.outcome.data == "invite":
                flash(_("The household has been invited to apply."), "success")
            else:
                flash(_("The enquiry has been closed."), "success")
            return redirect(url_for("assessment.enquiry", enquiry_id=enquiry.id))
    return _render_enquiry(enquiry, form, 400, outcome_form=form)


@bp.post("/enquiries/<int:enquiry_id>/close")
@team
def enquiry_close(enquiry_id: int):
    enquiry = _enquiry_or_404(enquiry_id)
    form = CloseEnquiryForm()
    if form.validate_on_submit():
        try:
            enquiry_inbox.close_enquiry(enquiry, actor=_actor(), reason=form.reason.data)
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The enquiry has been closed."), "success")
            return redirect(url_for("assessment.enquiry", enquiry_id=enquiry.id))
    return _render_enquiry(enquiry, form, 400, close_form=form)


# --- Applications, allocation and caseloads -----------------------------------------


@bp.get("/applications")
@team
def applications():
    form = CaseSearchForm(request.args)
    form.stage.choices = [("", _("Any stage"))] + [
        (stage.value, stage.label) for stage in case_lists.TEAM_STAGES
    ]
    query = case_lists.CaseQuery()
    if form.validate():
        query = case_lists.CaseQuery(text=form.q.data or "", stage=form.stage.data or "")
    page = paginate(case_lists.team_cases(query))
    return render_template("assessment/applications.html", search=form, page=page)


def worker_choices(leave_out: int | None = None) -> list[tuple[str, str]]:
    """The workers a case can go to, each with how many active cases they carry."""
    loads = {load.worker.id: load.count for load in allocation.caseloads(office_today())}
    return [
        (
            str(worker.id),
            _("%(name)s (%(count)d active cases)", name=worker.name, count=loads.get(worker.id, 0)),
        )
        for worker in allocation.assessing_workers()
        if worker.id != leave_out
    ]


@bp.route("/applications/<int:application_id>/allocate", methods=["GET", "POST"])
@managers
def allocate(application_id: int):
    application = _case_or_404(application_id)
    form = AllocateForm()
    form.worker.choices = worker_choices()
    if form.validate_on_submit():
        try:
            allocation.allocate(application, int(form.worker.data), actor=_actor())
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "The application has been allocated to %(name)s.",
                    name=application.assessing_worker.name,
                ),
                "success",
            )
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(
        "assessment/allocate.html",
        application=application,
        form=form,
        limit=allocation.CASELOAD_LIMIT,
    ), (400 if form.errors else 200)


@bp.get("/caseloads")
@team
def caseloads():
    today = office_today()
    return render_template(
        "assessment/caseloads.html",
        loads=allocation.caseloads(today),
        limit=allocation.CASELOAD_LIMIT,
        today=today,
    )


# --- One case ---------------------------------------------------------------------


def _case_context(application: Application) -> dict:
    from fostering.recruitment.assessment.evidence_views import evidence_context

    done, total = stage2.form_f_progress(application)
    today = office_today()
    return {
        **evidence_context(application),
        "application": application,
        "checks": checks.checks_for(application),
        "stage1": db.session.scalar(
            select(Stage1Decision).where(Stage1Decision.application_id == application.id)
        ),
        "recommendations": checks.stage_1_recommendations(application),
        "allocations": allocation.allocation_history(application),
        "form_f": stage2.form_f_sections(application),
        "form_f_done": done,
        "form_f_total": total,
        "training": stage2.training_for(application),
        "report": stage2.report_for(application),
        "panel": stage2.panel_for(application),
        "quorum": panels.quorum(),
        "decision": stage2.decision_for(application),
        "may_decide": stage2.may_decide(_actor()),
        "letters_ready": letters.ready(application),
        "letters_sent": letters.letters_sent(application),
        "sections": team_sections(application),
        "adults": application.adults_needing_dbs(today),
        "adult_rows": adult_rows(application),
        "today": today,
        "action_form": ActionForm(formdata=None),
    }


@bp.get("/applications/<int:application_id>")
@team
def case(application_id: int):
    application = _case_or_404(application_id)
    casework.view_case(application, actor=_actor())
    return render_template("assessment/case.html", **_case_context(application))


@bp.post("/applications/<int:application_id>/start-stage-1")
@team
def start_stage_1(application_id: int):
    application = _case_or_404(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        checks.start_stage_1(application, actor=_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
    else:
        flash(_("Stage 1 has started."), "success")
    return redirect(url_for("assessment.case", application_id=application.id))


@bp.route("/applications/<int:application_id>/checks/<int:check_id>", methods=["GET", "POST"])
@team
def check(application_id: int, check_id: int):
    application = _case_or_404(application_id)
    item = db.session.get(CheckItem, check_id)
    if item is None or item.application_id != application.id:
        abort(404)
    form = CheckForm(
        data={
            "status": item.status,
            "received_on": item.received_on,
            "notes": item.notes,
            "dbs_certificate_number": item.dbs_certificate_number,
            "dbs_issued_on": item.dbs_issued_on,
        }
    )
    if form.validate_on_submit():
        try:
            checks.update_check(
                item,
                actor=_actor(),
                status=form.status.data,
                received_on=form.received_on.data,
                notes=form.notes.data,
                dbs_certificate_number=form.dbs_certificate_number.data or "",
                dbs_issued_on=form.dbs_issued_on.data,
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The check has been saved."), "success")
            return redirect(url_for("assessment.case", application_id=application.id))
    from fostering.recruitment.assessment.evidence_views import evidence_context

    context = evidence_context(application)
    context["documents"] = [doc for doc in context["documents"] if doc.check_id == item.id]
    return render_template(
        "assessment/check.html", application=application, item=item, form=form, **context
    ), (400 if form.errors else 200)


@bp.route("/applications/<int:application_id>/stage-1-recommendation", methods=["GET", "POST"])
@team
def stage_1_recommendation(application_id: int):
    application = _case_or_404(application_id)
    form = Stage1RecommendationForm()
    if form.validate_on_submit():
        try:
            checks.recommend_stage_1(
                application, actor=_actor(), outcome=form.outcome.data, reasons=form.reasons.data
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("Your recommendation has been sent to a team manager to sign off."), "success")
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(
        "assessment/stage_1_recommendation.html",
        application=application,
        form=form,
        outstanding=checks.outstanding_checks(application),
        describe=checks.describe_check,
        returned=next(iter(checks.stage_1_recommendations(application)), None),
    ), (400 if request.method == "POST" else 200)


@bp.route("/applications/<int:application_id>/stage-1-sign-off", methods=["GET", "POST"])
@managers
def stage_1_sign_off(application_id: int):
    application = _case_or_404(application_id)
    recommendation = checks.pending_recommendation(application)
    if recommendation is None:
        flash(_("There is no Stage 1 recommendation waiting to be signed off."), "info")
        return redirect(url_for("assessment.case", application_id=application.id))
    form = Stage1SignOffForm()
    if form.validate_on_submit():
        try:
            if form.decision.data == "sign_off":
                checks.sign_off_stage_1(application, actor=_actor())
                message = _("The Stage 1 decision has been signed off.")
            else:
                checks.return_stage_1(application, actor=_actor(), reason=form.return_reason.data)
                message = _("The recommendation has been returned to the social worker.")
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(message, "success")
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(
        "assessment/stage_1_sign_off.html",
        application=application,
        form=form,
        recommendation=recommendation,
        own=recommendation.recommended_by_id == current_user.id,
        checks=checks.checks_for(application),
        today=office_today(),
    ), (400 if request.method == "POST" else 200)


@bp.route(
    "/applications/<int:application_id>/form-f/<any({}):key>".format(
        ", ".join(key.value for key in FormFSectionKey)
    ),
    methods=["GET", "POST"],
)
@team
def form_f_section(application_id: int, key: str):
    application = _case_or_404(application_id)
    current = {row.key: row.status for row in stage2.form_f_sections(application)}
    form = FormFSectionForm(data={"status": current.get(key, "not_started")})
    if form.validate_on_submit():
        try:
            stage2.update_form_f_section(application, key, form.status.data, actor=_actor())
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The Form F section has been saved."), "success")
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(
        "assessment/form_f_section.html",
        application=application,
        section=FormFSectionKey(key),
        form=form,
    ), (400 if form.errors else 200)


def _case_step(template: str, form, application: Application, step, success: str, **extra):
    """Validate ``form``, run ``step()``, and go back to the case, or show what is wrong."""
    if form.validate_on_submit():
        try:
            step()
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(success, "success")
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(template, application=application, form=form, **extra), (
        400 if form.errors or request.method == "POST" else 200
    )


@bp.route("/applications/<int:application_id>/training", methods=["GET", "POST"])
@team
def training(application_id: int):
    application = _case_or_404(application_id)
    form = TrainingForm()
    return _case_step(
        "assessment/training.html",
        form,
        application,
        lambda: stage2.record_training(application, form.attended_on.data, actor=_actor()),
        _("Skills to Foster has been recorded."),
        records=stage2.training_for(application),
    )


@bp.route("/applications/<int:application_id>/report", methods=["GET", "POST"])
@team
def report(application_id: int):
    application = _case_or_404(application_id)
    form = ReportForm()
    done, total = stage2.form_f_progress(application)
    return _case_step(
        "assessment/report.html",
        form,
        application,
        lambda: stage2.complete_report(
            application,
            actor=_actor(),
            recommendation=form.recommendation.data,
            summary=form.summary.data,
            completed_on=form.completed_on.data,
        ),
        _("The assessment report has been completed."),
        done=done,
        total=total,
    )


@bp.route("/applications/<int:application_id>/panel", methods=["GET", "POST"])
@team
def panel(application_id: int):
    application = _case_or_404(application_id)
    existing = stage2.panel_for(application)
    meetings = panels.open_meetings(office_today())
    form = PanelBookingForm(
        data={"meeting": str(existing.meeting_id) if existing and existing.meeting_id else None}
    )
    form.meeting.choices = meeting_choices(meetings)
    return _case_step(
        "assessment/panel.html",
        form,
        application,
        lambda: stage2.book_panel(application, int(form.meeting.data), actor=_actor()),
        _("The case has been booked into the fostering panel."),
        meetings=meetings,
    )


def meeting_choices(meetings) -> list[tuple[str, str]]:
    """Panel meetings a case or a review can be booked into, as radio choices."""
    return [
        (
            str(meeting.id),
            _(
                "%(date)s at %(time)s, %(venue)s",
                date=format_date(meeting.meeting_date, "EEEE d MMMM yyyy"),
                time=meeting.starts_at,
                venue=meeting.venue,
            ),
        )
        for meeting in meetings
    ]


def _suggested_terms(application: Application) -> Terms | None:
    """What to start the terms form with: the panel's terms, else the enquiry's wishes."""
    panel = stage2.panel_for(application)
    if panel is not None and panel.terms:
        return Terms.from_dict(panel.terms)
    return None


def _terms_form(form_class, application: Application):
    form = form_class()
    if request.method == "GET":
        suggested = _suggested_terms(application)
        if suggested is not None:
            form.fill_from(suggested)
        else:
            form.postcode.data = application.enquiry.postcode
            form.placement_types.data = [value for value in (application.enquiry.interests or [])]
    return form


@bp.route("/applications/<int:application_id>/panel-recommendation", methods=["GET", "POST"])
@team
def panel_recommendation(application_id: int):
    application = _case_or_404(application_id)
    form = _terms_form(PanelRecommendationForm, application)

    def step():
        approving = form.recommendation.data == "approve"
        stage2.record_panel_recommendation(
            application,
            actor=_actor(),
            recommendation=form.recommendation.data,
            terms=form.terms() if approving else None,
            minutes=form.minutes.data,
            reasons=form.reasons.data or "",
        )

    return _case_step(
        "assessment/panel_recommendation.html",
        form,
        application,
        step,
        _("The panel's recommendation has been recorded."),
        panel=stage2.panel_for(application),
        quorum=panels.quorum(),
    )


@bp.route("/applications/<int:application_id>/decision", methods=["GET", "POST"])
@managers
def decision(application_id: int):
    application = _case_or_404(application_id)
    try:
        stage2.require_decision_maker(_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
        return redirect(url_for("assessment.case", application_id=application.id))
    form = _terms_form(DecisionForm, application)
    if request.method == "GET":
        form.decided_on.data = office_today()

    def step():
        approving = form.decision.data == "approve"
        record = stage2.decide(
            application,
            actor=_actor(),
            decision=form.decision.data,
            terms=form.terms() if approving else None,
            reasons=form.reasons.data or "",
            decided_on=form.decided_on.data,
        )
        if record.carer_id:
            flash(_("The household has been added to the carer register."), "success")

    return _case_step(
        "assessment/decision.html",
        form,
        application,
        step,
        _("The decision has been recorded."),
        panel=stage2.panel_for(application),
    )


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@team
def withdraw(application_id: int):
    application = _case_or_404(application_id)
    form = WithdrawForm()
    return _case_step(
        "assessment/withdraw.html",
        form,
        application,
        lambda: stage2.withdraw(application, actor=_actor(), reason=form.reason.data),
        _("The application has been withdrawn."),
    )


# --- The carer register --------------------------------------------------------------


@bp.get("/carers")
@register_readers
def carer_register():
    # Terms dated to come into force by today show in the list (terms_history).
    terms_history.bring_up_to_date()
    form = CarerSearchForm(request.args)
    query = carers.CarerQuery()
    if form.validate():
        query = carers.CarerQuery(
            text=(form.q.data or "").strip(),
            status=form.status.data or "",
            matching=form.matching.data or "",
        )
    page = paginate(carers.register_statement(query))
    return render_template(
        "assessment/carers.html",
        search=form,
        page=page,
        searched=bool(query.text or query.status or query.matching),
        today=office_today(),
        matching_problems=carers.matching_problems,
        connected_ids=connected_persons.connected_carer_ids([c.id for c in page.items]),
    )


@bp.get("/carers/<int:carer_id>")
@register_readers
def carer(carer_id: int):
    record = db.session.get(FosterCarer, carer_id) or abort(404)
    carers.view_carer(record, actor=_actor())
    team_member = current_user.role in (Role.SOCIAL_WORKER.value, Role.TEAM_MANAGER.value)
    return render_template(
        "assessment/carer.html",
        carer=record,
        today=office_today(),
        # Not "problems": base.html shows a page's "problems" as its error summary.
        matching_problems=carers.matching_problems(record),
        **carer_sections(record),
        weekly_cost=payment_rates.carer_weekly_costs([record], office_today())[record.id],
        # The household's life after approval (supervision, status, checks): the team's.
        life=carer_household.household_life(record, viewer=_actor()) if team_member else None,
        connected=connected_persons.case_for_carer(record.id),
    )


@bp.route("/carers/<int:carer_id>/postcode", methods=["GET", "POST"])
@managers
def carer_postcode(carer_id: int):
    record = db.session.get(FosterCarer, carer_id) or abort(404)
    form = CarerPostcodeForm(data={"postcode": record.postcode})
    if form.validate_on_submit():
        try:
            carers.change_postcode(record, form.postcode.data, actor=_actor())
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The household's postcode has been changed."), "success")
            return redirect(url_for("assessment.carer", carer_id=record.id))
    return render_template("assessment/carer_postcode.html", carer=record, form=form), (
        400 if form.errors else 200
    )
