"""An approved household's life: its supervising social worker and visits, its status
(on hold, resigned, deregistered) and what matching and the placement officers see of
it, and the checks it keeps up (DBS for every adult, medicals, training)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from fostering.models import AuditEvent, FosterCarer, Role
from fostering.models.carer_life import (
    CarerCheckRecord,
    CarerStatusChange,
    SupervisionAllocation,
    SupervisoryVisit,
)
from fostering.placements.services.matching_instance import build_instance, provider_key
from fostering.placements.services.matching_readiness import readiness
from fostering.placements.services.placements_dashboard import placed_with_unavailable_carers
from fostering.recruitment.services import (
    carer_checks,
    carer_household,
    carer_status,
    carers,
    supervision,
)
from fostering.recruitment.services.carer_life_errors import CarerLifeCode, CarerLifeError
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from tests.factories import create_carer, create_placement, create_user, load_postcodes

TODAY = date(2026, 12, 1)


def _carer(**fields) -> FosterCarer:
    """A carer placed on the map (the test postcode directory), as approval places one."""
    from fostering.extensions import db
    from fostering.placements.services.providers import locate_carer

    carer = create_carer(**fields)
    locate_carer(carer)
    db.session.commit()
    return carer


@pytest.fixture
def people(db_session):
    load_postcodes()
    manager = create_user(role=Role.TEAM_MANAGER, name="Gareth Jones")
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    other = create_user(role=Role.SOCIAL_WORKER, name="Owain Rees")
    return manager, worker, other


@pytest.fixture
def household(people, db_session):
    manager, worker, _ = people
    carer = _carer(household_name="The Evans household", approved_on=date(2025, 6, 2))
    supervision.allocate_supervisor(carer, worker.id, actor=manager)
    return carer


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


def _refused(code, call, *args, **kwargs):
    with pytest.raises(RecruitmentError) as refused:
        call(*args, **kwargs)
    assert refused.value.code == code
    return refused.value


# --- The supervising social worker ------------------------------------------------


def test_a_manager_allocates_and_reallocates_the_supervising_worker_with_a_reason(
    people, household, db_session
):
    manager, worker, other = people
    assert household.supervising_worker_id == worker.id
    error = _refused(
        CarerLifeCode.SUPERVISION_REASON_MISSING,
        supervision.allocate_supervisor,
        household,
        other.id,
        reason=" ",
        actor=manager,
    )
    assert error.field == "reason"
    supervision.allocate_supervisor(household, other.id, reason="Caseloads", actor=manager)
    db_session.expire_all()
    assert household.supervising_worker_id == other.id
    history = supervision.allocation_history(household)
    assert [(row.from_worker_id, row.to_worker_id, row.reason) for row in history] == [
        (None, worker.id, None),
        (worker.id, other.id, "Caseloads"),
    ]
    assert db_session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "supervisor_allocated")
    ).all() == [f"from=None to={worker.id}", f"from={worker.id} to={other.id}"]


def test_only_a_manager_allocates_and_never_to_the_same_worker_or_a_non_worker(
    people, household, db_session
):
    manager, worker, other = people
    _refused(
        CarerLifeCode.MANAGER_ALLOCATES_SUPERVISION,
        supervision.allocate_supervisor,
        household,
        other.id,
        reason="x",
        actor=worker,
    )
    _refused(
        CarerLifeCode.SAME_SUPERVISOR,
        supervision.allocate_supervisor,
        household,
        worker.id,
        reason="x",
        actor=manager,
    )
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    for worker_id in (officer.id, 999_999, None):
        _refused(
            CarerLifeCode.CHOOSE_SUPERVISOR,
            supervision.allocate_supervisor,
            household,
            worker_id,
            reason="x",
            actor=manager,
        )
    assert _count(db_session, SupervisionAllocation) == 1


# --- Supervisory visits --------------------------------------------------------------


def _visit(carer, actor, **changes):
    fields = {
        "visited_on": TODAY,
        "announced": False,
        "carer_seen_alone": True,
        "children_seen": "all",
        "notes": "Both children settled; safer caring plan reviewed.",
        "actor": actor,
        "today": TODAY,
    }
    fields.update(changes)
    return supervision.record_visit(carer, **fields)


def test_the_supervising_worker_records_a_visit_and_the_next_is_due_in_six_weeks(
    people, household, db_session
):
    _, worker, _ = people
    visit = _visit(household, worker)
    assert (visit.announced, visit.carer_seen_alone, visit.children_seen) == (False, True, "all")
    due = supervision.visit_due(household, TODAY)
    assert (due.last_visit, due.due_on, due.overdue) == (TODAY, TODAY + timedelta(weeks=6), False)
    assert db_session.scalar(
        select(AuditEvent.id).where(AuditEvent.action == "supervisory_visit_recorded")
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"visited_on": TODAY + timedelta(days=1)}, CarerLifeCode.VISIT_IN_FUTURE, "visited_on"),
        ({"visited_on": date(2025, 6, 1)}, CarerLifeCode.VISIT_BEFORE_APPROVAL, "visited_on"),
        ({"children_seen": "maybe"}, CarerLifeCode.CHILDREN_SEEN_MISSING, "children_seen"),
        ({"notes": "   "}, CarerLifeCode.VISIT_NOTES_MISSING, "notes"),
    ],
)
def test_a_visit_with_bad_details_is_refused_and_nothing_is_saved(
    people, household, db_session, changes, code, field
):
    _, worker, _ = people
    error = _refused(code, _visit, household, worker, **changes)
    assert error.field == field
    assert _count(db_session, SupervisoryVisit) == 0


def test_another_social_worker_cannot_record_a_visit_but_a_manager_can(
    people, household, db_session
):
    manager, _, other = people
    _refused(CarerLifeCode.NOT_SUPERVISING_WORKER, _visit, household, other)
    _visit(household, manager)
    assert _count(db_session, SupervisoryVisit) == 1


def test_visits_are_overdue_at_the_councils_frequency_and_not_for_ended_households(
    app, people, household, db_session
):
    manager, worker, _ = people
    _visit(household, worker, visited_on=TODAY - timedelta(weeks=7))
    never = _carer(household_name="The Price household", approved_on=date(2026, 1, 5))
    gone = _carer(household_name="The Morgan household", approved_on=date(2020, 1, 5))
    carer_status.change_status(gone, "resigned", reason="Retiring", actor=manager, today=TODAY)
    overdue = supervision.visits_due(TODAY)
    assert [(row.carer.id, row.days_late) for row in overdue] == [
        (never.id, (TODAY - date(2026, 2, 16)).days),
        (household.id, 7),
    ]
    app.config["SUPERVISION_VISIT_WEEKS"] = 8
    assert [row.carer.id for row in supervision.visits_due(TODAY)] == [never.id]
    assert [row.carer.id for row in supervision.visits_due(TODAY, worker_id=worker.id)] == []
    assert supervision.visit_due(gone, TODAY) is None
    _refused(CarerLifeCode.HOUSEHOLD_ENDED, _visit, gone, manager)


# --- Status ------------------------------------------------------------------------------


def _hold(carer, actor, **changes):
    fields = {
        "reason": "Allegation under investigation",
        "review_on": TODAY + timedelta(days=28),
        "actor": actor,
        "today": TODAY,
    }
    fields.update(changes)
    return carer_status.change_status(carer, "on_hold", **fields)


def test_a_hold_is_the_reason_matching_gives_for_not_offering_the_carer(
    app, people, household, db_session
):
    _, worker, _ = people
    change = _hold(household, worker)
    db_session.expire_all()
    assert household.status == "on_hold"
    assert (change.from_status, change.to_status, change.effective_on) == (
        "active",
        "on_hold",
        TODAY,
    )
    with app.test_request_context():
        problems = carers.matching_problems(household)
        assert str(problems[0].short) == "On hold: Allegation under investigation"
        assert "29 December 2026" in str(problems[0].explanation)
        assert "Allegation under investigation" in str(problems[0].explanation)
        blocked = {item.id: item.reasons for item in readiness().providers}
        assert blocked[household.id] == [
            "On hold until the hold is reviewed on 29 December 2026: Allegation under investigation"
        ]
    built = build_instance(child_ids=[], policy={}, run_date=office_today())
    assert provider_key("carer", household.id) not in {p["id"] for p in built.instance["carers"]}
    matchable = carers.register_statement(carers.CarerQuery(matching=carers.MATCHABLE))
    assert household.id not in {carer.id for carer in db_session.scalars(matchable)}
    assert db_session.scalar(
        select(AuditEvent.detail).where(AuditEvent.action == "carer_status_changed")
    ) == ("from=active to=on_hold")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"review_on": None}, CarerLifeCode.HOLD_REVIEW_MISSING, "review_on"),
        ({"review_on": TODAY}, CarerLifeCode.HOLD_REVIEW_NOT_AFTER, "review_on"),
        ({"reason": " "}, CarerLifeCode.STATUS_REASON_MISSING, "reason"),
        (
            {"effective_on": TODAY + timedelta(1)},
            CarerLifeCode.STATUS_DATE_IN_FUTURE,
            "effective_on",
        ),
        (
            {"effective_on": date(2025, 1, 1)},
            CarerLifeCode.STATUS_DATE_BEFORE_APPROVAL,
            "effective_on",
        ),
    ],
)
def test_a_hold_with_bad_details_is_refused_and_changes_nothing(
    people, household, db_session, changes, code, field
):
    _, worker, _ = people
    error = _refused(code, _hold, household, worker, **changes)
    assert error.field == field
    db_session.expire_all()
    assert household.status == "active"
    assert _count(db_session, CarerStatusChange) == 0


def test_only_the_allowed_moves_are_made(people, household, db_session):
    manager, worker, other = people
    _refused(CarerLifeCode.STATUS_UNCHANGED, carer_status.change_status, household, "active",
             reason="x", actor=worker, today=TODAY)  # fmt: skip
    _refused(CarerLifeCode.NOT_SUPERVISING_WORKER, _hold, household, other)
    _refused(CarerLifeCode.STATUS_NOT_ALLOWED, carer_status.change_status, household, "paused",
             reason="x", actor=worker, today=TODAY)  # fmt: skip
    _hold(household, worker)
    carer_status.change_status(household, "active", reason="Cleared", actor=worker, today=TODAY)
    carer_status.change_status(household, "resigned", reason="Moving away", actor=worker,
                               today=TODAY)  # fmt: skip
    for target in ("active", "on_hold", "deregistered"):
        error = _refused(
            CarerLifeCode.STATUS_NOT_ALLOWED,
            carer_status.change_status,
            household,
            target,
            reason="x",
            review_on=TODAY + timedelta(days=9),
            actor=manager,
            today=TODAY,
        )
        assert "resigned" in str(error.message)
    history = carer_status.history(household)
    assert [(row.from_status, row.to_status) for row in history] == [
        ("active", "resigned"),
        ("on_hold", "active"),
        ("active", "on_hold"),
    ]
    assert carer_status.allowed_moves(household) == []


def test_deregistration_is_the_decision_makers_and_ends_matching(people, household, db_session):
    manager, worker, _ = people
    _refused(
        RecruitmentCode.MANAGER_DECIDES,
        carer_status.change_status,
        household,
        "deregistered",
        reason="Standards of care",
        actor=worker,
        today=TODAY,
    )
    carer_status.change_status(
        household, "deregistered", reason="Standards of care", actor=manager, today=TODAY
    )
    db_session.expire_all()
    assert household.status == "deregistered" and household.has_ended
    built = build_instance(child_ids=[], policy={}, run_date=office_today())
    assert provider_key("carer", household.id) not in {p["id"] for p in built.instance["carers"]}
    assert household.id not in {item.id for item in readiness().providers}


def test_resigned_and_deregistered_households_never_reach_a_matching_run(people, db_session):
    manager, _, _ = people
    carers_ = {
        status: _carer(household_name=f"The {status} household") for status in
        ("active", "resigned", "deregistered", "on_hold")
    }  # fmt: skip
    for status in ("resigned", "deregistered"):
        carer_status.change_status(carers_[status], status, reason="x", actor=manager)
    _hold(carers_["on_hold"], manager, today=office_today(),
          review_on=office_today() + timedelta(days=5))  # fmt: skip
    built = build_instance(child_ids=[], policy={}, run_date=office_today())
    offered = {p["id"] for p in built.instance["carers"]}
    assert offered == {provider_key("carer", carers_["active"].id)}


def test_a_child_still_placed_with_a_resigned_carer_is_on_the_officers_list(
    people, household, db_session
):
    _, worker, _ = people
    placement = create_placement(provider=household, start_date=date(2026, 3, 2))
    assert placed_with_unavailable_carers() == []
    carer_status.change_status(household, "resigned", reason="Moving abroad", actor=worker)
    listed = placed_with_unavailable_carers()
    assert [(item.placement.id, item.carer.id, item.change.reason) for item in listed] == [
        (placement.id, household.id, "Moving abroad")
    ]


# --- Adults and their checks ------------------------------------------------------------


def _states(carer, today=TODAY):
    return {
        (item.adult.name, item.title): (item.state, item.due_on)
        for item in carer_checks.household_requirements(carer, today)
    }


def test_a_new_adult_has_their_dbs_check_outstanding_until_it_is_recorded(
    app, people, household, db_session
):
    _, worker, _ = people
    with app.test_request_context():
        adult = carer_checks.add_adult(
            household, name="  Rhys   Evans ", role="other", joined_on=TODAY, actor=worker,
            today=TODAY,
        )  # fmt: skip
        assert adult.name == "Rhys Evans"
        assert _states(household, TODAY + timedelta(days=1)) == {
            ("Rhys Evans", "Enhanced DBS check"): ("overdue", TODAY)
        }
        due = carer_checks.due(TODAY + timedelta(days=1))
        assert [(item.adult.id, item.kind.value) for item in due] == [(adult.id, "dbs")]
        record = carer_checks.record_check(
            household, adult_id=adult.id, kind="dbs", course=None, completed_on=TODAY,
            dbs_certificate_number="0012 3456 7890", actor=worker, today=TODAY,
        )  # fmt: skip
        assert (record.dbs_certificate_number, record.expires_on) == (
            "001234567890",
            date(2029, 12, 1),
        )
        assert _states(household) == {
            ("Rhys Evans", "Enhanced DBS check"): ("current", date(2029, 12, 1))
        }
        app.config["DBS_RENEWAL_YEARS"] = 1
        again = carer_checks.record_check(
            household, adult_id=adult.id, kind="dbs", course=None, completed_on=TODAY,
            dbs_certificate_number="001234567891", actor=worker, today=TODAY,
        )  # fmt: skip
        assert again.expires_on == date(2027, 12, 1)
        assert _states(household, date(2027, 11, 1))[("Rhys Evans", "Enhanced DBS check")] == (
            "due_soon",
            date(2027, 12, 1),
        )
        carer_checks.adult_left(adult, left_on=TODAY, actor=worker, today=TODAY)
        assert carer_checks.household_requirements(household, TODAY) == []


def test_a_carer_needs_a_medical_and_training_which_run_out(app, people, household, db_session):
    _, worker, _ = people
    with app.test_request_context():
        carer = carer_checks.add_adult(
            household, name="Siân Evans", role="carer", joined_on=date(2025, 6, 2), actor=worker,
            today=TODAY,
        )  # fmt: skip
        states = _states(household)
        assert states[("Siân Evans", "Medical update")] == ("overdue", date(2025, 6, 2))
        # The Learning and Development Standards are due within a year of approval.
        standards = ("Siân Evans", "Learning and Development Standards for foster carers")
        assert states[standards] == ("overdue", date(2026, 6, 2))
        carer_checks.record_check(
            household, adult_id=carer.id, kind="training", course="learning_standards",
            completed_on=date(2026, 5, 1), actor=worker, today=TODAY,
        )  # fmt: skip
        carer_checks.record_check(
            household, adult_id=carer.id, kind="training", course="first_aid",
            completed_on=date(2024, 1, 10), expires_on=date(2027, 1, 10), actor=worker,
            today=TODAY,
        )  # fmt: skip
        carer_checks.record_check(
            household, adult_id=carer.id, kind="medical", course=None,
            completed_on=date(2026, 11, 1), actor=worker, today=TODAY,
        )  # fmt: skip
        states = _states(household)
        assert states[standards] == ("current", None)
        assert states[("Siân Evans", "Paediatric first aid")] == ("due_soon", date(2027, 1, 10))
        assert states[("Siân Evans", "Medical update")] == ("current", date(2028, 11, 1))
        figures = carer_household.team_figures(TODAY)
        assert {item.title for item in figures.checks_due_soon} == {"Paediatric first aid"}
        assert {item.title for item in figures.checks_overdue} == {
            "Enhanced DBS check",
            "Safeguarding children",
        }


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"adult_id": None}, CarerLifeCode.CHOOSE_ADULT, "adult"),
        ({"kind": "medical"}, CarerLifeCode.CHECK_NOT_FOR_ADULT, "adult"),
        ({"kind": "training", "course": "juggling"}, CarerLifeCode.CHOOSE_COURSE, "course"),
        ({"kind": "passport"}, CarerLifeCode.CHOOSE_COURSE, "course"),
        ({"dbs_certificate_number": "12345"}, CarerLifeCode.DBS_NUMBER, "dbs_certificate_number"),
        ({"completed_on": TODAY + timedelta(1)}, CarerLifeCode.CHECK_IN_FUTURE, "completed_on"),
        ({"expires_on": TODAY}, CarerLifeCode.EXPIRY_NOT_AFTER, "expires_on"),
    ],
)
def test_a_check_with_bad_details_is_refused_and_nothing_saved(
    people, household, db_session, changes, code, field
):
    _, worker, _ = people
    adult = carer_checks.add_adult(
        household, name="Rhys Evans", role="other", joined_on=TODAY, actor=worker, today=TODAY
    )
    fields = {
        "adult_id": adult.id,
        "kind": "dbs",
        "course": None,
        "completed_on": TODAY,
        "dbs_certificate_number": "001234567890",
        "actor": worker,
        "today": TODAY,
    }
    fields.update(changes)
    error = _refused(code, carer_checks.record_check, household, **fields)
    assert error.field == field
    assert _count(db_session, CarerCheckRecord) == 0


def test_an_adult_of_another_household_cannot_be_checked_here(people, household, db_session):
    manager, worker, _ = people
    elsewhere = _carer(household_name="The Price household")
    stranger = carer_checks.add_adult(
        elsewhere, name="Ann Price", role="carer", joined_on=TODAY, actor=manager, today=TODAY
    )
    _refused(
        CarerLifeCode.CHOOSE_ADULT,
        carer_checks.record_check,
        household,
        adult_id=stranger.id,
        kind="dbs",
        course=None,
        completed_on=TODAY,
        dbs_certificate_number="001234567890",
        actor=worker,
        today=TODAY,
    )
    _refused(CarerLifeCode.NOT_SUPERVISING_WORKER, carer_checks.add_adult, elsewhere,
             name="X", role="other", joined_on=TODAY, actor=worker, today=TODAY)  # fmt: skip


def test_approval_records_the_households_adults_with_their_stage_1_dbs_checks(db_session):
    from tests.recruitment import test_matchable_carers as matchable

    load_postcodes()
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = matchable._at_decision((manager, worker))
    from fostering.models import CheckItem
    from fostering.recruitment.services import stage2
    from fostering.recruitment.services.terms import Terms

    dbs = db_session.scalars(select(CheckItem).where(CheckItem.kind == "dbs")).all()
    for item in dbs:
        item.dbs_issued_on = date(2026, 2, 3)
        item.dbs_certificate_number = "009876543210"
    db_session.commit()
    stage2.decide(
        case,
        actor=manager,
        decision="approve",
        terms=Terms(**matchable.TERMS, postcode="CF10 1AA"),
    )
    carer = db_session.scalars(select(FosterCarer)).one()
    adults = carer_checks.adults(carer)
    assert adults[0].role == "carer"  # the applicant
    records = db_session.scalars(select(CarerCheckRecord)).all()
    assert {r.kind for r in records} == {"dbs", "medical"}  # the medical as Stage 1 had it
    dbs = [(r.completed_on, r.expires_on, r.dbs_certificate_number) for r in records
           if r.kind == "dbs"]  # fmt: skip
    assert dbs == [(date(2026, 2, 3), date(2029, 2, 3), "009876543210")]


# --- The CarerLifeError codes ----------------------------------------------------------------


def test_every_code_has_one_sentence():
    assert set(CarerLifeError.sentences) == set(CarerLifeCode)


def test_a_proposal_for_a_carer_put_on_hold_since_the_run_cannot_be_accepted(
    app, people, household, db_session
):
    from fostering.models import MatchingOutcome, MatchingRun, Placement
    from fostering.placements.services import matching_review
    from fostering.placements.services.errors import PlacementCode
    from tests.factories import create_child

    _, worker, _ = people
    run = MatchingRun(status="completed")
    db_session.add(run)
    db_session.flush()
    child = create_child()
    outcome = MatchingOutcome(
        run_id=run.id, child_id=child.id, age=9, setting="foster", placement_type="short_term",
        needs=[], carer_id=household.id, in_house=True, weekly_cost_pence=32_500, km=1.2,
    )  # fmt: skip
    db_session.add(outcome)
    db_session.commit()
    _hold(household, worker, today=office_today(), review_on=office_today() + timedelta(days=9))
    with pytest.raises(matching_review.ReviewError) as refused:
        matching_review.accept(outcome, actor=create_user(role=Role.PLACEMENT_OFFICER))
    assert refused.value.code is PlacementCode.CARER_NOT_ACTIVE
    with app.test_request_context():
        assert "on hold" in str(refused.value.message)
    db_session.refresh(outcome)
    assert outcome.decision is None and _count(db_session, Placement) == 0


def test_holds_past_their_review_date_are_listed_for_the_team(people, household, db_session):
    _, worker, _ = people
    _hold(household, worker, review_on=TODAY + timedelta(days=10))
    assert carer_status.holds_to_review(TODAY + timedelta(days=9)) == []
    due = carer_status.holds_to_review(TODAY + timedelta(days=10))
    assert [(carer.id, hold.reason) for carer, hold in due] == [
        (household.id, "Allegation under investigation")
    ]
    carer_status.change_status(household, "active", reason="Cleared", actor=worker, today=TODAY)
    assert carer_status.holds_to_review(TODAY + timedelta(days=30)) == []


def test_households_without_a_supervising_worker_are_listed(people, household, db_session):
    manager, _, _ = people
    nobody = _carer(household_name="The Price household")
    gone = _carer(household_name="The Morgan household")
    carer_status.change_status(gone, "resigned", reason="x", actor=manager)
    assert [carer.id for carer in supervision.unsupervised()] == [nobody.id]


def test_an_adult_leaves_once_and_not_before_joining(people, household, db_session):
    _, worker, _ = people
    adult = carer_checks.add_adult(
        household, name="Rhys Evans", role="other", joined_on=TODAY - timedelta(days=30),
        actor=worker, today=TODAY,
    )  # fmt: skip
    error = _refused(CarerLifeCode.ADULT_LEFT_BEFORE_JOINING, carer_checks.adult_left, adult,
                     left_on=TODAY - timedelta(days=31), actor=worker, today=TODAY)  # fmt: skip
    assert error.field == "left_on"
    carer_checks.adult_left(adult, left_on=TODAY, actor=worker, today=TODAY)
    _refused(CarerLifeCode.ADULT_ALREADY_LEFT, carer_checks.adult_left, adult, left_on=TODAY,
             actor=worker, today=TODAY)  # fmt: skip
    for changes, code in (
        ({"name": "   "}, CarerLifeCode.ADULT_NAME_MISSING),
        ({"role": "lodger"}, CarerLifeCode.CHOOSE_ADULT),
        ({"joined_on": TODAY + timedelta(days=1)}, CarerLifeCode.ADULT_JOINED_IN_FUTURE),
    ):
        fields = {"name": "Ann", "role": "other", "joined_on": TODAY, "actor": worker,
                  "today": TODAY, **changes}  # fmt: skip
        _refused(code, carer_checks.add_adult, household, **fields)
    assert [a.name for a in carer_checks.adults(household, include_left=True)] == ["Rhys Evans"]


def test_a_manager_cannot_supervise_or_check_a_household_that_has_ended(
    people, household, db_session
):
    manager, _, other = people
    carer_status.change_status(household, "resigned", reason="Retiring", actor=manager)
    _refused(CarerLifeCode.HOUSEHOLD_ENDED, supervision.allocate_supervisor, household,
             other.id, reason="x", actor=manager)  # fmt: skip
    _refused(CarerLifeCode.HOUSEHOLD_ENDED, carer_checks.add_adult, household, name="Ann",
             role="other", joined_on=None, actor=manager)  # fmt: skip
    assert carer_checks.due(carer_ids=[household.id]) == []
