"""What the fostering team's services share: their error, today's date in the office,
and who may change a case."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from fostering.models import Application, Role, User
from fostering.models.types import utcnow
from fostering.services.working_days import OFFICE_TZ


class CaseworkError(ValueError):
    """A step that cannot be taken. ``message`` is a whole translatable sentence and
    ``field`` names the form input it is about, if any."""

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def office_today(now: datetime | None = None) -> date:
    """Today's date in Wales (the office's calendar, not UTC's)."""
    return (now or utcnow()).astimezone(OFFICE_TZ).date()


def is_manager(user: User | None) -> bool:
    return user is not None and user.role == Role.TEAM_MANAGER.value


def require_case_worker(application: Application, actor: User) -> None:
    """Only the assessing social worker or a team manager may change a case."""
    if is_manager(actor) or (
        application.assessing_worker_id is not None and application.assessing_worker_id == actor.id
    ):
        return
    raise CaseworkError(
        _l("Only the assessing social worker or a team manager can change this case.")
    )


def require_manager(actor: User, message: object) -> None:
    if not is_manager(actor):
        raise CaseworkError(message)
