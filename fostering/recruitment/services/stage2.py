"""Stage 2 to approval: the Form F sections, Skills to Foster, the assessment report,
the fostering panel, and the decision maker's decision.

Each step checks the case is where the step belongs, so a case cannot reach panel before
its Stage 2 work is done nor be approved before panel; moves between stages go through
:func:`fostering.recruitment.services.application_stages.move_stage`, which refuses the rest.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import (
    Application,
    ApplicationStage,
    ApprovalDecision,
    AssessmentReport,
    FormFSection,
    PanelRecord,
    TrainingRecord,
    User,
)
from fostering.models.assessment import FormFSectionKey, FormFStatus, Recommendation
from fostering.models.carer import FosterCarer
from fostering.models.types import utcnow
from fostering.recruitment.services import carers, progress
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.casework import (
    CaseworkError,
    office_today,
    require_case_worker,
    require_manager,
)
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.terms import Terms
from fostering.services import audit, postcodes
from fostering.services.transactions import transaction, transactional

SKILLS_TO_FOSTER = "skills_to_foster"


def _one_for(model, application: Application):
    return db.session.scalar(select(model).where(model.application_id == application.id))


def _require_stage(
    application: Application, stage: ApplicationStage, code: RecruitmentCode
) -> None:
    if application.stage_enum is not stage:
        raise CaseworkError(code)


def _not_in_future(day: date, field: str) -> None:
    if day > office_today():
        raise CaseworkError(RecruitmentCode.DATE_IN_FUTURE, field=field)


def form_f_sections(application: Application) -> list[FormFSection]:
    """The sections in Form F order (rows are made when Stage 2 starts)."""
    rows = {
        row.key: row
        for row in db.session.scalars(
            select(FormFSection).where(FormFSection.application_id == application.id)
        )
    }
    return [rows[key.value] for key in FormFSectionKey if key.value in rows]


def form_f_progress(application: Application) -> tuple[int, int]:
    sections = form_f_sections(application)
    done = sum(1 for row in sections if row.status == FormFStatus.COMPLETED.value)
    return done, len(FormFSectionKey)


@transactional
def update_form_f_section(
    application: Application, key: str, status: str, *, actor: User
) -> FormFSection:
    require_case_worker(application, actor)
    _require_stage(application, ApplicationStage.STAGE_2, RecruitmentCode.FORM_F_NOT_IN_STAGE_2)
    section_key, new_status = FormFSectionKey(key), FormFStatus(status)
    row = db.session.scalar(
        select(FormFSection).where(
            FormFSection.application_id == application.id, FormFSection.key == section_key.value
        )
    )
    if row is None:
        row = FormFSection(application_id=application.id, key=section_key.value)
        db.session.add(row)
    row.status = new_status.value
    row.updated_by_id = actor.id
    db.session.flush()
    audit.record(actor, "form_f_section_updated", application, detail=f"{section_key}={new_status}")
    return row


def training_for(application: Application) -> list[TrainingRecord]:
    return list(
        db.session.scalars(
            select(TrainingRecord)
            .where(TrainingRecord.application_id == application.id)
            .order_by(TrainingRecord.attended_on)
        )
    )


@transactional
def record_training(application: Application, attended_on: date, *, actor: User):
    """Skills to Foster attended (preparation training)."""
    require_case_worker(application, actor)
    if application.stage_enum not in (ApplicationStage.STAGE_1, ApplicationStage.STAGE_2):
        raise CaseworkError(RecruitmentCode.TRAINING_NOT_IN_STAGE)
    _not_in_future(attended_on, "attended_on")
    record = TrainingRecord(
        application_id=application.id,
        course=SKILLS_TO_FOSTER,
        attended_on=attended_on,
        completed=True,
        recorded_by_id=actor.id,
    )
    db.session.add(record)
    db.session.flush()
    audit.record(actor, "training_recorded", application, detail=f"course={SKILLS_TO_FOSTER}")
    return record


def report_for(application: Application) -> AssessmentReport | None:
    return _one_for(AssessmentReport, application)


@transactional
def complete_report(
    application: Application,
    *,
    actor: User,
    recommendation: str,
    summary: str,
    completed_on: date,
) -> AssessmentReport:
    """The assessing worker's finished Form F report: every section done, training done."""
    require_case_worker(application, actor)
    _require_stage(application, ApplicationStage.STAGE_2, RecruitmentCode.REPORT_NOT_IN_STAGE_2)
    summary = (summary or "").strip()
    if not summary:
        raise CaseworkError(RecruitmentCode.SUMMARY_MISSING, field="summary")
    _not_in_future(completed_on, "completed_on")
    done, total = form_f_progress(application)
    if done < total:
        raise CaseworkError(RecruitmentCode.FORM_F_INCOMPLETE, done=done, total=total)
    if not training_for(application):
        raise CaseworkError(RecruitmentCode.TRAINING_MISSING)
    report = report_for(application) or AssessmentReport(application_id=application.id)
    report.recommendation = Recommendation(recommendation).value
    report.summary = summary
    report.completed_on = completed_on
    report.author_id = actor.id
    db.session.add(report)
    db.session.flush()
    audit.record(actor, "assessment_report_completed", application)
    return report


def panel_for(application: Application) -> PanelRecord | None:
    return _one_for(PanelRecord, application)


@transactional
def book_panel(application: Application, panel_date: date, *, actor: User) -> PanelRecord:
    """Give the case a fostering panel date; the case moves to the panel stage."""
    require_case_worker(application, actor)
    if application.stage_enum is ApplicationStage.PANEL:
        panel = panel_for(application)
        if panel is not None and panel.recommendation is None:
            panel.panel_date = panel_date  # re-booking before panel has sat
            audit.record(actor, "panel_rebooked", application)
            progress.panel_rebooked(application)
            return panel
    if application.stage_enum is ApplicationStage.STAGE_2 and report_for(application) is None:
        raise CaseworkError(RecruitmentCode.REPORT_BEFORE_PANEL)
    if panel_date < office_today():
        raise CaseworkError(RecruitmentCode.PANEL_DATE_PAST, field="panel_date")
    move_stage(application, ApplicationStage.PANEL, actor=actor)
    panel = PanelRecord(application_id=application.id, panel_date=panel_date)
    db.session.add(panel)
    db.session.flush()
    audit.record(actor, "panel_booked", application)
    return panel


@transactional
def record_panel_recommendation(
    application: Application,
    *,
    actor: User,
    recommendation: str,
    terms: Terms | None,
    reasons: str = "",
) -> PanelRecord:
    """What the panel recommended, with the terms it recommended if it was approval."""
    require_case_worker(application, actor)
    panel = panel_for(application)
    if application.stage_enum is not ApplicationStage.PANEL or panel is None:
        raise CaseworkError(RecruitmentCode.PANEL_NOT_BOOKED)
    if panel.panel_date > office_today():
        raise CaseworkError(RecruitmentCode.PANEL_NOT_SAT)
    result = Recommendation(recommendation)
    if result is Recommendation.APPROVE and terms is None:
        raise CaseworkError(RecruitmentCode.PANEL_TERMS_MISSING, field="places")
    panel.recommendation = result.value
    panel.terms = terms.to_dict() if (terms and result is Recommendation.APPROVE) else None
    panel.reasons = (reasons or "").strip() or None
    panel.recorded_at = utcnow()
    panel.recorded_by_id = actor.id
    audit.record(actor, "panel_recommendation_recorded", application, detail=f"result={result}")
    return panel


def decision_for(application: Application) -> ApprovalDecision | None:
    return _one_for(ApprovalDecision, application)


def household_name(application: Application) -> str:
    names = [application.applicant_name]
    if application.joint_applicant_name:
        names.append(application.joint_applicant_name)
    return " and ".join(name for name in names if name)


def decide(
    application: Application,
    *,
    actor: User,
    decision: str,
    terms: Terms | None,
    reasons: str = "",
    decided_on: date | None = None,
) -> ApprovalDecision:
    """The decision maker's decision. Approval sets the terms and adds the household to
    the carer register, with its annual review due within a year; it needs a postcode in
    the postcode directory, so that matching can place the household."""
    require_manager(actor, RecruitmentCode.MANAGER_DECIDES)
    panel = panel_for(application)
    if application.stage_enum is not ApplicationStage.PANEL or panel is None:
        raise CaseworkError(
            RecruitmentCode.DECISION_BEFORE_PANEL, stage=application.stage_enum.label
        )
    if panel.recommendation is None:
        raise CaseworkError(RecruitmentCode.RECOMMENDATION_MISSING)
    result = Recommendation(decision)
    decided_on = decided_on or office_today()
    _not_in_future(decided_on, "decided_on")
    if decided_on < panel.panel_date:
        raise CaseworkError(RecruitmentCode.DECIDED_BEFORE_PANEL_DATE, field="decided_on")
    if result is Recommendation.APPROVE and terms is None:
        raise CaseworkError(RecruitmentCode.APPROVAL_TERMS_MISSING, field="places")
    if result is Recommendation.APPROVE:
        # A carer matching cannot place on the map would never be offered a child.
        found = postcodes.lookup(terms.postcode)
        if found is None:
            raise CaseworkError(
                RecruitmentCode.POSTCODE_NOT_FOUND, field="postcode", postcode=terms.postcode or ""
            )
        terms = replace(terms, postcode=found.postcode)
    reasons = (reasons or "").strip()
    if result is Recommendation.NOT_APPROVE and not reasons:
        raise CaseworkError(RecruitmentCode.REASONS_MISSING, field="reasons")
    with transaction():
        record = ApprovalDecision(
            application_id=application.id,
            decision=result.value,
            decided_on=decided_on,
            decision_maker_id=actor.id,
            terms=terms.to_dict() if terms and result is Recommendation.APPROVE else None,
            reasons=reasons or None,
        )
        db.session.add(record)
        carer: FosterCarer | None = None
        if result is Recommendation.APPROVE:
            move_stage(application, ApplicationStage.APPROVED, actor=actor)
            carer = carers.add_carer(
                household_name=household_name(application),
                terms=terms,
                approved_on=decided_on,
                actor=actor,
                application_id=application.id,
            )
            record.carer_id = carer.id
        else:
            move_stage(
                application,
                ApplicationStage.NOT_APPROVED,
                actor=actor,
                reason=reasons,
            )
        db.session.flush()
        audit.record(actor, "approval_decided", application, detail=f"decision={result}")
    return record


def withdraw(application: Application, *, actor: User, reason: str) -> Application:
    """The household withdraws (or the team closes a case they have left)."""
    require_case_worker(application, actor)
    reason = (reason or "").strip()
    if not reason:
        raise CaseworkError(RecruitmentCode.WITHDRAW_REASON_MISSING, field="reason")
    with transaction():
        move_stage(application, ApplicationStage.WITHDRAWN, actor=actor, reason=reason)
    return application
