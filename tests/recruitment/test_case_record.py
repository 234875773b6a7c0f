"""Staff read everything a household submitted: the case page shows every section of
the application (built from the application's own section definitions) and each adult,
the enquiry page every answer; both print, and every look is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from fostering import demo
from fostering.extensions import db
from fostering.models import AuditEvent, HouseholdMember, Role, User
from fostering.recruitment.apply import views as apply_views
from fostering.services.audit_labels import action_label
from tests.conftest import page_text, sign_in, summary_rows
from tests.factories import create_case, create_enquiry, create_user
from tests.pages import parsed
from tests.recruitment.test_application import complete_everything


def submitted_case(*, joint_applicant: bool = False, adults: int = 0):
    """A case whose every section the household filled in, then sent, with ``adults``
    other adults at home and a joint applicant if asked for."""
    case = create_case(stage="in_progress")
    complete_everything(case)
    for number in range(adults):
        case.household_members.append(
            HouseholdMember(
                full_name=f"Adult Member {number + 1}",
                relationship_to_applicant="Adult child",
                date_of_birth=date(2001, 1, 1 + number),
                email=f"adult.member{number + 1}@public.example",
            )
        )
    if joint_applicant:
        case.has_joint_applicant = True
        case.joint_first_name, case.joint_last_name = "Sam", "Jones"
        case.joint_date_of_birth = date(1984, 9, 1)
        case.joint_email = "sam.jones@public.example"
    case.stage = "submitted"
    db.session.commit()
    return case


def section_headings(response) -> list[str]:
    soup = parsed(response.get_data(as_text=True))
    answers = soup.find(id="application-answers")
    return [h3.get_text(strip=True) for h3 in answers.find_all_next("h3")]


def test_the_case_page_shows_every_section_and_answer(client, db_session):
    case = submitted_case(adults=1, joint_applicant=True)
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    response = client.get(f"/fostering-team/applications/{case.id}")
    assert response.status_code == 200
    headings = section_headings(response)
    assert headings[:2] == ["Adults in the household", "Declarations and consents"]
    assert headings[2:] == [page.title_for(None) for page in apply_views.required_pages(case)]
    assert "Joint applicant's health" in headings  # each adult's own sections
    text = page_text(response)
    # Answers from simple sections, list sections and the adults' own details.
    assert "QQ123456C" in text
    assert "Taff Surgery" in text
    assert "1 High St, Cardiff" in text
    assert "Ann Other" in text and "Bea Other" in text
    rows = summary_rows(response)
    assert rows["Applicant"].startswith("Ceri Jones, born 27 March 1985")
    assert rows["Joint applicant"].startswith("Sam ")
    assert rows["Household member aged 18 or over"] == "Adult Member 1, born 1 January 2001"


def test_the_sections_come_from_the_applications_own_definitions(client, db_session, monkeypatch):
    """A section added to (or moved in) PAGES shows on the case page with no other change."""
    case = submitted_case()
    reordered = tuple(reversed(apply_views.PAGES))
    monkeypatch.setattr(apply_views, "PAGES", reordered)
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    response = client.get(f"/fostering-team/applications/{case.id}")
    expected = [page.title_for(None) for page in apply_views.required_pages(case)]
    assert section_headings(response)[2:] == expected
    assert (expected[0], expected[-1]) == ("Consent to checks", "About you")


def test_sections_not_finished_say_so(client, db_session):
    case = create_case()  # nothing filled in
    sign_in(client, create_user(role=Role.TEAM_MANAGER))
    text = page_text(client.get(f"/fostering-team/applications/{case.id}"))
    assert "Not started" in text
    assert "None added." in text


def test_the_enquiry_page_shows_every_answer(client, db_session):
    enquiry = create_enquiry(
        first_name="Heledd",
        interests=["short_term", "respite"],
        preferred_language="cy",
    )
    enquiry.household = "Me, my wife and our daughter"
    enquiry.adults_at_home = 2
    enquiry.children_at_home = 1
    enquiry.spare_bedroom = "not_sure"
    enquiry.heard_from = "existing_carer"
    enquiry.consent_to_contact = True
    db_session.commit()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    response = client.get(f"/fostering-team/enquiries/{enquiry.id}")
    assert response.status_code == 200
    rows = summary_rows(response)
    assert rows["Name"] == enquiry.full_name
    assert rows["Who lives at home"] == "Me, my wife and our daughter"
    assert rows["Adults at home, including them"] == "2"
    assert rows["Children at home"] == "1"
    assert rows["Spare bedroom"] == "Not sure"
    assert rows["Kinds of fostering"] == "Short termRespite (short breaks)"
    assert rows["How they heard about us"] == "A foster carer"
    assert rows["Agreed to be contacted about fostering"] == "Yes"
    assert rows["Preferred language"] == "Cymraeg"
    assert rows["Postcode"] == enquiry.postcode


def test_viewing_a_case_or_an_enquiry_is_audited(client, db_session):
    case = submitted_case()
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    client.get(f"/fostering-team/applications/{case.id}")
    client.get(f"/fostering-team/enquiries/{case.enquiry_id}")
    events = list(
        db_session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(["case_viewed", "enquiry_viewed"]))
        )
    )
    seen = {(event.action, event.object_type, event.object_id, event.user_id) for event in events}
    assert seen == {
        ("case_viewed", "applications", str(case.id), worker.id),
        ("enquiry_viewed", "enquiries", str(case.enquiry_id), worker.id),
    }
    assert action_label("case_viewed") == "Application viewed"
    # The administrator's audit trail finds them.
    admin = create_user(role=Role.ADMINISTRATOR)
    admin_client = client.application.test_client()
    sign_in(admin_client, admin)
    trail = page_text(admin_client.get("/admin/audit?action=case_viewed"))
    assert "Application viewed" in trail


def test_a_case_that_does_not_exist_is_not_found_and_not_audited(client, db_session):
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    assert client.get("/fostering-team/applications/999999").status_code == 404
    assert client.get("/fostering-team/enquiries/999999").status_code == 404
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "case_viewed")) is None


def test_case_and_enquiry_pages_print(client, db_session, app):
    case = submitted_case()
    sign_in(client, create_user(role=Role.TEAM_MANAGER))
    for url in (
        f"/fostering-team/applications/{case.id}",
        f"/fostering-team/enquiries/{case.enquiry_id}",
    ):
        html = client.get(url).get_data(as_text=True)
        soup = parsed(html)
        button = soup.find("button", attrs={"data-app-print": True})
        assert button is not None and button.has_attr("hidden"), url
        assert soup.select_one(".app-printable") is not None, url
        # CSP is strict: no inline styles or scripts.
        assert soup.find("style") is None and soup.find(attrs={"style": True}) is None, url
        assert all(script.get("nonce") for script in soup.find_all("script")), url
    static = Path(app.static_folder)
    assert ".app-printable form" in (static / "app.css").read_text(encoding="utf-8")
    assert "window.print()" in (static / "app.mjs").read_text(encoding="utf-8")


def test_the_case_page_reads_in_welsh(client, db_session):
    case = submitted_case()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    client.get("/locale/cy")
    response = client.get(f"/fostering-team/applications/{case.id}")
    assert response.status_code == 200
    assert 'lang="cy"' in response.get_data(as_text=True)
    assert "Oedolion ar yr aelwyd" in page_text(response)


def test_retention_blanks_what_the_team_wrote_about_an_ended_case(app, db_session):
    from datetime import timedelta

    from fostering.models import CaseAllocation, PanelRecord, Stage1Recommendation
    from fostering.models.types import utcnow
    from fostering.services import retention

    case = create_case(stage="withdrawn")
    case.stage_changed_at = utcnow() - timedelta(days=5 * 366)
    db_session.add_all(
        [
            CaseAllocation(application_id=case.id, reason="Worker off sick with stress"),
            Stage1Recommendation(
                application_id=case.id,
                outcome="proceed",
                reasons="Their son's conviction is spent",
                status="returned",
                return_reason="Say more about the son",
            ),
            PanelRecord(application_id=case.id, panel_date=date(2021, 1, 5), minutes="Details"),
        ]
    )
    db_session.commit()
    retention.run(dry_run=False)
    db_session.expire_all()
    assert db_session.scalar(select(CaseAllocation.reason)) is None
    recommendation = db_session.scalar(select(Stage1Recommendation))
    assert (recommendation.reasons, recommendation.return_reason) == ("", None)
    assert db_session.scalar(select(PanelRecord.minutes)) is None
    exported = retention.subject_access(case.applicant.email)
    assert "stage1_recommendations" in exported["applications"][0]


@pytest.mark.loaded(loader=demo.load)
def test_staff_can_read_the_whole_demo_cohort(app, client, db_session):
    from fostering.models import Application, Enquiry

    manager = db_session.scalar(select(User).where(User.email == "team.manager@demo.example"))
    sign_in(client, manager, password=demo.DEMO_PASSWORD)
    submitted = list(
        db_session.scalars(select(Application).where(Application.submitted_at.is_not(None)))
    )
    assert len(submitted) >= 10
    for application in submitted:
        response = client.get(f"/fostering-team/applications/{application.id}")
        assert response.status_code == 200, application.reference
        text = page_text(response)
        assert "Not started" not in text.split("The application", 1)[1], application.reference
        assert "QQ123456C" in text and "Canolfan Iechyd y Dref" in text, application.reference
    for enquiry_id in db_session.scalars(select(Enquiry.id)):
        assert client.get(f"/fostering-team/enquiries/{enquiry_id}").status_code == 200
