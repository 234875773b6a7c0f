"""Bench: build a matching instance for 1,500 waiting children and 4,000 carers.

    .venv/bin/python bench/instance_build.py [--repeat 5] [--no-postgres] [--profile]

Generates a large council straight into a fresh database migrated with the app's own
Alembic migrations (``flask db upgrade``, as the tests do): 4,000 in-house carer
households, 60 council homes and 40 independent providers, about half their places
filled by children placed there (the residents safeguarding rules look at), 1,500
children awaiting a placement (a tenth of them in sibling groups) and 150 safeguarding
exclusions. It does this on SQLite, then on a throwaway PostgreSQL server when one can be
started (``tests/postgres_server.py``), and times
``fostering.placements.services.matching_instance.build_instance`` over every waiting child: the
median of ``--repeat`` builds, each in a fresh session. Target: under 5 seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHILDREN = 1_500
CARERS = 4_000
HOMES = 60
AGENCIES = 40
EXCLUSIONS = 150
TARGET_SECONDS = 5.0
NEEDS = ("disability", "therapeutic", "autism", "complex_health", "challenging_behaviour")


def _generate(today: date) -> dict[str, int]:
    """Write the large council into the app's database; return what was made."""
    from sqlalchemy import insert, select

    from fostering.demo import placements as gen
    from fostering.extensions import db
    from fostering.models import FosterCarer, SafeguardingExclusion, SiblingGroup

    rng = random.Random(1500)
    places = gen.demo_places()
    taken = set(db.session.scalars(select(FosterCarer.reference)))
    carers = gen.carer_rows(rng, CARERS, places, today=today, taken=taken)
    homes = gen.home_rows(rng, HOMES, places, prefix="CH-B")
    agencies = gen.agency_rows(rng, AGENCIES, places, prefix="AG-B")
    for row in carers:
        if row["status"] == "active" and row["placement_types"] != ["respite"]:
            row["occupied"] = rng.randint(0, row["places"])
    for row in homes:
        row["occupied"] = rng.randint(row["beds"] - 2, row["beds"])
    for row in agencies:
        row["occupied"] = rng.randint(0, row["places"]) if row["places"] else rng.randint(0, 20)
    providers = gen.insert_providers(carers, homes, agencies)

    numbers = iter(range(1, 100_000))

    def next_reference() -> str:
        return f"BEN{next(numbers):06d}"

    ledger = gen.Ledger()
    group_count = CHILDREN // 25  # 60 groups of 2 or 3: about a tenth of the children
    group_ids = gen.insert_returning_ids(
        SiblingGroup,
        [{"reference": f"SG-B{i:04d}", "may_split": i % 2 == 0} for i in range(group_count)],
    )
    waiting = []
    group_of = [gid for gid in group_ids for _ in range(rng.choice((2, 3)))]
    for number in range(CHILDREN):
        group = group_of[number] if number < len(group_of) else None
        age = rng.randint(0, 17)
        setting = "residential" if age >= 8 and rng.random() < 0.15 else "foster"
        waiting.append(
            ledger.add_child(
                gen.child_row(
                    rng,
                    next_reference(),
                    today=today,
                    age=age,
                    sex=rng.choices("FMX", (49, 49, 2))[0],
                    setting=setting,
                    placement_type=rng.choice(("emergency", "short_term", "long_term")),
                    needs=rng.sample(NEEDS, k=rng.choice((0, 0, 1, 1, 2))),
                    status="awaiting",
                    home=places.pick(rng, 0.85),
                    school=places.pick(rng, 0.9) if age >= 4 else None,
                    welsh=rng.random() < 0.15,
                    urgency=rng.choice(("immediate", "urgent", "planned")),
                    sibling_group_id=group,
                )
            )
        )
    for provider in providers:
        gen.place_residents(
            rng,
            ledger,
            provider,
            provider.row["occupied"],
            places,
            today=today,
            next_reference=next_reference,
            social_worker_id=None,
        )
    residents = [p for provider in providers for p in provider.residents]
    child_ids = gen.insert_ledger(ledger, today)
    pairs = set()
    while len(pairs) < EXCLUSIONS:
        a = rng.choice(waiting)
        b = rng.choice(waiting if rng.random() < 0.4 else residents)
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    db.session.execute(
        insert(SafeguardingExclusion),
        [{"child_id": child_ids[a], "other_child_id": child_ids[b]} for a, b in pairs],
    )
    db.session.commit()
    return {
        "children waiting": CHILDREN,
        "children placed": len(residents),
        "carers": CARERS,
        "homes": HOMES,
        "agencies": AGENCIES,
        "placements": len(ledger.placements),
    }


def _bench(url: str, label: str, repeat: int, profile: bool) -> dict:
    from flask_migrate import upgrade

    from fostering import create_app
    from fostering.admin.services.matching_settings import get_settings, policy_from
    from fostering.extensions import db
    from fostering.placements.services.matching_instance import build_instance

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    today = date.today()
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        migrated = time.perf_counter() - started
        started = time.perf_counter()
        made = _generate(today)
        generated = time.perf_counter() - started
        policy = policy_from(get_settings())
        db.session.commit()
        times = []
        built = None
        for _ in range(repeat):
            db.session.remove()  # a fresh session each time, as a worker has
            started = time.perf_counter()
            built = build_instance(child_ids=None, policy=policy, run_date=today)
            times.append(time.perf_counter() - started)
        if profile:
            db.session.remove()
            profiler = cProfile.Profile()
            profiler.enable()
            build_instance(child_ids=None, policy=policy, run_date=today)
            profiler.disable()
            print(f"\n{label}: profile of one build (top 15 by cumulative time)")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
        started = time.perf_counter()
        text = json.dumps(built.instance)
        dumped = time.perf_counter() - started
        instance = built.instance
        db.session.remove()
        db.engine.dispose()
    return {
        "backend": label,
        "made": made,
        "migrate s": round(migrated, 1),
        "generate s": round(generated, 1),
        "build s": [round(t, 2) for t in times],
        "median s": round(statistics.median(times), 2),
        "json s": round(dumped, 2),
        "json MB": round(len(text) / 1e6, 1),
        "in instance": {
            key: len(instance[key]) for key in ("children", "carers", "homes", "agencies")
        },
    }


def _report(figures: dict) -> None:
    verdict = "met" if figures["median s"] < TARGET_SECONDS else "MISSED"
    print(f"\n{figures['backend']}")
    print("  made:        " + ", ".join(f"{v:,} {k}" for k, v in figures["made"].items()))
    print("  in instance: " + ", ".join(f"{v:,} {k}" for k, v in figures["in instance"].items()))
    print(f"  migrate {figures['migrate s']} s, generate {figures['generate s']} s")
    print(f"  build_instance: {figures['build s']} s")
    print(
        f"  median {figures['median s']} s (target < {TARGET_SECONDS:g} s: {verdict}); "
        f"json.dumps {figures['json s']} s, {figures['json MB']} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--profile", action="store_true", help="profile one more build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        _report(_bench(url, "SQLite", args.repeat, args.profile))
    if args.no_postgres:
        return
    from sqlalchemy import create_engine, text

    from tests.postgres_server import PostgresUnavailable, start_server

    try:
        server = start_server()
    except (PostgresUnavailable, OSError) as error:
        print(f"\nPostgreSQL: not measured ({error})")
        return
    try:
        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE bench"))
        admin.dispose()
        _report(_bench(server.url("bench"), "PostgreSQL", args.repeat, args.profile))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
