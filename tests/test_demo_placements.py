"""The placements demo council: its size, its vacancy counters, idempotence, and that its
40 waiting children make an instance the optimiser solves meaningfully."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import func, select

import matching
from fostering import demo
from fostering.admin.services.matching_settings import get_settings, policy_from
from fostering.demo import placements as demo_placements
from fostering.extensions import db
from fostering.models import (
    Agency,
    Child,
    ChildrensHome,
    FosterCarer,
    Placement,
    PlacementRate,
    Role,
    SafeguardingExclusion,
    SiblingGroup,
)
from fostering.models.provider import MAX_HOME_BEDS
from fostering.placements.services import matching_runs
from fostering.placements.services.matching_instance import build_instance
from tests.factories import DEMO_DAY, create_user, load_demo_council
from tests.placements.test_matching_runs import wait_for_run

TODAY = DEMO_DAY


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _demo(model):
    """Rows the demo council made (the recruitment demo adds a few carers of its own)."""
    if model is FosterCarer:
        return FosterCarer.application_id.is_(None)
    return model.reference.like(f"{'CH' if model is ChildrensHome else 'AG'}-DEMO%")


# The demo council alone, on a fixed date: loaded once per run and backend.
council_loaded = pytest.mark.loaded(loader=load_demo_council)


@pytest.fixture
def council(app):
    return app


@council_loaded
def test_the_demo_council_has_a_realistic_size(council):
    statuses = dict(
        db.session.execute(select(Child.status, func.count()).group_by(Child.status)).all()
    )
    assert statuses["awaiting"] == 40
    assert statuses["placed"] == demo_placements.CURRENTLY_PLACED
    assert 380 <= statuses["awaiting"] + statuses["placed"] <= 420  # looked after now
    assert statuses.get("closed", 0) > 0  # children who left care, for the trends
    assert _count(FosterCarer, _demo(FosterCarer)) == 250
    assert _count(ChildrensHome) == 6
    assert _count(Agency) == 30
    carers = db.session.execute(
        select(
            FosterCarer.places,
            FosterCarer.weekly_allowance_pence,
            FosterCarer.welsh_speaking,
            FosterCarer.local_authority,
        )
    ).all()
    assert {row.places for row in carers} <= {1, 2, 3}
    assert all(25_000 <= row.weekly_allowance_pence <= 45_000 for row in carers)
    welsh = sum(row.welsh_speaking for row in carers) / len(carers)
    assert 0.12 <= welsh <= 0.28
    in_county = sum(row.local_authority == council.config["COUNCIL_LA_CODE"] for row in carers)
    assert in_county / len(carers) > 0.7
    for home in db.session.scalars(select(ChildrensHome)):
        assert 1 <= home.beds <= MAX_HOME_BEDS
        assert 350_000 <= home.weekly_cost_pence <= 550_000
    ifa = db.session.scalars(select(Agency.weekly_cost_pence).where(Agency.kind == "ifa")).all()
    assert ifa and all(80_000 <= cost <= 120_000 for cost in ifa)
    private = db.session.scalars(
        select(Agency.weekly_cost_pence).where(Agency.kind == "private_home")
    ).all()
    assert private and all(400_000 <= cost <= 750_000 for cost in private)
    assert _count(Agency, Agency.not_for_profit.is_(True)) > 0
    assert _count(Agency, Agency.local_authority != council.config["COUNCIL_LA_CODE"]) > 15


@council_loaded
def test_occupied_counters_equal_current_placements(council):
    for model, column in (
        (FosterCarer, Placement.carer_id),
        (ChildrensHome, Placement.home_id),
        (Agency, Placement.agency_id),
    ):
        current = dict(
            db.session.execute(
                select(column, func.count())
                .where(column.is_not(None), Placement.end_date.is_(None))
                .group_by(column)
            ).all()
        )
        for provider_id, occupied in db.session.execute(select(model.id, model.occupied)):
            assert occupied == current.get(provider_id, 0), (model.__name__, provider_id)
    # Every placed child has exactly one current placement; nobody else has one.
    placed = set(db.session.scalars(select(Child.id).where(Child.status == "placed")))
    current_children = db.session.scalars(
        select(Placement.child_id).where(Placement.end_date.is_(None))
    ).all()
    assert sorted(current_children) == sorted(placed)
    # Vacancies exist in-house (whether they fit the children waiting is the run's test).
    free = db.session.scalar(
        select(func.sum(FosterCarer.places - FosterCarer.occupied)).where(
            FosterCarer.status == "active", _demo(FosterCarer)
        )
    )
    assert 0 < free


@council_loaded
def test_the_ledger_has_history_and_yearly_rate_rises(council):
    ended = _count(Placement, Placement.end_date.is_not(None))
    assert ended >= 100
    assert _count(Placement, Placement.end_date >= date(2024, 11, 24)) >= 50
    assert _count(Placement, Placement.start_date <= date(2022, 11, 24)) > 0
    assert _count(Placement, Placement.start_date > TODAY) == 0
    for placement in db.session.scalars(select(Placement).limit(200)):
        rates = placement.rates
        assert rates[0].effective_from == placement.start_date
        assert [r.effective_from for r in rates] == sorted(r.effective_from for r in rates)
        assert all(r.effective_from.month == 4 and r.effective_from.day == 1 for r in rates[1:])
        costs = [r.weekly_cost_pence for r in rates]
        assert costs == sorted(costs)  # rises, never cuts
        if placement.end_date is not None:
            assert rates[-1].effective_from <= placement.end_date
    # Placements that ran over an April have more than one rate.
    assert _count(PlacementRate) > _count(Placement) * 1.5

    # The number placed grows slowly over two years, as a council's does (no cliff).
    def placed_on(day: date) -> int:
        return _count(
            Placement,
            Placement.start_date <= day,
            (Placement.end_date.is_(None)) | (Placement.end_date >= day),
        )

    now, then = placed_on(TODAY), placed_on(date(2024, 11, 24))
    assert now == demo_placements.CURRENTLY_PLACED
    assert 0.9 * now <= then <= now
    types = set(db.session.scalars(select(Placement.provider_type).distinct()))
    assert {"in_house_foster", "council_home", "ifa", "private_residential"} <= types


@council_loaded
def test_waiting_children_include_siblings_and_safeguarding(council):
    waiting = db.session.scalars(select(Child).where(Child.status == "awaiting")).all()
    assert {child.setting for child in waiting} == {"foster", "residential"}
    assert {child.urgency for child in waiting} == {"immediate", "urgent", "planned"}
    assert sum(child.welsh_speaking for child in waiting) >= 5
    assert all(child.reference.startswith("LAC") and len(child.reference) == 9 for child in waiting)
    assert all(child.home_easting is not None for child in waiting)
    assert sum(child.school_postcode is not None for child in waiting) >= 30
    groups = db.session.scalars(select(SiblingGroup)).all()
    assert len(groups) >= 3
    assert {group.may_split for group in groups} == {True, False}
    for group in groups:
        assert len({(c.family_name, c.home_postcode) for c in group.children}) == 1
    assert _count(SafeguardingExclusion) >= 3


@council_loaded
def test_loading_twice_adds_nothing(council):
    counts = [_count(model) for model in (Child, FosterCarer, Placement, PlacementRate)]
    assert demo_placements.load_placements_demo(TODAY) is False
    assert [_count(model) for model in (Child, FosterCarer, Placement, PlacementRate)] == counts


# The command's wiring: the loader it calls runs on PostgreSQL in every loaded template
# and in the demo tests' second loads there.
@pytest.mark.backend_independent
def test_flask_demo_load_loads_the_council_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    children = _count(Child)
    assert children >= 400
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert _count(Child) == children
    assert demo.holds_real_data() is False


@council_loaded
def test_the_waiting_children_make_a_meaningful_matching_run(council, record_property):
    """Build and solve as the run's worker does; placed > 30, some in-house, some agency."""
    started = time.perf_counter()
    built = build_instance(child_ids=None, policy=policy_from(get_settings()), run_date=TODAY)
    instance = matching.load_instance(built.instance)
    result = matching.solve(instance, time_limit=5)
    seconds = time.perf_counter() - started
    record_property("build_and_solve_seconds", round(seconds, 2))
    print(f"demo council: built and solved in {seconds:.2f} s")
    assert len(built.instance["children"]) == 40 and not built.unlocated
    assert result.placed > 30
    assert 0 < result.in_house < result.placed  # in-house first, agencies for the rest
    assert result.unplaced and all(u.reasons for u in result.unplaced)
    kinds = {a.kind for a in result.assignments}
    assert {"carer", "agency"} <= kinds
    assert result.baseline is not None and result.in_house >= result.baseline.in_house


@council_loaded
@pytest.mark.commits  # the run is a job in a thread
def test_a_run_over_the_demo_council_finishes_within_seconds(council, record_property):
    """The officer's button: start_run (build, store, enqueue) to a finished run with
    outcomes, on the thread runner the app uses without Redis."""
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    started = time.perf_counter()
    run = matching_runs.start_run(
        actor=officer,
        child_ids=None,
        policy=policy_from(get_settings()),
        time_limit_seconds=get_settings().time_limit_seconds,
        run_date=TODAY,
    )
    run = wait_for_run(run.id)
    seconds = time.perf_counter() - started
    record_property("button_to_proposals_seconds", round(seconds, 2))
    print(f"demo council: start_run to finished run in {seconds:.2f} s")
    assert run.status == "completed", run.error
    assert run.placed > 30 and run.in_house > 0
    assert len(run.outcomes) == 40


@council_loaded
def test_every_demo_child_in_care_has_a_whole_profile(council):
    from fostering.models import ContactArrangement, LegalStatusPeriod

    in_care = list(db.session.scalars(select(Child).where(Child.status != "closed")))
    assert all(child.ethnicity and child.religion for child in in_care)
    current = dict(
        db.session.execute(
            select(LegalStatusPeriod.child_id, LegalStatusPeriod.code).where(
                LegalStatusPeriod.end_date.is_(None)
            )
        ).all()
    )
    assert set(current) == {child.id for child in in_care}
    assert {"V2", "C1", "C2"} <= set(current.values())
    periods = list(db.session.scalars(select(LegalStatusPeriod)))
    assert all(p.start_date <= TODAY for p in periods)
    assert all(p.end_date is None or p.end_date >= p.start_date for p in periods)
    assert db.session.scalar(select(func.count(ContactArrangement.id))) > 0
    assert not any(child.keep_school is False for child in in_care)  # matching unchanged


@council_loaded
def test_the_demo_history_has_moves_reasons_and_school_changes(council):
    """Five years of episodes whose endings have reasons and whose starts record school
    changes, so the stability pages show something true."""
    from fostering.models.placement import EndReason
    from fostering.placements.services import stability

    first = db.session.scalar(select(func.min(Placement.start_date)))
    assert first <= date(2022, 1, 1)  # about five years back
    ended = _count(Placement, Placement.end_date.is_not(None))
    assert _count(Placement, Placement.end_reason.is_not(None)) == ended
    reasons = set(
        db.session.scalars(select(Placement.end_reason).where(Placement.end_reason.is_not(None)))
    )
    assert {
        EndReason.PLANNED_MOVE.value,
        EndReason.DISRUPTION.value,
        EndReason.LEAVING_CARE.value,
        EndReason.RETURNED_HOME.value,
    } <= reasons
    assert _count(Placement, Placement.end_planned.is_(False)) > 10
    assert _count(Placement, Placement.school_changed.is_(True)) > 20
    figures = stability.figures(stability.Filter(on=TODAY))
    assert figures.three_or_more >= 1  # the exact count follows the random demo data
    assert len(figures.rows) >= 10  # children on their second move or more
    assert figures.school_changed > 0 and figures.unplanned_endings > 0
    assert 0 < figures.in_area < figures.current
