"""The whole service on 127.0.0.1 for the load and fault benches: throwaway PostgreSQL and
Redis (the test suite's own starters), the demo council with load-test accounts,
gunicorn and an RQ worker, each of which a bench may stop, kill or restart."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load test password 2026"  # noqa: S105 - throwaway accounts on a throwaway database
APPLICANTS = 120
# A public enquiry's answers, page by page (the question pages' slugs).
ENQUIRY = {
    "name": {"first_name": "Load", "last_name": "Tester"},
    "contact": {"email": "load.tester@example.com", "phone": "07700 900123"},
    "postcode": {"postcode": "CF10 1AA"},
    "household": {"household": "Me", "adults_at_home": "1", "children_at_home": "0"},
    "bedroom": {"spare_bedroom": "yes"},
    "interests": {"interests": ["short_term"]},
    "heard-from": {"heard_from": "website"},
    "consent": {"consent_to_contact": "y"},
}


def descendants(pid: int) -> list[int]:
    """The processes under ``pid``, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    env: dict[str, str]
    port: int
    postgres: object
    redis: object
    workers: int
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start_web(self) -> None:
        self.processes["web"] = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "wsgi:app"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port)

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "fostering", "worker"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    def kill_worker(self) -> None:
        """SIGKILL the worker and its work horse: what a crashed machine looks like.
        (RQ puts the horse in a process group of its own, so killing the worker's
        group alone would leave the horse working.)"""
        worker = self.processes.pop("worker")
        for pid in [worker.pid, *descendants(worker.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        worker.wait(timeout=30)

    def postgres_down(self) -> None:
        pg = self.postgres
        pg._run("pg_ctl", "-D", str(pg.data), "-m", "fast", "-w", "stop")

    def postgres_up(self) -> None:
        pg = self.postgres
        options = f"-p {pg.port} -k {pg.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(pg.base / "server.log")
        pg._run("pg_ctl", "-D", str(pg.data), "-o", options, "-l", log, "-w", "start")

    def count(self, sql: str, **params: object) -> int:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.env["DATABASE_URL"])
        try:
            with engine.connect() as connection:
                return int(connection.execute(text(sql), params).scalar_one())
        finally:
            engine.dispose()

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        self.redis.stop()
        self.postgres.stop()


def environment(database_url: str, redis_url: str, workers: int) -> dict[str, str]:
    return {
        **os.environ,
        "FOSTERING_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PUBLIC_BASE_URL": "https://fostering.load-test.example",
        "WEB_CONCURRENCY": str(workers),
        "RATELIMIT_ENABLED": "0",
        "STAFF_TWO_FACTOR": "0",
        "SESSION_COOKIE_SECURE": "0",
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": tempfile.mkdtemp(prefix="fostering-bench-mail-"),
        "MATCHING_HEARTBEAT_TIMEOUT": "10",
        # RQ's worker beats every 10 s while a job runs.
        "JOB_HEARTBEAT_TIMEOUT": "30",
    }


def prepare(env: dict[str, str]) -> None:
    """Migrate, load the demo council, then give its people load-test accounts: the
    production server refuses the demo's published password."""
    flask = [sys.executable, "-m", "flask", "--app", "fostering"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, cwd=ROOT, capture_output=True)
    code = f"""
from fostering import create_app
from fostering.extensions import db
from fostering.models import User
from fostering.auth.passwords import hash_password
from fostering import demo
app = create_app()
with app.app_context():
    demo.load(force=True)
    from tests.factories import create_application, create_enquiry
    hashed = hash_password({PASSWORD!r})
    for n in range({APPLICANTS}):
        enquiry = create_enquiry(email=f"applicant{{n}}@load.example", status="invited")
        create_application(enquiry=enquiry, password=None)
    for user in db.session.query(User):
        user.email = user.email.replace("@demo.example", "@load.example")
        user.password_hash = hashed
        user.must_change_password = False
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


@contextmanager
def running_service(workers: int = 2):
    from sqlalchemy import create_engine, text

    from tests.postgres_server import start_server as start_postgres
    from tests.redis_server import start_server as start_redis

    postgres, redis = start_postgres(), start_redis()
    admin = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE fostering_bench"))
    admin.dispose()
    env = environment(postgres.url("fostering_bench"), redis.url, workers)
    stack = Stack(env=env, port=free_port(), postgres=postgres, redis=redis, workers=workers)
    try:
        prepare(env)
        stack.start_web()
        stack.start_worker()
        yield stack
    finally:
        stack.stop()


def wait_for_port(port: int, deadline: float = 60.0) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")
