"""Bench: the commissioning dashboard and ledger export over 10 years of a large council.

    .venv/bin/python bench/commissioning.py [sqlite|postgresql|both] [PLACEMENTS]

Builds a fresh migrated database (SQLite in a temporary directory; PostgreSQL on a
throwaway server started the way the tests do), fills it with Core bulk inserts —
3,000 providers (1,000 in-house carer households, 30 council homes, 1,970 agencies and
private homes), 50,000 placements over ten years with 1 to 4 rates each — then times,
through the app's own test client as a signed-in commissioner:

- the dashboard with its default range (the last 24 months) and with all ten years,
- the ledger's first page, and
- an export of every placement as CSV and as XLSX.

Each page time is the median of 5 requests after one warm-up request.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = date.today()
FIRST = TODAY - timedelta(days=3653)
CHUNK = 10_000


def _insert(db, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start : start + CHUNK])


def fill(placements: int, seed: int = 1) -> dict:
    from fostering.extensions import db
    from fostering.models import (
        Agency,
        Child,
        ChildrensHome,
        FosterCarer,
        Placement,
        PlacementRate,
    )
    from fostering.models.placement import rate_records

    rng = random.Random(seed)
    las = [f"W06{n:06d}" for n in range(1, 23)]
    carers = [
        dict(
            id=i, reference=f"FC{i:06d}", household_name=f"Household {i}", postcode="CF10 1AA",
            easting=300_000 + rng.randrange(40_000), northing=170_000 + rng.randrange(40_000),
            local_authority="W06000015", approved_on=FIRST, places=3, min_age=0, max_age=17,
            sexes=[], placement_types=[], skills=[], welsh_speaking=False,
            weekly_allowance_pence=32_500, occupied=0, status="active", annual_review_due=TODAY,
        )
        for i in range(1, 1001)
    ]  # fmt: skip
    homes = [
        dict(
            id=i, reference=f"CH{i:05d}", name=f"Home {i}", beds=5, occupied=0, min_age=8,
            max_age=17, sexes=[], placement_types=[], skills=[], welsh_speaking=False,
            weekly_cost_pence=380_000, postcode="CF14 2AA", easting=320_000, northing=175_000,
            local_authority="W06000015", status="active",
        )
        for i in range(1, 31)
    ]  # fmt: skip
    kinds = ["ifa"] * 6 + ["private_home"] * 3 + ["other"]
    agencies = [
        dict(
            id=i, reference=f"AG{i:05d}", name=f"Agency {i}", kind=rng.choice(kinds),
            legal_form="cio" if rng.random() < 0.2 else "for_profit", places=None, occupied=0,
            min_age=0, max_age=17,
            sexes=[], placement_types=[], skills=[], welsh_speaking=False,
            weekly_cost_pence=95_000, postcode="NP20 1AA",
            easting=250_000 + rng.randrange(150_000), northing=150_000 + rng.randrange(150_000),
            local_authority=rng.choice(las), status="active",
        )
        for i in range(1, 1971)
    ]  # fmt: skip
    children_count = placements * 2 // 5
    children = [
        dict(
            id=i, reference=f"LAC{i:07d}", given_name="Child", family_name=f"Bench{i}",
            date_of_birth=FIRST - timedelta(days=rng.randrange(6000)), sex="F",
            setting="foster", placement_type="long_term", urgency="planned", needs=[],
            welsh_speaking=False, status="placed", home_postcode="CF10 1AA",
            home_easting=310_000, home_northing=180_000, home_local_authority="W06000015",
        )
        for i in range(1, children_count + 1)
    ]  # fmt: skip
    kind_of = {"ifa": "ifa", "private_home": "private_residential", "other": "other"}
    placement_rows, rate_rows = [], []
    rate_id = 0
    for pid in range(1, placements + 1):
        start = FIRST + timedelta(days=rng.randrange(3653))
        length = rng.randrange(14, 1100)
        end = start + timedelta(days=length)
        end_date = None if end >= TODAY else end
        pick = rng.random()
        row = dict(
            id=pid, child_id=rng.randrange(1, children_count + 1), carer_id=None, home_id=None,
            agency_id=None, start_date=start, end_date=end_date, not_for_profit=True,
            out_of_county=False, distance_km=rng.uniform(0, 40),
        )  # fmt: skip
        if pick < 0.55:
            row.update(carer_id=rng.randrange(1, 1001), provider_type="in_house_foster")
            cost = rng.randrange(25_000, 45_000)
        elif pick < 0.62:
            row.update(home_id=rng.randrange(1, 31), provider_type="council_home")
            cost = rng.randrange(300_000, 450_000)
        else:
            agency = agencies[rng.randrange(len(agencies))]
            row.update(
                agency_id=agency["id"],
                provider_type=kind_of[agency["kind"]],
                not_for_profit=agency["legal_form"] != "for_profit",
                out_of_county=agency["local_authority"] != "W06000015",
                distance_km=rng.uniform(5, 200),
            )
            cost = rng.randrange(80_000, 600_000)
        placement_rows.append(row)
        day, rates = start, []
        for _change in range(rng.randrange(1, 5)):
            rates.append((day, cost))
            day = day + timedelta(days=rng.randrange(90, 400))
            cost = cost * rng.randrange(100, 110) // 100
            if day > (end_date or TODAY):
                break
        for rate in rate_records(pid, rates, end_date):
            rate_id += 1
            rate_rows.append(rate | {"id": rate_id})
    started = time.perf_counter()
    for model, rows in (
        (FosterCarer, carers), (ChildrensHome, homes), (Agency, agencies), (Child, children),
        (Placement, placement_rows), (PlacementRate, rate_rows),
    ):  # fmt: skip
        _insert(db, model.__table__, rows)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        from sqlalchemy import text

        for table in ("foster_carers", "childrens_homes", "agencies", "children", "placements",
                      "placement_rates"):  # fmt: skip
            db.session.execute(
                text(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
            )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        from sqlalchemy import text

        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {
        "providers": len(carers) + len(homes) + len(agencies),
        "placements": len(placement_rows),
        "rates": len(rate_rows),
        "children": children_count,
        "insert_s": time.perf_counter() - started,
    }


def timed(client, url: str, repeat: int = 5) -> tuple[float, float, int]:
    """Median wall and CPU seconds of this process (the app; with PostgreSQL the
    server's own CPU is not in it), and the response's size."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    return statistics.median(times), statistics.median(cpu), len(response.data)


def run(url: str, placements: int, label: str) -> None:
    from flask_migrate import upgrade

    from fostering import create_app
    from fostering.extensions import db
    from fostering.models import Role
    from tests.conftest import sign_in
    from tests.factories import create_user

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        sizes = fill(placements)
        print(
            f"[{label}] {sizes['providers']:,} providers, {sizes['placements']:,} placements, "
            f"{sizes['rates']:,} rates, {sizes['children']:,} children "
            f"(inserted in {sizes['insert_s']:.1f}s)"
        )
        client = app.test_client()
        sign_in(client, create_user(role=Role.COMMISSIONER))
        everything = f"from={FIRST.isoformat()}&to={TODAY.isoformat()}"
        for name, path, repeat in (
            ("dashboard, last 24 months", "/commissioning/", 5),
            ("dashboard, all 10 years", f"/commissioning/?{everything}", 5),
            ("ledger, first page", f"/commissioning/ledger?{everything}", 5),
            ("export every placement, CSV", f"/commissioning/ledger.csv?{everything}", 1),
            ("export every placement, XLSX", f"/commissioning/ledger.xlsx?{everything}", 1),
        ):
            seconds, cpu, size = timed(client, path, repeat)
            print(
                f"[{label}] {name}: {seconds * 1000:,.0f} ms wall, {cpu * 1000:,.0f} ms CPU "
                f"({size / 1e6:.1f} MB), load average {os.getloadavg()[0]:.1f}"
            )
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    placements = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    if which in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            run(f"sqlite:///{tmp}/bench.sqlite", placements, "SQLite")
    if which in ("postgresql", "both"):
        from sqlalchemy import create_engine, text

        from tests.postgres_server import start_server

        server = start_server()
        try:
            engine = create_engine(server.url(), isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text("CREATE DATABASE bench"))
            engine.dispose()
            run(server.url("bench"), placements, "PostgreSQL")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
