"""A child's episodes of care for a collection year, built from the placement ledger.

An SSDA903 episode is a stretch of care with one placement and one legal status: a new
one starts whenever either changes. The service records placements (and, once the
child's profile holds it, legal status over time), so each placement is an episode. A
placement that starts the day after the previous one ended (the ledger's end date is the
last day of care) continues the same period of care: the earlier episode ceased on the
later one's start date with reason X1, and the later one's reason for new episode is P
(the placement changed). The first placement of a period of care starts with S.

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


def _continues(earlier: Placement, later: Placement) -> bool:
    return earlier.end_date is not None and later.start_date <= earlier.end_date + timedelta(days=1)


def child_episodes(child: Child) -> list[Episode]:
    """Every episode of ``child``'s care in the ledger, oldest first."""
    placements = sorted(
        child.placements, key=lambda placement: (placement.start_date, placement.id)
    )
    episodes = []
    for index, placement in enumerate(placements):
        before = placements[index - 1] if index else None
        after = placements[index + 1] if index + 1 < len(placements) else None
        continued = before is not None and _continues(before, placement)
        provider = placement.provider
        ceased = None if placement.end_date is None else placement.end_date + timedelta(days=1)
        episodes.append(
            Episode(
                child_id=child.id,
                CHILD=child.reference,
                SEX=codes.sex_code(child.sex),
                DOB=child.date_of_birth,
                ETHNIC=None,  # the service does not record ethnicity
                DECOM=placement.start_date,
                RNE=codes.RNE_PLACEMENT if continued else codes.RNE_STARTED,
                LS=None,  # the service does not record legal status
                CIN=None,  # nor the category of need
                PLACE=codes.place_code(placement.provider_type, child.placement_type),
                PLACE_PROVIDER=codes.provider_code(
                    placement.provider_type, placement.not_for_profit
                ),
                DEC=ceased,
                REC=codes.REC_CONTINUES
                if after is not None and _continues(placement, after)
                else None,  # why care ended is not recorded
                REASON_PLACE_CHANGE=None,  # nor why a placement ended
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
                (Placement.start_date <= year.last_day)
                & or_(Placement.end_date.is_(None), Placement.end_date >= last_day_in_care)
            )
        )
        .options(
            selectinload(Child.placements).selectinload(Placement.carer),
            selectinload(Child.placements).selectinload(Placement.home),
            selectinload(Child.placements).selectinload(Placement.agency),
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
