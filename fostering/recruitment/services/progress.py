"""Where an application has got to, as the applicants see it: the timeline on their
application page, and an email to each applicant at each step, in their language.

The timeline is read from the case's own records (stage moves, checks, the Stage 1
decision, training, the assessment report, the panel and the decision), so it says
what has really happened. The emails are sent by :func:`stage_reached`, which
:func:`~fostering.recruitment.services.application_stages.move_stage` calls on every
move, and by :func:`panel_rebooked`; each goes once the move is committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import (
    Application,
    ApplicationStage,
    ApprovalDecision,
    AssessmentReport,
    CheckItem,
    PanelRecord,
    Stage1Decision,
    TrainingRecord,
    User,
)
from fostering.models.assessment import StageChange
from fostering.models.labels import LabelledEnum, labels_for
from fostering.services import mail
from fostering.services.transactions import after_commit

S = ApplicationStage


class StepState(LabelledEnum):
    DONE = "done"
    CURRENT = "current"
    WAITING = "waiting"
    # The application closed while the step was under way, or before it began.
    STOPPED = "stopped"
    NOT_REACHED = "not_reached"


labels_for(
    StepState,
    {
        StepState.DONE: _l("Done"),
        StepState.CURRENT: _l("In progress"),
        StepState.WAITING: _l("Not started yet"),
        StepState.STOPPED: _l("Stopped"),
        StepState.NOT_REACHED: _l("Not reached"),
    },
)


@dataclass(frozen=True)
class Step:
    key: str
    title: object
    state: StepState
    # When the step was done, or started (None: not yet).
    on: date | datetime | None = None
    # A sentence about the step (the checks back so far, the panel date...).
    detail: object = None


ORDER = [S.SUBMITTED, S.ALLOCATED, S.STAGE_1, S.STAGE_2, S.PANEL]


def _day(value: date) -> str:
    return format_date(value, "d MMMM yyyy")


def _one(model, application: Application):
    return db.session.scalar(select(model).where(model.application_id == application.id))


def _entered(application: Application) -> dict[str, datetime]:
    """When the application first reached each stage."""
    entered: dict[str, datetime] = {}
    for change in db.session.scalars(
        select(StageChange)
        .where(StageChange.application_id == application.id)
        .order_by(StageChange.at, StageChange.id)
    ):
        entered.setdefault(change.to_stage, change.at)
    return entered


def _reached(application: Application, stage: ApplicationStage, entered: dict) -> bool:
    """Whether the application has been at ``stage`` (now or before)."""
    current = application.stage_enum
    if current == stage or stage.value in entered:
        return True
    return current in ORDER and stage in ORDER and ORDER.index(current) > ORDER.index(stage)


def timeline(application: Application) -> list[Step]:
    """The steps from sending the application to the decision, each done, in progress,
    not started yet, or not reached (the application closed before it)."""
    entered = _entered(application)
    closed = application.stage_enum.is_closed
    current = application.stage_enum
    checks = list(
        db.session.scalars(select(CheckItem).where(CheckItem.application_id == application.id))
    )
    stage_1 = _one(Stage1Decision, application)
    report = _one(AssessmentReport, application)
    panel = _one(PanelRecord, application)
    decision = _one(ApprovalDecision, application)
    training = db.session.scalar(
        select(TrainingRecord.attended_on)
        .where(TrainingRecord.application_id == application.id)
        .order_by(TrainingRecord.attended_on)
        .limit(1)
    )

    def state(done: bool, started: bool) -> StepState:
        if done:
            return StepState.DONE
        if closed:
            return StepState.STOPPED if started else StepState.NOT_REACHED
        return StepState.CURRENT if started else StepState.WAITING

    steps = [
        Step(
            "submitted",
            _l("Application sent"),
            state(application.submitted_at is not None, False),
            application.submitted_at,
        )
    ]
    allocated = application.allocated_at is not None and _reached(application, S.ALLOCATED, entered)
    worker = application.assessing_worker
    steps.append(
        Step(
            "allocated",
            _l("Given to a social worker"),
            state(allocated, False),
            application.allocated_at if allocated else None,
            _l("Your social worker is %(name)s.", name=worker.name)
            if allocated and worker is not None
            else None,
        )
    )
    back = sum(1 for check in checks if check.is_satisfied)
    checks_started = _reached(application, S.STAGE_1, entered) or (allocated and bool(checks))
    # Done once decided: to go on to Stage 2, or not to.
    checks_done = stage_1 is not None or _reached(application, S.STAGE_2, entered)
    steps.append(
        Step(
            "checks",
            _l("Stage 1 checks"),
            state(checks_done, checks_started),
            stage_1.decided_on if checks_done and stage_1 else entered.get(S.STAGE_1.value),
            _l(
                "%(back)d of %(total)d checks are back: DBS checks, references, medicals "
                "and council checks.",
                back=back,
                total=len(checks),
            )
            if checks and checks_started
            else None,
        )
    )
    assessment_done = report is not None or _reached(application, S.PANEL, entered)
    steps.append(
        Step(
            "assessment",
            _l("Stage 2 assessment"),
            state(assessment_done, _reached(application, S.STAGE_2, entered)),
            report.completed_on if report else entered.get(S.STAGE_2.value),
            _l(
                "Preparation training (Skills to Foster) attended on %(date)s.",
                date=_day(training),
            )
            if training
            else None,
        )
    )
    panel_detail = None
    if panel is not None:
        panel_detail = (
            _l("The fostering panel met on %(date)s.", date=_day(panel.panel_date))
            if panel.recommendation
            else _l("Your fostering panel is on %(date)s.", date=_day(panel.panel_date))
        )
    steps.append(
        Step(
            "panel",
            _l("Fostering panel"),
            state(
                bool(panel and panel.recommendation) or decision is not None,
                panel is not None,
            ),
            panel.panel_date if panel else None,
            panel_detail,
        )
    )
    steps.append(_last_step(application, current, decision, stage_1))
    return steps


def _last_step(application, current, decision, stage_1) -> Step:
    if current == S.WITHDRAWN:
        return Step(
            "decision", _l("Application withdrawn"), StepState.DONE, application.withdrawn_at
        )
    if current == S.APPROVED:
        return Step(
            "decision",
            _l("Decision"),
            StepState.DONE,
            decision.decided_on if decision else application.stage_changed_at,
            _l("You have been approved as a foster carer."),
        )
    if current == S.NOT_APPROVED:
        when = decision.decided_on if decision else (stage_1.decided_on if stage_1 else None)
        return Step(
            "decision",
            _l("Decision"),
            StepState.DONE,
            when or application.stage_changed_at,
            _l("Your application was not approved."),
        )
    return Step("decision", _l("Decision"), StepState.WAITING)


# --- Emails at each step ----------------------------------------------------------------

# The stages an applicant is told about, and the email that tells them.
EMAILED_STAGES = {
    S.SUBMITTED: "application_submitted",
    S.ALLOCATED: "application_progress",
    S.STAGE_1: "application_progress",
    S.STAGE_2: "application_progress",
    S.PANEL: "application_progress",
    S.APPROVED: "application_progress",
    S.NOT_APPROVED: "application_progress",
    S.WITHDRAWN: "application_progress",
}


def recipients(application: Application) -> list[tuple[User, str]]:
    """Each applicant with an account that is open, with the first name to greet."""
    people = [(application.applicant, application.first_name or application.enquiry.first_name)]
    joint = application.joint_applicant
    if joint is not None:
        people.append((joint, application.joint_first_name or joint.name))
    return [(user, name) for user, name in people if user is not None and user.active]


def stage_reached(application: Application, stage: ApplicationStage) -> None:
    """Email each applicant, in their own language, that the application has reached
    ``stage``, once the move is committed (called inside its transaction)."""
    template = EMAILED_STAGES.get(stage)
    if template is not None:
        after_commit(lambda: _send(application, template, stage.value))


def panel_rebooked(application: Application) -> None:
    after_commit(lambda: _send(application, "application_progress", "panel_rebooked"))


def _send(application: Application, template: str, step: str) -> None:
    panel = _one(PanelRecord, application)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    for user, name in recipients(application):
        mail.send_safely(
            user.email,
            template,
            locale=application.language_of(user),
            application=application,
            name=name,
            step=step,
            worker=application.assessing_worker.name if application.assessing_worker else None,
            panel_date=panel.panel_date if panel else None,
            sign_in_link=f"{base}/sign-in",
        )
