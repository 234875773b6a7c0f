"""Moving an application from one stage to the next, and refusing moves it cannot make.

Every move is checked against :data:`ALLOWED_TRANSITIONS`, timestamped, audited, and
emailed to the applicants (:mod:`.progress`).
A refused move raises :class:`StageError` with a code saying why.
"""

from __future__ import annotations

from fostering.models import Application, ApplicationStage, User
from fostering.models.application import ALLOWED_TRANSITIONS, CLOSED_STAGES
from fostering.models.types import utcnow
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit
from fostering.services.transactions import transactional

Stage = ApplicationStage


class StageError(RecruitmentError):
    """A stage change that is not allowed; its values are the two stages' labels."""


def refusal(current: ApplicationStage, target: ApplicationStage) -> RecruitmentCode:
    """Why ``current`` cannot move to ``target``."""
    if current == target:
        return RecruitmentCode.ALREADY_AT_STAGE
    if current in CLOSED_STAGES:
        return RecruitmentCode.CASE_CLOSED
    if target == Stage.APPROVED:
        return RecruitmentCode.NOT_BEEN_TO_PANEL
    if target == Stage.PANEL:
        return RecruitmentCode.STAGE_2_NOT_DONE
    if target == Stage.STAGE_2:
        return RecruitmentCode.STAGE_1_NOT_DONE
    if target in (Stage.STAGE_1, Stage.ALLOCATED) and current in (
        Stage.INVITED,
        Stage.IN_PROGRESS,
    ):
        return RecruitmentCode.NOT_SUBMITTED
    if target == Stage.STAGE_1:
        return RecruitmentCode.NOT_ALLOCATED
    return RecruitmentCode.CANNOT_MOVE


def can_move(application: Application, target: ApplicationStage) -> bool:
    return target in ALLOWED_TRANSITIONS[application.stage_enum]


@transactional
def move_stage(
    application: Application,
    to: ApplicationStage | str,
    *,
    actor: User | None,
    reason: str | None = None,
) -> Application:
    """Move ``application`` to stage ``to`` or raise :class:`StageError`.

    Sets ``stage_changed_at`` (and the stage's own timestamp where it has one) and adds
    an audit record, in the caller's transaction when there is one.
    """
    target = ApplicationStage(to)
    current = application.stage_enum
    if not can_move(application, target):
        raise StageError(refusal(current, target), current=current.label, target=target.label)
    now = utcnow()
    application.stage = target.value
    application.stage_changed_at = now
    if target == Stage.IN_PROGRESS and application.started_at is None:
        application.started_at = now
    elif target == Stage.SUBMITTED:
        application.submitted_at = now
    elif target == Stage.ALLOCATED and application.allocated_at is None:
        application.allocated_at = now
    elif target == Stage.WITHDRAWN:
        application.withdrawn_at = now
        application.withdrawn_reason = reason
    # The reason may hold personal details, so the audit record keeps only the stages.
    audit.record(
        actor, "application_stage_changed", application, detail=f"from={current} to={target}"
    )
    # Each applicant hears of it by email, in their language, once it is committed.
    from fostering.recruitment.services import progress

    progress.stage_reached(application, target)
    return application
