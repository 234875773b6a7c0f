"""The enquiries inbox: reply due dates, overdue flags, search, filters, paging, and the
steps from first contact to the initial visit's outcome."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from fostering.models import AuditEvent, Enquiry, Role
from fostering.models.types import utcnow
from fostering.services.working_days import reply_due
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_enquiry, create_user


def enquiry_received(days_ago: float, **fields):
    received = utcnow() - timedelta(days=days_ago)
    enquiry = create_enquiry(received_at=received, **fields)
    enquiry.reply_due_at = reply_due(received)
    from fostering.extensions import db

    db.session.commit()
    return enquiry


def test_inbox_shows_reply_due_and_flags_overdue(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    late = enquiry_received(10, first_name="Heledd", last_name="Late")
    fresh = enquiry_received(0, first_name="Ffion", last_name="Fresh")
    response = client.get("/fostering-team/enquiries")
    assert response.status_code == 200
    text = page_text(response)
    assert "Heledd Late" in text and "Ffion Fresh" in text
    assert "1 enquiry has not had a reply in time." in text
    html = response.get_data(as_text=True)
    rows = {row.split("</tr>")[0] for row in html.split("<tr")}
    late_row = next(row for row in rows if late.reference in row)
    fresh_row = next(row for row in rows if fresh.reference in row)
    assert "Overdue" in late_row and "Overdue" not in fresh_row
    overdue_only = page_text(client.get("/fostering-team/enquiries?show=overdue"))
    assert "Heledd Late" in overdue_only and "Ffion Fresh" not in overdue_only


def test_search_by_name_reference_and_postcode(client, db_session):
    sign_in(client, create_user(role=Role.TEAM_MANAGER))
    one = enquiry_received(1, first_name="Bethan", last_name="Rees", postcode="SA1 1AA")
    enquiry_received(1, first_name="Owain", last_name="Lewis", postcode="LL57 2DG")
    for query in ("bethan", one.reference, one.reference.replace("-", "").lower(), "sa11aa"):
        text = page_text(client.get("/fostering-team/enquiries", query_string={"q": query}))
        assert "Bethan Rees" in text, query
        assert "Owain Lewis" not in text, query
    none = page_text(client.get("/fostering-team/enquiries", query_string={"q": "nobody"}))
    assert "No enquiries match" in none


def test_closed_enquiries_leave_the_open_list_and_paging_works(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    for number in range(27):
        enquiry_received(2, first_name="Person", last_name=f"Number{number:02d}")
    enquiry_received(2, first_name="Closed", last_name="Case", status="closed")
    first = page_text(client.get("/fostering-team/enquiries"))
    assert "Showing 1 to 25 of 27" in first and "Closed Case" not in first
    second = page_text(client.get("/fostering-team/enquiries?page=2"))
    assert "Showing 26 to 27 of 27" in second
    everything = page_text(client.get("/fostering-team/enquiries?show=all&page=2"))
    assert "of 28" in everything


def test_contact_visit_and_close(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    enquiry = enquiry_received(3, first_name="Gwen", last_name="Price")
    url = f"/fostering-team/enquiries/{enquiry.id}"
    response = form_post(client, url + "/contacted", token_from=url)
    assert response.status_code == 302
    db_session.expire_all()
    assert enquiry.status == "contacted" and enquiry.contacted_at is not None

    visit_day = (utcnow() + timedelta(days=5)).date()
    response = form_post(
        client,
        url + "/visit",
        {
            "visit_date": [str(visit_day.day), str(visit_day.month), str(visit_day.year)],
            "visit_time": "14:30",
        },
        token_from=url,
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert enquiry.status == "visit_booked"
    assert enquiry.visit_at.astimezone().date() == visit_day or enquiry.visit_at.date() == visit_day

    # The visit has not happened yet, so its outcome cannot be recorded.
    response = form_post(
        client,
        url + "/outcome",
        {"outcome": "close", "outcome_reason": "Not ready"},
        token_from=url,
    )
    assert response.status_code == 400
    assert "The visit has not happened yet" in page_text(response)

    enquiry.visit_at = utcnow() - timedelta(hours=2)
    db_session.commit()
    response = form_post(client, url + "/outcome", {"outcome": "close"}, token_from=url)
    assert response.status_code == 400
    assert "Enter the reason for closing the enquiry" in page_text(response)
    response = form_post(
        client,
        url + "/outcome",
        {"outcome": "close", "outcome_reason": "They want to adopt instead"},
        token_from=url,
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert enquiry.status == "closed"
    assert enquiry.closed_reason == "They want to adopt instead"
    assert enquiry.visit_outcome == "close"
    actions = list(
        db_session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "enquiries", AuditEvent.action != "enquiry_viewed")
            .order_by(AuditEvent.id)
        )
    )
    assert actions == ["enquiry_contacted", "visit_booked", "enquiry_closed"]


def test_bad_visit_time_keeps_what_was_typed(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    enquiry = enquiry_received(1)
    url = f"/fostering-team/enquiries/{enquiry.id}"
    response = form_post(
        client,
        url + "/visit",
        {"visit_date": ["1", "4", "2030"], "visit_time": "25:99"},
        token_from=url,
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter a real time, like 14:30" in text
    assert 'value="25:99"' in response.get_data(as_text=True)
    assert db_session.get(Enquiry, enquiry.id).status == "new"


def test_applicants_and_other_roles_cannot_see_the_inbox(client, db_session):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    assert client.get("/fostering-team/enquiries").status_code == 403


def test_every_new_enquiry_gets_its_reply_due_time(db_session):
    from datetime import datetime

    from fostering.services.working_days import OFFICE_TZ

    friday_evening = datetime(2026, 3, 13, 19, 45, tzinfo=OFFICE_TZ)
    enquiry = create_enquiry(received_at=friday_evening)
    db_session.expire_all()
    assert enquiry.reply_due_at == datetime(2026, 3, 17, 17, tzinfo=OFFICE_TZ)


def test_inviting_after_the_visit_creates_the_application(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    enquiry = enquiry_received(5, first_name="Rhys", last_name="Owen")
    enquiry.status = "visit_booked"
    enquiry.visit_at = utcnow() - timedelta(days=1)
    db_session.commit()
    url = f"/fostering-team/enquiries/{enquiry.id}"
    response = form_post(client, url + "/outcome", {"outcome": "invite"}, token_from=url)
    assert response.status_code == 302
    db_session.expire_all()
    assert enquiry.status == "invited"
    assert enquiry.visit_outcome == "invite"
    assert enquiry.application is not None
    assert enquiry.application.stage == "invited"
    assert "The household has been invited to apply." in page_text(client.get(url))


def test_an_invitation_that_cannot_be_sent_is_explained(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    enquiry = enquiry_received(5, email="")
    enquiry.email = None
    enquiry.status = "visit_booked"
    enquiry.visit_at = utcnow() - timedelta(days=1)
    db_session.commit()
    url = f"/fostering-team/enquiries/{enquiry.id}"
    response = form_post(client, url + "/outcome", {"outcome": "invite"}, token_from=url)
    assert response.status_code == 400
    assert "Add an email address to the enquiry first" in page_text(response)
    db_session.expire_all()
    assert enquiry.status == "visit_booked" and enquiry.visit_outcome is None
