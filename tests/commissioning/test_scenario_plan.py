"""The sufficiency plan reads finished scenarios: their steps and where children would live."""

from datetime import UTC, datetime

from fostering.commissioning.scenarios.plan import plan_summaries
from fostering.commissioning.sufficiency_plan import scenario as plan_scenarios
from fostering.extensions import db
from fostering.models import Scenario

HOMES = {
    "kind": "open_homes", "count": 5, "beds": 5, "where": {"postcode": "CF10 1AA"},
    "min_age": 11, "max_age": 17, "skills": [], "welsh_speaking": False,
    "weekly_cost_pence": 450_000,
}  # fmt: skip
CARERS = {
    "kind": "recruit_carers", "count": 20, "places": 2, "where": {"postcode": "CF10 1AA"},
    "min_age": 11, "max_age": 17, "sexes": [], "placement_types": ["long_term"],
    "skills": [], "welsh_speaking": False, "weekly_cost_pence": 60_000,
}  # fmt: skip


def _scenario(name: str, status: str, result: dict | None = None) -> Scenario:
    scenario = Scenario(
        name=name, changes=[HOMES, CARERS], status=status, result=result,
        finished_at=datetime(2026, 12, 1, tzinfo=UTC) if result else None,
    )  # fmt: skip
    db.session.add(scenario)
    db.session.commit()
    return scenario


def test_a_finished_scenario_is_summed_for_the_plan_and_an_unrun_one_is_not(app, db_session):
    figures = {"in_house": 131, "for_profit": 12}
    done = _scenario("Homes and carers", "completed", {"scenario": figures, "today": {}})
    _scenario("Not run", "draft")

    [summary] = plan_summaries()
    assert summary.id == done.id and summary.name == "Homes and carers"
    assert (summary.new_homes, summary.new_beds) == (5, 25)
    assert (summary.recruited_carers, summary.recruited_places) == (20, 40)
    assert (summary.children_in_house, summary.children_for_profit) == (131, 12)
    assert summary.steps[0].startswith("5 new council homes of 5 beds each in CF10 1AA")
    assert summary.steps[1].startswith("20 new carer households of 2 places each")
    assert plan_scenarios.find(done.id) == summary
    assert plan_scenarios.find(done.id + 1) is None
