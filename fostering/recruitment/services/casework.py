"""What the fostering team's services share: their error, today's date in the office,
who may change a case, and the audit record of every look at one."""

from __future__ import annotations

from datetime import date, datetime

from fostering.models import Application, Enquiry, Role, User
from fostering.models.types import utcnow
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit
from fostering.services.transactions import transactional
from fostering.services.working_days import OFFICE_TZ


class CaseworkError(RecruitmentError):
    """A step of the fostering team's casework that cannot be taken."""


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
    raise CaseworkError(RecruitmentCode.NOT_CASE_WORKER)


def require_manager(actor: User, code: RecruitmentCode) -> None:
    if not is_manager(actor):
        raise CaseworkError(code)


@transactional
def view_case(application: Application, *, actor: User, detail: str | None = None) -> None:
    """Every look at a household's application (its page, its print, a letter to it) is
    audited, as a child's record is."""
    audit.record(actor, "case_viewed", application, detail=detail)


@transactional
def view_enquiry(enquiry: Enquiry, *, actor: User, detail: str | None = None) -> None:
    """Every look at an enquiry (a member of the public's details) is audited."""
    audit.record(actor, "enquiry_viewed", enquiry, detail=detail)
