"""The children pages: list, referral form, a child's page, siblings, safeguarding, access."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.models.child import Child
from tests.conftest import form_post, page_text, sign_in
from tests.factories import (
    create_agency,
    create_child,
    create_placement,
    create_user,
    load_postcodes,
)

GOOD = {
    "given_name": "Megan",
    "family_name": "Price",
    "reference": "",
    "date_of_birth": ["27", "3", "2015"],
    "sex": "F",
    "needs": ["autism"],
    "setting": "foster",
    "placement_type": "short_term",
    "urgency": "urgent",
    "date_needed": ["", "", ""],
    "home_postcode": "cf10 1aa",
    "school_postcode": "",
    "welsh_speaking": "yes",
}


@pytest.fixture
def officer(app, client):
    load_postcodes()
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


def _form(**changes) -> dict:
    data = dict(GOOD)
    data.update(changes)
    return data


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _error_links(response) -> dict[str, str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    assert summary is not None, "no error summary"
    return {a.get_text(strip=True): a["href"] for a in summary.select("a")}


def test_add_a_referral(app, client, officer):
    response = form_post(client, "/placements/children/new", _form())
    assert response.status_code == 302
    child = db.session.scalar(select(Child))
    assert response.headers["Location"].endswith(f"/placements/children/{child.id}")
    assert child.home_postcode == "CF10 1AA" and child.home_easting == 318_000
    assert child.needs == ["autism"] and child.welsh_speaking
    assert child.reference.startswith("LAC")
    page = client.get(response.headers["Location"])
    text = page_text(page)
    assert "Megan Price" in text
    assert "The referral for" in text
    assert "Urgent (within 7 days)" in text
    assert "As soon as possible" in text
    assert len(_actions("child_referred")) == 1
    assert len(_actions("child_viewed")) == 1


def test_a_rejected_referral_keeps_what_was_typed_and_links_each_error(app, client, officer):
    response = form_post(
        client,
        "/placements/children/new",
        _form(
            given_name="",
            home_postcode="CF99 9ZZ",
            school_postcode="nonsense",
            date_of_birth=["31", "2", "2015"],
            sex="",
        ),
    )
    assert response.status_code == 200
    links = _error_links(response)
    assert links["Enter the child's given name"] == "#given_name"
    assert (
        links["We cannot find that home postcode. Check it and enter it again"] == "#home_postcode"
    )
    assert links["Enter a real school postcode, like CF10 1AA, or leave it empty"] == (
        "#school_postcode"
    )
    assert "Date of birth must be a real date" in links
    assert "Choose the child's sex" in links
    html = response.get_data(as_text=True)
    assert 'value="CF99 9ZZ"' in html and 'value="nonsense"' in html
    assert 'value="Price"' in html
    assert page_text(response).startswith("Error:") or "Error:" in html.split("</title>")[0]
    assert db.session.scalar(select(Child)) is None


def test_the_error_summary_lists_problems_in_the_order_of_the_questions(app, client, officer):
    """GOV.UK: the summary's links follow the page, so "speaks Welsh" (asked after sex)
    does not come last."""
    empty = {key: ([""] * 3 if isinstance(value, list) else "") for key, value in GOOD.items()}
    response = form_post(client, "/placements/children/new", empty)
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary_order = list(_error_links(response).values())
    fields = [f"#{tag['id']}" for tag in soup.select("main [id]")]
    assert summary_order == sorted(summary_order, key=fields.index)


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        (["1", "1", "2999"], "The date of birth must be today or in the past"),
        (["1", "1", "1990"], "The child must be under 18. Check the date of birth"),
    ],
)
def test_date_of_birth_rules(app, client, officer, dob, message):
    response = form_post(client, "/placements/children/new", _form(date_of_birth=dob))
    assert message in _error_links(response)


def test_a_taken_reference_is_refused(app, client, officer):
    existing = create_child()
    response = form_post(client, "/placements/children/new", _form(reference=existing.reference))
    assert "Another child already has that reference" in _error_links(response)


def test_edit_the_referral(app, client, officer):
    child = create_child(needs=["disability"])
    page = client.get(f"/placements/children/{child.id}/edit")
    assert page.status_code == 200
    assert f'value="{child.reference}"' in page.get_data(as_text=True)
    response = form_post(
        client,
        f"/placements/children/{child.id}/edit",
        _form(reference=child.reference, urgency="immediate", date_needed=["1", "12", "2026"]),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (child.urgency, child.given_name, str(child.date_needed)) == (
        "immediate",
        "Megan",
        "2026-12-01",
    )
    assert len(_actions("child_updated")) == 1


def test_close_the_referral_with_a_reason(app, client, officer):
    child = create_child()
    refused = form_post(client, f"/placements/children/{child.id}/close", {})
    assert "Choose why the referral is closing" in _error_links(refused)
    response = form_post(client, f"/placements/children/{child.id}/close", {"reason": "left_care"})
    assert response.status_code == 302
    text = page_text(client.get(f"/placements/children/{child.id}"))
    assert "Closed" in text and "The child left care" in text
    assert "Reopen the referral" in text


def test_list_search_filters_paging_and_empty_states(app, client, officer):
    text = page_text(client.get("/placements/children"))
    assert "No children are waiting for a placement" in text
    for number in range(27):
        create_child(given_name=f"Kid{number:02d}")
    create_child(given_name="Zephyr", status="placed")
    create_child(given_name="Gwen", welsh_speaking=True, setting="residential")
    first = page_text(client.get("/placements/children"))
    assert "Showing 1 to 25 of 28" in first
    assert "Zephyr" not in first
    second = page_text(client.get("/placements/children?page=2"))
    assert "Showing 26 to 28 of 28" in second
    assert "Showing 1 to 1 of 1" in page_text(client.get("/placements/children?q=gwen"))
    welsh = page_text(client.get("/placements/children?welsh=yes&setting=residential"))
    assert "Gwen" in welsh and "Kid00" not in welsh
    placed = page_text(client.get("/placements/children?status=placed"))
    assert "Showing 1 to 1 of 1" in placed
    assert "Showing 1 to 29 of 29" not in page_text(client.get("/placements/children?status=any"))
    assert "No children match" in page_text(client.get("/placements/children?q=zzzz"))
    # A made-up filter value is ignored rather than refused.
    assert client.get("/placements/children?setting=nonsense").status_code == 200


def test_the_childs_page_shows_history_placements_and_is_audited(app, client, officer):
    child = create_child(needs=["autism"])
    agency = create_agency(name="Valleys Fostering")
    create_placement(child=child, provider=agency, weekly_cost_pence=95_050)
    response = client.get(f"/placements/children/{child.id}")
    text = page_text(response)
    assert "Valleys Fostering" in text
    assert "£950.50" in text
    assert "This child has not been in a matching run yet." in text
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    changes = [a["href"] for a in soup.select(".govuk-summary-list__actions a")]
    assert f"/placements/children/{child.id}/edit#home_postcode" in changes
    [event] = _actions("child_viewed")
    assert (event.user_id, event.object_type, event.object_id) == (
        officer.id,
        "children",
        str(child.id),
    )
    for path, detail in (("/siblings", "siblings page"), ("/safeguarding", "safeguarding page")):
        client.get(f"/placements/children/{child.id}{path}")
        assert _actions("child_viewed")[-1].detail == detail


def test_siblings_and_safeguarding_pages(app, client, officer):
    child, sister, resident = (
        create_child(given_name="Ana"),
        create_child(given_name="Bea"),
        create_child(given_name="Cai", status="placed"),
    )
    url = f"/placements/children/{child.id}"
    refused = form_post(client, f"{url}/siblings", {"reference": child.reference})
    assert "Enter another child's reference, not this child's" in _error_links(refused)
    assert form_post(client, f"{url}/siblings", {"reference": sister.reference}).status_code == 302
    text = page_text(client.get(url))
    assert "Bea" in text and "The siblings must be placed together." in text
    split = form_post(
        client, f"{url}/siblings/may-split", {"may_split": "yes"}, token_from=f"{url}/siblings"
    )
    assert split.status_code == 302
    assert "may be placed apart" in page_text(client.get(f"/placements/children/{sister.id}"))

    added = form_post(client, f"{url}/safeguarding", {"reference": resident.reference})
    assert added.status_code == 302
    assert "Ana" in page_text(client.get(f"/placements/children/{resident.id}/safeguarding"))
    again = form_post(client, f"{url}/safeguarding", {"reference": resident.reference})
    assert "These children are already kept apart" in _error_links(again)
    missing = form_post(client, f"{url}/safeguarding", {"reference": "LAC00000000"})
    assert "No child you can see has that reference" in _error_links(missing)

    from fostering.placements.services.children import exclusions

    [exclusion] = exclusions(resident)
    removed = form_post(
        client,
        f"/placements/children/{resident.id}/safeguarding/{exclusion.id}/remove",
        token_from=f"/placements/children/{resident.id}/safeguarding",
    )
    assert removed.status_code == 302
    assert "No one is recorded" in page_text(client.get(url))
    left = form_post(client, f"{url}/siblings/leave", token_from=f"{url}/siblings")
    assert left.status_code == 302
    assert "This child is not in a sibling group." in page_text(client.get(url))


def test_social_workers_see_only_their_own_children(app, client):
    load_postcodes()
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    response = form_post(client, "/placements/children/new", _form(given_name="Mine"))
    assert response.status_code == 302
    mine = db.session.scalar(select(Child))
    assert mine.social_worker_id == worker.id
    other = create_child(given_name="Someone")
    listed = page_text(client.get("/placements/children"))
    assert "Mine" in listed and "Someone" not in listed
    for path in ("", "/edit", "/close", "/siblings", "/safeguarding"):
        assert client.get(f"/placements/children/{other.id}{path}").status_code == 404
    assert client.get(f"/placements/children/{mine.id}").status_code == 200
    # Someone else's child cannot be found by reference either.
    refused = form_post(
        client, f"/placements/children/{mine.id}/siblings", {"reference": other.reference}
    )
    assert "No child you can see has that reference" in _error_links(refused)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.TEAM_MANAGER, Role.ADMINISTRATOR])
def test_other_roles_are_refused(app, client, role):
    child = create_child()
    sign_in(client, create_user(role=role))
    assert client.get("/placements/children").status_code == 403
    assert client.get(f"/placements/children/{child.id}").status_code == 403


def test_pages_in_welsh(app, client, officer):
    child = create_child()
    client.get("/locale/cy")
    for path in (
        "/placements/children",
        "/placements/children/new",
        f"/placements/children/{child.id}",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert 'lang="cy"' in response.get_data(as_text=True)
    text = page_text(client.get("/placements/children/new"))
    assert "Add a referral" not in text
