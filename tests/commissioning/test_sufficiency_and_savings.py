"""Sufficiency from matching outcomes, and what matching saved, on small hand-made runs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from fostering.models import Role
from tests.commissioning.runs import add_outcome, create_run
from tests.commissioning.test_dashboard import RANGE, table
from tests.conftest import sign_in
from tests.factories import create_agency, create_carer, create_child, create_user


def _runs():
    agency = create_agency(name="Brightpath Fostering")
    carer = create_carer()
    earlier = create_run(created_at=datetime(2026, 1, 10, tzinfo=UTC))
    later = create_run(created_at=datetime(2026, 2, 10, tzinfo=UTC))
    a, b = create_child(), create_child()
    add_outcome(earlier, child=a, provider=carer)  # placed in-house then, not later
    add_outcome(later, child=a, age=12, needs=["challenging_behaviour"])
    add_outcome(later, child=b, age=13, needs=["challenging_behaviour"], provider=agency)
    add_outcome(later, age=3, placement_type="short_term", provider=carer)
    add_outcome(later, age=16, needs=["therapeutic", "autism"], provider=agency, area="W06000022")
    return earlier, later


def test_latest_run_by_default_grouped_with_the_places_it_would_take(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    _runs()
    html = client.get("/commissioning/sufficiency").get_data(as_text=True)
    assert table(html, "groups") == [
        [
            "11–15-year-olds (needs: Behaviour that challenges): 2 more in-house places",
            "Long term",
            "Cardiff",
            "1",
            "1",
            "2",
        ],
        [
            "16–17-year-olds (needs: Autism, Therapeutic care): 1 more in-house place",
            "Long term",
            "Newport",
            "0",
            "1",
            "1",
        ],
    ]
    assert table(html, "age") == [["11–15", "1", "1", "2"], ["16–17", "0", "1", "1"]]
    needs = {row[0]: row[1:] for row in table(html, "need")}
    assert needs["Behaviour that challenges"] == ["1", "1", "2"]
    assert needs["Autism"] == ["0", "1", "1"]
    exported = client.get("/commissioning/sufficiency/groups.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    # The export keeps the age band and needs columns the page puts in words.
    assert rows[1][1:3] == ["Age band", "Needs"]
    assert [row[-1] for row in rows[2:]] == ["2", "1"]


def test_a_chosen_run_and_area(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    earlier, _later = _runs()
    html = client.get(f"/commissioning/sufficiency?run={earlier.id}").get_data(as_text=True)
    assert "No unmet demand" in html
    html = client.get("/commissioning/sufficiency?area=W06000022").get_data(as_text=True)
    assert [row[-1] for row in table(html, "groups")] == ["1"]
    # Every run in January and February: each child's latest outcome counts once.
    html = client.get("/commissioning/sufficiency?from=2026-01-01&to=2026-02-28").get_data(
        as_text=True
    )
    assert sum(int(row[-1]) for row in table(html, "groups")) == 3


def test_sufficiency_bad_input(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    _runs()
    for query, message in (
        ("run=999", "Choose a finished matching run from the list"),
        ("run=abc", "Choose a finished matching run from the list"),
        ("from=yesterday", "The date the range starts must be a real date"),
        ("area=ZZ", "Choose an area from the list"),
    ):
        response = client.get(f"/commissioning/sufficiency?{query}")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_sufficiency_in_welsh_uses_the_welsh_need_names(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    _runs()
    client.get("/locale/cy")
    html = client.get("/commissioning/sufficiency").get_data(as_text=True)
    assert any("Ymddygiad heriol" in row[0] for row in table(html, "groups"))


def test_what_matching_saved(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    carer = create_carer()
    agency = create_agency()
    run = create_run()
    add_outcome(
        run,
        provider=carer,
        weekly_cost_pence=50_000,
        baseline_weekly_cost_pence=95_000,
        decision="accepted",
    )
    add_outcome(
        run,
        provider=carer,
        weekly_cost_pence=32_500,
        baseline_weekly_cost_pence=95_000,
        decision="accepted",
    )
    add_outcome(
        run,
        provider=agency,
        weekly_cost_pence=95_000,
        baseline_weekly_cost_pence=95_000,
        decision="rejected",
    )
    add_outcome(
        run,
        provider=carer,
        weekly_cost_pence=32_500,
        baseline_weekly_cost_pence=None,
        decision="accepted",
    )
    outside = create_run(created_at=datetime(2025, 5, 1, tzinfo=UTC))
    add_outcome(
        outside,
        provider=carer,
        weekly_cost_pence=1,
        baseline_weekly_cost_pence=2,
        decision="accepted",
    )
    html = client.get(f"/commissioning/?{RANGE}").get_data(as_text=True)
    rows = table(html, "savings")
    assert rows[0][0].endswith(", 1 February 2026")
    assert rows[0][1:] == ["2", "£825.00", "£1,900.00", "saves £1,075.00 a week"]
    assert rows[-1][0] == "Total to date" and rows[-1][-1] == "saves £1,075.00 a week"
    # £1,075 a week × 52.1775
    assert "Together they save £56,090.81 a year against the baseline search." in html
    html = client.get(f"/commissioning/?{RANGE}&type=ifa").get_data(as_text=True)
    assert "No accepted proposals in this range" in html
