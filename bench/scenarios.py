"""Bench: a what-if scenario, from pressing "Run" to the comparison with today.

    .venv/bin/python bench/scenarios.py [--repeat 3] [--time-limit 20] [--only demo|large]

A scenario solves twice (today, then with its changes) in one background job, each solve
with ``SCENARIO_TIME_LIMIT`` seconds at most. Timed, on SQLite in a fresh migrated
database, through ``commissioning.scenarios.runner.start`` on the thread runner, polling
the scenario row until it has finished (what the progress page sees):

- the demo council (``flask demo load``): its two saved scenarios, "Five homes of five
  beds in Cardiff" (every child waiting, and the 120 or so placed out of county or with
  agencies) and "Recruit 20 carers for teenagers";
- a large council (``bench/instance_build.py``'s: 1,500 children waiting, 4,000 carer
  households, 60 homes, 40 independent providers, 2,700 children placed): the same two
  changes over the 1,500 children waiting.

Prints each run and the median per scenario, with the machine. Target: under a minute.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_SECONDS = 60.0


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )


def _time_one(scenario_id: int) -> tuple[float, dict | None, str]:
    from fostering.commissioning.scenarios import runner
    from fostering.extensions import db
    from fostering.models import Scenario

    scenario = db.session.get(Scenario, scenario_id)
    started = time.perf_counter()
    runner.start(scenario, actor=None)
    while True:
        db.session.expire_all()
        scenario = db.session.get(Scenario, scenario_id)
        if not scenario.unfinished:
            break
        db.session.rollback()
        time.sleep(0.05)
    return time.perf_counter() - started, scenario.result, scenario.status


def _report(label: str, name: str, times: list[float], result: dict | None) -> None:
    median = statistics.median(times)
    verdict = "met" if median < TARGET_SECONDS else "MISSED"
    runs = ", ".join(f"{t:.1f}" for t in times)
    print(f"{label} / {name}: {runs} s; median {median:.1f} s (target < 60 s: {verdict})")
    if result:
        today, changed = result["today"], result["scenario"]
        print(
            f"    {today['children']} children; placed {today['placed']} -> "
            f"{changed['placed']}, in-house {today['in_house']} -> {changed['in_house']}, "
            f"out of county {today['out_of_county']} -> {changed['out_of_county']}; "
            f"solves {today['seconds']} s ({today['status']}) + {changed['seconds']} s "
            f"({changed['status']}); {len(result['moves'])} would move"
        )


def _bench_demo(url: str, repeat: int, time_limit: int) -> None:
    from flask_migrate import upgrade

    from fostering import create_app, demo
    from fostering.extensions import db
    from fostering.models import Scenario

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SCENARIO_TIME_LIMIT": time_limit})  # fmt: skip
    with app.app_context():
        upgrade()
        demo.load(force=True)
        for scenario in db.session.query(Scenario).order_by(Scenario.id).all():
            timed = [_time_one(scenario.id) for _ in range(repeat)]
            _report("demo council", scenario.name, [t for t, _r, _s in timed], timed[-1][1])
        db.session.remove()
        db.engine.dispose()


def _bench_large(url: str, repeat: int, time_limit: int) -> None:
    from flask_migrate import upgrade

    from bench.instance_build import _generate
    from fostering import create_app
    from fostering.demo.scenarios import CARDIFF
    from fostering.extensions import db
    from fostering.services.postcodes import load_demo_postcodes

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "SCENARIO_TIME_LIMIT": time_limit})  # fmt: skip
    with app.app_context():
        upgrade()
        load_demo_postcodes()
        made = _generate(date.today())
        print("large council: " + ", ".join(f"{v:,} {k}" for k, v in made.items()))
        from fostering.commissioning.scenarios import changes, runner

        homes = changes.open_homes(
            count=5, beds=5, postcode=None, area=CARDIFF, min_age=8, max_age=17, skills=[],
            welsh_speaking=False, weekly_cost_pence=450_000, known_skills=set(),
        )  # fmt: skip
        carers = changes.recruit_carers(
            count=20, places=2, postcode=None, area=CARDIFF, min_age=11, max_age=17,
            welsh_speaking=False, weekly_cost_pence=45_000, known_skills=set(),
        )  # fmt: skip
        for name, change in (("Five homes of five beds", homes), ("Recruit 20 carers", carers)):
            scenario = runner.create(actor=None, name=name, include_placed=False,
                                     changes=[change])  # fmt: skip
            timed = [_time_one(scenario.id) for _ in range(repeat)]
            _report("large council", name, [t for t, _r, _s in timed], timed[-1][1])
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--time-limit", type=int, default=20, help="seconds per solve")
    parser.add_argument("--only", choices=("demo", "large"))
    args = parser.parse_args()
    print(f"machine: {machine()}; time limit {args.time_limit} s a solve")
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "demo"):
            _bench_demo(f"sqlite:///{Path(tmp) / 'demo.sqlite'}", args.repeat, args.time_limit)
        if args.only in (None, "large"):
            _bench_large(f"sqlite:///{Path(tmp) / 'large.sqlite'}", args.repeat, args.time_limit)
    print(f"machine after: {machine()}")


if __name__ == "__main__":
    main()
