"""What the sufficiency plan reads from a what-if scenario, and where it finds them.

Scenarios (new homes, recruited carers, re-matching) are built elsewhere
(``fostering/commissioning/scenarios/``). The plan needs only a summary of each, so it
asks for them through one function, ``plan_summaries()`` in
``fostering.commissioning.scenarios.plan``, which returns ``ScenarioSummary`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScenarioSummary:
    """A scenario as the plan uses it: what it adds and where it expects children to live."""

    id: int
    name: str
    new_homes: int = 0
    new_beds: int = 0
    recruited_carers: int = 0
    recruited_places: int = 0
    children_in_house: int = 0
    children_for_profit: int = 0
    # The scenario's own words for each step (one line each), in the page's language.
    steps: tuple[str, ...] = field(default_factory=tuple)


def summaries() -> list[ScenarioSummary]:
    """Every scenario a plan may use: the finished ones."""
    from fostering.commissioning.scenarios.plan import plan_summaries

    return plan_summaries()


def find(scenario_id: int | None) -> ScenarioSummary | None:
    if scenario_id is None:
        return None
    return next((s for s in summaries() if s.id == scenario_id), None)
