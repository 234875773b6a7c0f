"""Bench: a matching run over the demo council, from pressing the button to proposals.

    .venv/bin/python bench/matching_demo_run.py [--repeat 3]

Migrates a fresh SQLite database, loads the demo council (``flask demo load``: about 400
looked-after children, 40 of them waiting), then, as the placement officer, starts a run
over every child waiting with the council's defaults, exactly as the start form does
(``services.matching_runs.start_run``: build the instance, store it, enqueue the job on
the thread runner) and polls the run row until it has finished. Prints, per run: the
time ``start_run`` took (the request), the time until the run had finished (when the
progress page, polling every second, shows the proposals), and the solver's own time.
Target: proposals within 5 seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("FOSTERING_ENV", "test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from fostering import create_app, demo
    from fostering.admin.services.matching_settings import get_settings, policy_from
    from fostering.extensions import db
    from fostering.models import Child, MatchingRun, Role, User
    from fostering.placements.services import matching_runs

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade()
            demo.load(force=True)
            officer = db.session.scalars(
                db.select(User).where(User.role == Role.PLACEMENT_OFFICER.value)
            ).first()
            waiting = db.session.query(Child).filter_by(status="awaiting").count()
            print(f"demo council: {waiting} children waiting")
            totals = []
            for _ in range(args.repeat):
                settings = get_settings()
                started = time.perf_counter()
                run = matching_runs.start_run(
                    actor=officer,
                    child_ids=None,
                    policy=policy_from(settings),
                    time_limit_seconds=settings.time_limit_seconds,
                )
                request = time.perf_counter() - started
                run_id = run.id
                while True:
                    db.session.expire_all()
                    run = db.session.get(MatchingRun, run_id)
                    if run.finished:
                        break
                    db.session.rollback()
                    time.sleep(0.02)
                total = time.perf_counter() - started
                totals.append(total)
                solver = json.loads(run.result_json)["seconds"] if run.result_json else None
                print(
                    f"run {run.id}: {run.status} ({run.solver_status}), placed {run.placed} "
                    f"of {run.children_count}, in-house {run.in_house} (baseline "
                    f"{run.baseline_placed}, {run.baseline_in_house}); start_run {request:.2f} s,"
                    f" button to proposals {total:.2f} s, solver {solver} s"
                )
            totals.sort()
            median = totals[len(totals) // 2]
            met = "met" if median < TARGET_SECONDS else "not met"
            print(
                f"median button to proposals {median:.2f} s (target < {TARGET_SECONDS:g} s: {met})"
            )
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
