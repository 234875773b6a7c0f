"""The run's start page lists every child and provider a run cannot consider, and why."""

from __future__ import annotations

from fostering.extensions import db
from fostering.placements.services.matching_readiness import readiness
from tests.conftest import page_text
from tests.factories import create_agency, create_child, create_home
from tests.pages import parsed
from tests.placements.matching_data import located_carer
from tests.placements.test_matching_pages import _officer


def _council():
    create_child(given_name="Fine")
    lost = create_child(given_name="Lost", family_name="Child", home_grid=None)
    create_child(given_name="Closed", home_grid=None, status="closed")
    located_carer(grid=(318_000, 176_000), household_name="The Good household")
    held = located_carer(grid=(318_000, 176_000), household_name="The Held household")
    held.status = "on_hold"
    unplaced = located_carer(grid=(318_000, 176_000), household_name="The Lost household")
    unplaced.easting = unplaced.northing = None
    resigned = located_carer(grid=(318_000, 176_000), household_name="The Gone household")
    resigned.status = "resigned"
    create_home(name="Tŷ Heb Gost", weekly_cost_pence=0)
    create_agency(name="Nowhere Agency", grid=None)
    create_agency(name="Lodgings Ltd", kind="other", places=0)
    create_agency(name="Good Agency")
    db.session.commit()
    return lost


def test_readiness_lists_each_blocked_record_with_every_reason(app, db_session):
    lost = _council()
    found = readiness()
    assert [(c.name, c.id) for c in found.children] == [("Lost Child", lost.id)]
    reasons = {p.name: p.reasons for p in found.providers}
    assert set(reasons) == {
        "The Held household",
        "The Lost household",
        "Tŷ Heb Gost",
        "Nowhere Agency",
        "Lodgings Ltd",
    }
    assert reasons["The Held household"] == ["On hold"]
    assert len(reasons["The Lost household"]) == 1
    assert reasons["Tŷ Heb Gost"] == ["No weekly rate is recorded"]
    assert reasons["Nowhere Agency"][0].startswith("The postcode is not in the postcode directory")
    assert reasons["Lodgings Ltd"] == [
        "Its kind of provision is not one matching proposes",
        "No places are agreed",
    ]


def test_the_start_page_shows_them_before_the_run(app, client):
    _officer(client)
    lost = _council()
    response = client.get("/placements/runs/new")
    soup = parsed(response.get_data(as_text=True))
    children = soup.select_one("#blocked-children")
    assert "1 child waiting cannot be matched" in children.caption.get_text()
    link = children.select_one("a")
    assert link["href"] == f"/placements/children/{lost.id}" and link.get_text() == "Lost Child"
    providers = soup.select_one("#blocked-providers").get_text(" ", strip=True)
    assert "5 providers cannot be matched as recorded" in providers
    assert "The Held household" in providers and "On hold" in providers
    assert "The Good household" not in providers and "The Gone household" not in providers


def test_a_clean_register_says_so(app, client):
    _officer(client)
    create_child()
    assert "Every child waiting and every open provider has what matching needs." in page_text(
        client.get("/placements/runs/new")
    )
