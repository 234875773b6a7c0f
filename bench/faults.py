"""Faults while the service works, each with what the person sees and a check that
nothing half-written remains. Prints one line a fault.

    python bench/faults.py

On the whole service on 127.0.0.1 (``bench/stack.py``: gunicorn with two workers, an RQ
worker, PostgreSQL and Redis, all throwaway):

1. the RQ worker is killed (SIGKILL, work horse and all) during a matching run: the run
   page must end "failed", with no proposals stored;
2. the RQ worker is killed during an import: the import page must end "not imported",
   with no child from the file written;
3. PostgreSQL restarts while pages are being read: requests during the restart get the
   service's own error page, never a hang, and pages work again after it;
4. Redis stops: the public enquiry still goes through.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import ENQUIRY, PASSWORD, ROOT, running_service

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _post_form(session: requests.Session, base: str, path: str, data: dict, **kwargs):
    page = session.get(base + path, timeout=30)
    token = CSRF.search(page.text)
    return session.post(
        base + path,
        data={"csrf_token": token.group(1) if token else "", **data},
        allow_redirects=False,
        timeout=60,
        **kwargs,
    )


def _officer(base: str) -> requests.Session:
    session = requests.Session()
    _post_form(session, base, "/sign-in", {"email": "placement.officer@load.example",
                                            "password": PASSWORD})  # fmt: skip
    return session


def _wait_until(check, seconds: float, every: float = 1.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


# Children waiting and carers added to the demo council, so that a matching run lasts
# long enough (tens of seconds) to kill its worker in the middle of it.
EXTRA_WAITING, EXTRA_CARERS = 1_200, 2_500


def enlarge(stack) -> None:
    """Add waiting children and carers built as the demo council builds its own."""
    code = f"""
import random
from datetime import date, timedelta
from fostering import create_app
from fostering.demo import placements as demo
from fostering.extensions import db
from fostering.models import Child, FosterCarer
app = create_app()
with app.app_context():
    rng, today, places = random.Random(903), date.today(), demo.demo_places()
    taken = set(db.session.scalars(db.select(FosterCarer.reference)))
    demo.insert_providers(
        demo.carer_rows(rng, {EXTRA_CARERS}, places, today=today, taken=taken), [], []
    )
    rows = []
    for n in range({EXTRA_WAITING}):
        age = rng.randint(0, 17)
        rows.append(demo.child_row(
            rng, f"FAULT{{n:06d}}", today=today, age=age, sex=rng.choice("FM"),
            setting="foster", placement_type=rng.choice(["short_term", "long_term"]),
            status="awaiting", home=places.pick(rng, 0.9), urgency="planned",
            date_needed=today + timedelta(days=rng.randint(1, 60)),
        ))
    demo.insert_returning_ids(Child, rows)
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", code], env=stack.env, check=True, cwd=ROOT)


def worker_killed_during_a_run(stack) -> str:
    enlarge(stack)
    officer = _officer(stack.url)
    page = officer.get(stack.url + "/placements/runs/new", timeout=30).text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields["children"] = re.findall(r'name="children"[^>]*value="([^"]+)"', page)
    fields["time_limit_seconds"] = "60"
    started = officer.post(stack.url + "/placements/runs/new", data=fields,
                           allow_redirects=False, timeout=60)  # fmt: skip
    run_url = stack.url + started.headers["Location"]
    run_id = run_url.rsplit("/", 1)[1]
    # Kill the worker a few seconds into the run, while it solves.
    caught = _wait_until(lambda: stack_status(stack, run_id) == "running", 60, every=0.1)
    time.sleep(3)
    caught = caught and stack_status(stack, run_id) == "running"
    stack.kill_worker()
    if not caught:
        return f"matching run {run_id} finished before the worker could be killed: no test"
    failed = _wait_until(lambda: "failed" in officer.get(run_url, timeout=30).text.lower(), 60)
    stack.start_worker()
    proposals = stack.count(
        "select count(*) from matching_outcomes where run_id = :run", run=int(run_id)
    )
    status = stack_status(stack, run_id)
    return (
        f"worker killed during matching run {run_id}: page says failed: {failed}; "
        f"run status {status}; outcomes stored {proposals}"
    )


def stack_status(stack, run_id: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("select status from matching_runs where id = :id"), {"id": int(run_id)}
            ).scalar_one()
    finally:
        engine.dispose()


def worker_killed_during_an_import(stack) -> str:
    officer = _officer(stack.url)
    from datetime import date, timedelta

    from tests.imports.files import CHILD_HEADER, child_row, csv_bytes

    needed = (date.today() + timedelta(days=30)).isoformat()
    postcode = _one_postcode(stack)
    data = csv_bytes(
        CHILD_HEADER,
        [
            child_row(f"LOAD{n:06d}", **{"Date needed": needed, "Home postcode": postcode})
            for n in range(20_000)
        ],
    )
    before = stack.count("select count(*) from children")
    uploaded = _post_form(
        officer, stack.url, "/placements/imports", {"kind": "children"},
        files={"file": ("children.csv", io.BytesIO(data), "text/csv")},
    )  # fmt: skip
    found = re.search(r"/imports/(\d+)", uploaded.headers.get("Location", ""))
    if not found:
        return "the upload was refused: no test"
    batch_id = int(found.group(1))
    # A file this large is checked in the background first.
    _wait_until(lambda: _batch_status(stack, batch_id) != "checking", 300)
    confirm = _post_form(officer, stack.url, f"/placements/imports/{batch_id}/confirm", {})
    progress_url = stack.url + confirm.headers.get("Location", "")
    if not progress_url.endswith("/progress"):
        return f"import {batch_id} was refused ({_batch_status(stack, batch_id)}): no test"
    caught = _wait_until(lambda: _batch_status(stack, batch_id) == "running", 60, every=0.1)
    stack.kill_worker()
    if not caught:
        stack.start_worker()
        return f"import {batch_id} was not running when the worker was killed: no test"
    stack.start_worker()
    ended = _wait_until(
        lambda: (
            "not imported" in officer.get(progress_url, timeout=30).text
            or "has been imported" in officer.get(progress_url, timeout=30).text
        ),
        180,
    )
    after = stack.count("select count(*) from children")
    text = officer.get(progress_url, timeout=30).text
    shown = "not imported" if "not imported" in text else "imported" if ended else "still running"
    return (
        f"worker killed during an import of 20,000 children: page says {shown}; "
        f"batch {_batch_status(stack, batch_id)}; children written {after - before} "
        "(all or none)"
    )


def _one_postcode(stack) -> str:
    """A postcode the demo council's directory holds."""
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(text("select postcode from postcodes limit 1")).scalar_one()
    finally:
        engine.dispose()


def _batch_status(stack, batch_id: int) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(stack.env["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("select status, failure from import_batches where id = :id"),
                {"id": batch_id},
            ).one()
            return row.status if row.failure is None else f"{row.status} ({row.failure})"
    finally:
        engine.dispose()


def postgres_restarted_during_requests(stack) -> str:
    officer = _officer(stack.url)
    codes: list[int] = []
    pages: set[str] = set()
    stack.postgres_down()
    for _ in range(3):
        answer = officer.get(stack.url + "/placements/children", timeout=30)
        codes.append(answer.status_code)
        pages.add("own page" if "Sorry, the service is unavailable" in answer.text else "other")
    stack.postgres_up()
    recovered = _wait_until(
        lambda: officer.get(stack.url + "/placements/children", timeout=30).status_code == 200, 30
    )
    return (
        f"PostgreSQL down then restarted: answers while down {sorted(set(codes))} "
        f"({', '.join(sorted(pages))}: 503 with the service's own page expected); "
        f"pages work again after: {recovered}"
    )


def redis_stopped(stack) -> str:
    stack.redis.stop()
    public = requests.Session()
    before = stack.count("select count(*) from enquiries")
    for slug, data in ENQUIRY.items():
        _post_form(public, stack.url, f"/foster-with-us/enquiry/{slug}", data)
    sent = _post_form(public, stack.url, "/foster-with-us/enquiry/check-answers", {})
    written = stack.count("select count(*) from enquiries") - before
    return f"Redis stopped: the enquiry answered {sent.status_code}; enquiries written {written}"


def main() -> int:
    with running_service() as stack:
        for fault in (
            worker_killed_during_a_run,
            worker_killed_during_an_import,
            postgres_restarted_during_requests,
            redis_stopped,
        ):
            try:
                print(fault(stack), flush=True)
            except Exception as error:  # report and go on to the next fault
                print(f"{fault.__name__}: the bench itself failed: {error!r}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
