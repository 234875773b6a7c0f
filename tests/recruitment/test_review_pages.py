"""The review pages: who may use them, each step through the forms, bad input kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fostering.extensions import db
from fostering.models import CarerReview, Role
from fostering.models.carer_review import ReviewStage
from fostering.recruitment.services import annual_reviews
from fostering.recruitment.services.casework import office_today
from tests.conftest import form_post, page_text, sign_in
from tests.factories import (
    create_carer,
    create_child,
    create_panel_meeting,
    create_placement,
    create_user,
)

TERMS = {
    "places": "3",
    "min_age": "0",
    "max_age": "12",
    "placement_types": ["short_term"],
    "welsh_speaking": "no",
}


def _day(name: str, day: date) -> dict:
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _carer():
    carer = create_carer(approved_on=date(2020, 1, 1), places=2, max_age=12)
    carer.annual_review_due = office_today() - timedelta(days=5)
    db.session.commit()
    return carer


def test_placement_officers_see_terms_history_but_not_reviews(client, db_session):
    carer = _carer()
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    page = page_text(client.get(f"/fostering-team/carers/{carer.id}"))
    assert "Terms of approval over time" in page
    assert "Reviews of approval" not in page
    assert client.get(f"/fostering-team/carers/{carer.id}/reviews/start").status_code == 403


def test_the_dashboard_links_to_starting_the_review(client, db_session):
    carer = _carer()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    html = client.get("/fostering-team/").get_data(as_text=True)
    assert f"/fostering-team/carers/{carer.id}/reviews/start" in html


def test_a_social_worker_reviews_a_carer_through_the_pages(client, db_session):
    carer = _carer()
    child = create_child(given_name="Alys", family_name="Jenkins")
    create_placement(provider=carer, child=child, start_date=office_today() - timedelta(30))
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    start = f"/fostering-team/carers/{carer.id}/reviews/start"
    response = form_post(client, start)
    assert response.status_code == 302
    review = db.session.query(CarerReview).one()
    base = f"/fostering-team/carers/{carer.id}/reviews/{review.id}"
    assert response.headers["Location"].endswith(base)

    # The child's views are missing: refused, and what was typed is kept.
    bad = form_post(client, f"{base}/views", {"carer_views": "A good year", "authority_views": ""})
    assert bad.status_code == 400
    text = page_text(bad)
    assert "Enter the views of Alys Jenkins" in text and "A good year" in text
    db.session.refresh(review)
    assert review.stage == ReviewStage.STARTED.value
    good = form_post(
        client,
        f"{base}/views",
        {"carer_views": "A good year", f"child-{child.id}": "Likes it", "authority_views": "Fine"},
    )
    assert good.status_code == 302

    bad = form_post(
        client,
        f"{base}/report",
        {"report": "Suitable", "outcome": "change_terms", **_day("report_on", office_today())},
    )
    assert bad.status_code == 400 and "Suitable" in page_text(bad)
    good = form_post(
        client,
        f"{base}/report",
        {"report": "Suitable", "outcome": "change_terms", **_day("report_on", office_today()),
         **TERMS},
    )  # fmt: skip
    assert good.status_code == 302, page_text(good)
    meeting = create_panel_meeting()
    assert form_post(client, f"{base}/panel", {"meeting": str(meeting.id)}).status_code == 302
    good = form_post(
        client,
        f"{base}/panel-recommendation",
        {"recommendation": "change_terms", "minutes": "Agreed", **TERMS},
    )
    assert good.status_code == 302
    # The social worker cannot decide.
    assert client.get(f"{base}/decision").status_code == 403
    db.session.refresh(review)
    assert review.stage == ReviewStage.PANEL.value and review.panel_terms["places"] == 3

    manager = client.application.test_client()
    sign_in(manager, create_user(role=Role.TEAM_MANAGER))
    good = form_post(
        manager,
        f"{base}/decision",
        {"decision": "change_terms", **_day("decided_on", office_today()), **TERMS},
    )
    assert good.status_code == 302
    db.session.refresh(carer)
    assert carer.places == 3
    assert carer.annual_review_due == annual_reviews.next_due(office_today())
    page = page_text(manager.get(f"/fostering-team/carers/{carer.id}"))
    assert review.reference in page and "In force" in page


def test_another_workers_review_is_read_only_and_reviews_belong_to_their_carer(client, db_session):
    carer, other_carer = _carer(), _carer()
    owner = create_user(role=Role.SOCIAL_WORKER)
    review = annual_reviews.start_review(carer, actor=owner)
    db.session.commit()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    base = f"/fostering-team/carers/{carer.id}/reviews/{review.id}"
    assert client.get(base).status_code == 200
    refused = client.post(f"{base}/views", data={"carer_views": "x"})
    assert refused.status_code in (302, 400)
    db.session.refresh(review)
    assert review.carer_views is None
    assert (
        client.get(f"/fostering-team/carers/{other_carer.id}/reviews/{review.id}").status_code
        == 404
    )


@pytest.mark.backend_independent
def test_a_request_to_change_terms_with_bad_numbers_is_refused_and_kept(client, db_session):
    carer = _carer()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    url = f"/fostering-team/carers/{carer.id}/terms-change"
    bad = form_post(client, url, {**TERMS, "places": "lots", "reason": "Room for one more"})
    assert bad.status_code == 400
    text = page_text(bad)
    assert "Room for one more" in text and "whole number" in text
    assert db.session.query(CarerReview).count() == 0


def test_a_request_to_change_terms_and_an_ending_show_on_their_pages(client, db_session):
    carer = _carer()
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    url = f"/fostering-team/carers/{carer.id}/terms-change"
    assert client.get(url).status_code == 200
    response = form_post(client, url, {**TERMS, "reason": "A third bedroom is ready"})
    assert response.status_code == 302
    request = db.session.query(CarerReview).one()
    page = page_text(client.get(response.headers["Location"]))
    assert "A third bedroom is ready" in page and "Book the fostering panel" in page
    assert client.get(f"{response.headers['Location']}/panel").status_code == 200

    # An annual review proposing to end approval asks for the notice next.
    other = _carer()
    review = annual_reviews.start_review(other, actor=worker)
    annual_reviews.record_views(review, annual_reviews.Views(carer="x", children={}), actor=worker)
    annual_reviews.write_report(
        review, actor=worker, report="Concerns", outcome="terminate", terms=None,
        report_on=office_today(),
    )  # fmt: skip
    db.session.commit()
    base = f"/fostering-team/carers/{other.id}/reviews/{review.id}"
    assert "Record the notice of the proposal to end approval" in page_text(client.get(base))
    response = form_post(
        client, f"{base}/notice", {**_day("sent_on", office_today()), "reasons": "Concerns"}
    )
    assert response.status_code == 302
    page = page_text(client.get(base))
    assert "Representations close" in page
    assert request.stage == ReviewStage.REPORT_WRITTEN.value


def test_the_panel_meeting_lists_the_reviews_it_hears_and_keeps_its_date(client, db_session):
    from fostering.recruitment.services import panels
    from fostering.recruitment.services.casework import CaseworkError

    carer = _carer()
    manager = create_user(role=Role.TEAM_MANAGER)
    meeting = create_panel_meeting()
    request = annual_reviews.request_terms_change(
        carer,
        annual_reviews.terms_history.as_terms(
            {**annual_reviews.terms_history.values_of(carer), "places": 3}, carer
        ),
        reason="Room for one more",
        actor=manager,
    )
    annual_reviews.book_panel(request, meeting.id, actor=manager)
    db.session.commit()
    sign_in(client, manager)
    page = page_text(client.get(f"/fostering-team/panel-meetings/{meeting.id}"))
    assert request.reference in page and carer.household_name in page
    annual_reviews.record_panel(
        request, actor=manager, recommendation="continue", terms=None, minutes="Not now."
    )
    details = panels.MeetingDetails(
        meeting_date=meeting.meeting_date + timedelta(days=7),
        starts_at=meeting.starts_at,
        venue=meeting.venue,
        chair=meeting.chair,
    )
    with pytest.raises(CaseworkError):
        panels.change_meeting(meeting, details, actor=manager)
