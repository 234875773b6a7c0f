"""Who a matching run cannot consider, and why, before it starts.

A child or provider the instance leaves out for a reason in the data (no located
postcode, no agreed weekly rate, on hold, no places, a kind matching cannot use) would
otherwise disappear from the run without a word. The run's start page lists each one
with its reasons, so the officer can fix the record first (``matching_instance`` applies
the same filters; this module only explains them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer
from fostering.models.carer import ENDED_STATUSES, CarerStatus
from fostering.models.child import ChildStatus
from fostering.models.provider import AgencyKind, ProviderStatus
from fostering.recruitment.services.carer_status import current_changes

NOT_LOCATED = _l("The postcode is not in the postcode directory, so distances are unknown")
NO_RATE = _l("No weekly rate is recorded")
ON_HOLD = _l("On hold")
# A hold recorded with its reason and the date it is to be reviewed.
ON_HOLD_BECAUSE = _l("On hold until the hold is reviewed on %(date)s: %(reason)s")
NO_PLACES = _l("No places are agreed")
OTHER_KIND = _l("Its kind of provision is not one matching proposes")
# Where a provider's record is changed.
KIND_ENDPOINTS = {"carer": "carer", "home": "home", "agency": "agency"}


@dataclass
class Blocked:
    """One child or provider a run cannot consider, and every reason why."""

    kind: str  # "child", "carer", "home" or "agency"
    id: int
    name: str
    reference: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class Readiness:
    children: list[Blocked]
    providers: list[Blocked]

    @property
    def clear(self) -> bool:
        return not (self.children or self.providers)


def _children() -> list[Blocked]:
    rows = db.session.execute(
        select(Child.id, Child.given_name, Child.family_name, Child.reference)
        .where(Child.status == ChildStatus.AWAITING.value)
        .where(or_(Child.home_easting.is_(None), Child.home_northing.is_(None)))
        .order_by(Child.family_name, Child.given_name, Child.id)
    )
    return [
        Blocked("child", ident, f"{given} {family}", ref, [str(NOT_LOCATED)])
        for ident, given, family, ref in rows
    ]


def _located(row) -> bool:
    return row.easting is not None and row.northing is not None


def _hold_reason(hold) -> str:
    if hold is None or hold.review_on is None:
        return str(ON_HOLD)
    return str(ON_HOLD_BECAUSE) % {
        "date": format_date(hold.review_on, "d MMMM yyyy"),
        "reason": hold.reason,
    }


def _carers() -> list[Blocked]:
    rows = db.session.execute(
        select(
            FosterCarer.id,
            FosterCarer.household_name,
            FosterCarer.reference,
            FosterCarer.status,
            FosterCarer.easting,
            FosterCarer.northing,
        )
        .where(FosterCarer.status.not_in(ENDED_STATUSES))
        .order_by(FosterCarer.household_name, FosterCarer.id)
    ).all()
    holds = current_changes(row.id for row in rows if row.status == CarerStatus.ON_HOLD.value)
    out = []
    for row in rows:
        reasons = []
        if row.status == CarerStatus.ON_HOLD.value:
            reasons.append(_hold_reason(holds.get(row.id)))
        if not _located(row):
            reasons.append(str(NOT_LOCATED))
        if reasons:  # a carer has at least one place (a check constraint)
            out.append(Blocked("carer", row.id, row.household_name, row.reference, reasons))
    return out


def _homes() -> list[Blocked]:
    rows = db.session.execute(
        select(
            ChildrensHome.id,
            ChildrensHome.name,
            ChildrensHome.reference,
            ChildrensHome.weekly_cost_pence,
            ChildrensHome.easting,
            ChildrensHome.northing,
        )
        .where(ChildrensHome.status == ProviderStatus.ACTIVE.value)
        .order_by(ChildrensHome.name, ChildrensHome.id)
    )
    out = []
    for row in rows:
        reasons = [] if _located(row) else [str(NOT_LOCATED)]
        if not row.weekly_cost_pence:
            reasons.append(str(NO_RATE))
        if reasons:
            out.append(Blocked("home", row.id, row.name, row.reference, reasons))
    return out


def _agencies() -> list[Blocked]:
    rows = db.session.execute(
        select(
            Agency.id,
            Agency.name,
            Agency.reference,
            Agency.kind,
            Agency.places,
            Agency.weekly_cost_pence,
            Agency.easting,
            Agency.northing,
        )
        .where(Agency.status == ProviderStatus.ACTIVE.value)
        .order_by(Agency.name, Agency.id)
    )
    out = []
    for row in rows:
        reasons = [] if _located(row) else [str(NOT_LOCATED)]
        if row.kind == AgencyKind.OTHER.value:
            reasons.append(str(OTHER_KIND))
        if not row.weekly_cost_pence:
            reasons.append(str(NO_RATE))
        if row.places is not None and row.places <= 0:
            reasons.append(str(NO_PLACES))
        if reasons:
            out.append(Blocked("agency", row.id, row.name, row.reference, reasons))
    return out


def readiness() -> Readiness:
    """Every waiting child and open provider a run cannot consider, with the reasons."""
    return Readiness(children=_children(), providers=[*_carers(), *_homes(), *_agencies()])
