"""The public front door: the home page leads to the enquiry, the pages about fostering
in English and Welsh from the council's content, the council's own brand (no Crown),
contact details as links, and a complete privacy notice and accessibility statement."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fostering.config import PROJECT_ROOT
from fostering.public import content
from tests.conftest import page_text
from tests.pages import parsed

GUIDE_URLS = [f"/fostering/{slug}" for slug in content.GUIDE] + ["/fostering/information-events"]
PUBLIC_PAGES = ["/", *GUIDE_URLS, "/privacy", "/accessibility", "/cookies", "/foster-with-us/"]
TEAM_TEL = "tel:+441234567890"  # TEAM_PHONE's default, 01234 567890
TEAM_MAILTO = "mailto:fostering@council.example"


def soup_of(response):
    return parsed(response.get_data(as_text=True))


def welsh(client) -> None:
    client.get("/locale/cy?next=/")


# --- The way in ----------------------------------------------------------------------


def test_the_home_page_leads_to_the_enquiry_and_every_page_about_fostering(client):
    soup = soup_of(client.get("/"))
    start = soup.select_one("main a.govuk-button--start")
    assert start["href"] == "/foster-with-us/"
    assert start.get_text(strip=True) == "Ask about fostering"
    listed = [a["href"] for a in soup.select("#about-fostering a")]
    assert listed == GUIDE_URLS
    assert soup.h1.get_text(strip=True) == "Fostering with Example County Council"


@pytest.mark.parametrize("url", GUIDE_URLS)
def test_each_page_about_fostering_leads_on_to_the_enquiry(client, url):
    soup = soup_of(client.get(url))
    assert soup.select_one("main a.govuk-button--start")["href"] == "/foster-with-us/"
    current = soup.select_one(".app-related a[aria-current=page]")
    assert current["href"] == url


def test_the_enquiry_start_page_links_back_to_the_pages_about_fostering(client):
    soup = soup_of(client.get("/foster-with-us/"))
    assert soup.find("a", string="Find out more about fostering first")["href"] == "/"


@pytest.mark.parametrize(
    ("url", "english", "welsh_title"),
    [
        ("/fostering/types-of-fostering", "Types of fostering", "Mathau o faethu"),
        ("/fostering/who-can-foster", "Who can foster", "Pwy all faethu"),
        ("/fostering/what-you-get", "What you get", "Beth gewch chi"),
        (
            "/fostering/the-process",
            "The process and how long it takes",
            "Y broses a faint o amser mae'n ei gymryd",
        ),
        ("/fostering/information-events", "Information events", "Digwyddiadau gwybodaeth"),
        ("/privacy", "Privacy notice", "Hysbysiad preifatrwydd"),
        ("/accessibility", "Accessibility statement", "Datganiad hygyrchedd"),
    ],
)
def test_every_new_page_is_in_english_and_welsh(client, url, english, welsh_title):
    assert soup_of(client.get(url)).h1.get_text(strip=True) == english
    welsh(client)
    response = client.get(url)
    assert response.headers["Content-Language"] == "cy"
    assert soup_of(response).h1.get_text(strip=True) == welsh_title


def test_who_can_foster_answers_the_questions_people_ask(client):
    text = page_text(client.get("/fostering/who-can-foster"))
    for question in (
        "How old do I have to be?",
        "Can I foster if I smoke or vape?",
        "Can I foster if I have pets?",
        "Can I foster if I rent my home?",
        "Can I foster if I work?",
        "Can I foster if I am single, or LGBTQ+?",
        "Can I foster if I have a health condition or disability?",
        "Can I foster if I have a criminal record?",
    ):
        assert question in text
    assert "You must be 21 or over." in text


def test_the_demo_allowances_and_fees_are_shown_as_money_from_pence(client):
    soup = soup_of(client.get("/fostering/what-you-get"))
    allowances = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in soup.select("#allowances tbody tr")
    ]
    assert allowances[0] == ["Aged 0 to 4", "£217.00"]
    assert soup.select_one("#fees tbody tr td").get_text(strip=True) == "£120.00"
    welsh(client)
    soup = soup_of(client.get("/fostering/what-you-get"))
    assert soup.select_one("#allowances tbody th").get_text(strip=True) == "0 i 4 oed"
    assert soup.select_one("#fees tbody th").get_text(strip=True) == (
        "Lefel 1: gofalwyr newydd eu cymeradwyo"
    )


# --- The council's brand -------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_no_crown_royal_arms_or_crown_copyright(client, url):
    html = client.get(url).get_data(as_text=True)
    for mark in (
        "Crown copyright",
        "Hawlfraint y Goron",
        "govuk-footer__crown",
        "govuk-footer__copyright-logo",
        "govuk-logo",
        "Open Government Licence",
        "/assets/images/",
        "manifest.json",
    ):
        assert mark not in html, mark
    soup = parsed(html)
    assert soup.select_one("link[rel=icon]")["href"].startswith("/assets/favicon.svg?v=")
    assert soup.select_one("#footer-copyright").get_text(strip=True) == "© Example County Council"


def test_the_stylesheet_has_no_gds_transport_or_crest():
    css = (PROJECT_ROOT / "static" / "govuk-frontend.min.css").read_text(encoding="utf-8")
    assert "GDS Transport" not in css
    assert "govuk-crest" not in css
    assert "/assets/fonts/" not in css
    assert not (PROJECT_ROOT / "static" / "images").exists()
    assert not (PROJECT_ROOT / "static" / "fonts").exists()


def test_the_councils_name_is_in_the_pages_language(client):
    english = soup_of(client.get("/"))
    assert english.select_one(".govuk-generic-header__homepage-link").get_text(strip=True) == (
        "Example County Council"
    )
    assert english.title.get_text().endswith("– Example County Council")
    welsh(client)
    response = client.get("/")
    soup = soup_of(response)
    assert soup.select_one(".govuk-generic-header__homepage-link").get_text(strip=True) == (
        "Cyngor Sir Enghraifft"
    )
    assert soup.h1.get_text(strip=True) == "Maethu gyda Cyngor Sir Enghraifft"
    assert "Example County Council" not in response.get_data(as_text=True)


def test_the_beta_banner_asks_for_feedback_by_email_by_default(client):
    link = soup_of(client.get("/")).select_one(".govuk-phase-banner a")
    assert link["href"] == TEAM_MAILTO
    assert link.get_text(strip=True) == "give your feedback"


def test_without_a_logo_the_logo_address_is_not_found(client):
    assert soup_of(client.get("/")).select_one("header img") is None
    assert client.get("/council-logo/en").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/fostering/who-can-foster",
        "/fostering/the-process",
        "/fostering/information-events",
        "/privacy",
        "/accessibility",
        "/foster-with-us/",
        "/cookies",
    ],
)
def test_the_teams_phone_and_email_are_links(client, url):
    soup = soup_of(client.get(url))
    phones = soup.select(f'a[href="{TEAM_TEL}"]')
    emails = soup.select(f'a[href="{TEAM_MAILTO}"]')
    assert phones and emails, url
    assert all(a.get_text(strip=True) == "01234 567890" for a in phones)
    # Nowhere is the number written without its link.
    text_outside_links = [
        node
        for node in soup.find_all(string=lambda s: "01234 567890" in s)
        if node.find_parent("a") is None
    ]
    assert text_outside_links == []


# --- Privacy notice and accessibility statement --------------------------------------


def test_the_privacy_notice_is_complete_with_retention_from_the_configuration(client):
    text = page_text(client.get("/privacy"))
    for needed in (
        "Example County Council is the data controller",
        "Article 6(1)(e)",
        "Article 6(1)(c)",
        "Article 9(2)(g)",
        "Article 10",
        "What we collect",
        "An enquiry that does not go further: 365 days (about 1 year) after it is closed.",
        "withdrawn or refused: 1,096 days (about 3 years)",
        "changed information: 2,557 days (about 7 years).",
        "Who we share it with",
        "Your rights",
        "Information Commissioner's Office",
        "Wycliffe House",
    ):
        assert needed in text, needed
    soup = soup_of(client.get("/privacy"))
    assert soup.select_one('a[href="https://ico.org.uk/make-a-complaint/"]')
    assert soup.select_one('a[href="tel:+443031231113"]')


def test_the_welsh_privacy_notice_gives_retention_in_welsh(client):
    welsh(client)
    text = page_text(client.get("/privacy"))
    assert "365 diwrnod (tua 1 flwyddyn)" in text
    assert "1,096 diwrnod (tua 3 blynedd)" in text
    assert "2,557 diwrnod (tua 7 o flynyddoedd)" in text
    assert "Erthygl 9(2)(g)" in text


def test_the_accessibility_statement_is_complete(client):
    text = page_text(client.get("/accessibility"))
    for needed in (
        "This service is partially compliant with the Web Content Accessibility Guidelines "
        "version 2.2 AA standard",
        "Non-compliance with the accessibility regulations",
        "2.2.1",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service (EASS)",
        "Equality Commission for Northern Ireland",
        "This statement was prepared on 1 December 2026.",
        "last tested on 6 December 2026",
    ):
        assert needed in text, needed


# --- A council's own content and settings --------------------------------------------

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    '<rect width="10" height="10"/></svg>'
)


@pytest.fixture(scope="module")
def council_folder(tmp_path_factory) -> Path:
    """The demo content with the council's own figures and events around today."""
    folder = tmp_path_factory.mktemp("council") / "content"
    shutil.copytree(content.DEFAULT_FOLDER, folder)
    (folder / "allowances.toml").write_text(
        "[[allowance]]\nfrom_age = 0\nto_age = 17\nweekly_pence = 12345\n"
        "[[fee]]\nname_en = 'Carer fee'\nname_cy = 'Ffi gofalwr'\nweekly_pence = 9900\n",
        encoding="utf-8",
    )
    now = datetime.now(content.LONDON).replace(microsecond=0, tzinfo=None)

    def event(title: str, starts: datetime, online: bool, place: str = "") -> str:
        ends = starts + timedelta(hours=1)
        return (
            f"[[event]]\ntitle_en = '{title}'\ntitle_cy = '{title} (Cymraeg)'\n"
            f"starts = {starts.isoformat()}\nends = {ends.isoformat()}\n"
            f"online = {'true' if online else 'false'}\n"
            f"place_en = '{place}'\nplace_cy = '{place}'\n"
        )

    (folder / "events.toml").write_text(
        event("Ended yesterday", now - timedelta(days=1), False, "Old Hall")
        + event("Next week online", now + timedelta(days=7), True)
        + event("In a fortnight", now + timedelta(days=14), False, "Town Hall, Llanelli"),
        encoding="utf-8",
    )
    (folder.parent / "logo.svg").write_text(LOGO, encoding="utf-8")
    return folder


class TestACouncilsOwnSettings:
    @pytest.fixture
    def app_config(self, council_folder):
        return {
            "CONTENT_DIR": str(council_folder),
            "FOSTER_MINIMUM_AGE": 18,
            "COUNCIL_NAME": "Carmarthenshire County Council",
            "COUNCIL_NAME_CY": "Cyngor Sir Gâr",
            "COUNCIL_LOGO": str(council_folder.parent / "logo.svg"),
            "FEEDBACK_URL": "https://forms.example/feedback",
            "FEEDBACK_URL_CY": "https://forms.example/adborth",
            "RETENTION_ENQUIRY_DAYS": 30,
        }

    def test_the_figures_come_from_the_councils_file(self, client):
        soup = soup_of(client.get("/fostering/what-you-get"))
        assert [c.get_text(strip=True) for c in soup.select("#allowances tbody tr > *")] == [
            "Aged 0 to 17",
            "£123.45",
        ]
        assert [c.get_text(strip=True) for c in soup.select("#fees tbody tr > *")] == [
            "Carer fee",
            "£99.00",
        ]
        assert "£217.00" not in page_text(client.get("/fostering/what-you-get"))

    def test_events_that_have_ended_are_gone_and_the_rest_say_where(self, client):
        response = client.get("/fostering/information-events")
        titles = [h.get_text(strip=True) for h in soup_of(response).select(".app-event h2")]
        assert titles == ["Next week online", "In a fortnight"]
        text = page_text(response)
        assert "Where Online" in text
        assert "Town Hall, Llanelli" in text
        assert "Old Hall" not in text
        home = page_text(client.get("/"))
        assert "Next information event Next week online:" in home
        welsh(client)
        response = client.get("/fostering/information-events")
        titles = [h.get_text(strip=True) for h in soup_of(response).select(".app-event h2")]
        assert titles == ["Next week online (Cymraeg)", "In a fortnight (Cymraeg)"]
        assert "Ble Ar-lein" in page_text(response)

    def test_the_minimum_age_is_the_configured_one_everywhere(self, client):
        assert "You need to be 18 or over" in page_text(client.get("/"))
        assert "You must be 18 or over." in page_text(client.get("/fostering/who-can-foster"))
        assert "you must be 18 or over to apply" in page_text(client.get("/foster-with-us/"))
        for url in ("/", "/fostering/who-can-foster", "/foster-with-us/"):
            assert "21 or over" not in page_text(client.get(url))
        welsh(client)
        assert "Rhaid i chi fod yn 18 oed neu'n hŷn." in page_text(
            client.get("/fostering/who-can-foster")
        )

    def test_the_name_logo_and_feedback_link_are_the_councils_in_each_language(self, client):
        soup = soup_of(client.get("/"))
        logo = soup.select_one(".govuk-generic-header__homepage-link img")
        assert logo["src"] == "/council-logo/en"
        assert logo["alt"] == "Carmarthenshire County Council"
        assert soup.select_one(".govuk-phase-banner a")["href"] == "https://forms.example/feedback"
        assert soup.h1.get_text(strip=True) == "Fostering with Carmarthenshire County Council"
        image = client.get("/council-logo/en")
        assert image.mimetype == "image/svg+xml"
        assert image.get_data(as_text=True) == LOGO
        welsh(client)
        soup = soup_of(client.get("/"))
        assert soup.select_one("header img")["alt"] == "Cyngor Sir Gâr"
        assert soup.select_one("header img")["src"] == "/council-logo/cy"
        assert client.get("/council-logo/cy").get_data(as_text=True) == LOGO  # falls back
        assert soup.select_one(".govuk-phase-banner a")["href"] == "https://forms.example/adborth"
        assert soup.select_one("#footer-copyright").get_text(strip=True) == "© Cyngor Sir Gâr"

    def test_retention_in_the_privacy_notice_follows_the_configuration(self, client):
        assert "An enquiry that does not go further: 30 days after it is closed." in page_text(
            client.get("/privacy")
        )


class TestNoEventsPlanned:
    @pytest.fixture
    def app_config(self, tmp_path_factory):
        folder = tmp_path_factory.mktemp("no-events") / "content"
        shutil.copytree(content.DEFAULT_FOLDER, folder)
        (folder / "events.toml").write_text("# none planned\n", encoding="utf-8")
        return {"CONTENT_DIR": str(folder)}

    def test_the_events_page_says_so_and_still_leads_to_the_enquiry(self, client):
        response = client.get("/fostering/information-events")
        soup = soup_of(response)
        assert soup.select(".app-event") == []
        assert "There are no information events planned at the moment" in page_text(response)
        assert soup.select_one("main a.govuk-button--start")["href"] == "/foster-with-us/"
        assert "Next information event" not in page_text(client.get("/"))
