"""Current placements written in bulk: what make_placement would have written, places
counted exactly, and refused whole when a place or a child went since the dry run."""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import func, select

from fostering import imports
from fostering.extensions import db
from fostering.imports import kinds
from fostering.imports.ledger import CurrentPlacements
from fostering.imports.problems import sentence
from fostering.models import (
    Agency,
    AuditEvent,
    Child,
    ChildrensHome,
    FosterCarer,
    Placement,
    PlacementRate,
)
from tests.factories import create_agency, create_carer, create_child, create_home, create_placement
from tests.imports.files import csv_bytes

HEADER = ["child reference", "provider reference", "start date", "weekly cost"]


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def placements_file(pairs: list[tuple[Child, object]], cost: str = "500") -> bytes:
    return csv_bytes(HEADER, [[c.reference, p.reference, "2025-09-01", cost] for c, p in pairs])


def carer_in_county() -> FosterCarer:
    carer = create_carer(places=3)
    carer.easting, carer.northing, carer.local_authority = 320_000, 175_000, "W06000015"
    db.session.commit()
    return carer


def test_placements_carry_what_make_placement_denormalises(app):
    carer = carer_in_county()
    home = create_home(beds=2)
    charity = create_agency(kind="private_home", not_for_profit=True, places=None)
    ifa = create_agency(kind="ifa", places=4)
    children = [create_child() for _ in range(4)]
    far = create_child(home_grid=None)
    providers = [carer, home, charity, ifa]
    data = placements_file([*zip(children, providers, strict=True), (far, ifa)])
    assert imports.import_file("current_placements", data, actor=None) == 5
    found = {p.child_id: p for p in db.session.scalars(select(Placement))}
    by_child = {child.id: found[child.id] for child in children}
    fields = [
        (p.carer_id, p.home_id, p.agency_id, p.provider_type, p.not_for_profit, p.out_of_county)
        for p in by_child.values()
    ]
    assert fields == [
        (carer.id, None, None, "in_house_foster", True, False),
        (None, home.id, None, "council_home", True, False),
        (None, None, charity.id, "private_residential", True, True),
        (None, None, ifa.id, "ifa", False, True),
    ]
    # Children live at (318,200, 176,400); the carer and home at (320,000, 175,000), the
    # agencies at (331,000, 188,000).
    near, away = math.hypot(1_800, 1_400) / 1000, math.hypot(12_800, 11_600) / 1000
    distances = [p.distance_km for p in by_child.values()]
    assert distances == [pytest.approx(km) for km in (near, near, away, away)]
    assert found[far.id].distance_km is None
    assert all(p.start_date == date(2025, 9, 1) and p.end_date is None for p in found.values())
    rates = list(db.session.scalars(select(PlacementRate)))
    assert sorted(r.placement_id for r in rates) == sorted(p.id for p in found.values())
    assert {(r.effective_from, r.weekly_cost_pence) for r in rates} == {(date(2025, 9, 1), 50_000)}
    db.session.expire_all()
    assert {c.status for c in db.session.scalars(select(Child))} == {"placed"}


def test_occupied_counts_equal_current_placements_after_import(app):
    carers = [create_carer(places=3) for _ in range(3)]
    homes = [create_home(beds=5) for _ in range(2)]
    limited, unlimited = create_agency(places=6), create_agency(places=None)
    earlier = create_placement(provider=homes[0])  # one bed taken before the file
    pairs = []
    plan = [(carers[0], 3), (carers[1], 1), (homes[0], 4), (homes[1], 2), (limited, 6)]
    plan.append((unlimited, 7))  # carers[2] gets nobody: its count must stay 0
    for provider, number in plan:
        pairs += [(create_child(), provider) for _ in range(number)]
    imports.import_file("current_placements", placements_file(pairs), actor=None)
    db.session.expire_all()
    for model, column in (
        (FosterCarer, Placement.carer_id),
        (ChildrensHome, Placement.home_id),
        (Agency, Placement.agency_id),
    ):
        for provider in db.session.scalars(select(model)):
            current = count(Placement, column == provider.id, Placement.end_date.is_(None))
            assert provider.occupied == current, provider.reference
    assert db.session.get(ChildrensHome, homes[0].id).occupied == 5
    assert db.session.get(FosterCarer, carers[2].id).occupied == 0
    assert count(Placement) == 1 + sum(number for _, number in plan)
    assert earlier.id in set(db.session.scalars(select(Placement.id)))


def _meanwhile(monkeypatch, act) -> None:
    """Run ``act`` after the import's own check, just before it writes."""
    original = CurrentPlacements.check

    def check_then_act(self, table, problems, today):
        ready = original(self, table, problems, today)
        act()
        return ready

    monkeypatch.setattr(CurrentPlacements, "check", check_then_act)


def test_a_provider_filled_after_the_check_refuses_the_whole_import(app, monkeypatch):
    carer = create_carer(places=3)
    home = create_home(beds=2)
    others = [create_child() for _ in range(2)]
    first, second = create_child(), create_child()
    data = placements_file([(others[0], carer), (others[1], carer), (first, home), (second, home)])
    assert imports.check("current_placements", data).problems.count == 0
    _meanwhile(monkeypatch, lambda: create_placement(provider=home))
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file("current_placements", data, actor=None)
    found = [sentence(problem) for problem in refused.value.problems.sorted_items()]
    assert found == [
        f"Row 5, provider reference: {home.reference} has 2 places, and 1 are taken already: "
        "this file would place 2 more"
    ]
    db.session.expire_all()
    assert count(Placement) == 1 and count(PlacementRate) == 1  # only the one made meanwhile
    assert db.session.get(ChildrensHome, home.id).occupied == 1
    assert db.session.get(FosterCarer, carer.id).occupied == 0  # its update rolled back too
    assert {db.session.get(Child, c.id).status for c in [*others, first, second]} == {"awaiting"}
    assert count(AuditEvent, AuditEvent.action == "import_completed") == 0
    assert count(AuditEvent, AuditEvent.action == "placement_made") == 1


def test_a_child_placed_after_the_check_refuses_the_whole_import(app, monkeypatch):
    agency = create_agency(places=None)
    first, second = create_child(), create_child()
    data = placements_file([(first, agency), (second, agency)])
    _meanwhile(monkeypatch, lambda: create_placement(child=second, provider=create_home()))
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file("current_placements", data, actor=None)
    found = [sentence(problem) for problem in refused.value.problems.sorted_items()]
    assert found == [f"Row 3, child reference: {second.reference} already has a current placement"]
    db.session.expire_all()
    assert count(Placement) == 1 and db.session.get(Agency, agency.id).occupied == 0
    assert db.session.get(Child, first.id).status == "awaiting"


def test_audit_events_and_progress_come_in_bulk(app, monkeypatch):
    from tests.factories import create_user

    monkeypatch.setattr(kinds, "CHUNK", 10)
    officer = create_user()
    agency = create_agency(places=None)
    children = [create_child() for _ in range(25)]
    seen: list[tuple[int, int]] = []
    data = placements_file([(child, agency) for child in children])
    imports.import_file(
        "current_placements",
        data,
        actor=officer,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(10, 25), (20, 25), (25, 25)]
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == officer.id)))
    made = {e.object_id for e in events if e.action == "placement_made"}
    placed = {e.object_id for e in events if e.action == "child_placed"}
    assert made == {str(ident) for ident in db.session.scalars(select(Placement.id))}
    assert placed == {str(child.id) for child in children}
    assert {e.object_type for e in events if e.action == "child_placed"} == {"children"}
    assert sum(e.action == "import_completed" for e in events) == 1
    assert all(p.created_by_id == officer.id for p in db.session.scalars(select(Placement)))


def test_the_job_keeps_the_refusal_found_while_writing(app, monkeypatch):
    from fostering.imports import runner
    from fostering.models import ImportBatch, Role
    from fostering.models.import_batch import ImportStatus
    from tests.factories import create_user

    home = create_home(beds=1)
    data = placements_file([(create_child(), home)])
    batch = imports.check_upload(
        "current_placements", "p.csv", data, user=create_user(role=Role.PLACEMENT_OFFICER)
    )
    batch.status = ImportStatus.QUEUED
    db.session.commit()
    _meanwhile(monkeypatch, lambda: create_placement(provider=home))
    runner.run_batch(batch.id)
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch.id)
    assert batch.status == ImportStatus.FAILED and batch.failure == "problems_found"
    assert [p[:3] for p in batch.problems] == [[2, "provider reference", "over_capacity"]]
    assert count(Placement) == 1
