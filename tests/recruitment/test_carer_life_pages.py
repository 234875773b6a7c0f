"""The pages of an approved household's life: who may see and change what (by role and
by household), what a refused form keeps, and where overdue work shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fostering.models import Role
from fostering.models.carer_life import CarerCheckRecord, HouseholdAdult, SupervisoryVisit
from fostering.recruitment.services import carer_checks, carer_status, supervision
from fostering.recruitment.services.casework import office_today
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_carer, create_placement, create_user, load_postcodes


def _date_fields(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


@pytest.fixture
def people(db_session):
    load_postcodes()
    return {
        "manager": create_user(role=Role.TEAM_MANAGER, name="Gareth Jones"),
        "worker": create_user(role=Role.SOCIAL_WORKER, name="Siân Evans"),
        "other": create_user(role=Role.SOCIAL_WORKER, name="Owain Rees"),
        "officer": create_user(role=Role.PLACEMENT_OFFICER, name="Alys Morgan"),
        "commissioner": create_user(role=Role.COMMISSIONER),
    }


@pytest.fixture
def household(people, db_session):
    carer = create_carer(household_name="The Evans household", approved_on=date(2025, 6, 2))
    supervision.allocate_supervisor(carer, people["worker"].id, actor=people["manager"])
    return carer


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def test_the_household_page_shows_its_life_to_the_team_only(client, people, household):
    sign_in(client, people["worker"])
    text = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "Supervising social worker Siân Evans" in text
    assert "Record a supervisory visit" in text and "Checks and training" in text
    assert "Put the household on hold" in text
    assert "Record the decision to deregister the household" not in text  # managers only


def test_a_placement_officer_sees_the_status_and_worker_but_not_the_visits(
    client, people, household
):
    sign_in(client, people["officer"])
    response = client.get(f"/fostering-team/carers/{household.id}")
    assert response.status_code == 200
    text = page_text(response)
    assert "Supervising social worker Siân Evans" in text
    assert "Record a supervisory visit" not in text and "Checks and training" not in text
    for url in (
        "/fostering-team/my-households",
        f"/fostering-team/carers/{household.id}/visits/new",
        f"/fostering-team/carers/{household.id}/status/hold",
        f"/fostering-team/carers/{household.id}/supervising-worker",
        f"/fostering-team/carers/{household.id}/checks/dbs/new",
    ):
        assert client.get(url).status_code == 403, url


def test_a_commissioner_cannot_see_the_household(client, people, household):
    sign_in(client, people["commissioner"])
    assert client.get(f"/fostering-team/carers/{household.id}").status_code == 403


def test_the_supervising_worker_records_a_visit_from_the_page(
    client, people, household, db_session
):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/visits/new"
    today = office_today()
    response = form_post(
        client,
        url,
        {
            "visited_on": _date_fields(today),
            "announced": "no",
            "carer_seen_alone": "yes",
            "children_seen": "all",
            "notes": "Settled well.",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/carers/{household.id}#supervision")
    visit = db_session.scalars(select(SupervisoryVisit)).one()
    assert (visit.visited_on, visit.announced, visit.carer_seen_alone) == (today, False, True)
    text = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "The supervisory visit has been recorded." in text
    assert "Unannounced" in text and "Settled well." in text


def test_a_visit_in_the_future_is_refused_and_what_was_typed_stays(
    client, people, household, db_session
):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/visits/new"
    response = form_post(
        client,
        url,
        {
            "visited_on": _date_fields(office_today() + timedelta(days=3)),
            "announced": "yes",
            "carer_seen_alone": "no",
            "children_seen": "some",
            "notes": "Notes typed before the mistake.",
        },
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "The date of the visit must be today or in the past" in text
    assert "Notes typed before the mistake." in text
    assert _count(db_session, SupervisoryVisit) == 0
    missing = form_post(client, url, {"visited_on": ["", "", ""], "notes": ""})
    assert missing.status_code == 400
    assert "Enter notes of the visit" in page_text(missing)


def test_another_social_worker_is_turned_back_from_the_forms(client, people, household, db_session):
    sign_in(client, people["other"])
    response = client.get(f"/fostering-team/carers/{household.id}/visits/new")
    assert response.status_code == 302
    text = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "Only the household's supervising social worker or a team manager" in text
    assert "Record a supervisory visit" not in text
    posted = client.post(f"/fostering-team/carers/{household.id}/adults/new", data={})
    assert posted.status_code in (302, 400)
    assert _count(db_session, HouseholdAdult) == 0


def test_a_manager_reallocates_the_supervising_worker_with_a_reason(
    client, people, household, db_session
):
    sign_in(client, people["manager"])
    url = f"/fostering-team/carers/{household.id}/supervising-worker"
    refused = form_post(client, url, {"worker": str(people["other"].id), "reason": ""})
    assert refused.status_code == 400
    assert "Enter the reason for changing the supervising social worker" in page_text(refused)
    done = form_post(client, url, {"worker": str(people["other"].id), "reason": "Caseloads"})
    assert done.status_code == 302
    db_session.expire_all()
    assert household.supervising_worker_id == people["other"].id
    not_a_worker = form_post(client, url, {"worker": str(people["officer"].id), "reason": "x"})
    assert not_a_worker.status_code == 400


def test_a_social_worker_cannot_reallocate(client, people, household):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/supervising-worker"
    assert client.get(url).status_code == 403


def test_putting_a_household_on_hold_from_the_page(client, people, household, db_session):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/status/hold"
    today = office_today()
    refused = form_post(client, url, {"reason": "Bereavement", "review_on": ["", "", ""]})
    assert refused.status_code == 400
    assert "Enter the date the hold will be reviewed" in page_text(refused)
    assert "Bereavement" in page_text(refused)
    done = form_post(
        client,
        url,
        {"reason": "Bereavement", "review_on": _date_fields(today + timedelta(days=60))},
    )
    assert done.status_code == 302
    db_session.expire_all()
    assert household.status == "on_hold"
    text = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "The carer is on hold until the hold is reviewed on" in text and "Bereavement" in text
    assert "There is a problem" not in text
    assert "Take the household off hold" in text
    # Putting it on hold again is not a move it can make.
    again = client.get(url)
    assert again.status_code == 302


def test_only_a_manager_may_deregister_from_the_page(app, client, people, household, db_session):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/status/deregister"
    assert client.get(url).status_code == 302
    refused = form_post(client, url, {"reason": "Standards of care"}, token_from="/fostering-team/")
    assert refused.status_code == 302
    text = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "Only a team manager can make the decision" in text
    db_session.expire_all()
    assert household.status == "active"
    manager = app.test_client()
    sign_in(manager, people["manager"])
    done = form_post(manager, url, {"reason": "Standards of care"})
    assert done.status_code == 302
    db_session.expire_all()
    assert household.status == "deregistered"
    assert manager.get(f"/fostering-team/carers/{household.id}/status/unknown").status_code == 404


def test_adding_an_adult_and_recording_their_dbs(client, people, household, db_session):
    sign_in(client, people["worker"])
    added = form_post(
        client,
        f"/fostering-team/carers/{household.id}/adults/new",
        {"name": "Rhys Evans", "role": "other", "joined_on": ["", "", ""]},
    )
    assert added.status_code == 302
    adult = db_session.scalars(select(HouseholdAdult)).one()
    page = page_text(client.get(f"/fostering-team/carers/{household.id}"))
    assert "Rhys Evans" in page and "Not yet recorded" in page
    url = f"/fostering-team/carers/{household.id}/checks/dbs/new?adult={adult.id}"
    bad = form_post(
        client,
        url,
        {
            "adult": str(adult.id),
            "completed_on": _date_fields(office_today()),
            "dbs_certificate_number": "12AB",
        },
    )
    assert bad.status_code == 400
    assert "Enter the 12-digit DBS certificate number" in page_text(bad)
    assert _count(db_session, CarerCheckRecord) == 0
    done = form_post(
        client,
        url,
        {
            "adult": str(adult.id),
            "completed_on": _date_fields(office_today()),
            "dbs_certificate_number": "001234567890",
        },
    )
    assert done.status_code == 302
    record = db_session.scalars(select(CarerCheckRecord)).one()
    assert record.kind == "dbs" and record.adult_id == adult.id
    assert (
        client.get(f"/fostering-team/carers/{household.id}/checks/passport/new").status_code == 404
    )


def test_an_adult_of_another_household_is_not_found_here(client, people, household, db_session):
    other = create_carer(household_name="The Price household")
    stranger = carer_checks.add_adult(
        other, name="Ann Price", role="carer", joined_on=None, actor=people["manager"]
    )
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/adults/{stranger.id}/left"
    assert client.get(url).status_code == 404


def test_my_households_lists_the_workers_households_with_overdue_visits(
    client, people, household, db_session
):
    create_carer(household_name="The Price household")  # supervised by nobody
    sign_in(client, people["worker"])
    response = client.get("/fostering-team/my-households")
    assert response.status_code == 200
    text = page_text(response)
    assert "The Evans household" in text and "The Price household" not in text
    assert "Overdue" in text  # approved in 2025, never visited
    empty = page_text(client.get("/fostering-team/my-households?q=nobody"))
    assert "No households match" in empty
    assert client.get("/fostering-team/my-households?show=bogus").status_code == 200


def test_the_team_dashboard_lists_overdue_visits_and_checks(client, people, household):
    carer_checks.add_adult(
        household, name="Rhys Evans", role="other", joined_on=None, actor=people["worker"]
    )
    sign_in(client, people["manager"])
    text = page_text(client.get("/fostering-team/"))
    assert "1 supervisory visit overdue" in text
    assert "1 check or course due in the next 60 days" in text  # joined today: due today
    assert "The Evans household" in text and "Rhys Evans" in text
    assert "0 holds due for review" in text and "No hold is due for review." in text
    assert "0 households without a supervising social worker" in text


def test_the_placements_dashboard_lists_children_with_a_resigned_carer(
    client, people, household, db_session
):
    placement = create_placement(provider=household, start_date=date(2026, 3, 2))
    carer_status.change_status(
        household, "resigned", reason="Moving abroad", actor=people["worker"]
    )
    sign_in(client, people["officer"])
    text = page_text(client.get("/placements/"))
    assert "Children placed with carers who have resigned, been deregistered or are on hold" in text
    assert placement.child.reference in text and "Moving abroad" in text
    assert "The Evans household" in text


def test_a_reason_too_long_is_refused_and_nothing_changes(client, people, household, db_session):
    sign_in(client, people["worker"])
    url = f"/fostering-team/carers/{household.id}/status/resign"
    response = form_post(client, url, {"reason": "x" * 5001})
    assert response.status_code == 400
    assert "This must be 5000 characters or fewer" in page_text(response)
    db_session.expire_all()
    assert household.status == "active"


def test_a_manager_sees_each_supervisors_caseload_and_their_households(
    app, client, people, household
):
    sign_in(client, people["manager"])
    text = page_text(client.get("/fostering-team/supervision"))
    assert "Supervision caseloads" in text and "Siân Evans 1 1 0" in text
    worker_id = people["worker"].id
    theirs = page_text(client.get(f"/fostering-team/my-households?worker={worker_id}"))
    assert "Households supervised by Siân Evans" in theirs and "The Evans household" in theirs
    assert client.get("/fostering-team/my-households?worker=999999").status_code == 404
    officer_id = people["officer"].id
    assert client.get(f"/fostering-team/my-households?worker={officer_id}").status_code == 404
    other = app.test_client()
    sign_in(other, people["other"])
    assert other.get("/fostering-team/supervision").status_code == 403
    own = page_text(other.get(f"/fostering-team/my-households?worker={worker_id}"))
    assert "My households" in own and "The Evans household" not in own
