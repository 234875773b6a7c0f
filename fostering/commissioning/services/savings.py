"""What matching saved: each run's accepted proposals against the baseline search.

For the children whose proposal was accepted and whom the baseline search would also
have placed, the weekly cost of the accepted proposals is compared with the baseline's
weekly cost for the same children. Runs are dated by when they were started; the
provider filters apply to the accepted provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from fostering.commissioning.services.filters import Filters
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.matching_run import Decision, MatchingOutcome, MatchingRun
from fostering.models.placement import ProviderType
from fostering.models.provider import AgencyKind
from fostering.web.formatting import money_from_pounds


def yearly_sentence(saved: Decimal) -> str:
    """What matching saved in a year, as a sentence: never "save £-1,669.68"."""
    amount = money_from_pounds(abs(saved))
    if saved > 0:
        return _("Together they save %(amount)s a year against the baseline search.", amount=amount)
    if saved < 0:
        return _(
            "Together they cost %(amount)s a year more than the baseline search would have.",
            amount=amount,
        )
    return _("Together they cost the same as the baseline search would have.")


@dataclass(frozen=True)
class RunSaving:
    run_id: int
    created_at: datetime
    children: int
    weekly_cost_pence: int
    baseline_weekly_cost_pence: int

    @property
    def saved_pence(self) -> int:
        return self.baseline_weekly_cost_pence - self.weekly_cost_pence


def outcome_provider_type():
    return case(
        (MatchingOutcome.carer_id.is_not(None), ProviderType.IN_HOUSE_FOSTER.value),
        (MatchingOutcome.home_id.is_not(None), ProviderType.COUNCIL_HOME.value),
        (Agency.kind == AgencyKind.FOSTERING_AGENCY.value, ProviderType.FOSTERING_AGENCY.value),
        (Agency.kind == AgencyKind.PRIVATE_HOME.value, ProviderType.PRIVATE_RESIDENTIAL.value),
        else_=ProviderType.OTHER.value,
    )


def run_savings(filters: Filters) -> list[RunSaving]:
    outcome = MatchingOutcome
    stmt = (
        select(
            MatchingRun.id,
            MatchingRun.created_at,
            func.count(outcome.id),
            func.sum(outcome.weekly_cost_pence),
            func.sum(outcome.baseline_weekly_cost_pence),
        )
        .join(outcome, outcome.run_id == MatchingRun.id)
        .outerjoin(FosterCarer, FosterCarer.id == outcome.carer_id)
        .outerjoin(ChildrensHome, ChildrensHome.id == outcome.home_id)
        .outerjoin(Agency, Agency.id == outcome.agency_id)
        .where(
            outcome.decision == Decision.ACCEPTED.value,
            outcome.weekly_cost_pence.is_not(None),
            outcome.baseline_weekly_cost_pence.is_not(None),
            MatchingRun.created_at >= datetime.combine(filters.start, time.min, UTC),
            MatchingRun.created_at
            < datetime.combine(filters.end + timedelta(days=1), time.min, UTC),
        )
        .group_by(MatchingRun.id, MatchingRun.created_at)
        .order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
    )
    if filters.provider_type:
        stmt = stmt.where(outcome_provider_type() == filters.provider_type)
    if filters.provider:
        stmt = stmt.where(getattr(outcome, filters.provider.column) == filters.provider.id)
    if filters.area:
        area = func.coalesce(
            FosterCarer.local_authority, ChildrensHome.local_authority, Agency.local_authority
        )
        stmt = stmt.where(area == filters.area)
    return [
        RunSaving(row[0], row[1], int(row[2]), int(row[3] or 0), int(row[4] or 0))
        for row in db.session.execute(stmt)
    ]
