"""A child's episodes of care for a collection year, built from the placement ledger.

An SSDA903 episode is a stretch of care with one placement and one legal status: a new
one starts whenever either changes. Each started placement (planned and cancelled ones
never began) is cut wherever the child's legal status changes (the profile keeps
statuses as periods). A stretch that starts the day after the previous one ended (the
ledger's end dates are the last day of care) continues the same period of care: the
earlier episode ceased on the later one's start date with reason X1, and the later one's
reason for new episode is L (legal status changed), P (placement changed) or B (both).
The first episode of a period of care starts with S.

Dates in the return are the day an episode began (``DECOM``) and the day it ceased
(``DEC``: the day after the ledger's last day of care). An episode still running after the
year's last day (31 March) is open in that year's return: no ``DEC``, no ``REC``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from fostering.extensions import db
from fostering.models import Child, Placement
from fostering.models.placement import PlacementStage
from fostering.placements.returns import codes


@dataclass(frozen=True)
class CollectionYear:
    """1 April ``start_year`` to 31 March the year after (the year both returns cover)."""

    start_year: int

    @property
    def first_day(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.start_year + 1, 3, 31)


@dataclass
class Episode:
    """One row of the return, its items named as the return names them."""

    child_id: int
    CHILD: str
    SEX: str | None
    DOB: date
    ETHNIC: str | None
    DECOM: date
    RNE: str | None
    LS: str | None
    CIN: str | None
    PLACE: str | None
    PLACE_PROVIDER: str | None
    DEC: date | None
    REC: str | None
    REASON_PLACE_CHANGE: str | None
    HOME_POST: str | None
    PL_POST: str | None
    URN: str | None
    PL_LA: str | None = None
    # The child's name, for the error report's link (never exported).
    name: str = field(default="", compare=False)
    # Whether an earlier episode of care exists before this return's year.
    first_ever: bool = False

    def value(self, column: str):
        return getattr(self, column)


@dataclass(frozen=True)
class _Stretch:
    """Part of a placement with one legal status: ``last_day`` inclusive, None if open."""

    placement: Placement
    start: date
    last_day: date | None
    legal_status: str | None


def _status_on(periods, day: date) -> str | None:
    for period in sorted(periods, key=lambda period: period.start_date, reverse=True):
        if period.start_date <= day and (period.end_date is None or day <= period.end_date):
            return period.code
    return None


def _stretches(child: Child) -> list[_Stretch]:
    """The child's started placements, each cut where the legal status changes."""
    placements = sorted(
        (
            placement
            for placement in child.placements
            if placement.stage == PlacementStage.STARTED.value
        ),
        key=lambda placement: (placement.start_date, placement.id),
    )
    periods = list(child.legal_statuses)
    stretches = []
    for placement in placements:
        cuts = sorted(
            {
                period.start_date
                for period in periods
                if placement.start_date < period.start_date
                and (placement.end_date is None or period.start_date <= placement.end_date)
            }
        )
        starts = [placement.start_date, *cuts]
        for index, start in enumerate(starts):
            last_day = (
                starts[index + 1] - timedelta(days=1)
                if index + 1 < len(starts)
                else placement.end_date
            )
            stretches.append(_Stretch(placement, start, last_day, _status_on(periods, start)))
    return stretches


def _continues(earlier: _Stretch, later: _Stretch) -> bool:
    return earlier.last_day is not None and later.start <= earlier.last_day + timedelta(days=1)


def _new_episode_reason(before: _Stretch | None, stretch: _Stretch) -> str:
    if before is None or not _continues(before, stretch):
        return codes.RNE_STARTED
    if before.placement is stretch.placement:
        return codes.RNE_LEGAL_STATUS
    changed = None not in (before.legal_status, stretch.legal_status)
    return (
        codes.RNE_BOTH
        if changed and before.legal_status != stretch.legal_status
        else codes.RNE_PLACEMENT
    )


def child_episodes(child: Child) -> list[Episode]:
    """Every episode of ``child``'s care in the ledger, oldest first."""
    stretches = _stretches(child)
    episodes = []
    for index, stretch in enumerate(stretches):
        placement = stretch.placement
        before = stretches[index - 1] if index else None
        after = stretches[index + 1] if index + 1 < len(stretches) else None
        moves_on = after is not None and _continues(stretch, after)
        provider = placement.provider
        episodes.append(
            Episode(
                child_id=child.id,
                CHILD=child.reference,
                SEX=codes.sex_code(child.sex),
                DOB=child.date_of_birth,
                ETHNIC=codes.ethnic_code(child.ethnicity),
                DECOM=stretch.start,
                RNE=_new_episode_reason(before, stretch),
                LS=stretch.legal_status,
                CIN=None,  # the service does not record the category of need
                PLACE=codes.place_code(placement.provider_type, child.placement_type),
                PLACE_PROVIDER=codes.provider_code(
                    placement.provider_type, placement.not_for_profit
                ),
                DEC=None if stretch.last_day is None else stretch.last_day + timedelta(days=1),
                REC=codes.REC_CONTINUES
                if moves_on
                else codes.care_ended_code(placement.end_reason, placement.end_planned)
                if stretch.last_day is not None
                else None,
                REASON_PLACE_CHANGE=codes.place_change_code(placement.end_reason)
                if moves_on and after.placement is not placement
                else None,
                HOME_POST=codes.postcode_code(child.home_postcode),
                PL_POST=codes.postcode_code(getattr(provider, "postcode", None)),
                URN=None,  # the provider register holds no Ofsted URNs
                PL_LA=getattr(provider, "local_authority", None),
                name=f"{child.given_name} {child.family_name}",
                first_ever=index == 0,
            )
        )
    return episodes


def in_year(episode: Episode, year: CollectionYear) -> bool:
    return episode.DECOM <= year.last_day and (episode.DEC is None or episode.DEC >= year.first_day)


def as_at_year_end(episode: Episode, year: CollectionYear) -> Episode:
    """The episode as that year's return holds it: still open if it ceased after 31 March."""
    if episode.DEC is not None and episode.DEC > year.last_day:
        episode.DEC = None
        episode.REC = None
        episode.REASON_PLACE_CHANGE = None
    return episode


def year_episodes(year: CollectionYear) -> list[Episode]:
    """Every episode open at some time in ``year``, by child reference then start date."""
    last_day_in_care = year.first_day - timedelta(days=1)
    children = db.session.scalars(
        select(Child)
        .where(
            Child.placements.any(
                (Placement.stage == PlacementStage.STARTED.value)
                & (Placement.start_date <= year.last_day)
                & or_(Placement.end_date.is_(None), Placement.end_date >= last_day_in_care)
            )
        )
        .options(
            selectinload(Child.placements).selectinload(Placement.carer),
            selectinload(Child.placements).selectinload(Placement.home),
            selectinload(Child.placements).selectinload(Placement.agency),
            selectinload(Child.legal_statuses),
        )
        .order_by(Child.reference)
    )
    rows = []
    for child in children:
        rows.extend(
            as_at_year_end(episode, year)
            for episode in child_episodes(child)
            if in_year(episode, year)
        )
    return rows
