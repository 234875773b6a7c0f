"""Connected persons (kinship) cases: starting from the child, viability, temporary
approval (16 weeks, one extension of up to 8 weeks by the nominated officer), the full
assessment, the fostering panel and the decision; the time limits on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, FosterCarer, Role
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.recruitment.services import connected_deadlines as deadlines
from fostering.recruitment.services import connected_persons as service
from fostering.recruitment.services.casework import CaseworkError, office_today
from tests.factories import create_child, create_panel_meeting, create_user, load_postcodes


@pytest.fixture
def team(db_session):
    return make_team()


def make_team():
    """A team manager, a social worker and a child the social worker holds."""
    load_postcodes()
    manager = create_user(role=Role.TEAM_MANAGER, name="Gareth Jones")
    worker = create_user(role=Role.SOCIAL_WORKER, name="Siân Evans")
    child = create_child(given_name="Megan", family_name="Morgan", placement_type="long_term")
    child.social_worker_id = worker.id
    db.session.commit()
    return manager, worker, child


HOUSEHOLD = service.Household(
    names="  Ann   and Huw Jones ",
    relation="Grandparents",
    address="1 High Street\nCardiff",
    postcode="cf101aa",
    household_adults="Dewi Jones\n\n  Sara  Jones ",
)


def started(team) -> ConnectedCase:
    _manager, worker, child = team
    return service.start_case(child, HOUSEHOLD, actor=worker)


def viable(team) -> ConnectedCase:
    case = started(team)
    return service.record_viability(
        case, actor=team[1], outcome="positive", reasons="", assessed_on=office_today()
    )


def backdate(case: ConnectedCase, days: int) -> None:
    """Move the case's start and viability back, so that past dates are allowed."""
    case.started_on -= timedelta(days=days)
    case.viability_on = case.started_on
    db.session.commit()


def actions(case: ConnectedCase) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "connected_cases")
            .where(AuditEvent.object_id == str(case.id))
            .order_by(AuditEvent.id)
        )
    )


# --- Dates ---------------------------------------------------------------------------


def test_temporary_approval_lasts_16_weeks_inclusive():
    assert service.temporary_end(date(2026, 1, 5)) == date(2026, 4, 26)
    assert (service.temporary_end(date(2026, 1, 5)) - date(2026, 1, 5)).days + 1 == 16 * 7


# --- Starting and viability ----------------------------------------------------------


def test_the_childs_social_worker_starts_a_case(team, db_session):
    _manager, worker, _child = team
    case = started(team)
    db_session.expire_all()
    assert case.reference.startswith("CP-")
    assert (case.names, case.postcode, case.adults) == (
        "Ann and Huw Jones", "CF10 1AA", ["Dewi Jones", "Sara Jones"],
    )  # fmt: skip
    assert case.stage_enum is ConnectedStage.VIABILITY
    assert case.social_worker_id == worker.id
    assert case.viability_due > case.started_on
    assert actions(case) == ["connected_case_started"]


def test_only_the_childs_own_social_worker_starts_one(team, db_session):
    manager, _worker, child = team
    other = create_user(role=Role.SOCIAL_WORKER)
    for actor in (manager, other):
        with pytest.raises(service.ConnectedError) as refused:
            service.start_case(child, HOUSEHOLD, actor=actor)
        assert refused.value.code is service.ConnectedCode.NOT_CHILDS_WORKER
    assert db_session.scalar(select(ConnectedCase)) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"names": "   "}, "names"),
        ({"relation": ""}, "relation"),
        ({"address": " "}, "address"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"names": "x" * 201}, "names"),
    ],
)
def test_the_household_is_checked(team, db_session, change, field):
    _manager, worker, child = team
    household = service.Household(**{**HOUSEHOLD.__dict__, **change})
    with pytest.raises(service.ConnectedError) as refused:
        service.start_case(child, household, actor=worker)
    assert refused.value.field == field
    assert db_session.scalar(select(ConnectedCase)) is None


def test_a_negative_viability_ends_the_case_with_its_reasons(team, db_session):
    case = started(team)
    worker = team[1]
    with pytest.raises(service.ConnectedError) as refused:
        service.record_viability(
            case, actor=worker, outcome="negative", reasons=" ", assessed_on=office_today()
        )
    assert refused.value.field == "reasons"
    assert case.stage_enum is ConnectedStage.VIABILITY
    service.record_viability(
        case, actor=worker, outcome="negative", reasons="No room", assessed_on=office_today()
    )
    assert case.stage_enum is ConnectedStage.NOT_VIABLE
    assert case.viability_reasons == "No room"
    with pytest.raises(service.ConnectedError) as refused:
        service.record_viability(
            case, actor=worker, outcome="positive", reasons="", assessed_on=office_today()
        )
    assert refused.value.code is service.ConnectedCode.NOT_IN_VIABILITY
    with pytest.raises(service.ConnectedError):
        service.grant_temporary_approval(case, actor=worker, starts_on=office_today())


def test_viability_dates_and_who_may_record_it(team, db_session):
    case = started(team)
    worker = team[1]
    tomorrow = office_today() + timedelta(days=1)
    with pytest.raises(service.ConnectedError) as refused:
        service.record_viability(
            case, actor=worker, outcome="positive", reasons="", assessed_on=tomorrow
        )
    assert refused.value.field == "assessed_on"
    with pytest.raises(service.ConnectedError) as refused:
        service.record_viability(
            case, actor=worker, outcome="positive", reasons="",
            assessed_on=case.started_on - timedelta(days=1),
        )  # fmt: skip
    assert refused.value.code is service.ConnectedCode.BEFORE_START
    stranger = create_user(role=Role.SOCIAL_WORKER)
    with pytest.raises(service.ConnectedError) as refused:
        service.record_viability(
            case, actor=stranger, outcome="positive", reasons="", assessed_on=office_today()
        )
    assert refused.value.code is service.ConnectedCode.NOT_CASE_WORKER
    # A team manager may change any case.
    service.record_viability(
        case, actor=team[0], outcome="positive", reasons="", assessed_on=office_today()
    )
    assert case.stage_enum is ConnectedStage.ASSESSMENT


# --- Temporary approval and the one extension ----------------------------------------


def test_temporary_approval_runs_16_weeks_from_its_start(team, db_session):
    case = viable(team)
    backdate(case, 20)
    starts = office_today() - timedelta(days=10)
    service.grant_temporary_approval(case, actor=team[1], starts_on=starts)
    assert case.temporary_from == starts
    assert case.temporary_until == starts + timedelta(days=111)
    assert case.approval_ends == case.temporary_until
    with pytest.raises(service.ConnectedError) as refused:
        service.grant_temporary_approval(case, actor=team[1], starts_on=starts)
    assert refused.value.code is service.ConnectedCode.TEMPORARY_ALREADY
    assert "connected_temporary_approved" in actions(case)


def test_temporary_approval_not_before_viability_nor_in_future(team, db_session):
    case = viable(team)
    worker = team[1]
    for day, code in (
        (office_today() + timedelta(days=1), service.ConnectedCode.DATE_IN_FUTURE),
        (office_today() - timedelta(days=1), service.ConnectedCode.BEFORE_VIABILITY),
    ):
        with pytest.raises(service.ConnectedError) as refused:
            service.grant_temporary_approval(case, actor=worker, starts_on=day)
        assert (refused.value.code, refused.value.field) == (code, "starts_on")
    assert case.temporary_from is None


def test_the_nominated_officer_extends_once_by_up_to_8_weeks(team, db_session):
    manager, worker, _child = team
    case = viable(team)
    service.grant_temporary_approval(case, actor=worker, starts_on=office_today())
    first_end = case.temporary_until
    latest = first_end + timedelta(weeks=8)
    assert service.latest_extension(case) == latest
    with pytest.raises(service.ConnectedError) as refused:
        service.extend_temporary_approval(case, actor=worker, until=latest, reason="Report late")
    assert refused.value.code is service.ConnectedCode.MANAGER_EXTENDS
    for until, code in (
        (first_end, service.ConnectedCode.EXTENSION_NOT_LATER),
        (latest + timedelta(days=1), service.ConnectedCode.EXTENSION_TOO_LONG),
    ):
        with pytest.raises(service.ConnectedError) as refused:
            service.extend_temporary_approval(case, actor=manager, until=until, reason="Late")
        assert (refused.value.code, refused.value.field) == (code, "until")
    with pytest.raises(service.ConnectedError) as refused:
        service.extend_temporary_approval(case, actor=manager, until=latest, reason="  ")
    assert refused.value.field == "reason"
    assert case.extended_until is None

    service.extend_temporary_approval(
        case, actor=manager, until=latest, reason="The medical report is not back yet."
    )
    assert (case.extended_until, case.extended_by_id, case.extended_on) == (
        latest, manager.id, office_today(),
    )  # fmt: skip
    assert case.approval_ends == latest
    assert case.extension_reason == "The medical report is not back yet."
    with pytest.raises(service.ConnectedError) as refused:
        service.extend_temporary_approval(
            case, actor=manager, until=latest - timedelta(days=1), reason="Again"
        )
    assert refused.value.code is service.ConnectedCode.EXTENSION_USED
    assert case.extended_until == latest
    assert "connected_temporary_extended" in actions(case)


def test_an_approval_that_has_ended_cannot_be_extended_and_is_a_breach(team, db_session):
    manager, worker, _child = team
    case = viable(team)
    backdate(case, 200)
    starts = office_today() - timedelta(weeks=17)
    service.grant_temporary_approval(case, actor=worker, starts_on=starts)
    today = office_today()
    assert case.temporary_until < today
    assert service.in_breach(case, today)
    assert not service.may_extend(case, today)
    with pytest.raises(service.ConnectedError) as refused:
        service.extend_temporary_approval(
            case, actor=manager, until=case.temporary_until + timedelta(days=7), reason="Late"
        )
    assert refused.value.code is service.ConnectedCode.EXTENSION_AFTER_EXPIRY
    due = deadlines.deadline(case, today)
    assert (due.kind, due.late, due.day) == ("temporary", True, case.temporary_until)


def test_extension_needs_temporary_approval_first(team, db_session):
    case = viable(team)
    with pytest.raises(service.ConnectedError) as refused:
        service.extend_temporary_approval(
            case, actor=team[0], until=office_today() + timedelta(days=30), reason="Late"
        )
    assert refused.value.code is service.ConnectedCode.NO_TEMPORARY


# --- Full assessment, panel and decision ---------------------------------------------


def at_panel(team, meeting=None) -> ConnectedCase:
    case = viable(team)
    worker = team[1]
    service.grant_temporary_approval(case, actor=worker, starts_on=office_today())
    service.complete_assessment(
        case, actor=worker, summary="Suitable to care for Megan.", completed_on=office_today()
    )
    service.book_panel(case, (meeting or create_panel_meeting()).id, actor=worker)
    return case


def test_the_panel_needs_the_assessment_and_a_meeting_to_come(team, db_session):
    case = viable(team)
    worker = team[1]
    meeting = create_panel_meeting()
    with pytest.raises(service.ConnectedError) as refused:
        service.book_panel(case, meeting.id, actor=worker)
    assert refused.value.code is service.ConnectedCode.REPORT_BEFORE_PANEL
    with pytest.raises(service.ConnectedError) as refused:
        service.complete_assessment(case, actor=worker, summary=" ", completed_on=office_today())
    assert refused.value.field == "summary"
    service.complete_assessment(case, actor=worker, summary="Good", completed_on=office_today())
    past = create_panel_meeting(meeting_date=office_today() - timedelta(days=1))
    with pytest.raises(service.ConnectedError) as refused:
        service.book_panel(case, past.id, actor=worker)
    assert refused.value.code is service.ConnectedCode.PANEL_DATE_PAST
    with pytest.raises(service.ConnectedError) as refused:
        service.book_panel(case, None, actor=worker)
    assert refused.value.field == "meeting"
    service.book_panel(case, meeting.id, actor=worker)
    assert case.stage_enum is ConnectedStage.PANEL


def test_the_panel_recommends_only_once_it_has_sat_quorate(team, db_session):
    worker = team[1]
    later = create_panel_meeting(meeting_date=office_today() + timedelta(days=7))
    case = at_panel(team, later)
    with pytest.raises(service.ConnectedError) as refused:
        service.record_panel_recommendation(
            case, actor=worker, recommendation="approve", minutes="Fine"
        )
    assert refused.value.code is service.ConnectedCode.PANEL_NOT_SAT
    small = create_panel_meeting(members=("Bryn Owen",))
    service.book_panel(case, small.id, actor=worker)  # moved before the panel sat
    with pytest.raises(service.ConnectedError) as refused:
        service.record_panel_recommendation(
            case, actor=worker, recommendation="approve", minutes="Fine"
        )
    assert refused.value.code is service.ConnectedCode.PANEL_NOT_QUORATE
    service.book_panel(case, create_panel_meeting().id, actor=worker)
    with pytest.raises(service.ConnectedError) as refused:
        service.record_panel_recommendation(
            case, actor=worker, recommendation="approve", minutes=" "
        )
    assert refused.value.field == "minutes"
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Warm, safe home."
    )
    assert case.panel_recommendation == "approve"


def test_approval_adds_a_connected_carer_for_the_named_child(team, db_session):
    manager, worker, _child = team
    case = at_panel(team)
    decision = service.Decision(
        decision="approve", decided_on=office_today(), places=1, weekly_allowance_pence=25_000
    )
    with pytest.raises(service.ConnectedError) as refused:
        service.decide(case, decision, actor=manager)
    assert refused.value.code is service.ConnectedCode.RECOMMENDATION_MISSING
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Warm, safe home."
    )
    with pytest.raises(CaseworkError):  # only the decision maker decides
        service.decide(case, decision, actor=worker)
    service.decide(case, decision, actor=manager)
    db_session.expire_all()
    carer = db_session.get(FosterCarer, case.carer_id)
    assert case.stage_enum is ConnectedStage.APPROVED
    assert (carer.household_name, carer.postcode, carer.places) == (
        "Ann and Huw Jones",
        "CF10 1AA",
        1,
    )
    assert carer.placement_types == ["long_term"]
    assert carer.weekly_allowance_pence == 25_000
    assert carer.easting is not None  # located, so matching can offer the child
    assert service.case_for_carer(carer.id).id == case.id
    assert not case.move_needed
    assert not service.temporary_running(case)
    assert deadlines.deadline(case, office_today()) is None
    assert actions(case)[-1] == "connected_decided"


def test_the_decision_maker_who_sat_on_the_panel_cannot_decide(team, db_session):
    manager, worker, _child = team
    case = at_panel(team, create_panel_meeting(members=("Gareth Jones", "A", "B", "C")))
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Fine"
    )
    with pytest.raises(service.ConnectedError) as refused:
        service.decide(
            case, service.Decision(decision="approve", decided_on=office_today()), actor=manager
        )
    assert refused.value.code is service.ConnectedCode.DECISION_MAKER_SAT
    assert case.carer_id is None


def test_refusal_flags_that_the_childs_placement_must_end(team, db_session):
    manager, worker, _child = team
    case = at_panel(team)
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Fine"
    )
    refusal = service.Decision(decision="not_approve", decided_on=office_today())
    with pytest.raises(service.ConnectedError) as refused:
        service.decide(case, refusal, actor=manager)
    assert refused.value.code is service.ConnectedCode.DECISION_REASONS_MISSING
    service.decide(
        case,
        service.Decision(
            decision="not_approve", decided_on=office_today(), reasons="Unsafe stairs"
        ),
        actor=manager,
    )
    assert case.stage_enum is ConnectedStage.REFUSED
    assert case.move_needed
    assert case.carer_id is None
    assert db_session.scalar(select(FosterCarer)) is None


def test_approving_needs_the_postcode_in_the_directory(team, db_session):
    manager, worker, child = team
    case = service.start_case(
        child, service.Household(**{**HOUSEHOLD.__dict__, "postcode": "LL57 2DG"}), actor=worker
    )
    service.record_viability(
        case, actor=worker, outcome="positive", reasons="", assessed_on=office_today()
    )
    service.complete_assessment(case, actor=worker, summary="Good", completed_on=office_today())
    service.book_panel(case, create_panel_meeting().id, actor=worker)
    service.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Fine"
    )
    with pytest.raises(service.ConnectedError) as refused:
        service.decide(
            case, service.Decision(decision="approve", decided_on=office_today()), actor=manager
        )
    assert refused.value.code is service.ConnectedCode.POSTCODE_NOT_FOUND
    db_session.rollback()
    assert db_session.scalar(select(FosterCarer)) is None


# --- The time limits ---------------------------------------------------------------------


def test_dashboard_figures_and_the_case_list_filters(team, db_session):
    manager, worker, child = team
    waiting = started(team)  # viability outstanding
    late = started(team)
    late.viability_due = office_today() - timedelta(days=1)
    ending = viable(team)
    backdate(ending, 200)
    service.grant_temporary_approval(
        ending, actor=worker, starts_on=office_today() - timedelta(weeks=15)
    )
    ended = viable(team)
    backdate(ended, 200)
    service.grant_temporary_approval(
        ended, actor=worker, starts_on=office_today() - timedelta(weeks=20)
    )
    calm = viable(team)
    service.grant_temporary_approval(calm, actor=worker, starts_on=office_today())
    db_session.commit()

    today = office_today()
    figures = deadlines.figures(today)
    assert figures == deadlines.Figures(
        ending_soon=1, breaches=1, viability_outstanding=2, viability_late=1
    )

    def listed(show, user=manager, text=""):
        stmt = deadlines.cases_statement(user, deadlines.CaseQuery(text=text, show=show), today)
        return [case.id for case in db_session.scalars(stmt)]

    assert listed(deadlines.SHOW_ENDING) == [ending.id]
    assert listed(deadlines.SHOW_BREACH) == [ended.id]
    assert sorted(listed(deadlines.SHOW_VIABILITY)) == sorted([waiting.id, late.id])
    assert len(listed(deadlines.SHOW_OPEN)) == 5
    assert listed(deadlines.SHOW_OPEN)[0] == ended.id  # the nearest (passed) deadline first
    assert listed(deadlines.SHOW_ALL, text=waiting.reference.lower()) == [waiting.id]
    assert len(listed(deadlines.SHOW_ALL, text="huw jones")) == 5
    assert len(listed(deadlines.SHOW_ALL, text=child.reference)) == 5
    assert listed(deadlines.SHOW_ALL, text="nobody") == []
    # Social workers see their own cases only.
    assert listed(deadlines.SHOW_ALL, user=create_user(role=Role.SOCIAL_WORKER)) == []
    assert len(listed(deadlines.SHOW_ALL, user=worker)) == 5
