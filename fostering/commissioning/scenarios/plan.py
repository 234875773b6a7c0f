"""What the sufficiency plan reads from the scenarios: one summary of each finished one.

The plan (``commissioning/sufficiency_plan/``) needs only the steps a scenario takes and
where it expects children to live, not its runs; scenarios not run to the end have no
figures, so the plan is offered only finished ones.
"""

from __future__ import annotations

from sqlalchemy import select

from fostering.commissioning.scenarios.changes import ChangeKind, describe
from fostering.commissioning.sufficiency_plan.scenario import ScenarioSummary
from fostering.extensions import db
from fostering.models import Scenario
from fostering.models.scenario import ScenarioStatus


def summary_of(scenario: Scenario) -> ScenarioSummary:
    changes = scenario.changes or []
    homes = [c for c in changes if c["kind"] == ChangeKind.OPEN_HOMES.value]
    carers = [c for c in changes if c["kind"] == ChangeKind.RECRUIT_CARERS.value]
    figures = (scenario.result or {}).get("scenario", {})
    return ScenarioSummary(
        id=scenario.id,
        name=scenario.name,
        new_homes=sum(c["count"] for c in homes),
        new_beds=sum(c["count"] * c["beds"] for c in homes),
        recruited_carers=sum(c["count"] for c in carers),
        recruited_places=sum(c["count"] * c["places"] for c in carers),
        children_in_house=int(figures.get("in_house", 0)),
        children_for_profit=int(figures.get("for_profit", 0)),
        steps=tuple(str(describe(change).text) for change in changes),
    )


def plan_summaries() -> list[ScenarioSummary]:
    """Every finished scenario, newest first."""
    finished = db.session.scalars(
        select(Scenario)
        .where(Scenario.status == ScenarioStatus.COMPLETED.value)
        .order_by(Scenario.finished_at.desc(), Scenario.id.desc())
    )
    return [summary_of(scenario) for scenario in finished]
