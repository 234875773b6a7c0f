"""What councils ask on an application: convictions and children's services (for each
adult), finances in outline, previous applications with their agency and outcome, pets
and smoking; referees who are not family and do not live with the applicants; and an
overseas check for anyone who lived outside the UK in the last 10 years."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fostering.models import CheckItem, Referee, Role
from fostering.models.application import AddressHistoryEntry, SectionKey, SectionStatus
from fostering.recruitment.apply.summary import item_rows, section_rows
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services.allocation import allocate
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_application, create_case, create_user
from tests.recruitment.test_application import add_referee, messages


@pytest.fixture
def applicant_app(client, db_session):
    application = create_application(stage="in_progress")
    sign_in(client, application.applicant)
    return application


def problems_completing(application, key, values) -> list[str]:
    with pytest.raises(svc.ApplicationError) as refused:
        svc.save_section(application, key, values, completed=True, actor=application.applicant)
    return messages(refused.value.problems)


# --- Convictions, children's services, finances, previous applications, home ----------


def test_convictions_and_childrens_services_need_details_when_yes(db_session):
    application = create_application()
    assert problems_completing(application, SectionKey.DISCLOSURES, {}) == [
        "Select yes if you have ever been convicted of an offence or received a caution",
        "Select yes if you have been involved with children's services because of concerns "
        "about a child",
    ]
    assert problems_completing(
        application,
        SectionKey.DISCLOSURES,
        {"has_convictions": "yes", "child_protection": "yes"},
    ) == [
        "Tell us about each conviction or caution, and when it was",
        "Tell us about your involvement with children's services, and when it was",
    ]
    status = svc.save_section(
        application,
        SectionKey.DISCLOSURES,
        {
            "has_convictions": "yes",
            "convictions_details": "Caution for shoplifting, 2004",
            "child_protection": "no",
        },
        completed=True,
        actor=application.applicant,
    )
    assert status is SectionStatus.COMPLETED
    rows = {
        r["key"]["text"]: r["value"]["text"]
        for r in section_rows(application, SectionKey.DISCLOSURES, editable=False)
    }
    assert rows["If yes, tell us what each was for, and when"] == "Caution for shoplifting, 2004"


def test_finances_in_outline(client, db_session, applicant_app):
    response = form_post(
        client, "/apply/finances", {"money_difficulties": "yes", "completed": "yes"}
    )
    text = page_text(response)
    assert "Tell us where your household's income comes from" in text
    assert "Tell us about the debts or arrears" in text
    response = form_post(
        client,
        "/apply/finances",
        {
            "income_sources": "Wages and child benefit",
            "money_difficulties": "no",
            "completed": "yes",
        },
    )
    assert response.headers["Location"] == "/apply/"
    assert applicant_app.section_status(SectionKey.FINANCES) is SectionStatus.COMPLETED


def test_a_previous_application_names_the_agency_and_its_outcome(db_session):
    application = create_application()
    assert problems_completing(
        application,
        SectionKey.PREVIOUS_FOSTERING,
        {"fostered_before": "no", "adopted_before": "yes"},
    ) == [
        "Enter the fostering service, adoption agency or council you applied to",
        "Select what happened to the application",
        "Tell us about the adoption or application, and when",
    ]
    svc.save_section(
        application,
        SectionKey.PREVIOUS_FOSTERING,
        {
            "fostered_before": "no",
            "adopted_before": "yes",
            "previous_agency": "Swansea Council",
            "previous_outcome": "withdrew",
            "adoption_details": "Applied to adopt in 2019, withdrew when we moved",
        },
        completed=True,
        actor=application.applicant,
    )
    rows = {
        r["key"]["text"]: r["value"]["text"]
        for r in section_rows(application, SectionKey.PREVIOUS_FOSTERING, editable=False)
    }
    assert rows["If yes, what happened to the application?"] == "I withdrew"
    assert "Swansea Council" in rows.values()


def test_pets_and_smoking(db_session):
    application = create_application()
    problems = problems_completing(
        application,
        SectionKey.YOUR_HOME,
        {"tenure": "owned", "bedrooms": 3, "spare_bedrooms": 1, "has_pets": "yes"},
    )
    assert problems == [
        "Select yes if anyone else in your home smokes or vapes",
        "Tell us about your pets",
    ]
    assert "Select yes if you smoke or vape" in problems_completing(
        application, SectionKey.HEALTH, {"has_health_conditions": "no", "gp_name": "Taff"}
    )


# --- Referees who are not family and do not live with the applicants ---------------------


def referee_form(**changes) -> dict:
    return {
        "kind": "personal",
        "full_name": "Owen Jones",
        "relationship_to_applicant": "Friend",
        "related": "no",
        "email": "owen@example.com",
        **changes,
    }


def test_a_son_is_refused_as_a_referee_with_what_to_do(client, db_session, applicant_app):
    response = form_post(
        client, "/apply/referees/add", referee_form(relationship_to_applicant="Son")
    )
    assert response.status_code == 200
    assert (
        "A referee must not be related to you or your joint applicant: 'Son' is family. "
        "Choose someone else, such as a friend, neighbour or colleague."
    ) in page_text(response)
    response = form_post(
        client, "/apply/referees/add", referee_form(relationship_to_applicant="my stepdaughter")
    )
    assert "'my stepdaughter' is family" in page_text(response)
    response = form_post(client, "/apply/referees/add", referee_form(related="yes"))
    assert "A referee must not be related to you or your joint applicant, or live with you." in (
        page_text(response)
    )
    assert db_session.scalar(select(Referee)) is None
    # What was typed is kept.
    assert 'value="Owen Jones"' in response.get_data(as_text=True)


def test_someone_in_the_household_is_refused_as_a_referee(client, db_session, applicant_app):
    svc.save_item(
        applicant_app,
        SectionKey.HOUSEHOLD,
        None,
        {
            "full_name": "Owen Jones",
            "relationship_to_applicant": "Lodger",
            "date_of_birth": date(1990, 1, 1),
            "lives_here": True,
            "email": "owen@example.com",
        },
        actor=applicant_app.applicant,
    )
    response = form_post(client, "/apply/referees/add", referee_form(full_name="owen  jones"))
    assert "owen jones lives with you, so cannot be your referee." in page_text(response)


def test_friends_and_former_partners_are_fine(db_session):
    application = create_application()
    add_referee(application, "personal", "Ann Other", "My son's teacher")
    add_referee(application, "personal", "Bea Other", "Family friend")
    add_referee(application, "former_partner", "Chris Former", "Ex-husband")
    add_referee(application, "former_partner", "Dee Former", "Former wife")
    assert len(application.referees) == 4


def test_a_related_referee_already_saved_stops_the_section(db_session):
    """Referees added before the rule (the son that was accepted) must be replaced."""
    application = create_application()
    add_referee(application, "personal", "Ann Other")
    application.referees.append(
        Referee(kind="personal", full_name="Rhys Jones", relationship_to_applicant="Son")
    )
    db_session.commit()
    problems = problems_completing(application, SectionKey.REFEREES, {"former_partners": 0})
    assert (
        "Rhys Jones cannot be a referee: they are related to you or live with you. Remove "
        "them and add someone else."
    ) in problems


# --- Addresses outside the UK ---------------------------------------------------------


def add_address(application, *, country=None, postcode=None, start, end=None, person="applicant"):
    return svc.save_item(
        application,
        SectionKey.ADDRESS_HISTORY,
        None,
        {
            "person": person,
            "address_line_1": "1 Rue Haute",
            "town": "Lyon",
            "postcode": postcode,
            "country": country,
            "date_from": start,
            "date_to": end,
        },
        actor=application.applicant,
    )


def test_an_address_needs_a_postcode_or_a_country(client, applicant_app):
    response = form_post(
        client,
        "/apply/address-history/add",
        {"address_line_1": "1 High St", "town": "Cardiff", "date_from": ["1", "1", "2020"]},
    )
    assert "Enter the postcode, or the country if the address is outside the UK" in page_text(
        response
    )


def test_an_address_abroad_in_the_last_10_years_flags_an_overseas_check(db_session):
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = create_case(joint_applicant=True, stage="in_progress")
    this_year = date.today().year
    add_address(
        case, country="France", start=date(this_year - 6, 1, 1), end=date(this_year - 3, 1, 1)
    )
    add_address(
        case, country="Spain", start=date(this_year - 30, 1, 1), end=date(this_year - 20, 1, 1)
    )
    add_address(case, country="Wales", start=date(this_year - 3, 1, 2), person="applicant")
    add_address(case, postcode="CF10 1AA", start=date(this_year - 12, 1, 1), person="joint")
    rows = [
        item_rows(SectionKey.ADDRESS_HISTORY, entry, joint=True)
        for entry in db_session.scalars(
            select(AddressHistoryEntry).order_by(AddressHistoryEntry.id)
        )
    ]
    flagged = ["Outside the UK: needs an overseas check" in str(entry) for entry in rows]
    assert flagged == [True, True, False, False]  # Spain is overseas, but too long ago to check
    assert [entry.country for entry in svc.overseas_addresses(case)] == ["France"]

    case.stage = "submitted"
    db_session.commit()
    allocate(case, worker.id, actor=manager)
    [overseas] = db_session.scalars(select(CheckItem).where(CheckItem.kind == "overseas"))
    assert overseas.person == "applicant"
    assert overseas.notes == "France"
    assert overseas.kind_enum.label == "Overseas check (lived outside the UK)"
    assert overseas.status == "requested"
