"""The whole child: the referral form's profile, the child's page, legal status over
time, contact arrangements, allocation to a social worker and dates needed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, Child, LegalStatusPeriod, Role
from fostering.placements.services import children as service
from tests.conftest import form_post, page_text, sign_in, summary_rows
from tests.factories import create_child, create_user, load_postcodes
from tests.placements.test_children_pages import GOOD, _error_links

FULL = {
    **GOOD,
    "school_name": "Ysgol Gymraeg Treganna",
    "keep_school": "yes",
    "ethnicity": "mixed_white_black_caribbean",
    "religion": "muslim",
    "communication": ["bsl"],
    "other_languages": "Arabic",
    "interpreter_needed": "yes",
    "health_needs": "Asthma: inhaler twice a day",
    "learning_needs": "school_idp",
    "risks_to_self": ["going_missing"],
    "risks_to_others": ["fire_setting"],
    "risk_notes": "Went missing twice in May",
    "alongside": "older_only",
    "pets": "no",
    "smoke_free": "yes",
    "legal_status": "V2",
    "legal_status_from": ["3", "3", "2025"],
}


@pytest.fixture
def officer(app, client):
    load_postcodes()
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


def test_a_full_profile_is_saved_and_shown(app, client, officer):
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Hughes")
    response = form_post(
        client, "/placements/children/new", {**FULL, "social_worker": str(worker.id)}
    )
    assert response.status_code == 302
    child = db.session.scalar(select(Child))
    assert (child.ethnicity, child.religion, child.communication) == (
        "mixed_white_black_caribbean",
        "muslim",
        ["bsl"],
    )
    assert child.interpreter_needed and child.smoke_free and child.keep_school is True
    assert child.risks == ["going_missing", "fire_setting"]
    assert child.social_worker_id == worker.id
    [period] = child.legal_statuses
    assert (period.code, period.start_date, period.end_date) == ("V2", date(2025, 3, 3), None)
    page = client.get(f"/placements/children/{child.id}")
    rows = summary_rows(page)
    assert rows["Ethnicity"] == "Mixed or Multiple ethnic groups: White and Black Caribbean"
    assert rows["Communication and languages"] == (
        "British Sign Language (BSL); Arabic; Needs an interpreter"
    )
    assert rows["Risks to the child"] == "Going missing"
    assert rows["Risks to others or property"] == "Fire-setting"
    assert rows["Keep the school"] == "Yes, the placement must keep the child at this school"
    assert rows["Social worker"].startswith("Siân Hughes")
    assert "Accommodated under the 2014 Act s.76" in page_text(page)
    # The edit form shows what was saved, and saving it again changes nothing.
    edit = client.get(f"/placements/children/{child.id}/edit").get_data(as_text=True)
    assert "Asthma: inhaler twice a day" in edit and 'id="legal_status"' not in edit


def test_profile_refusals_keep_what_was_typed(app, client, officer):
    response = form_post(
        client,
        "/placements/children/new",
        {**FULL, "legal_status_from": ["", "", ""], "ethnicity": "martian"},
    )
    errors = _error_links(response)
    assert "Enter the date the legal status started" in errors
    assert "Not a valid choice." in errors
    assert "Went missing twice in May" in response.get_data(as_text=True)
    assert db.session.scalar(select(Child)) is None


def test_a_date_needed_in_the_past_is_refused_but_today_is_allowed(app, client, officer):
    yesterday, today = date.today() - timedelta(days=1), date.today()
    parts = lambda d: [str(d.day), str(d.month), str(d.year)]  # noqa: E731
    refused = form_post(
        client, "/placements/children/new", {**GOOD, "date_needed": parts(yesterday)}
    )
    assert "The date needed must be today or in the future" in _error_links(refused)
    assert db.session.scalar(select(Child)) is None
    saved = form_post(client, "/placements/children/new", {**GOOD, "date_needed": parts(today)})
    assert saved.status_code == 302
    # An older referral keeps its date when changed for another reason.
    old = create_child()
    old.date_needed = yesterday
    db.session.commit()
    kept = form_post(
        client,
        f"/placements/children/{old.id}/edit",
        {**GOOD, "reference": old.reference, "date_needed": parts(yesterday)},
    )
    assert kept.status_code == 302


def test_legal_status_history(app, client, officer):
    child = create_child(date_of_birth=date(2015, 1, 1))
    url = f"/placements/children/{child.id}/legal-status"
    for code, day in (("V2", "1"), ("C1", "20"), ("C2", "28")):
        assert (
            form_post(
                client, url, {"legal_status": code, "legal_status_from": [day, "2", "2026"]}
            ).status_code
            == 302
        )
    periods = list(
        db.session.scalars(select(LegalStatusPeriod).order_by(LegalStatusPeriod.start_date))
    )
    assert [(p.code, p.start_date.day, p.end_date) for p in periods] == [
        ("V2", 1, date(2026, 2, 19)),
        ("C1", 20, date(2026, 2, 27)),
        ("C2", 28, None),
    ]
    same = form_post(client, url, {"legal_status": "C2", "legal_status_from": ["1", "3", "2026"]})
    assert "This is already the child's legal status" in _error_links(same)
    earlier = form_post(
        client, url, {"legal_status": "E1", "legal_status_from": ["1", "1", "2026"]}
    )
    assert (
        "The new legal status must start after the current one, which started on 28 February 2026"
        in _error_links(earlier)
    )
    future = date.today() + timedelta(days=3)
    ahead = form_post(
        client,
        url,
        {
            "legal_status": "E1",
            "legal_status_from": [str(future.day), str(future.month), str(future.year)],
        },
    )
    assert "The legal status must have started today or earlier" in _error_links(ahead)
    text = page_text(client.get(f"/placements/children/{child.id}"))
    assert "Care order (Children Act 1989 s.31)" in text and "Interim care order" in text
    actions = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "legal_status_recorded")
    )
    assert list(actions) == ["code=V2", "code=C1", "code=C2"]


def test_contact_arrangements(app, client, officer):
    child = create_child()
    url = f"/placements/children/{child.id}/contact"
    missing = form_post(client, url, {"who": "", "place": "Barry", "frequency": "weekly"})
    assert "Enter who the child has contact with" in _error_links(missing)
    added = form_post(
        client, url, {"who": "Mother", "place": "Family centre, Barry", "frequency": "weekly"}
    )
    assert added.status_code == 302
    text = page_text(client.get(f"/placements/children/{child.id}"))
    assert "Mother Family centre, Barry Every week" in text
    [contact] = child.contacts
    contact_id = contact.id
    removed = form_post(client, f"{url}/{contact_id}/remove", token_from=url)
    assert removed.status_code == 302
    assert "No contact arrangements are recorded." in page_text(client.get(url))
    other = create_child()
    assert (
        form_post(
            client, f"/placements/children/{other.id}/contact/{contact_id}/remove", token_from=url
        ).status_code
        == 404
    )


def test_social_workers_cannot_allocate_and_an_unknown_worker_is_refused(app, client, officer):
    refused = form_post(client, "/placements/children/new", {**GOOD, "social_worker": "999999"})
    assert "Not a valid choice." in _error_links(refused)
    worker = create_user(role=Role.SOCIAL_WORKER)
    with pytest.raises(service.ChildError) as caught:
        service.refer(
            officer,
            service.Referral(
                given_name="A", family_name="B", date_of_birth=date(2015, 1, 1), sex="F",
                setting="foster", placement_type="short_term", urgency="planned",
                date_needed=None, home=None, social_worker_id=officer.id,
            ),
        )  # fmt: skip
    assert caught.value.field == "social_worker"
    theirs = app.test_client()
    sign_in(theirs, worker)
    page = theirs.get("/placements/children/new").get_data(as_text=True)
    assert 'id="social_worker"' not in page
