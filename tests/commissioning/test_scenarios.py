"""What-if scenarios: the hand-computed council, the changes' rules, the job's states."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from fostering.commissioning.scenarios import changes, instance, runner, summary
from fostering.commissioning.scenarios.errors import ScenarioError
from fostering.extensions import db
from fostering.models import Role, Scenario
from fostering.models.scenario import ScenarioStatus
from fostering.models.types import utcnow
from fostering.services import jobs
from tests.commissioning.scenarios_data import (
    CARDIFF,
    new_scenario,
    one_home_of_two_beds,
    out_of_county_council,
    placement_state,
)
from tests.conftest import wait_for_background_jobs
from tests.factories import create_home, create_user, load_postcodes


def finished(scenario_id: int) -> Scenario:
    wait_for_background_jobs(120)
    db.session.expire_all()
    return db.session.get(Scenario, scenario_id)


@pytest.mark.commits  # its job runs in a thread
def test_one_home_of_two_beds_brings_two_children_back_and_changes_nothing(app, db_session):
    commissioner = create_user(role=Role.COMMISSIONER)
    council = out_of_county_council()
    before = placement_state()
    scenario = new_scenario(commissioner)
    runner.start(scenario, actor=commissioner)
    scenario = finished(scenario.id)
    assert scenario.status == "completed", scenario.error
    result = scenario.result
    today, changed = result["today"], result["scenario"]
    assert (today["children"], today["placed"], today["in_house"]) == (3, 3, 0)
    assert (today["out_of_county"], today["for_profit"]) == (3, 3)
    assert (changed["placed"], changed["in_house"]) == (3, 2)
    assert (changed["out_of_county"], changed["for_profit"]) == (1, 1)
    assert today["weekly_pence"] == 1_500_000
    assert changed["weekly_pence"] == 1_300_000
    assert today["weekly_pence"] - changed["weekly_pence"] == 200_000
    assert summary.yearly_pounds(changed["weekly_pence"]) == Decimal("678307.50")
    assert summary.yearly_pounds(today["weekly_pence"]) == Decimal("782662.50")
    [place] = result["new_places"]
    assert (place["capacity"], place["filled"], place["from_out_of_county"]) == (2, 2, 2)
    assert place["from"] == {"private_residential": 2}
    references = {child.reference for child in council.children}
    assert len(result["moves"]) == 2
    assert {move["child"] for move in result["moves"]} <= references
    for move in result["moves"]:
        assert move["today"]["label"] == "Hillside Children's Homes"
        assert move["scenario"]["new"] and not move["scenario"]["out_of_county"]
    from fostering.models import AuditEvent

    actions = {e.action for e in db.session.query(AuditEvent).filter_by(object_type="scenarios")}
    assert {"scenario_created", "scenario_changed", "scenario_run_started"} <= actions
    # Nothing real changed: placements, and every provider's occupancy.
    assert placement_state() == before
    assert db.session.query(Scenario).count() == 1


@pytest.mark.commits  # its job runs in a thread
def test_without_placed_children_only_those_waiting_are_matched(app, db_session):
    commissioner = create_user(role=Role.COMMISSIONER)
    out_of_county_council()
    scenario = new_scenario(commissioner, include_placed=False)
    runner.start(scenario, actor=commissioner)
    scenario = finished(scenario.id)
    assert (scenario.status, scenario.error) == ("failed", "no_children")


@pytest.mark.commits  # the monitor writes on a connection of its own
def test_a_scenario_runs_on_rq_with_a_real_redis_server(app, db_session, redis_url):
    from rq import SimpleWorker

    app.config["REDIS_URL"] = redis_url
    commissioner = create_user(role=Role.COMMISSIONER)
    out_of_county_council()
    scenario = runner.start(new_scenario(commissioner), actor=commissioner)
    scenario_id = scenario.id
    assert jobs.job_state(scenario.job_id) == "queued"
    connection = jobs.redis_connection()
    SimpleWorker([jobs.queue(connection)], connection=connection).work(burst=True)
    scenario = finished(scenario_id)
    assert scenario.status == "completed", scenario.error
    assert scenario.result["scenario"]["in_house"] == 2


@pytest.mark.commits  # its job runs in a thread
def test_a_solver_crash_fails_the_scenario_with_a_sentence(app, db_session, monkeypatch):
    commissioner = create_user(role=Role.COMMISSIONER)
    out_of_county_council()

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runner.matching, "solve", crash)
    scenario = runner.start(new_scenario(commissioner), actor=commissioner)
    scenario = finished(scenario.id)
    assert (scenario.status, scenario.error, scenario.result) == ("failed", "internal", None)


@pytest.mark.commits  # its job runs in a thread; the monitor writes on its own connection
def test_progress_is_written_while_solving_and_a_cancel_stops_it(app, db_session, monkeypatch):
    commissioner = create_user(role=Role.COMMISSIONER)
    out_of_county_council()
    seen = []
    real_solve = runner.matching.solve

    def watched(instance, *, time_limit, on_progress, should_stop, **options):
        # The monitor wrote the stage before solving; the test asks to cancel during
        # the first solve, and the monitor's next beat passes it on.
        row = db.session.get(Scenario, scenario_id)
        db.session.refresh(row)
        seen.append((row.status, row.progress_stage))
        runner.request_cancel(row, actor=None)
        monitor_beat = getattr(on_progress, "__self__", None)
        monitor_beat.beat()
        assert should_stop()
        return real_solve(instance, time_limit=time_limit)

    monkeypatch.setattr(runner.matching, "solve", watched)
    # The id is known before the job starts: the job's thread may call ``watched``
    # before ``start`` has returned here.
    scenario = new_scenario(commissioner)
    scenario_id = scenario.id
    runner.start(scenario, actor=commissioner)
    scenario = finished(scenario_id)
    assert seen == [("running", "today")]
    assert scenario.status == "cancelled"
    assert scenario.result is None


def test_a_stale_heartbeat_fails_a_running_scenario_when_read(app, db_session):
    scenario = Scenario(name="Stale", status=ScenarioStatus.RUNNING.value, job_id="scenario-x",
                        heartbeat_at=utcnow() - timedelta(seconds=600))  # fmt: skip
    db.session.add(scenario)
    db.session.commit()
    runner.check_stale(scenario)
    assert (scenario.status, scenario.error) == ("failed", "worker_stopped")


def test_a_queued_scenario_is_cancelled_at_once(app, db_session):
    scenario = Scenario(name="Queued", status=ScenarioStatus.QUEUED.value, changes=[{}])
    db.session.add(scenario)
    db.session.commit()
    runner.request_cancel(scenario, actor=None)
    assert scenario.status == "cancelled"
    with pytest.raises(ScenarioError) as refused:
        runner.request_cancel(scenario, actor=None)
    assert "not running" in str(refused.value)


def test_a_running_scenario_cannot_be_changed_or_started_again(app, db_session):
    load_postcodes()
    scenario = Scenario(name="Busy", status=ScenarioStatus.RUNNING.value, changes=[],
                        heartbeat_at=utcnow())  # fmt: skip
    db.session.add(scenario)
    db.session.commit()
    for attempt in (
        lambda: runner.add_change(scenario, one_home_of_two_beds(), actor=None),
        lambda: runner.remove_change(scenario, 0, actor=None),
        lambda: runner.start(scenario, actor=None),
    ):
        with pytest.raises(ScenarioError) as refused:
            attempt()
        assert "is running" in str(refused.value)


def test_a_scenario_with_no_changes_is_not_run(app, db_session):
    scenario = runner.create(actor=None, name="Nothing", include_placed=False)
    with pytest.raises(ScenarioError) as refused:
        runner.start(scenario, actor=None)
    assert str(refused.value) == "Add at least one change before running the scenario"
    assert scenario.status == "draft"


# --- The changes' rules ----------------------------------------------------------------


def home(**overrides):
    values = dict(count=5, beds=5, postcode=None, area=CARDIFF, min_age=8, max_age=17,
                  weekly_cost_pence=400_000, known_skills=set())  # fmt: skip
    return changes.open_homes(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "field", "sentence"),
    [
        ({"beds": 6}, "beds", "at most 5 beds: enter 5 or fewer"),
        ({"beds": 0}, "beds", "at least 1 bed"),
        ({"count": -1}, "count", "from 1 to 50"),
        ({"count": 0}, "count", "from 1 to 50"),
        ({"area": None, "postcode": "CF99 9ZZ"}, "postcode", "We cannot find that postcode"),
        ({"area": None, "postcode": "not one"}, "postcode", "Enter a real postcode"),
        ({"area": None}, "postcode", "Enter a postcode or choose an area"),
        ({"postcode": "CF10 1AA"}, "postcode", "not both"),
        ({"area": "W06000001"}, "area", "no postcodes in that area"),
        ({"min_age": 12, "max_age": 9}, "max_age", "youngest age must not be more"),
        ({"weekly_cost_pence": -1}, "weekly_cost", "weekly cost"),
    ],
)
def test_new_homes_are_refused_with_a_clear_sentence(app, db_session, overrides, field, sentence):
    load_postcodes()
    with pytest.raises(ScenarioError) as refused:
        home(**overrides)
    assert refused.value.field == field
    assert sentence in str(refused.value)


def test_new_places_by_postcode_or_spread_over_an_area(app, db_session):
    load_postcodes()
    at_postcode = home(area=None, postcode="cf10 1aa")
    assert at_postcode["where"] == {"postcode": "CF10 1AA"}
    from fostering.commissioning.scenarios import locations

    assert locations.points(at_postcode["where"], 2) == [(318_000, 176_000, CARDIFF)] * 2
    # Cardiff's two test postcodes, west to east: one provider each, at each postcode.
    assert locations.points({"area": CARDIFF}, 2) == [
        (316_000, 180_000, CARDIFF),
        (318_000, 176_000, CARDIFF),
    ]
    assert locations.points({"area": CARDIFF}, 1) == [(317_000, 178_000, CARDIFF)]


def test_carers_places_closures_and_rates_are_checked(app, db_session):
    load_postcodes()
    carers = dict(count=20, places=2, postcode="CF14 2AA", area=None, min_age=11, max_age=17,
                  weekly_cost_pence=45_000, known_skills=set())  # fmt: skip
    made = changes.recruit_carers(**carers, fee_level=" Level 3 ")
    assert (made["count"], made["places"], made["fee_level"]) == (20, 2, "Level 3")
    for overrides, sentence in (
        ({"places": 7}, "from 1 to 6"),
        ({"count": 501}, "from 1 to 500"),
        ({"sexes": ["Q"]}, "Choose from the list"),
    ):
        with pytest.raises(ScenarioError) as refused:
            changes.recruit_carers(**(carers | overrides))
        assert sentence in str(refused.value)
    kept = create_home(name="Tŷ Derw")
    closed = changes.close_providers(references=f"{kept.reference.lower()}, ")
    assert closed["providers"] == [f"K{kept.id}"]
    with pytest.raises(ScenarioError) as refused:
        changes.close_providers(references="NOPE1")
    assert str(refused.value) == "There is no open provider with the reference NOPE1"
    with pytest.raises(ScenarioError):
        changes.close_providers()
    assert changes.change_rates(rate_kind="ifa", percent="+10%")["percent"] == "10"
    for bad in ("abc", "-95", "250", "1.234", "nan"):
        with pytest.raises(ScenarioError):
            changes.change_rates(rate_kind="ifa", percent=bad)
    with pytest.raises(ScenarioError):
        changes.change_rates(rate_kind="everyone", percent="5")
    assert changes.scaled_pence(95_000, "10") == 104_500
    assert changes.scaled_pence(1, "50") == 2  # half-up


def test_changes_applied_to_the_instance(app, db_session):
    load_postcodes()
    today = {
        "policy": {"not_for_profit_only": False},
        "children": [{"id": "C1", "avoid": ["C9"]}],
        "carers": [{"id": "H1", "weekly_cost": 300, "residents": []}],
        "homes": [{"id": "K1", "weekly_cost": 4000, "residents": ["C9"]}],
        "agencies": [
            {"id": "A1", "setting": "foster", "weekly_cost": 950},
            {"id": "A2", "setting": "residential", "weekly_cost": 5000},
        ],
    }
    facts: dict = {}
    scenario = instance.apply_changes(
        today,
        [
            {"kind": "close_providers", "providers": ["K1"]},
            {"kind": "not_for_profit_only"},
            {"kind": "change_rates", "rate_kind": "ifa", "percent": "10"},
            one_home_of_two_beds(),
        ],
        facts,
    )
    assert [h["id"] for h in scenario["homes"]] == ["S4K1"]
    assert scenario["homes"][0]["beds"] == 2 and scenario["homes"][0]["weekly_cost"] == 4000
    assert scenario["policy"]["not_for_profit_only"] is True
    assert [a["weekly_cost"] for a in scenario["agencies"]] == [1045, 5000]
    assert scenario["children"][0]["avoid"] == []  # K1's resident is gone with it
    assert today["homes"][0]["id"] == "K1"  # today's instance is untouched
    assert facts["S4K1"].change == 4 and facts["S4K1"].capacity == 2
