"""Every writer of rates keeps their stored spans right.

A placement's rates must tile its days: the first starts on the start date, each ends
the day before the next starts, the last ends on the end date (or is open while the
placement is), and the day and month numbers say the same as the dates. A rate from after
the placement ended has no days (it ends the day before it starts). The commissioning
sums read only the stored spans, so a writer that leaves them wrong changes the figures.
"""

from __future__ import annotations

import importlib.util
import random
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import IntegrityError

from fostering import imports
from fostering.extensions import db
from fostering.models import Placement, PlacementRate
from fostering.models.child import ChildStatus
from fostering.models.placement import day_number, month_number, rate_records, rate_spans
from fostering.placements.services import placements
from fostering.services.transactions import transaction
from tests.factories import (
    create_agency,
    create_carer,
    create_child,
    create_placement,
    load_demo_council,
)
from tests.imports.files import csv_bytes
from tests.postgres_locks import lock_waiters

DAY = timedelta(days=1)
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations" / "versions"


def untiled() -> list[str]:
    """What is wrong with any placement's stored rate spans (empty when all is right)."""
    db.session.expire_all()
    problems = []
    for placement in db.session.scalars(select(Placement)):
        rates = sorted(placement.rates, key=lambda rate: rate.effective_from)
        where = f"placement {placement.id}"
        if not rates or rates[0].effective_from != placement.start_date:
            problems.append(f"{where}: no rate from the start date")
            continue
        for rate, following in zip(rates, [*rates[1:], None], strict=True):
            start, to = rate.effective_from, rate.effective_to
            numbers = (rate.from_day, rate.to_day, rate.from_month, rate.to_month)
            expected = (
                day_number(start),
                None if to is None else day_number(to),
                month_number(start),
                None if to is None else month_number(to),
            )
            if numbers != expected:
                problems.append(f"{where}: rate {start} numbers {numbers} != {expected}")
            end = placement.end_date
            if end is not None and start > end:
                wanted = start - DAY  # never in force
            elif following is not None and (end is None or following.effective_from <= end):
                wanted = following.effective_from - DAY
            else:
                wanted = end
            if to != wanted:
                problems.append(f"{where}: rate {start} ends {to}, not {wanted}")
    return problems


def test_rate_spans_tile_and_skip_rates_after_the_end():
    starts = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    ends = [span["effective_to"] for span in rate_spans(starts, None)]
    assert ends == [date(2026, 1, 31), date(2026, 2, 28), None]
    ends = [span["effective_to"] for span in rate_spans(starts, date(2026, 2, 10))]
    assert ends == [date(2026, 1, 31), date(2026, 2, 10), date(2026, 2, 28)]
    span = rate_spans([date(2024, 2, 29)], date(2024, 3, 1))[0]
    assert (span["from_day"], span["to_day"]) == (19782, 19783)
    assert (span["from_month"], span["to_month"]) == (2024 * 12 + 1, 2024 * 12 + 2)


def test_placement_service_keeps_spans_through_changes_and_ending(app):
    carer = create_carer(places=3)
    placement = create_placement(provider=carer, start_date=date(2025, 1, 10))
    assert untiled() == []
    assert placement.rates[0].effective_to is None and placement.rates[0].to_day is None
    # A new rate at the end, then one slipped in between two others.
    for day in (date(2025, 6, 1), date(2025, 3, 15)):
        placements.change_rate(placement, effective_from=day, weekly_cost_pence=60_000, actor=None)
        db.session.commit()
        assert untiled() == []
    placements.change_rate(
        placement, effective_from=date(2025, 9, 1), weekly_cost_pence=65_000, actor=None
    )
    db.session.commit()
    # Ending before the last rate starts: that rate is kept but was never in force.
    placements.end_placement(
        placement, end_date=date(2025, 8, 20), actor=None, child_status=ChildStatus.CLOSED
    )
    db.session.commit()
    assert untiled() == []
    spans = [(r.effective_from, r.effective_to) for r in placement.rates]
    assert spans == [
        (date(2025, 1, 10), date(2025, 3, 14)),
        (date(2025, 3, 15), date(2025, 5, 31)),
        (date(2025, 6, 1), date(2025, 8, 20)),
        (date(2025, 9, 1), date(2025, 8, 31)),
    ]
    # A rate added after ending (within the placement's dates) still tiles.
    placements.change_rate(
        placement, effective_from=date(2025, 8, 1), weekly_cost_pence=70_000, actor=None
    )
    db.session.commit()
    assert untiled() == []


def test_factory_placements_ended_on_their_first_day_tile(app):
    create_placement(
        provider=create_carer(), start_date=date(2026, 1, 5), end_date=date(2026, 1, 5)
    )
    assert untiled() == []


def test_imports_write_spans(app):
    agency = create_agency(places=None)
    children = [create_child() for _ in range(3)]
    current = csv_bytes(
        ["child reference", "provider reference", "start date", "weekly cost"],
        [[children[0].reference, agency.reference, "2025-09-01", "500"]],
    )
    assert imports.import_file("current_placements", current, actor=None) == 1
    history = csv_bytes(
        [
            "placement reference", "child reference", "provider reference", "start date",
            "end date", "weekly cost", "rate from",
        ],
        [
            ["P1", children[1].reference, agency.reference, "2019-04-01", "2021-07-31", "950", ""],
            ["P1", "", "", "", "", "1100", "2021-04-01"],
            ["P1", "", "", "", "", "1000", "2020-04-01"],
            ["P2", children[2].reference, agency.reference, "2022-01-01", "2022-03-31", "990", ""],
        ],
    )  # fmt: skip
    assert imports.import_file("historical_placements", history, actor=None) == 4
    assert untiled() == []
    first = db.session.scalars(select(Placement).order_by(Placement.start_date)).first()
    assert [r.effective_to for r in first.rates] == [
        date(2020, 3, 31),
        date(2021, 3, 31),
        date(2021, 7, 31),
    ]


@pytest.mark.loaded(loader=load_demo_council)
def test_demo_council_rates_tile(app):
    assert untiled() == []


@pytest.mark.commits  # the bench fills the database on connections of its own
def test_bench_ledger_rates_tile(app):
    path = Path(__file__).resolve().parents[2] / "bench" / "commissioning.py"
    spec = importlib.util.spec_from_file_location("bench_commissioning", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.fill(300)
    assert untiled() == []


def test_a_checker_finds_a_writer_that_forgets_the_end(app):
    """The check above is not vacuous: rates written without ``rate_records`` are caught."""
    placement = create_placement(provider=create_carer(), start_date=date(2026, 1, 5))
    rows = rate_records(placement.id, [(date(2026, 3, 1), 60_000)], None)
    db.session.execute(insert(PlacementRate), rows)  # the earlier rate still open
    db.session.commit()
    assert untiled() == [
        f"placement {placement.id}: rate 2026-01-05 ends None, not 2026-02-28",
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"effective_to": None},  # open as a date but not as a day number
        {"to_day": None, "to_month": None},
        {"to_day": 10, "effective_to": date(1970, 1, 11), "to_month": 23640},  # ends too early
    ],
)
def test_the_database_refuses_a_misshapen_span(app, change):
    placement = create_placement(
        provider=create_carer(), start_date=date(2026, 1, 5), end_date=date(2026, 2, 1)
    )
    row = rate_records(placement.id, [(date(2026, 1, 20), 1)], date(2026, 2, 1))[0] | change
    with pytest.raises(IntegrityError):
        db.session.execute(insert(PlacementRate), [row])
        db.session.flush()
    db.session.rollback()


def test_random_histories_tile(app):
    """Many changes and endings in random order, as officers would make them."""
    rng = random.Random(6)
    agency = create_agency(places=None)
    for _ in range(12):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(400))
        placement = create_placement(provider=agency, start_date=start)
        days = rng.sample(range(1, 300), rng.randrange(0, 5))
        end_after = rng.choice([None, rng.randrange(0, 300)])
        for step, offset in enumerate(days):
            if end_after is not None and step == len(days) // 2:
                placements.end_placement(
                    placement,
                    end_date=start + timedelta(days=end_after),
                    actor=None,
                    child_status=ChildStatus.CLOSED,
                )
            day = start + timedelta(days=offset)
            if placement.end_date is not None and day > placement.end_date:
                continue
            placements.change_rate(
                placement, effective_from=day, weekly_cost_pence=rng.randrange(9_999), actor=None
            )
        db.session.commit()
    assert untiled() == []


def _change(app, placement_id: int, day: date, hold, results: list) -> None:
    """Add a rate; with ``hold``, keep the transaction open until ``hold()`` returns."""
    with app.app_context():
        try:
            placement = db.session.get(Placement, placement_id)
            with transaction():
                placements.change_rate(
                    placement, effective_from=day, weekly_cost_pence=1, actor=None
                )
                if hold is not None:
                    results.append(("other waited", hold()))
            results.append((day, "added"))
        finally:
            db.session.remove()


@pytest.mark.postgresql_only  # concurrent writers: SQLite serialises them
@pytest.mark.commits
def test_two_officers_changing_one_placement_at_once_leave_it_tiled(app):
    """The second change waits for the first and then sees its rate (the placement's row
    is locked), so neither leaves a span describing rates it did not see."""
    placement = create_placement(provider=create_agency(places=None), start_date=date(2025, 1, 1))
    first_added = threading.Event()

    def other_waits() -> bool:
        first_added.set()
        return lock_waiters(db.engine) > 0

    def second() -> None:
        first_added.wait(20)
        _change(app, placement.id, date(2025, 3, 1), None, results)

    results: list = []
    threads = [
        threading.Thread(target=_change, args=(app, placement.id, date(2025, 6, 1), other_waits,
                                                results)),
        threading.Thread(target=second),
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert ("other waited", True) in results
    assert {(date(2025, 6, 1), "added"), (date(2025, 3, 1), "added")} <= set(results)
    assert untiled() == []


@pytest.mark.commits  # runs a migration on db.engine's own connection
def test_the_migration_fills_spans_of_existing_rates(app):
    """The migration's own downgrade (the rates keep their dates and costs) and upgrade
    again: its backfill gives every rate the span the writers would. Only this migration
    runs, so later ones' downgrades do not matter here."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    path = next(MIGRATIONS.glob("746bd2df39d3_*.py"))
    spec = importlib.util.spec_from_file_location("rate_spans_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)

    agency = create_agency(places=None)
    ended = create_placement(
        provider=agency, start_date=date(2024, 2, 29), end_date=date(2025, 1, 31)
    )
    for day in (date(2024, 6, 1), date(2024, 12, 31)):
        placements.change_rate(ended, effective_from=day, weekly_cost_pence=2, actor=None)
    current = create_placement(provider=agency, start_date=date(2025, 3, 1))
    placements.change_rate(
        current, effective_from=date(2025, 4, 1), weekly_cost_pence=3, actor=None
    )
    db.session.commit()
    columns = (
        PlacementRate.id,
        PlacementRate.effective_to,
        PlacementRate.from_day,
        PlacementRate.to_day,
        PlacementRate.from_month,
        PlacementRate.to_month,
    )
    written = db.session.execute(select(*columns).order_by(PlacementRate.id)).all()
    db.session.remove()
    with (
        db.engine.begin() as connection,
        Operations.context(MigrationContext.configure(connection)),
    ):
        migration.downgrade()
        names = {column["name"] for column in inspect(connection).get_columns("placement_rates")}
        assert "effective_to" not in names and "to_day" not in names
        migration.upgrade()
    assert db.session.execute(select(*columns).order_by(PlacementRate.id)).all() == written
    assert untiled() == []
    assert [row.effective_to for row in written] == [
        date(2024, 5, 31), date(2024, 12, 30), date(2025, 1, 31), date(2025, 3, 31), None,
    ]  # fmt: skip
