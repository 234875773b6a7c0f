"""The connected persons pages: started from the child's record, each step through the
pages, who may see which case, bad input, the case list and the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import AuditEvent, FosterCarer, Role
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.recruitment.services import connected_persons as service
from fostering.recruitment.services.casework import office_today
from tests.conftest import form_post, page_text, parsed, sign_in
from tests.factories import create_panel_meeting, create_user
from tests.recruitment.test_connected_persons import make_team


@pytest.fixture
def team(db_session):
    return make_team()


def _date(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


START = {
    "names": "Ann Jones",
    "relation": "Grandmother",
    "address": "1 High Street, Cardiff",
    "postcode": "CF10 1AA",
    "household_adults": "Huw Jones",
}


def audit_count(action: str, case_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    if case_id is not None:
        stmt = stmt.where(AuditEvent.object_id == str(case_id))
    return db.session.scalar(stmt)


def test_a_social_worker_takes_a_case_from_the_child_to_approval(client, team, db_session):
    manager, worker, child = team
    sign_in(client, worker)
    record = client.get(f"/placements/children/{child.id}")
    assert "Start a connected persons assessment" in page_text(record)
    start_url = f"/fostering-team/connected-persons/start/{child.id}"
    assert f'href="{start_url}"' in record.get_data(as_text=True)

    response = form_post(client, start_url, START)
    assert response.status_code == 302
    case = db_session.scalar(select(ConnectedCase))
    base = f"/fostering-team/connected-persons/{case.id}"
    assert response.headers["Location"].endswith(base)
    page = client.get(base)
    assert page.status_code == 200
    assert "Ann Jones" in page_text(page)
    assert audit_count("connected_case_viewed", case.id) == 1
    assert "Ann Jones" in page_text(client.get(f"/placements/children/{child.id}"))

    today = office_today()
    steps = [
        ("/viability", {"outcome": "positive", "assessed_on": _date(today)}),
        ("/temporary-approval", {"starts_on": _date(today)}),
        ("/assessment", {"summary": "Suitable for Megan.", "completed_on": _date(today)}),
    ]
    for path, data in steps:
        assert form_post(client, base + path, data).status_code == 302, path
    meeting = create_panel_meeting()
    assert form_post(client, base + "/panel", {"meeting": str(meeting.id)}).status_code == 302
    heard = page_text(client.get(f"/fostering-team/panel-meetings/{meeting.id}"))
    assert "Connected persons cases heard" in heard and "Ann Jones" in heard
    response = form_post(
        client, base + "/panel-recommendation", {"recommendation": "approve", "minutes": "Good"}
    )
    assert response.status_code == 302
    # The social worker cannot extend or decide: those are a team manager's.
    assert client.get(base + "/extension").status_code == 403
    assert client.get(base + "/decision").status_code == 403

    client.post("/sign-out", data={})
    client.delete_cookie("session")
    sign_in(client, manager)
    response = form_post(
        client,
        base + "/decision",
        {
            "decision": "approve",
            "decided_on": _date(today),
            "places": "1",
            "weekly_allowance": "250.00",
            "welsh_speaking": "no",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    case = db_session.get(ConnectedCase, case.id)
    assert case.stage_enum is ConnectedStage.APPROVED
    carer = db_session.get(FosterCarer, case.carer_id)
    assert carer.weekly_allowance_pence == 25_000
    case_page = parsed(client.get(base).get_data(as_text=True))
    assert case_page.find("a", href=f"/fostering-team/carers/{carer.id}").text == carer.reference
    assert case_page.find("a", href=f"/fostering-team/panel-meetings/{meeting.id}") is not None
    register = parsed(client.get("/fostering-team/carers").get_data(as_text=True))
    row = register.find("a", href=f"/fostering-team/carers/{carer.id}").find_parent("td")
    assert "Connected carer" in row.get_text()
    carer_page = client.get(f"/fostering-team/carers/{carer.id}")
    assert "Connected carers for Megan Morgan" in page_text(carer_page)


def test_bad_input_keeps_what_was_typed_and_changes_nothing(client, team, db_session):
    _manager, worker, child = team
    sign_in(client, worker)
    url = f"/fostering-team/connected-persons/start/{child.id}"
    response = form_post(client, url, {**START, "names": "", "postcode": "nonsense"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the name of the connected person or people" in text
    assert "Enter a real postcode, like CF10 1AA" in text
    soup = parsed(response.get_data(as_text=True))
    assert soup.find("input", attrs={"name": "relation"})["value"] == "Grandmother"
    assert db_session.scalar(select(func.count()).select_from(ConnectedCase)) == 0

    case = service.start_case(child, service.Household(**START), actor=worker)
    base = f"/fostering-team/connected-persons/{case.id}"
    response = form_post(client, base + "/viability", {"outcome": "negative", "reasons": ""})
    assert response.status_code == 400
    assert "Enter the date of the viability assessment" in page_text(response)
    response = form_post(
        client,
        base + "/viability",
        {"outcome": "negative", "reasons": "", "assessed_on": _date(office_today())},
    )
    assert response.status_code == 400
    assert "Enter the reasons for a negative viability assessment" in page_text(response)
    response = form_post(
        client, base + "/viability", {"outcome": "maybe", "assessed_on": ["31", "2", "2026"]}
    )
    assert response.status_code == 400
    db_session.expire_all()
    assert db_session.get(ConnectedCase, case.id).stage == ConnectedStage.VIABILITY.value


def test_who_may_see_a_case(client, team, db_session):
    manager, worker, child = team
    case = service.start_case(child, service.Household(**START), actor=worker)
    url = f"/fostering-team/connected-persons/{case.id}"
    other = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, other)
    assert client.get(url).status_code == 404
    assert client.get(url + "/viability").status_code == 404
    assert client.get(f"/fostering-team/connected-persons/start/{child.id}").status_code == 404
    listing = client.get("/fostering-team/connected-persons")
    assert listing.status_code == 200
    assert "Ann Jones" not in page_text(listing)
    assert "There are no open connected persons cases" in page_text(listing)
    assert audit_count("connected_case_viewed") == 0

    for role in (Role.PLACEMENT_OFFICER, Role.COMMISSIONER, Role.ADMINISTRATOR):
        client.delete_cookie("session")
        sign_in(client, create_user(role=role))
        assert client.get(url).status_code == 403
        assert client.get("/fostering-team/connected-persons").status_code == 403

    client.delete_cookie("session")
    sign_in(client, manager)
    assert client.get(url).status_code == 200
    assert client.get(url.replace(str(case.id), str(case.id + 999))).status_code == 404
    # A manager does not start cases: only the child's own social worker does.
    assert client.get(f"/fostering-team/connected-persons/start/{child.id}").status_code == 403
    assert "Ann Jones" in page_text(client.get("/fostering-team/connected-persons"))


def test_the_manager_extends_and_the_list_and_dashboard_show_time_limits(client, team, db_session):
    manager, worker, child = team
    case = service.start_case(child, service.Household(**START), actor=worker)
    case.started_on -= timedelta(days=200)
    db.session.commit()
    service.record_viability(
        case, actor=worker, outcome="positive", reasons="", assessed_on=case.started_on
    )
    service.grant_temporary_approval(
        case, actor=worker, starts_on=office_today() - timedelta(weeks=15)
    )
    other = service.start_case(
        child, service.Household(**{**START, "names": "Carys Lewis"}), actor=worker
    )
    assert other.stage_enum is ConnectedStage.VIABILITY

    sign_in(client, manager)
    dashboard = page_text(client.get("/fostering-team/"))
    assert "1 temporary approval ending in the next 14 days" in dashboard
    assert "0 temporary approvals ended without a decision" in dashboard
    assert "1 viability assessment outstanding" in dashboard

    ending = page_text(client.get("/fostering-team/connected-persons?show=ending"))
    assert "Ann Jones" in ending and "Carys Lewis" not in ending
    assert "Temporary approval ends" in ending
    searched = page_text(client.get("/fostering-team/connected-persons?show=all&q=carys"))
    assert "Carys Lewis" in searched and "Ann Jones" not in searched
    assert client.get("/fostering-team/connected-persons?show=nonsense").status_code == 200
    assert client.get("/fostering-team/connected-persons?page=99").status_code in (200, 404)

    base = f"/fostering-team/connected-persons/{case.id}"
    too_late = service.latest_extension(case) + timedelta(days=1)
    response = form_post(
        client, base + "/extension", {"until": _date(too_late), "reason": "Report late"}
    )
    assert response.status_code == 400
    assert "The extension can be at most 8 weeks" in page_text(response)
    response = form_post(
        client,
        base + "/extension",
        {"until": _date(service.latest_extension(case)), "reason": "Report late"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    case = db_session.get(ConnectedCase, case.id)
    assert case.extended_by_id == manager.id
    text = page_text(client.get(base))
    assert "Report late" in text and "Gareth Jones" in text
    assert "Extend temporary approval" not in text  # only once
    response = form_post(
        client,
        base + "/extension",
        {"until": _date(service.latest_extension(case)), "reason": "Again"},
        token_from=base + "/extension",
    )
    assert response.status_code == 400
    assert "It cannot be extended again" in page_text(response)


def test_a_breach_is_shown_on_the_case_and_the_dashboard(client, team, db_session):
    _manager, worker, child = team
    case = service.start_case(child, service.Household(**START), actor=worker)
    case.started_on -= timedelta(days=300)
    db.session.commit()
    service.record_viability(
        case, actor=worker, outcome="positive", reasons="", assessed_on=case.started_on
    )
    service.grant_temporary_approval(
        case, actor=worker, starts_on=office_today() - timedelta(weeks=20)
    )
    sign_in(client, worker)
    page = page_text(client.get(f"/fostering-team/connected-persons/{case.id}"))
    assert "ended on" in page and "without a decision" in page
    dashboard = page_text(client.get("/fostering-team/"))
    assert "1 temporary approval ended without a decision" in dashboard
    record = page_text(client.get(f"/placements/children/{child.id}"))
    assert "Temporary approval ended without a decision" in record


def test_refused_steps_change_nothing_and_say_why(client, team, db_session):
    manager, worker, child = team
    case = service.start_case(child, service.Household(**START), actor=worker)
    service.record_viability(
        case, actor=worker, outcome="positive", reasons="", assessed_on=office_today()
    )
    base = f"/fostering-team/connected-persons/{case.id}"
    sign_in(client, worker)
    # No CSRF token: refused, nothing changes.
    response = client.post(base + "/temporary-approval", data={"starts_on": _date(office_today())})
    assert response.status_code == 400
    tomorrow = office_today() + timedelta(days=1)
    response = form_post(client, base + "/temporary-approval", {"starts_on": _date(tomorrow)})
    assert response.status_code == 400
    assert "The date must be today or in the past" in page_text(response)
    db_session.expire_all()
    assert db_session.get(ConnectedCase, case.id).temporary_from is None
    # Booking a panel before the assessment is refused with a banner.
    meeting = create_panel_meeting()
    response = form_post(client, base + "/panel", {"meeting": str(meeting.id)})
    assert response.status_code == 400
    assert "Complete the full assessment before booking the panel." in page_text(response)

    service.complete_assessment(case, actor=worker, summary="Good", completed_on=office_today())
    service.book_panel(case, meeting.id, actor=worker)
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Fine"
    )
    client.delete_cookie("session")
    sign_in(client, manager)
    decision = {"decision": "not_approve", "decided_on": _date(office_today()), "places": "x"}
    response = form_post(client, base + "/decision", decision)
    assert response.status_code == 400
    assert "Enter the number of places as a whole number, like 2" in page_text(response)
    response = form_post(client, base + "/decision", {**decision, "places": "1"})
    assert response.status_code == 400
    assert "Enter the reasons the household is not approved" in page_text(response)
    db_session.expire_all()
    assert db_session.get(ConnectedCase, case.id).decision is None
    response = form_post(client, base + "/decision", {**decision, "places": "1", "reasons": "No"})
    assert response.status_code == 302
    text = page_text(client.get(base))
    assert "Not approved" in text
    # The child never lived there (no temporary approval), so there is no move to plan.
    assert "plan the child's move" not in text


def test_refusal_after_temporary_approval_flags_the_move(client, team, db_session):
    manager, worker, child = team
    case = service.start_case(child, service.Household(**START), actor=worker)
    today = office_today()
    service.record_viability(case, actor=worker, outcome="positive", reasons="", assessed_on=today)
    service.grant_temporary_approval(case, actor=worker, starts_on=today)
    service.complete_assessment(case, actor=worker, summary="Doubts", completed_on=today)
    service.book_panel(case, create_panel_meeting().id, actor=worker)
    service.record_panel_recommendation(
        case, actor=worker, recommendation="not_approve", minutes="Concerns"
    )
    service.decide(
        case,
        service.Decision(decision="not_approve", decided_on=today, reasons="Unsafe"),
        actor=manager,
    )
    sign_in(client, worker)
    text = page_text(client.get(f"/fostering-team/connected-persons/{case.id}"))
    assert "The household was not approved" in text and "plan the child's move" in text
    record = page_text(client.get(f"/placements/children/{child.id}"))
    assert "Not approved: plan the child's move" in record


def test_the_case_list_pages(client, team, db_session):
    _manager, worker, child = team
    for number in range(28):
        service.start_case(
            child, service.Household(**{**START, "names": f"Person {number:02d}"}), actor=worker
        )
    sign_in(client, worker)
    first = page_text(client.get("/fostering-team/connected-persons"))
    assert "Showing 1 to 25 of 28" in first
    second = page_text(client.get("/fostering-team/connected-persons?page=2"))
    assert "Showing 26 to 28 of 28" in second
