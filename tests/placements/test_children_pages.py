"""The children pages: list, referral form, a child's page, siblings, safeguarding, access.

A child's page: its tables scroll in their own box on a phone, its needs read as a child's
needs (not the carer-skill wording the list was seeded with), Welsh speaking is a phrase
rather than a bare Yes/No, a child's setting is not called a "placement" in Welsh, its
matching history names and links each run, and a planned child without a date says so.
"""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from fostering.admin.services import needs
from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.models.child import Child
from matching import Reason
from tests.conftest import form_post, page_text, sign_in
from tests.factories import (
    create_agency,
    create_child,
    create_home,
    create_placement,
    create_user,
    load_postcodes,
)
from tests.pages import parsed
from tests.placements.matching_data import (
    add_outcome,
    add_unplaced,
    completed_run,
    located_carer,
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
    soup = parsed(response.get_data(as_text=True))
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
    soup = parsed(response.get_data(as_text=True))
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
        _form(reference=child.reference, urgency="immediate", date_needed=["1", "12", "2030"]),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (child.urgency, child.given_name, str(child.date_needed)) == (
        "immediate",
        "Megan",
        "2030-12-01",
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
    soup = parsed(response.get_data(as_text=True))
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


def _choose(client, url: str, q: str, ids) -> object:
    """Search by name, then post the chosen results, as the page's two forms do."""
    found = f"{url}?q={q}"
    return form_post(client, found, {"child": [str(i) for i in ids]}, token_from=found)


def test_siblings_and_safeguarding_pages(app, client, officer):
    child, sister, resident = (
        create_child(given_name="Ana", family_name="Rees"),
        create_child(given_name="Bea", family_name="Rees"),
        create_child(given_name="Cai", family_name="Evans", status="placed"),
    )
    url = f"/placements/children/{child.id}"
    # The search lists other children by name, never the child themself.
    found = page_text(client.get(f"{url}/siblings?q=rees"))
    assert "Bea Rees" in found and "Ana Rees (" not in found
    assert "No child you can see matches “Nobody”" in page_text(
        client.get(f"{url}/siblings?q=Nobody")
    )
    nothing = _choose(client, f"{url}/siblings", "rees", [])
    assert "Choose the other child from the search results" in _error_links(nothing)
    refused = _choose(client, f"{url}/siblings", "rees", [child.id])
    assert refused.status_code == 200 and child.sibling_group_id is None
    assert _choose(client, f"{url}/siblings", "bea", [sister.id]).status_code == 302
    text = page_text(client.get(url))
    assert "Bea" in text and "The siblings must be placed together." in text
    split = form_post(
        client, f"{url}/siblings/may-split", {"may_split": "yes"}, token_from=f"{url}/siblings"
    )
    assert split.status_code == 302
    assert "may be placed apart" in page_text(client.get(f"/placements/children/{sister.id}"))

    added = _choose(client, f"{url}/safeguarding", "cai", [resident.id])
    assert added.status_code == 302
    assert "Ana" in page_text(client.get(f"/placements/children/{resident.id}/safeguarding"))
    again = _choose(client, f"{url}/safeguarding", "cai", [resident.id])
    assert "These children are already kept apart" in _error_links(again)

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


def test_the_form_refuses_keeping_apart_siblings_who_must_stay_together(app, client, officer):
    ana = create_child(given_name="Ana", family_name="Rees")
    bea = create_child(given_name="Bea", family_name="Rees")
    url = f"/placements/children/{ana.id}"
    assert _choose(client, f"{url}/siblings", "bea", [bea.id]).status_code == 302
    refused = _choose(client, f"{url}/safeguarding", "bea", [bea.id])
    [message] = _error_links(refused)
    assert message.startswith("Ana Rees and Bea Rees cannot be in a sibling group")
    assert "Bea Rees (" in page_text(refused)  # the results stay on the page
    assert "No one is recorded" in page_text(client.get(url))


def test_a_group_keeping_members_apart_cannot_be_told_to_stay_together(app, client, officer):
    ana = create_child(given_name="Ana", family_name="Rees")
    bea = create_child(given_name="Bea", family_name="Rees")
    url = f"/placements/children/{ana.id}"
    assert _choose(client, f"{url}/siblings", "bea", [bea.id]).status_code == 302
    split = form_post(
        client, f"{url}/siblings/may-split", {"may_split": "yes"}, token_from=f"{url}/siblings"
    )
    assert split.status_code == 302
    assert _choose(client, f"{url}/safeguarding", "bea", [bea.id]).status_code == 302
    refused = form_post(
        client, f"{url}/siblings/may-split", {"may_split": "no"}, token_from=f"{url}/siblings"
    )
    assert refused.status_code == 302 and refused.location.endswith(f"{url}/siblings")
    text = page_text(client.get(refused.location))
    assert "Ana Rees and Bea Rees must not live together" in text
    assert "may be placed apart" in page_text(client.get(url))
    # Joining a group that must stay together is refused the same way from the other side.
    cai = create_child(given_name="Cai", family_name="Rees")
    dai = create_child(given_name="Dai", family_name="Rees")
    other = f"/placements/children/{cai.id}"
    assert _choose(client, f"{other}/safeguarding", "dai", [dai.id]).status_code == 302
    joined = _choose(client, f"{other}/siblings", "dai", [dai.id])
    [message] = _error_links(joined)
    assert message.startswith("Cai Rees and Dai Rees cannot be in a sibling group")


def test_a_long_search_is_refused_without_error(app, client, officer):
    child = create_child()
    response = client.get(f"/placements/children/{child.id}/siblings?q={'x' * 500}")
    assert response.status_code == 200
    assert "Enter 100 characters or fewer" in page_text(response)


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
    # Someone else's child cannot be found by name or reference either.
    assert "Someone" not in page_text(client.get(f"/placements/children/{mine.id}/siblings?q=Some"))
    refused = form_post(
        client,
        f"/placements/children/{mine.id}/siblings?q=Some",
        {"child": str(other.id)},
        token_from=f"/placements/children/{mine.id}/safeguarding",
    )
    assert refused.status_code == 200 and mine.sibling_group_id is None


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


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return parsed(response.get_data(as_text=True))


def _summary_value(soup: BeautifulSoup, key: str) -> str:
    for row in soup.select(".govuk-summary-list__row"):
        if row.select_one(".govuk-summary-list__key").get_text(strip=True) == key:
            return row.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
    raise AssertionError(f"no row {key!r}")


def test_a_childs_tables_scroll_in_named_focusable_boxes(app, client, officer):
    """At 375 px the placements table widened the page to 437 px (493 px in Welsh)."""
    home = create_home(name="Tŷ Glas")
    child = create_child(given_name="Lowri")
    create_placement(child=child, provider=home)
    add_outcome(completed_run(officer), child, provider=home, decision="accepted")
    soup = _soup(client.get(f"/placements/children/{child.id}"))
    tables = soup.select("main table.govuk-table")
    assert len(tables) == 2
    for table in tables:
        box = table.find_parent("div", class_="app-table-scroll")
        assert box is not None, table.get("id")
        assert (box.get("tabindex"), box.get("role")) == ("0", "region")
        assert soup.find(id=box["aria-labelledby"]).name == "h2"


def test_seeded_needs_read_as_a_childs_needs_in_english_and_welsh(app, client, officer):
    child = create_child(needs=["disability", "autism", "substance_misuse", "cse_risk"])
    english = _summary_value(_soup(client.get(f"/placements/children/{child.id}")), "Needs")
    assert english == ("Disability Autism Drug or alcohol misuse Risk of sexual exploitation")
    client.get("/locale/cy")
    welsh = _summary_value(_soup(client.get(f"/placements/children/{child.id}")), "Anghenion")
    assert welsh == (
        "Anabledd Awtistiaeth Camddefnyddio cyffuriau neu alcohol Perygl o gamfanteisio rhywiol"
    )


def test_no_seeded_need_is_worded_as_a_kind_of_child_or_carer_work(app):
    """Each name must read after "Needs:" on a child and "Needs they can meet:" on a carer."""
    for locale, words in (("en", ("children", "assessments")), ("cy", ("plant ", "asesiad"))):
        for _code, name in needs.choices(locale):
            assert not any(word in name.lower() for word in words), (locale, name)


@pytest.mark.parametrize(
    ("locale", "speaks", "expected"),
    [
        ("en", True, "Speaks Welsh"),
        ("en", False, "Does not speak Welsh"),
        ("cy", True, "Yn siarad Cymraeg"),
        ("cy", False, "Ddim yn siarad Cymraeg"),
    ],
)
def test_welsh_speaking_is_a_phrase_not_a_bare_yes_or_no(
    app, client, officer, locale, speaks, expected
):
    """ "Siaradwr Cymraeg: Nac oes" is the wrong answer form in Welsh; a phrase avoids it."""
    child = create_child(welsh_speaking=speaks)
    client.get(f"/locale/{locale}")
    key = "Siaradwr Cymraeg" if locale == "cy" else "Welsh speaker"
    soup = _soup(client.get(f"/placements/children/{child.id}"))
    assert _summary_value(soup, key) == expected


def test_in_welsh_a_childs_setting_is_not_called_a_placement(app, client, officer):
    """ "Lleoliad" (placement) sat beside "Math o leoliad" (placement type): two labels
    for what read as the same thing."""
    child = create_child(setting="foster")
    client.get("/locale/cy")
    soup = _soup(client.get(f"/placements/children/{child.id}"))
    assert _summary_value(soup, "Math o gartref") == "Teulu maeth"
    listing = page_text(client.get("/placements/children"))
    assert "Unrhyw fath o gartref" in listing and "Unrhyw leoliad" not in listing


def test_the_referral_form_says_which_postcode_is_wrong(app, client, officer):
    response = form_post(
        client,
        "/placements/children/new",
        {"home_postcode": "nonsense", "school_postcode": "CF99 9ZZ"},
    )
    summary = _soup(response).select_one(".govuk-error-summary")
    links = {a.get_text(strip=True): a["href"] for a in summary.select("a")}
    assert links["Enter a real home postcode, like CF10 1AA"] == "#home_postcode"
    assert (
        links["We cannot find that school postcode. Check it or leave it empty"]
        == "#school_postcode"
    )
    client.get("/locale/cy")
    response = form_post(
        client, "/placements/children/new", {"home_postcode": "CF99 9ZZ", "school_postcode": ""}
    )
    assert "Ni allwn ddod o hyd i’r cod post cartref hwnnw. Gwiriwch ef a’i roi eto" in (
        page_text(response)
    )


def test_a_childs_history_names_and_links_each_completed_run(app, client, officer):
    run = completed_run(officer)
    child = create_child(given_name="Alys")
    outcome = add_outcome(run, child, create_agency(name="Hillside House", kind="private_home"))
    later = completed_run(officer)
    add_unplaced(later, child, Reason("rule", 2, 3, 3, values=("9",)))
    response = client.get(f"/placements/children/{child.id}")
    soup = parsed(response.get_data(as_text=True))
    rows = soup.select("#matching-history tbody tr")
    assert [r.td.a.get_text(strip=True) for r in rows] == [f"Run {later.id}", f"Run {run.id}"]
    assert rows[1].td.a["href"] == f"/placements/runs/{run.id}#outcome-{outcome.id}"
    assert "Private children's home" in rows[1].get_text(" ")
    assert "None of the providers left takes a child aged 9." in rows[0].get_text(" ")
    assert "rule 2" not in rows[0].get_text(" ")


def test_a_social_worker_sees_the_run_number_without_a_link(app, client):
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    child = create_child()
    child.social_worker_id = worker.id
    db.session.commit()
    run = completed_run()
    add_outcome(run, child, located_carer(grid=(1, 1)))
    soup = parsed(client.get(f"/placements/children/{child.id}").get_data(as_text=True))
    cell = soup.select_one("#matching-history tbody tr td")
    assert f"Run {run.id}" in cell.get_text() and cell.a is None


def test_a_planned_child_without_a_date_says_no_date_given(app, client, officer):
    planned = create_child(given_name="Planned", urgency="planned")
    urgent = create_child(given_name="Urgent", urgency="urgent")
    dated = create_child(given_name="Dated", urgency="planned")
    dated.date_needed = date(2027, 1, 4)
    db.session.commit()

    def date_row(child):
        soup = parsed(client.get(f"/placements/children/{child.id}").get_data(as_text=True))
        row = next(r for r in soup.select(".govuk-summary-list__row")
                   if r.dt.get_text(strip=True) == "Date needed")  # fmt: skip
        return row.dd.get_text(strip=True)

    assert date_row(planned) == "No date given"
    assert date_row(urgent) == "As soon as possible"
    assert date_row(dated) != "No date given"
    soup = parsed(client.get("/placements/children").get_data(as_text=True))
    cells = {r.select("td")[1].get_text(strip=True): r.select("td")[6].get_text(strip=True)
             for r in soup.select("tbody tr")}  # fmt: skip
    assert cells[f"Planned {planned.family_name}"] == "No date given"
    assert cells[f"Urgent {urgent.family_name}"] == "As soon as possible"
