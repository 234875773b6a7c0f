"""The team's lists of cases: every application the team works on, and one worker's own
("My cases"), searched by name or reference."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from fostering.models import Application, ApplicationStage
from fostering.recruitment.services.allocation import ACTIVE_STAGES

# Stages the team works on after the household has applied.
TEAM_STAGES = tuple(
    stage
    for stage in ApplicationStage
    if stage not in (ApplicationStage.INVITED, ApplicationStage.IN_PROGRESS)
)

SHOW_LIVE = "live"
SHOW_CLOSED = "closed"
SHOW_ALL = "all"


@dataclass(frozen=True)
class CaseQuery:
    text: str = ""
    stage: str = ""  # one stage's value, or "" for any


def _matching(stmt: Select, text: str) -> Select:
    """Narrow to applicants whose name contains ``text``, or the reference ``text``."""
    text = (text or "").strip()
    if not text:
        return stmt
    like = f"%{text.lower()}%"
    name = func.lower(
        func.coalesce(Application.first_name, "") + " " + func.coalesce(Application.last_name, "")
    )
    joint = func.lower(
        func.coalesce(Application.joint_first_name, "")
        + " "
        + func.coalesce(Application.joint_last_name, "")
    )
    return stmt.where(or_(name.like(like), joint.like(like), Application.reference == text.upper()))


def team_cases(query: CaseQuery) -> Select:
    """Every submitted application, newest first."""
    stmt = select(Application).where(Application.stage.in_([s.value for s in TEAM_STAGES]))
    stmt = _matching(stmt, query.text)
    if query.stage:
        stmt = stmt.where(Application.stage == query.stage)
    return stmt.order_by(Application.submitted_at.desc(), Application.id.desc())


def my_cases(worker_id: int, text: str = "", show: str = SHOW_LIVE) -> Select:
    """The cases ``worker_id`` is the assessing social worker of: live ones (allocated
    to panel) by default, longest-held first; closed ones most recently closed first."""
    stmt = _matching(select(Application).where(Application.assessing_worker_id == worker_id), text)
    if show == SHOW_LIVE:
        return stmt.where(Application.stage.in_(ACTIVE_STAGES)).order_by(
            Application.allocated_at, Application.id
        )
    if show == SHOW_CLOSED:
        stmt = stmt.where(Application.stage.not_in(ACTIVE_STAGES))
    return stmt.order_by(Application.stage_changed_at.desc(), Application.id.desc())
