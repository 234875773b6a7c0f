"""Fostering panel meetings: when and where the panel sits, who chairs it, which members
sit, and the cases it hears.

A team manager arranges each meeting. Cases are booked into a meeting that has not yet
sat (:func:`fostering.recruitment.services.stage2.book_panel`); the panel can only make
a recommendation at a quorate meeting: at least ``PANEL_QUORUM`` people (the chair
included) sat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import Select, func, select

from fostering.extensions import db
from fostering.models import CarerReview, PanelMeeting, PanelRecord, User
from fostering.recruitment.services import progress
from fostering.recruitment.services.casework import CaseworkError, require_manager
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.services import audit
from fostering.services.transactions import transactional

MOST_MEMBERS = 30
NAME_LIMIT = 200
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def quorum() -> int:
    """How many must sit, the chair included, for the panel to make a recommendation."""
    return max(1, int(current_app.config["PANEL_QUORUM"]))


def is_quorate(meeting: PanelMeeting) -> bool:
    return meeting.attendance >= quorum()


@dataclass(frozen=True)
class MeetingDetails:
    """What a team manager enters about a meeting (members one per line)."""

    meeting_date: date
    starts_at: str
    venue: str
    chair: str
    members: str = ""


def _clean(details: MeetingDetails) -> dict:
    match = _TIME.match((details.starts_at or "").strip())
    if match is None:
        raise CaseworkError(RecruitmentCode.STARTS_AT_INVALID, field="starts_at")
    venue = (details.venue or "").strip()
    if not venue:
        raise CaseworkError(RecruitmentCode.VENUE_MISSING, field="venue")
    chair = " ".join((details.chair or "").split())
    if not chair:
        raise CaseworkError(RecruitmentCode.CHAIR_MISSING, field="chair")
    members: list[str] = []
    for line in (details.members or "").splitlines():
        name = " ".join(line.split())
        if not name:
            continue
        if name.casefold() == chair.casefold():
            raise CaseworkError(RecruitmentCode.CHAIR_IN_MEMBERS, field="members", name=name)
        if name.casefold() in (member.casefold() for member in members):
            raise CaseworkError(RecruitmentCode.MEMBER_REPEATED, field="members", name=name)
        members.append(name[:NAME_LIMIT])
    if len(members) > MOST_MEMBERS:
        raise CaseworkError(RecruitmentCode.TOO_MANY_MEMBERS, field="members", most=MOST_MEMBERS)
    return {
        "meeting_date": details.meeting_date,
        "starts_at": f"{int(match.group(1)):02d}:{match.group(2)}",
        "venue": venue[:NAME_LIMIT],
        "chair": chair[:NAME_LIMIT],
        "members": members,
    }


@transactional
def add_meeting(details: MeetingDetails, *, actor: User) -> PanelMeeting:
    require_manager(actor, RecruitmentCode.MANAGER_RUNS_PANELS)
    meeting = PanelMeeting(**_clean(details), created_by_id=actor.id)
    db.session.add(meeting)
    db.session.flush()
    audit.record(actor, "panel_meeting_added", meeting)
    return meeting


@transactional
def change_meeting(meeting: PanelMeeting, details: MeetingDetails, *, actor: User):
    """Change a meeting: its members (who sat) can be recorded after it; its date moves
    the cases booked into it, until the panel has recommended on one of them."""
    require_manager(actor, RecruitmentCode.MANAGER_RUNS_PANELS)
    values = _clean(details)
    cases = cases_heard(meeting)
    if values["meeting_date"] != meeting.meeting_date:
        if any(record.recommendation for record in cases) or _review_recommended(meeting):
            raise CaseworkError(RecruitmentCode.MEETING_DATE_LOCKED, field="meeting_date")
        for record in cases:
            record.panel_date = values["meeting_date"]
            progress.panel_rebooked(record.application)
    for name, value in values.items():
        setattr(meeting, name, value)
    audit.record(actor, "panel_meeting_changed", meeting)
    return meeting


def _review_recommended(meeting: PanelMeeting) -> bool:
    """A carer's review heard at the meeting has the panel's recommendation."""
    return (
        db.session.scalar(
            select(CarerReview.id).where(
                CarerReview.meeting_id == meeting.id,
                CarerReview.panel_recommendation.is_not(None),
            )
        )
        is not None
    )


def cases_heard(meeting: PanelMeeting) -> list[PanelRecord]:
    """The cases booked into the meeting, in the order they were booked."""
    return list(
        db.session.scalars(
            select(PanelRecord).where(PanelRecord.meeting_id == meeting.id).order_by(PanelRecord.id)
        )
    )


def open_meetings(today: date) -> list[PanelMeeting]:
    """Meetings a case can still be booked into: today's and later ones."""
    return list(
        db.session.scalars(
            select(PanelMeeting)
            .where(PanelMeeting.meeting_date >= today)
            .order_by(PanelMeeting.meeting_date, PanelMeeting.starts_at, PanelMeeting.id)
        )
    )


def meetings_statement(*, upcoming: bool, today: date) -> Select:
    """Meetings to come (soonest first) or past ones (latest first)."""
    stmt = select(PanelMeeting)
    if upcoming:
        return stmt.where(PanelMeeting.meeting_date >= today).order_by(
            PanelMeeting.meeting_date, PanelMeeting.starts_at, PanelMeeting.id
        )
    return stmt.where(PanelMeeting.meeting_date < today).order_by(
        PanelMeeting.meeting_date.desc(), PanelMeeting.id.desc()
    )


def case_counts(meetings: list[PanelMeeting]) -> dict[int, int]:
    """How many cases each meeting hears."""
    ids = [meeting.id for meeting in meetings] or [-1]
    rows = db.session.execute(
        select(PanelRecord.meeting_id, func.count())
        .where(PanelRecord.meeting_id.in_(ids))
        .group_by(PanelRecord.meeting_id)
    )
    return {meeting_id: count for meeting_id, count in rows}
