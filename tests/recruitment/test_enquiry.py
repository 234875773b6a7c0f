"""The public enquiry: question pages, check your answers, confirmation and email."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from fostering.models import AuditEvent, Enquiry
from fostering.services import mail
from tests.conftest import form_post, page_text, summary_rows
from tests.factories import create_enquiry
from tests.pages import parsed

BASE = "/foster-with-us/enquiry"

GOOD_ANSWERS = {
    "name": {"first_name": "Ceri", "last_name": "Jones"},
    "contact": {"email": "Ceri.Jones@Example.com", "phone": "+44 7700 900123"},
    "postcode": {"postcode": "cf101aa"},
    "household": {
        "household": "Me and my partner Sam",
        "adults_at_home": "2",
        "children_at_home": "0",
    },
    "bedroom": {"spare_bedroom": "yes"},
    "interests": {"interests": ["short_term", "respite"]},
    "heard-from": {"heard_from": "friend_or_family"},
    "consent": {"consent_to_contact": "y"},
}


def answer_all(client, answers=GOOD_ANSWERS, *, skip=()):
    for slug, data in answers.items():
        if slug in skip:
            continue
        response = form_post(client, f"{BASE}/{slug}", data)
        assert response.status_code == 302, (slug, page_text(response))
    return response


def enquiry_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Enquiry))


def send(client):
    return form_post(client, f"{BASE}/check-answers")


def field_value(response, name: str) -> str:
    soup = parsed(response.get_data(as_text=True))
    return soup.find(attrs={"name": name})["value"]


def test_start_page_links_to_the_first_question(client):
    response = client.get("/foster-with-us/")
    soup = parsed(response.get_data(as_text=True))
    start = soup.find("a", class_="govuk-button--start")
    assert start["href"] == f"{BASE}/name"


def test_an_enquiry_is_stored_confirmed_and_emailed(client, db_session):
    assert answer_all(client).headers["Location"] == f"{BASE}/check-answers"
    check = client.get(f"{BASE}/check-answers")
    text = page_text(check)
    assert "CF10 1AA" in text  # postcode normalised
    assert "07700 900123" in text  # +44 number normalised
    assert "Short term Respite (short breaks)" in text

    response = send(client)
    assert response.headers["Location"] == f"{BASE}/sent"
    enquiry = db_session.scalar(select(Enquiry))
    assert enquiry.email == "ceri.jones@example.com"
    assert enquiry.phone == "07700 900123"
    assert enquiry.postcode == "CF10 1AA"
    assert enquiry.interests == ["short_term", "respite"]
    assert enquiry.adults_at_home == 2 and enquiry.children_at_home == 0
    assert enquiry.status == "new"
    assert enquiry.reply_due_at > enquiry.received_at  # set by the team side's rule
    assert enquiry.preferred_language == "en"
    assert enquiry.reference.startswith("FE-") and len(enquiry.reference) == 9
    audit = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "enquiry_received"))
    assert audit.object_id == str(enquiry.id)

    confirmation = client.get(f"{BASE}/sent")
    text = page_text(confirmation)
    assert f"Your reference number {enquiry.reference}" in text
    assert "What happens next" in text

    [message] = mail.outbox()
    assert message.to == "ceri.jones@example.com"
    assert message.subject == (
        f"We have your enquiry about fostering (reference {enquiry.reference})"
    )
    assert message.body_text.startswith("Hello,")
    assert f"Your reference number is {enquiry.reference}." in message.body_text
    assert "within one working day" in message.body_text


def test_answers_leave_the_session_once_sent(client):
    answer_all(client)
    send(client)
    with client.session_transaction() as session:
        assert "enquiry" not in session
        assert "Ceri" not in repr(dict(session))
    # Going back to check answers starts again rather than showing the old answers.
    assert client.get(f"{BASE}/check-answers").headers["Location"] == f"{BASE}/name"


def test_welsh_enquiry_gets_a_welsh_email(client, db_session):
    client.get("/locale/cy?next=/")
    answer_all(client)
    send(client)
    enquiry = db_session.scalar(select(Enquiry))
    assert enquiry.preferred_language == "cy"
    [message] = mail.outbox()
    assert message.locale == "cy"
    assert message.subject == (
        f"Rydym wedi cael eich ymholiad am faethu (cyfeirnod {enquiry.reference})"
    )
    assert message.body_text.startswith("Helo,")
    assert f"Eich cyfeirnod yw {enquiry.reference}." in message.body_text


def test_phone_only_enquiry_sends_no_email(client, db_session):
    answers = dict(GOOD_ANSWERS, contact={"email": "", "phone": "029 2087 2087"})
    answer_all(client, answers)
    send(client)
    enquiry = db_session.scalar(select(Enquiry))
    assert enquiry.email is None
    assert enquiry.phone == "029 2087 2087"
    assert mail.outbox() == []
    assert "We have sent you a confirmation email" not in page_text(client.get(f"{BASE}/sent"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "phone": ""}, "Enter an email address or a phone number, or both"),
        (
            {"email": "not-an-email", "phone": ""},
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"email": "", "phone": "12345"}, "Enter a phone number, like 01632 960 001"),
        ({"email": "", "phone": "+33 1 23"}, "or a number from another country with its"),
    ],
)
def test_contact_details_are_validated(client, data, message):
    form_post(client, f"{BASE}/name", GOOD_ANSWERS["name"])
    response = form_post(client, f"{BASE}/contact", data)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert response.get_data(as_text=True).count(message) >= 2  # summary and field


def test_bad_postcode_is_refused_and_keeps_what_was_typed(client):
    answer_all(client, {k: GOOD_ANSWERS[k] for k in ("name", "contact")})
    response = form_post(client, f"{BASE}/postcode", {"postcode": "CF10 ZZZ9"})
    assert "Enter a real postcode, like CF10 1AA" in page_text(response)
    assert field_value(response, "postcode") == "CF10 ZZZ9"
    soup = parsed(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error: What is your postcode?")


def test_rejected_page_keeps_every_typed_value(client):
    answer_all(client, {k: GOOD_ANSWERS[k] for k in ("name", "contact", "postcode")})
    response = form_post(
        client,
        f"{BASE}/household",
        {"household": "Me, my mum", "adults_at_home": "two", "children_at_home": "1"},
    )
    text = page_text(response)
    assert "Number of adults must be a whole number, like 2" in text
    assert field_value(response, "adults_at_home") == "two"
    assert field_value(response, "children_at_home") == "1"
    assert "Me, my mum" in response.get_data(as_text=True)


def test_pages_cannot_be_skipped(client):
    form_post(client, f"{BASE}/name", GOOD_ANSWERS["name"])
    assert client.get(f"{BASE}/bedroom").headers["Location"] == f"{BASE}/contact"


def test_change_link_returns_to_check_answers(client, db_session):
    answer_all(client)
    check = client.get(f"{BASE}/check-answers")
    soup = parsed(check.get_data(as_text=True))
    hrefs = [a["href"] for a in soup.select(".govuk-summary-list__actions a")]
    assert f"{BASE}/postcode?change=1" in hrefs
    page = client.get(f"{BASE}/postcode?change=1")
    back = parsed(page.get_data(as_text=True)).find("a", class_="govuk-back-link")
    assert back["href"] == f"{BASE}/check-answers"
    assert field_value(page, "postcode") == "CF10 1AA"
    response = form_post(client, f"{BASE}/postcode?change=1", {"postcode": "sa1 1aa"})
    assert response.headers["Location"] == f"{BASE}/check-answers"
    assert "SA1 1AA" in page_text(client.get(f"{BASE}/check-answers"))


def test_consent_is_required(client):
    answer_all(client, skip=("consent",))
    response = form_post(client, f"{BASE}/consent", {})
    assert "Agree to be contacted so that the fostering team can reply to you" in page_text(
        response
    )


def test_filled_honeypot_fakes_success_and_stores_nothing(client, db_session):
    answer_all(client)
    response = form_post(client, f"{BASE}/check-answers", {"website": "http://spam.example"})
    assert response.headers["Location"] == f"{BASE}/sent"
    assert "Your reference number FE-" in page_text(client.get(f"{BASE}/sent"))
    assert enquiry_count(db_session) == 0
    assert mail.outbox() == []


def test_honeypot_on_a_question_page_also_stores_nothing(client, db_session):
    answers = dict(GOOD_ANSWERS, postcode={"postcode": "CF10 1AA", "website": "x"})
    answer_all(client, answers)
    send(client)
    assert enquiry_count(db_session) == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(client):
    page = client.get(f"{BASE}/name")
    soup = parsed(page.get_data(as_text=True))
    field = soup.find("input", attrs={"name": "website"})
    assert field["tabindex"] == "-1"
    assert field["autocomplete"] == "off"
    wrapper = field.find_parent("div")
    assert wrapper["aria-hidden"] == "true"
    assert "govuk-visually-hidden" in wrapper["class"]
    assert soup.find("label", attrs={"for": "website"}) is not None


@pytest.fixture
def app_config():
    return {"PUBLIC_FORM_RATE_LIMIT": "2 per minute"}


def test_sending_is_rate_limited(client, db_session):
    for _ in range(2):
        answer_all(client)
        assert send(client).status_code == 302
    answer_all(client)
    response = send(client)
    assert response.status_code == 429
    assert "Too many" in page_text(response) or "too many" in page_text(response)
    assert enquiry_count(db_session) == 2


def test_the_acknowledgement_echoes_nothing_the_enquirer_typed(client, db_session):
    """Anyone may enquire with any address: the email must not carry their words."""
    words = "Your account is locked, call 0900 123 456 now"
    enquiry = create_enquiry(first_name=words[:100], last_name=words[:100])
    message = mail.send_template(
        "someone.else@example.com", "enquiry_received", locale="en", enquiry=enquiry
    )
    assert words not in message.body_text and words not in message.subject


# --- Answers that are only spaces, numbers from abroad, counts in words ----------------


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("name", {"first_name": "   ", "last_name": "Jones"}, "Enter your first name"),
        ("name", {"first_name": "Ceri", "last_name": " \t "}, "Enter your last name"),
        ("postcode", {"postcode": "   "}, "Enter your postcode"),
        (
            "household",
            {"household": "   ", "adults_at_home": "2", "children_at_home": "0"},
            "Tell us who lives in your home",
        ),
        (
            "household",
            {"household": "Me", "adults_at_home": "  ", "children_at_home": "0"},
            "Enter how many adults live in your home",
        ),
    ],
)
def test_an_answer_of_only_spaces_is_an_error(client, slug, data, message):
    for step in list(GOOD_ANSWERS)[: list(GOOD_ANSWERS).index(slug)]:
        form_post(client, f"{BASE}/{step}", GOOD_ANSWERS[step])
    response = form_post(client, f"{BASE}/{slug}", data)
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    with client.session_transaction() as session:
        assert not set(data) & set(session.get("enquiry", {}))  # nothing kept from the page


def test_answers_are_kept_without_the_spaces_around_them(client, db_session):
    answers = dict(
        GOOD_ANSWERS,
        name={"first_name": "  Ceri ", "last_name": " Jones  "},
        household={
            "household": "  Me and Sam \n",
            "adults_at_home": " 2 ",
            "children_at_home": "0",
        },
    )
    answer_all(client, answers)
    send(client)
    enquiry = db_session.scalar(select(Enquiry))
    assert (enquiry.first_name, enquiry.last_name) == ("Ceri", "Jones")
    assert enquiry.household == "Me and Sam"


def test_an_answer_refused_at_sending_is_listed_and_nothing_is_wiped(client, db_session):
    """A blank name kept in the session from before the rule (or a rule that changed
    since a page was answered): sending names what to change and keeps every answer."""
    answer_all(client)
    with client.session_transaction() as session:
        answers = dict(session["enquiry"])
        answers["first_name"] = "   "
        session["enquiry"] = answers
    response = send(client)
    assert response.status_code == 200
    soup = parsed(response.get_data(as_text=True))
    assert soup.title.get_text().startswith("Error: Check your answers")
    [link] = soup.select(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Enter your first name and last name"
    assert link["href"] == f"{BASE}/name?change=1"
    assert "CF10 1AA" in page_text(response)  # the other answers are still there
    assert enquiry_count(db_session) == 0
    with client.session_transaction() as session:
        assert session["enquiry"]["postcode"] == "CF10 1AA"
    # Put right from the link, the enquiry goes.
    fixed = form_post(client, f"{BASE}/name?change=1", GOOD_ANSWERS["name"])
    assert fixed.headers["Location"] == f"{BASE}/check-answers"
    assert send(client).headers["Location"] == f"{BASE}/sent"
    assert enquiry_count(db_session) == 1


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+353 1 234 5678", "+353 1 234 5678"),
        ("00353 1 234 5678", "+353 1 234 5678"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+1 (202) 555-0143", "+1 202-555-0143"),
        ("+44 (0)29 2087 2087", "029 2087 2087"),
    ],
)
def test_numbers_from_other_countries_are_accepted_with_their_country_code(
    client, db_session, typed, stored
):
    answer_all(client, dict(GOOD_ANSWERS, contact={"email": "", "phone": typed}))
    send(client)
    assert db_session.scalar(select(Enquiry)).phone == stored


@pytest.mark.parametrize("typed", ["+353 1", "+999 123 456 789", "353 1 234 5678"])
def test_numbers_that_are_not_real_anywhere_are_refused(client, typed):
    form_post(client, f"{BASE}/name", GOOD_ANSWERS["name"])
    response = form_post(client, f"{BASE}/contact", {"email": "", "phone": typed})
    assert "or a number from another country with its country code" in page_text(response)


@pytest.mark.parametrize(
    ("adults", "children", "english", "welsh"),
    [
        (1, 0, ("1 adult", "0 children"), ("1 oedolyn", "0 o blant")),
        (2, 1, ("2 adults", "1 child"), ("2 oedolyn", "1 plentyn")),
        (5, 2, ("5 adults", "2 children"), ("5 o oedolion", "2 blentyn")),
        (1, 3, ("1 adult", "3 children"), ("1 oedolyn", "3 phlentyn")),
    ],
)
def test_people_at_home_are_counted_in_words_in_both_languages(
    client, adults, children, english, welsh
):
    household = {
        "household": "Us",
        "adults_at_home": str(adults),
        "children_at_home": str(children),
    }
    answer_all(client, dict(GOOD_ANSWERS, household=household))
    rows = summary_rows(client.get(f"{BASE}/check-answers"))
    assert (rows["Adults at home"], rows["Children at home"]) == english
    client.get("/locale/cy?next=/")
    rows = summary_rows(client.get(f"{BASE}/check-answers"))
    assert (rows["Oedolion yn y cartref"], rows["Plant yn y cartref"]) == welsh


@pytest.mark.parametrize(
    ("language", "council"), [("en", "Example County Council"), ("cy", "Cyngor Sir Enghraifft")]
)
def test_the_acknowledgement_names_the_council_in_its_language(client, language, council):
    enquiry = create_enquiry(email="ceri@example.com")
    message = mail.send_template(
        "ceri@example.com", "enquiry_received", locale=language, enquiry=enquiry
    )
    assert message.body_text.rstrip().endswith(council)
    other = "Cyngor Sir Enghraifft" if language == "en" else "Example County Council"
    assert other not in message.body_text
