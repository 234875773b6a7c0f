"""Moving an application from one stage to the next, and refusing moves it cannot make.

Every move is checked against :data:`ALLOWED_TRANSITIONS`, timestamped and audited.
A refused move raises :class:`StageError` with a whole sentence saying why, in the
person's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from fostering.models import Application, ApplicationStage, User
from fostering.models.application import ALLOWED_TRANSITIONS, CLOSED_STAGES
from fostering.models.types import utcnow
from fostering.services import audit
from fostering.services.transactions import transactional

Stage = ApplicationStage


class StageError(ValueError):
    """A stage change that is not allowed. ``message`` is a lazy, translatable sentence."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def refusal(current: ApplicationStage, target: ApplicationStage) -> object:
    """Why ``current`` cannot move to ``target``, as a whole translatable sentence."""
    names = {"current": current.label, "target": target.label}
    if current == target:
        return _l("This application is already at the %(current)s stage.", **names)
    if current in CLOSED_STAGES:
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "it has already been closed.",
            **names,
        )
    if target == Stage.APPROVED:
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "it has not been to panel.",
            **names,
        )
    if target == Stage.PANEL:
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "the Stage 2 assessment has not been done.",
            **names,
        )
    if target == Stage.STAGE_2:
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "the Stage 1 checks have not been done.",
            **names,
        )
    if target in (Stage.STAGE_1, Stage.ALLOCATED) and current in (
        Stage.INVITED,
        Stage.IN_PROGRESS,
    ):
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "the applicant has not submitted it yet.",
            **names,
        )
    if target == Stage.STAGE_1:
        return _l(
            "This application cannot move from %(current)s to %(target)s: "
            "it has not been allocated to a social worker.",
            **names,
        )
    return _l("This application cannot move from %(current)s to %(target)s.", **names)


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
        raise StageError(refusal(current, target))
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
    return application
