"""The application to foster: task list, sections, rules, submission, and access."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fostering.models import Application, HouseholdMember
from fostering.models.application import SectionKey, SectionStatus
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services.applications import Coverage, address_coverage
from fostering.services import mail
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_application
from tests.pages import parsed

TODAY = date(2026, 11, 24)


def statuses(client) -> dict[str, str]:
    soup = parsed(client.get("/apply/").get_data(as_text=True))
    return {
        row.select_one(".govuk-task-list__name-and-hint").get_text(strip=True): row.select_one(
            ".govuk-task-list__status"
        ).get_text(strip=True)
        for row in soup.select(".govuk-task-list__item")
    }


@pytest.fixture
def applicant_app(client, db_session):
    application = create_application(stage="in_progress")
    sign_in(client, application.applicant)
    return application


# --- Address history: the 10-year rule ----------------------------------------------


def test_ten_years_without_gaps_is_complete():
    coverage = address_coverage(
        [(date(2020, 5, 1), None), (date(2014, 1, 1), date(2020, 4, 30))], TODAY
    )
    assert coverage.complete


def test_missing_years_are_counted():
    coverage = address_coverage([(date(2019, 1, 1), None)], TODAY)
    assert not coverage.complete
    assert coverage.has_current
    assert coverage.missing_years == 3  # back to November 2016: 2 years 10 months


def test_gaps_are_found_and_small_ones_forgiven():
    coverage = address_coverage(
        [
            (date(2022, 1, 1), None),
            (date(2019, 1, 1), date(2020, 6, 30)),
            (date(2010, 1, 1), date(2018, 12, 20)),  # 11 days before the next: fine
        ],
        TODAY,
    )
    assert coverage.gaps == [(date(2020, 7, 1), date(2021, 12, 31))]
    assert coverage.missing_days == 0


def test_no_current_address():
    coverage: Coverage = address_coverage([(date(2010, 1, 1), date(2025, 1, 1))], TODAY)
    assert not coverage.has_current


def test_address_section_cannot_be_completed_until_ten_years_are_covered(
    client, db_session, applicant_app
):
    response = form_post(
        client,
        "/apply/address-history/add",
        {
            "address_line_1": "1 High Street",
            "town": "Cardiff",
            "postcode": "cf10 1aa",
            "date_from": ["1", "1", str(date.today().year - 4)],
        },
    )
    assert response.headers["Location"] == "/apply/address-history"
    page = page_text(client.get("/apply/address-history"))
    assert "Your addresses must cover the last 10 years: 6 years are still missing." in page
    response = form_post(client, "/apply/address-history", {"completed": "yes"})
    assert response.status_code == 200
    assert "6 years are still missing" in page_text(response)
    assert statuses(client)["Address history"] == "In progress"

    form_post(
        client,
        "/apply/address-history/add",
        {
            "address_line_1": "2 Low Road",
            "town": "Swansea",
            "postcode": "SA1 1AA",
            "date_from": ["1", "1", str(date.today().year - 11)],
            "date_to": ["31", "12", str(date.today().year - 5)],
        },
    )
    response = form_post(client, "/apply/address-history", {"completed": "yes"})
    assert response.headers["Location"] == "/apply/"
    assert statuses(client)["Address history"] == "Completed"
    entry = db_session.scalar(
        select(Application).where(Application.id == applicant_app.id)
    ).addresses[0]
    assert entry.postcode == "CF10 1AA"


def test_address_dates_must_be_in_order(client, applicant_app):
    response = form_post(
        client,
        "/apply/address-history/add",
        {
            "address_line_1": "1 High Street",
            "town": "Cardiff",
            "postcode": "CF10 1AA",
            "date_from": ["1", "1", "2020"],
            "date_to": ["1", "1", "2019"],
        },
    )
    assert "The end date must be after the start date" in page_text(response)


# --- Referees ---------------------------------------------------------------------


def add_referee(application, kind: str, name: str, relationship: str = "Friend") -> None:
    svc.save_item(
        application,
        SectionKey.REFEREES,
        None,
        {
            "kind": kind,
            "full_name": name,
            "relationship_to_applicant": relationship,
            "related": False,
            "email": f"{name.lower().replace(' ', '.')}@example.com",
        },
        actor=application.applicant,
    )


def messages(problems) -> list[str]:
    return [str(p.message) for p in problems]


def test_referee_rules(db_session):
    application = create_application()
    add_referee(application, "personal", "Ann Other")
    svc.save_section(
        application,
        SectionKey.PREVIOUS_FOSTERING,
        {"fostered_before": "yes"},
        completed=False,
        actor=application.applicant,
    )
    svc.save_item(
        application,
        SectionKey.EMPLOYMENT,
        None,
        {
            "employer": "Acme",
            "job_title": "Baker",
            "works_with_children": False,
            "date_from": date(2015, 1, 1),
        },
        actor=application.applicant,
    )
    with pytest.raises(svc.ApplicationError) as refused:
        svc.save_section(
            application,
            SectionKey.REFEREES,
            {"former_partners": 1},
            completed=True,
            actor=application.applicant,
        )
    assert messages(refused.value.problems) == [
        "Add at least 2 personal referees: you have added 1.",
        "Add a referee from each current employer: you have 1 current job and 0 employer referees.",
        "Add a referee for every former partner you lived with: you told us about 1 and have "
        "added 0.",
        "Add a referee from the fostering service you fostered for before.",
    ]
    assert application.section_status(SectionKey.REFEREES) is SectionStatus.IN_PROGRESS
    add_referee(application, "personal", "Bea Other")
    add_referee(application, "employer", "Acme Manager")
    add_referee(application, "former_partner", "Chris Former")
    add_referee(application, "previous_fostering", "Agency Worker")
    status = svc.save_section(
        application,
        SectionKey.REFEREES,
        {"former_partners": 1},
        completed=True,
        actor=application.applicant,
    )
    assert status is SectionStatus.COMPLETED


def test_referee_needs_a_way_to_contact_them(client, applicant_app):
    response = form_post(
        client,
        "/apply/referees/add",
        {
            "kind": "personal",
            "full_name": "Ann Other",
            "relationship_to_applicant": "Friend",
            "related": "no",
        },
    )
    assert "Enter the referee's email address or phone number" in page_text(response)


# --- Sections: saving as they go ----------------------------------------------------


def test_section_saves_for_later_and_keeps_answers(client, db_session, applicant_app):
    response = form_post(
        client, "/apply/about-you", {"first_name": "Ceri", "phone": "07700 900 123", "later": "y"}
    )
    assert response.headers["Location"] == "/apply/"
    assert statuses(client)["About you"] == "In progress"
    page = client.get("/apply/about-you")
    soup = parsed(page.get_data(as_text=True))
    assert soup.find("input", attrs={"name": "phone"})["value"] == "07700 900123"


def test_completing_a_section_needs_every_answer(client, applicant_app):
    response = form_post(client, "/apply/about-you", {"first_name": "Ceri", "completed": "yes"})
    text = page_text(response)
    assert "Enter your date of birth" in text
    assert "Enter your National Insurance number" in text
    assert statuses(client)["About you"] == "In progress"


def test_completed_radio_is_required(client, applicant_app):
    response = form_post(client, "/apply/health", {"smokes": "no"})
    assert "Select whether you have completed this section" in page_text(response)


def test_bad_formats_are_refused_with_what_to_fix(client, applicant_app):
    response = form_post(
        client,
        "/apply/about-you",
        {"phone": "123", "national_insurance_number": "AB123", "completed": "no"},
    )
    text = page_text(response)
    assert "Enter a UK phone number" in text
    assert "Enter a National Insurance number in the correct format" in text


def test_household_adults_are_flagged_for_dbs(client, db_session, applicant_app):
    for name, year in (("Older Child", date.today().year - 19), ("Young Child", 2020)):
        response = form_post(
            client,
            "/apply/household/add",
            {
                "full_name": name,
                "relationship_to_applicant": "Son",
                "date_of_birth": ["1", "1", str(year)],
                "lives_here": "yes",
                "email": "older.child@example.com" if year < 2020 else "",
            },
        )
        assert response.status_code == 302
    page = page_text(client.get("/apply/household"))
    assert page.count("needs an enhanced DBS check") == 1
    application = db_session.get(Application, applicant_app.id)
    kinds = [kind for kind, _, _ in application.adults_needing_dbs(date.today())]
    assert kinds == ["applicant", "member"]


def test_household_member_can_be_removed(client, db_session, applicant_app):
    member = HouseholdMember(
        application_id=applicant_app.id,
        full_name="Lodger Person",
        relationship_to_applicant="Lodger",
        date_of_birth=date(1990, 1, 1),
        lives_here=True,
    )
    db_session.add(member)
    db_session.commit()
    url = f"/apply/household/{member.id}/remove"
    assert "Are you sure you want to remove Lodger Person?" in page_text(client.get(url))
    assert form_post(client, url).headers["Location"] == "/apply/household"
    assert db_session.scalar(select(HouseholdMember)) is None


# --- Another applicant's things are not there ----------------------------------------


def test_another_applicant_gets_404(client, db_session):
    owner = create_application()
    member = HouseholdMember(
        application_id=owner.id,
        full_name="Private Person",
        relationship_to_applicant="Daughter",
        date_of_birth=date(2012, 1, 1),
        lives_here=True,
    )
    db_session.add(member)
    db_session.commit()
    intruder = create_application()
    sign_in(client, intruder.applicant)
    for url in (
        f"/apply/household/{member.id}",
        f"/apply/household/{member.id}/remove",
    ):
        assert client.get(url).status_code == 404
    page = form_post(
        client,
        f"/apply/household/{member.id}",
        {"full_name": "Changed"},
        token_from="/apply/household",
    )
    assert page.status_code == 404
    removed = form_post(
        client, f"/apply/household/{member.id}/remove", token_from="/apply/household"
    )
    assert removed.status_code == 404
    db_session.expire_all()
    assert db_session.get(HouseholdMember, member.id).full_name == "Private Person"
    assert "Private Person" not in page_text(client.get("/apply/check-answers"))


def test_applicant_without_an_application(client, db_session):
    from fostering.models import Role
    from tests.factories import create_user

    sign_in(client, create_user(role=Role.APPLICANT))
    assert "You have not started an application yet" in page_text(client.get("/apply/"))
    assert client.get("/apply/about-you").status_code == 404


def test_staff_cannot_open_the_applicant_pages(client, db_session):
    from tests.factories import create_user

    sign_in(client, create_user())
    assert client.get("/apply/").status_code == 403


# --- Submitting ---------------------------------------------------------------------


def complete_everything(application, actor=None) -> None:
    """Every section the main applicant (or either adult) fills in, completed: a
    household of one, with no joint applicant."""
    actor = actor or application.applicant
    svc.save_section(
        application,
        SectionKey.ABOUT_YOU,
        {
            "first_name": "Ceri",
            "last_name": "Jones",
            "date_of_birth": date(1985, 3, 27),
            "phone": "07700 900123",
            "national_insurance_number": "QQ123456C",
            "speaks_welsh": "yes",
            "language": "en",
        },
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.JOINT_APPLICANT,
        {"has_joint_applicant": "no"},
        completed=True,
        actor=actor,
    )
    complete_shared_sections(application, actor)
    complete_own_sections(application, actor, SectionKey.HEALTH)


def complete_shared_sections(application, actor) -> None:
    svc.save_section(application, SectionKey.HOUSEHOLD, {}, completed=True, actor=actor)
    for person in ("applicant", "joint") if application.has_joint_applicant else ("applicant",):
        svc.save_item(
            application,
            SectionKey.ADDRESS_HISTORY,
            None,
            {
                "person": person,
                "address_line_1": "1 High St",
                "town": "Cardiff",
                "postcode": "CF10 1AA",
                "date_from": date(2000, 1, 1),
            },
            actor=actor,
        )
    svc.save_section(application, SectionKey.ADDRESS_HISTORY, {}, completed=True, actor=actor)
    svc.save_section(application, SectionKey.EMPLOYMENT, {}, completed=True, actor=actor)
    svc.save_section(
        application,
        SectionKey.FINANCES,
        {"income_sources": "Wages", "money_difficulties": "no"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.PREVIOUS_FOSTERING,
        {"fostered_before": "no", "adopted_before": "no"},
        completed=True,
        actor=actor,
    )
    add_referee(application, "personal", "Ann Other")
    add_referee(application, "personal", "Bea Other")
    svc.save_section(
        application, SectionKey.REFEREES, {"former_partners": 0}, completed=True, actor=actor
    )
    svc.save_section(
        application,
        SectionKey.YOUR_HOME,
        {
            "tenure": "owned",
            "bedrooms": 3,
            "spare_bedrooms": 1,
            "has_pets": "no",
            "others_smoke": "no",
        },
        completed=True,
        actor=actor,
    )


def complete_own_sections(application, actor, health: SectionKey) -> None:
    """An adult's own sections: ``health`` is HEALTH (main) or JOINT_HEALTH (joint)."""
    disclosures, consents = {
        SectionKey.HEALTH: (SectionKey.DISCLOSURES, SectionKey.CONSENTS),
        SectionKey.JOINT_HEALTH: (SectionKey.JOINT_DISCLOSURES, SectionKey.JOINT_CONSENTS),
    }[health]
    svc.save_section(
        application,
        health,
        {"has_health_conditions": "no", "smokes": "no", "gp_name": "Taff Surgery"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        disclosures,
        {"has_convictions": "no", "child_protection": "no"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        consents,
        {"consents": list(svc.CONSENT_KINDS)},
        completed=True,
        actor=actor,
    )


def test_submit_is_refused_while_sections_are_incomplete(client, db_session, applicant_app):
    svc.save_section(
        applicant_app,
        SectionKey.HEALTH,
        {"smokes": "no"},
        completed=False,
        actor=applicant_app.applicant,
    )
    response = form_post(client, "/apply/declaration", {"agree": "y"})
    text = page_text(response)
    assert "Complete this section: About you" in text
    # Every incomplete section is listed, with a link to it.
    soup = parsed(response.get_data(as_text=True))
    links = [a.get_text(strip=True) for a in soup.select(".govuk-inset-text a")]
    assert "Health" in links and "Consent to checks" in links
    db_session.expire_all()
    assert db_session.get(Application, applicant_app.id).stage == "in_progress"


def test_submitted_application_is_read_only_and_shows_its_stage(client, db_session, applicant_app):
    complete_everything(applicant_app)
    assert set(statuses(client).values()) == {"Completed"}
    check = page_text(client.get("/apply/check-answers"))
    assert "Taff Surgery" in check
    response = form_post(client, "/apply/declaration", {})
    assert "Confirm that the information you have given is true" in page_text(response)
    response = form_post(client, "/apply/declaration", {"agree": "y"})
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    application = db_session.get(Application, applicant_app.id)
    assert application.stage == "submitted"
    assert application.declaration_agreed_at is not None

    page = page_text(client.get("/apply/"))
    assert "Stage Submitted" in page
    assert "A team manager will give your application to a social worker" in page
    [message] = mail.outbox()
    assert message.subject.startswith("We have your application to foster")

    # Nothing can change now: pages send them back and posts change nothing.
    assert client.get("/apply/about-you").headers["Location"] == "/apply/"
    response = form_post(
        client,
        "/apply/about-you",
        {"first_name": "Changed", "completed": "no"},
        token_from="/apply/check-answers",
    )
    assert response.headers["Location"] == "/apply/"
    db_session.expire_all()
    assert db_session.get(Application, applicant_app.id).first_name == "Ceri"
    with pytest.raises(svc.ApplicationLocked):
        svc.save_section(
            application,
            SectionKey.HEALTH,
            {"smokes": "yes"},
            completed=False,
            actor=application.applicant,
        )
    view = page_text(client.get("/apply/check-answers"))
    assert "It can no longer be changed" in view
    assert "Change" not in view


def test_stage_is_shown_in_welsh(client, db_session):
    application = create_application(stage="stage_2")
    sign_in(client, application.applicant)
    client.get("/locale/cy?next=/")
    page = page_text(client.get("/apply/"))
    assert "Asesiad Cam 2" in page
