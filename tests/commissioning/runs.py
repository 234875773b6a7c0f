"""Matching runs and outcomes made directly, for the sufficiency and savings tests."""

from __future__ import annotations

from datetime import UTC, datetime

from fostering.extensions import db
from fostering.models.matching_run import MatchingOutcome, MatchingRun
from tests.factories import create_child


def create_run(*, created_at: datetime | None = None, status: str = "completed") -> MatchingRun:
    run = MatchingRun(status=status, created_at=created_at or datetime(2026, 2, 1, tzinfo=UTC))
    db.session.add(run)
    db.session.commit()
    return run


def add_outcome(
    run: MatchingRun,
    *,
    child=None,
    age: int = 12,
    needs: list[str] | None = None,
    placement_type: str = "long_term",
    area: str | None = "W06000015",
    provider=None,
    weekly_cost_pence: int | None = None,
    baseline_weekly_cost_pence: int | None = None,
    decision: str | None = None,
) -> MatchingOutcome:
    from fostering.models import Agency, ChildrensHome, FosterCarer

    outcome = MatchingOutcome(
        run_id=run.id,
        child_id=(child or create_child()).id,
        age=age,
        setting="foster",
        placement_type=placement_type,
        needs=needs or [],
        area=area,
        carer_id=provider.id if isinstance(provider, FosterCarer) else None,
        home_id=provider.id if isinstance(provider, ChildrensHome) else None,
        agency_id=provider.id if isinstance(provider, Agency) else None,
        in_house=None if provider is None else not isinstance(provider, Agency),
        weekly_cost_pence=weekly_cost_pence,
        baseline_weekly_cost_pence=baseline_weekly_cost_pence,
        decision=decision,
    )
    db.session.add(outcome)
    db.session.commit()
    return outcome
