"""What a walk through the placement pages as their users found, in English and Welsh.

A child's page: its tables scroll in their own box on a phone, its needs read as a child's
needs (not the carer-skill wording the list was seeded with), Welsh speaking is a phrase
rather than a bare Yes/No, and a child's setting is not called a "placement" in Welsh.
The referral form says which postcode is wrong.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from fostering.admin.services import needs
from fostering.models import Role
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_child, create_home, create_placement, create_user
from tests.placements.matching_data import add_outcome, completed_run


@pytest.fixture
def officer(app, client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


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
    from tests.factories import load_postcodes

    load_postcodes()
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
