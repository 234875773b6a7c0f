"""Welsh answers yes/no with the question's verb, not a bare "Oes" / "Nac oes".

"Ydy'r plentyn yn siarad Cymraeg?" is answered Ydy / Nac ydy; "A ellir gofalu am blant yn
Gymraeg?" Gellir / Na ellir; "A yw'n sefydliad nid-er-elw?" and "Y tu allan i'r sir" Ydy /
Nac ydy. English keeps its plain Yes / No.
"""

from __future__ import annotations

import pytest

from fostering.models import Role
from tests.conftest import sign_in, summary_rows
from tests.factories import create_agency, create_user
from tests.pages import parsed


@pytest.fixture
def officer(app, client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


def _radio_labels(client, path: str, name: str) -> list[str]:
    soup = parsed(client.get(path).get_data(as_text=True))
    return [
        soup.find("label", attrs={"for": item["id"]}).get_text(strip=True)
        for item in soup.select(f"input[type=radio][name={name}]")
    ]


@pytest.mark.parametrize(
    ("locale", "path", "name", "expected"),
    [
        ("cy", "/placements/children/new", "welsh_speaking", ["Ydy", "Nac ydy"]),
        ("en", "/placements/children/new", "welsh_speaking", ["Yes", "No"]),
        ("cy", "/placements/providers/homes/new", "welsh_speaking", ["Gellir", "Na ellir"]),
        ("cy", "/placements/providers/agencies/new", "welsh_speaking", ["Gellir", "Na ellir"]),
    ],
)
def test_yes_no_questions_are_answered_with_their_verb(
    app, client, officer, locale, path, name, expected
):
    client.get(f"/locale/{locale}")
    assert _radio_labels(client, path, name) == expected


def test_a_providers_yes_no_facts_use_ydy_in_welsh(app, client, officer):
    agency = create_agency(name="Cwtsh Fostering", not_for_profit=True)
    client.get("/locale/cy")
    rows = summary_rows(client.get(f"/placements/providers/agency/{agency.id}"))
    assert rows["Nid-er-elw"] == "Ydy"
    assert rows["Y tu allan i'r sir"] in {"Ydy", "Nac ydy"}
    assert "Oes" not in rows.values() and "Nac oes" not in rows.values()


def test_an_emergency_placement_is_not_called_urgent_in_welsh(app, client, officer):
    """Placement type "Brys" sat under urgency "Brys"; the type is now "Argyfwng"."""
    from tests.factories import create_child

    child = create_child(placement_type="emergency", urgency="immediate")
    client.get("/locale/cy")
    rows = summary_rows(client.get(f"/placements/children/{child.id}"))
    assert rows["Math o leoliad"] == "Argyfwng"
    assert rows["Brys"] == "Ar unwaith (heddiw)"


def test_a_provider_taking_anyone_says_any_sex_and_any_placement_type(app, client, officer):
    """ "Unrhyw un" (anyone) stood for both; each row now says what it means."""
    agency = create_agency(name="Cwtsh Fostering")
    for locale, expected in (
        ("en", {"Sexes": "Any sex", "Placement types": "Any placement type"}),
        ("cy", {"Rhywiau": "Unrhyw ryw", "Mathau o leoliad": "Unrhyw fath o leoliad"}),
    ):
        client.get(f"/locale/{locale}")
        rows = summary_rows(client.get(f"/placements/providers/agency/{agency.id}"))
        assert {key: rows[key] for key in expected} == expected
