"""The scenario pages: who may use them, building one, refusals, results, compare, export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from fostering.extensions import db
from fostering.models import AuditEvent, Role, Scenario
from fostering.models.scenario import ScenarioStatus
from tests.commissioning.scenarios_data import CARDIFF, placement_state
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_home, create_user, load_postcodes


def figures(placed, in_house, weekly_pence, out_of_county=0):
    return {"children": 3, "placed": placed, "in_house": in_house,
            "out_of_county": out_of_county, "for_profit": out_of_county,
            "weekly_pence": weekly_pence, "mean_km": 4.2, "median_km": 3.0,
            "school_known": 0, "school_kept": 0, "status": "optimal", "seconds": 0.1}  # fmt: skip


def completed(name: str, weekly_pence: int = 1_300_000) -> Scenario:
    place = {"kind": "home", "key": "S1K1", "label": "S1K1", "new": True, "in_house": True,
             "out_of_county": False}  # fmt: skip
    agency = {"kind": "agency", "key": "A1", "label": "Hillside", "new": False,
              "in_house": False, "out_of_county": True}  # fmt: skip
    result = {
        "run_date": "2026-12-06", "unlocated": 0, "waiting": 0,
        "today": figures(3, 0, 1_500_000, 3), "scenario": figures(3, 2, weekly_pence, 1),
        "moves": [{"child": "LAC000001", "now": {"kind": "private_residential",
                   "out_of_county": True}, "today": agency, "scenario": place}],
        "new_places": [{"key": "S1K1", "change": 1, "kind": "home", "capacity": 2,
                        "filled": 2, "from": {"private_residential": 2},
                        "from_out_of_county": 2, "out_of_county": False}],
    }  # fmt: skip
    scenario = Scenario(name=name, status=ScenarioStatus.COMPLETED.value, result=result,
                        changes=[{"kind": "not_for_profit_only"}])  # fmt: skip
    db.session.add(scenario)
    db.session.commit()
    return scenario


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.APPLICANT])
def test_only_commissioners_and_placement_officers_may_use_scenarios(app, client, role):
    scenario = completed("Private")
    sign_in(client, create_user(role=role))
    for url in ("/commissioning/scenarios", f"/commissioning/scenarios/{scenario.id}",
                f"/commissioning/scenarios/{scenario.id}/figures.csv"):  # fmt: skip
        assert client.get(url).status_code == 403


def test_an_officer_builds_a_scenario_and_a_refused_change_keeps_what_was_typed(app, client):
    load_postcodes()
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    assert "There are no scenarios yet" in page_text(client.get("/commissioning/scenarios"))
    response = form_post(client, "/commissioning/scenarios/new", {"name": " "})
    assert "Enter a name for the scenario" in page_text(response)
    response = form_post(client, "/commissioning/scenarios/new",
                         {"name": "Five homes", "include_placed": "y"})  # fmt: skip
    assert response.status_code == 302
    scenario = db.session.query(Scenario).one()
    assert scenario.include_placed and scenario.name == "Five homes"
    url = f"/commissioning/scenarios/{scenario.id}/changes/open_homes"
    typed = {"count": "5", "beds": "6", "area": CARDIFF, "min_age": "8", "max_age": "17",
             "welsh_speaking": "no", "weekly_cost": "4000"}  # fmt: skip
    response = form_post(client, url, typed)
    assert response.status_code == 200
    text = page_text(response)
    assert "A council children's home can have at most 5 beds: enter 5 or fewer" in text
    assert 'value="6"' in response.get_data(as_text=True)
    db.session.refresh(scenario)
    assert scenario.changes == []
    response = form_post(client, url, typed | {"beds": "5"})
    assert response.status_code == 302
    response = form_post(client, url, typed | {"beds": "5", "area": "", "postcode": "ZZ1 1ZZ"})
    assert "We cannot find that postcode" in page_text(response)
    response = form_post(client, url, typed | {"count": "-2", "beds": "5"})
    assert "Enter how many, a whole number from 1 to 50" in page_text(response)
    db.session.refresh(scenario)
    assert [c["count"] for c in scenario.changes] == [5]
    page = page_text(client.get(f"/commissioning/scenarios/{scenario.id}"))
    assert "5 new council homes of 5 beds each in Cardiff, for ages 8 to 17" in page
    assert "Run the scenario" in page
    home = create_home(name="Tŷ Derw")
    response = form_post(client, f"/commissioning/scenarios/{scenario.id}/changes/close_providers",
                         {"providers": [f"K{home.id}"]})  # fmt: skip
    assert response.status_code == 302
    response = form_post(client, f"/commissioning/scenarios/{scenario.id}/changes/change_rates",
                         {"rate_kind": "ifa", "percent": "ten"})  # fmt: skip
    assert "Enter the change as a percentage" in page_text(response)
    form_post(client, f"/commissioning/scenarios/{scenario.id}/changes/not-for-profit",
              token_from=f"/commissioning/scenarios/{scenario.id}")  # fmt: skip
    form_post(client, f"/commissioning/scenarios/{scenario.id}/changes/0/remove",
              token_from=f"/commissioning/scenarios/{scenario.id}")  # fmt: skip
    db.session.refresh(scenario)
    assert [c["kind"] for c in scenario.changes] == ["close_providers", "not_for_profit_only"]
    page = page_text(client.get(f"/commissioning/scenarios/{scenario.id}"))
    assert f"Tŷ Derw ({home.reference})" in page
    actions = [e.action for e in db.session.query(AuditEvent).filter_by(object_type="scenarios")]
    assert actions[0] == "scenario_created" and actions.count("scenario_changed") == 4


def test_a_finished_scenario_shows_the_figures_beside_today(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    scenario = completed("One home")
    text = page_text(client.get(f"/commissioning/scenarios/{scenario.id}"))
    assert "Weekly spend £15,000.00 £13,000.00 −£2,000.00" in text
    assert "Yearly spend (weekly × 52.1775) £782,662.50 £678,307.50 −£104,355.00" in text
    assert "Placed in-house 0 2 +2" in text
    assert "New council home 1 (change 1) In county 2 2 Private residential care: 2 2" in text
    assert "LAC000001 Private residential care, out of county Hillside, out of county" in text


def test_exports_are_named_after_the_scenario_formula_safe_and_audited(app, client):
    commissioner = create_user(role=Role.COMMISSIONER)
    sign_in(client, commissioner)
    scenario = completed("=Five homes")
    response = client.get(f"/commissioning/scenarios/{scenario.id}/figures.csv")
    assert response.status_code == 200
    assert 'filename="scenario-five-homes-figures.csv"' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Scenario,Run,Children matched,Children placed")
    assert lines[1].startswith("'=Five homes,Today,3,3,0,3,3,15000.00,782662.50")
    assert lines[2].startswith("'=Five homes,With the changes,3,3,2,1,1,13000.00,678307.50")
    response = client.get(f"/commissioning/scenarios/{scenario.id}/moves.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Child's reference", "Now", "Matched today", "Matched with the changes")
    assert rows[1][0] == "LAC000001"
    assert client.get(f"/commissioning/scenarios/{scenario.id}/nothing.csv").status_code == 404
    exported = db.session.query(AuditEvent).filter_by(action="scenario_exported").count()
    assert exported == 2


def test_two_scenarios_are_compared_side_by_side_and_exported(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    first, second = completed("Homes"), completed("Carers", weekly_pence=1_400_000)
    draft = Scenario(name="Draft", changes=[])
    db.session.add(draft)
    db.session.commit()
    listing = page_text(client.get("/commissioning/scenarios"))
    assert "Compare scenarios" in listing and "Not run yet" in listing
    url = f"/commissioning/scenarios/compare?ids={first.id}&ids={second.id}"
    text = page_text(client.get(url))
    assert "Weekly spend £15,000.00 £13,000.00 (−£2,000.00) £14,000.00 (−£1,000.00)" in text
    response = client.get(f"/commissioning/scenarios/compare.csv?ids={first.id}&ids={second.id}")
    assert 'filename="scenarios-homes-and-carers.csv"' in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["Homes", "Today"], ["Homes", "With the changes"],
        ["Carers", "Today"], ["Carers", "With the changes"],
    ]  # fmt: skip
    refused = client.get(f"/commissioning/scenarios/compare?ids={first.id}&ids={draft.id}")
    assert refused.status_code == 302
    follow = page_text(client.get("/commissioning/scenarios"))
    assert "Choose at least two scenarios that have finished running" in follow
    assert client.get(f"/commissioning/scenarios/compare.csv?ids={first.id}").status_code == 400


def test_pages_never_change_placements(app, client):
    load_postcodes()
    sign_in(client, create_user(role=Role.COMMISSIONER))
    before = placement_state()
    scenario = completed("Read only")
    client.get(f"/commissioning/scenarios/{scenario.id}")
    client.get(f"/commissioning/scenarios/{scenario.id}/figures.xlsx")
    assert placement_state() == before


def test_a_running_scenario_shows_its_progress_and_can_be_cancelled(app, client):
    from fostering.models.types import utcnow

    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    scenario = Scenario(
        name="Busy", status=ScenarioStatus.RUNNING.value, changes=[], heartbeat_at=utcnow(),
        started_at=utcnow(), time_limit_seconds=20, progress_stage="scenario",
        progress_placed=7, children_count=40,
    )  # fmt: skip
    db.session.add(scenario)
    db.session.commit()
    url = f"/commissioning/scenarios/{scenario.id}"
    text = page_text(client.get(url))
    assert "Matching with the changes (2 of 2)" in text and "Placed so far 7" in text
    assert "Children matched 40" in text and "of at most 40" in text
    response = form_post(client, f"{url}/cancel", token_from=url)
    assert response.status_code == 302
    db.session.refresh(scenario)
    assert scenario.cancel_requested
    failed = Scenario(name="Broken", status="failed", error="worker_stopped", changes=[])
    db.session.add(failed)
    db.session.commit()
    text = page_text(client.get(f"/commissioning/scenarios/{failed.id}"))
    assert "The scenario stopped because its worker stopped. Run it again." in text


def test_the_list_is_paged_newest_first(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    for number in range(1, 23):
        db.session.add(Scenario(name=f"Scenario number {number:02d}", changes=[]))
    db.session.commit()
    first = page_text(client.get("/commissioning/scenarios"))
    assert "Showing 1 to 20 of 22" in first and "Scenario number 22" in first
    second = page_text(client.get("/commissioning/scenarios?page=2"))
    assert "Showing 21 to 22 of 22" in second
    assert "Scenario number 01" in second and "Scenario number 22" not in second
