"""The provider register's pages: access, adding and changing providers, placements."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import Agency, AuditEvent, ChildrensHome, Postcode, Role
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_agency, create_carer, create_home, create_placement, create_user
from tests.pages import parsed


@pytest.fixture
def directory(app):
    db.session.add_all(
        [
            Postcode(postcode="CF14 2AA", easting=320_000, northing=175_000,
                     local_authority="W06000015"),
            Postcode(postcode="NP20 1AA", easting=331_000, northing=188_000,
                     local_authority="W06000022"),
        ]
    )  # fmt: skip
    db.session.commit()


@pytest.fixture
def officer(client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


HOME_FORM = {
    "name": "Tŷ Glas",
    "beds": "4",
    "postcode": "cf14 2aa",
    "min_age": "8",
    "max_age": "17",
    "sexes": ["F"],
    "placement_types": ["long_term"],
    "skills": ["autism"],
    "welsh_speaking": "yes",
    "weekly_cost": "3800.50",
}

AGENCY_FORM = {
    "name": "Bright Futures Fostering",
    "kind": "ifa",
    "not_for_profit": "yes",
    "places": "",
    "postcode": "NP20 1AA",
    "min_age": "0",
    "max_age": "17",
    "welsh_speaking": "no",
    "weekly_cost": "£1,234.56",
}


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.ADMINISTRATOR, Role.APPLICANT]
)
def test_other_roles_are_refused(client, role):
    home = create_home()
    sign_in(client, create_user(role=role))
    for url in (
        "/placements/providers",
        f"/placements/providers/home/{home.id}",
        "/placements/providers/homes/new",
        f"/placements/providers/home/{home.id}/edit",
    ):
        assert client.get(url).status_code == 403, url


def test_signed_out_people_are_refused(client):
    assert client.get("/placements/providers").status_code in (302, 403)


def test_commissioners_read_the_register_but_change_nothing(client):
    home = create_home(name="Tŷ Glas")
    create_placement(provider=home)
    sign_in(client, create_user(role=Role.COMMISSIONER))
    register = client.get("/placements/providers")
    assert register.status_code == 200 and "Tŷ Glas" in page_text(register)
    assert "Add a council children's home" not in page_text(register)
    page = client.get(f"/placements/providers/home/{home.id}")
    assert page.status_code == 200
    assert "Alex" not in page_text(page)  # no child's name for commissioners
    assert "End the placement" not in page_text(page)
    assert client.get("/placements/providers/homes/new").status_code == 403


def test_a_home_with_six_beds_is_refused_and_what_was_typed_stays(client, officer, directory):
    response = form_post(client, "/placements/providers/homes/new", {**HOME_FORM, "beds": "6"})
    assert response.status_code == 200
    text = page_text(response)
    assert "A council children's home can have at most 5 beds" in text
    assert 'value="Tŷ Glas"' in response.get_data(as_text=True)
    assert db.session.query(ChildrensHome).count() == 0


@pytest.mark.parametrize("kind", ["homes", "agencies"])
def test_the_error_summary_follows_the_order_of_the_questions(client, officer, kind):
    """A home's name and beds, and an agency's kind, come before the shared terms."""

    response = form_post(client, f"/placements/providers/{kind}/new", {"name": ""})
    soup = parsed(response.get_data(as_text=True))
    links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    fields = [f"#{tag['id']}" for tag in soup.select("main [id]")]
    assert links[0] == "#name"
    assert links == sorted(links, key=fields.index)


def test_an_officer_adds_a_home(client, officer, directory):
    response = form_post(client, "/placements/providers/homes/new", HOME_FORM)
    assert response.status_code == 302
    home = db.session.scalar(select(ChildrensHome))
    assert (home.name, home.beds, home.weekly_cost_pence) == ("Tŷ Glas", 4, 380_050)
    assert (home.postcode, home.local_authority) == ("CF14 2AA", "W06000015")
    assert (home.sexes, home.placement_types, home.skills) == (["F"], ["long_term"], ["autism"])
    assert home.welsh_speaking is True
    assert _actions()[-1] == "home_added"
    page = client.get(response.headers["Location"])
    assert "£3,800.50" in page_text(page) and "Autism" in page_text(page)


@pytest.mark.parametrize("cost", ["3800.505", "-5", "3,80,0.5.0", "lots", "3800.5p"])
def test_a_weekly_cost_that_is_not_pounds_and_pence_is_refused(client, officer, directory, cost):
    response = form_post(
        client, "/placements/providers/homes/new", {**HOME_FORM, "weekly_cost": cost}
    )
    assert response.status_code == 200
    assert "Enter the weekly cost in pounds, like 3800 or 3800.50" in page_text(response)


@pytest.mark.parametrize(
    ("typed", "pence"), [("3800", 380_000), ("0.10", 10), ("£12,345.67", 1_234_567)]
)
def test_weekly_costs_become_exact_pence(client, officer, directory, typed, pence):
    response = form_post(
        client, "/placements/providers/homes/new", {**HOME_FORM, "weekly_cost": typed}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(ChildrensHome.weekly_cost_pence)) == pence


def test_an_unknown_postcode_is_refused(client, officer, directory):
    response = form_post(
        client, "/placements/providers/homes/new", {**HOME_FORM, "postcode": "SA1 1ZZ"}
    )
    assert response.status_code == 200
    assert "We cannot find that postcode" in page_text(response)


def test_lowering_beds_below_the_residents_shows_an_error(client, officer, directory):
    home = create_home(beds=3)
    create_placement(provider=home)
    create_placement(provider=home)
    url = f"/placements/providers/home/{home.id}/edit"
    assert 'value="3"' in client.get(url).get_data(as_text=True)
    response = form_post(client, url, {**HOME_FORM, "beds": "1"})
    assert response.status_code == 200
    assert "needs at least 2 beds" in page_text(response)
    db.session.expire_all()
    assert db.session.get(ChildrensHome, home.id).beds == 3


def test_an_officer_adds_and_changes_an_agency(client, officer, directory):
    response = form_post(client, "/placements/providers/agencies/new", AGENCY_FORM)
    assert response.status_code == 302
    agency = db.session.scalar(select(Agency))
    assert agency.places is None and agency.not_for_profit is True
    assert agency.weekly_cost_pence == 123_456
    page = page_text(client.get(response.headers["Location"]))
    assert "No agreed limit" in page and "Out of county Yes" in page
    url = f"/placements/providers/agency/{agency.id}/edit"
    response = form_post(client, url, {**AGENCY_FORM, "places": "12", "kind": "private_home"})
    assert response.status_code == 302
    db.session.expire_all()
    agency = db.session.get(Agency, agency.id)
    assert (agency.places, agency.kind) == (12, "private_home")
    assert _actions()[-2:] == ["agency_added", "agency_updated"]


def test_close_and_reopen(client, officer):
    agency = create_agency()
    url = f"/placements/providers/agency/{agency.id}"
    assert form_post(client, f"{url}/close", token_from=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).status == "closed"
    assert "Reopen for placements" in page_text(client.get(url))
    assert form_post(client, f"{url}/reopen", token_from=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).status == "active"


def test_the_register_filters_and_searches_through_the_url(client, officer):
    create_home(name="Tŷ Glas")
    create_agency(name="Acme Care Ltd", kind="private_home")
    create_carer(household_name="The Evans household", welsh_speaking=True)
    text = page_text(client.get("/placements/providers?only=out_of_county"))
    assert "Acme Care Ltd" in text and "Tŷ Glas" not in text
    text = page_text(client.get("/placements/providers?kind=carer"))
    assert "The Evans household" in text and "Acme" not in text
    text = page_text(client.get("/placements/providers?q=zzz"))
    assert "No providers match" in text


def test_the_register_is_empty_at_first(client, officer):
    assert "There are no providers in the register yet" in page_text(
        client.get("/placements/providers")
    )


def test_a_carers_page_is_audited_and_fills_the_grid_reference(client, officer, directory):
    carer = create_carer(postcode="CF14 2AA")
    placement = create_placement(provider=carer)
    response = client.get(f"/placements/providers/carer/{carer.id}")
    assert response.status_code == 200
    text = page_text(response)
    assert placement.child.reference in text and "Alex" in text
    assert "Change the details" not in text  # terms are set by approval
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "viewed"))
    assert (event.object_type, event.object_id) == ("foster_carers", str(carer.id))
    db.session.expire_all()
    assert db.session.get(type(carer), carer.id).easting == 320_000


def test_ending_a_placement_from_the_providers_page(client, officer):
    home = create_home(beds=2)
    placement = create_placement(provider=home, start_date=date(2026, 1, 5))
    url = f"/placements/providers/placements/{placement.id}/end"
    # The page is read first, as a person would: reading it is audited.
    refused = form_post(client, url, {"end_date": ["1", "1", "2025"]}, token_from=url)
    assert refused.status_code == 200
    assert "Choose what happens to the child next" in page_text(refused)
    assert "Choose why the placement ended" in page_text(refused)
    assert "Choose whether the ending was planned" in page_text(refused)
    response = form_post(
        client,
        url,
        {
            "end_date": ["1", "3", "2026"],
            "child_status": "closed",
            "reason": "returned_home",
            "planned": "yes",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChildrensHome, home.id).occupied == 0
    assert placement.child.status == "closed"
    assert (placement.end_reason, placement.end_planned) == ("returned_home", True)
    assert "placement_ended" in _actions()
    assert "child_viewed" in _actions()  # the page names the child
    assert client.get(url).status_code == 404  # no longer current


def test_changing_a_placements_weekly_cost(client, officer):
    agency = create_agency()
    placement = create_placement(
        provider=agency, start_date=date(2026, 1, 5), weekly_cost_pence=95_000
    )
    url = f"/placements/providers/placements/{placement.id}/cost"
    data = {
        "effective_from": ["1", "4", "2026"],
        "weekly_cost": "1000.01",
    }
    assert form_post(client, url, data, token_from=url).status_code == 302
    again = form_post(client, url, data)
    assert again.status_code == 200
    assert "There is already a weekly cost from that date" in page_text(again)
    db.session.expire_all()
    rates = [(r.effective_from, r.weekly_cost_pence) for r in placement.rates]
    assert rates == [(date(2026, 1, 5), 95_000), (date(2026, 4, 1), 100_001)]
    assert "placement_rate_changed" in _actions()
    assert "child_viewed" in _actions()  # the page names the child
