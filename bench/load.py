"""Load on the whole service: gunicorn + PostgreSQL + Redis + an RQ worker on 127.0.0.1,
driven by Locust at 10, 50 and 100 users at once.

    pip install locust            # not a project dependency: only this bench needs it
    python bench/load.py [--users 10 50 100] [--seconds 30] [--workers 2]

The users are a mix of what the service does all day: the public sending enquiries
(every question page, then "Send enquiry"), applicants saving a section of their own
application, staff reading their lists, and placement officers starting a matching run
and watching its progress. For each level it prints requests per second, the 50th, 95th
and 99th percentile response times and the error rate; then it checks the database: as
many enquiries and section saves were written as there were successful sends and saves.

Everything runs on this machine and talks only to 127.0.0.1; the servers are throwaway
(the test suite's own PostgreSQL and Redis starters) and removed at the end. Rate limits
are off for the run: every request comes from one address, which the limits exist to
slow down.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import APPLICANTS, ENQUIRY, PASSWORD, running_service

SAVES = "select count(*) from audit_events where action = 'application_section_saved'"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _users(host: str):
    from locust import HttpUser, between, task

    counts = {"enquiries_sent": 0, "sections_saved": 0}

    def post_form(client, url: str, data: dict, name: str | None = None):
        page = client.get(url, name=name)
        token = _CSRF.search(page.text or "")
        return client.post(
            url,
            data={"csrf_token": token.group(1) if token else "", **data},
            allow_redirects=False,
            name=name,
        )

    def sign_in(client, email: str) -> None:
        post_form(client, "/sign-in", {"email": email, "password": PASSWORD})

    class Public(HttpUser):
        weight = 4
        wait_time = between(1, 3)

        @task
        def enquire(self) -> None:
            self.client.cookies.clear()
            for slug, data in ENQUIRY.items():
                post_form(self.client, f"/foster-with-us/enquiry/{slug}", data, "enquiry step")
            sent = post_form(self.client, "/foster-with-us/enquiry/check-answers", {})
            if sent.status_code == 302:
                counts["enquiries_sent"] += 1

    class Applicant(HttpUser):
        weight = 3
        wait_time = between(1, 3)
        number = 0

        def on_start(self) -> None:
            Applicant.number = (Applicant.number + 1) % APPLICANTS
            sign_in(self.client, f"applicant{Applicant.number}@load.example")

        @task
        def save_health(self) -> None:
            saved = post_form(
                self.client,
                "/apply/health",
                {
                    "has_health_conditions": "no",
                    "smokes": "no",
                    "gp_name": "Taff Surgery",
                    "completed": "no",
                },
            )
            if saved.status_code == 302:
                counts["sections_saved"] += 1

    class Staff(HttpUser):
        weight = 2
        wait_time = between(1, 3)

        def on_start(self) -> None:
            sign_in(self.client, "team.manager@load.example")

        @task(3)
        def lists(self) -> None:
            self.client.get("/fostering-team/applications", name="staff list")
            self.client.get("/fostering-team/enquiries", name="staff list")

        @task
        def dashboard(self) -> None:
            self.client.get("/fostering-team/", name="staff dashboard")

    class Officer(HttpUser):
        weight = 1
        fixed_count = 1
        wait_time = between(5, 10)

        def on_start(self) -> None:
            sign_in(self.client, "placement.officer@load.example")

        @task
        def matching_run(self) -> None:
            page = self.client.get("/placements/runs/new", name="run start page")
            names = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
            children = re.findall(r'name="children"[^>]*value="([^"]+)"', page.text)
            data = {**names, "children": children}
            started = self.client.post(
                "/placements/runs/new", data=data, allow_redirects=False, name="run start"
            )
            location = started.headers.get("Location", "")
            for _ in range(20):
                if not location:
                    break
                progress = self.client.get(location, name="run progress")
                if "Matching is running" not in progress.text:
                    break
                time.sleep(1)

    for user in (Public, Applicant, Staff, Officer):
        user.host = host
    return [Public, Applicant, Staff, Officer], counts


def run_level(stack, users: int, seconds: float) -> dict:
    import gevent
    from locust.env import Environment

    classes, counts = _users(stack.url)
    environment = Environment(user_classes=classes)
    runner = environment.create_local_runner()
    enquiries_before = stack.count("select count(*) from enquiries")
    saves_before = stack.count(SAVES)
    runner.start(users, spawn_rate=max(users / 5, 1))
    gevent.sleep(seconds)
    runner.quit()
    total = environment.stats.total
    return {
        "users": users,
        "requests": total.num_requests,
        "rps": total.num_requests / max(seconds, 1e-9),
        "p50": total.get_response_time_percentile(0.50),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "errors": total.num_failures / max(total.num_requests, 1),
        "enquiries_sent": counts["enquiries_sent"],
        "enquiries_written": stack.count("select count(*) from enquiries") - enquiries_before,
        "sections_saved": counts["sections_saved"],
        "sections_written": stack.count(SAVES) - saves_before,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with running_service(args.workers) as stack:
        print(
            f"# {platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; "
            f"gunicorn {args.workers} workers, 1 RQ worker, PostgreSQL, Redis; "
            f"{args.seconds:.0f} s a level"
        )
        print("users | requests | req/s | p50 ms | p95 ms | p99 ms | errors | enquiries sent "
              "/ written | sections saved / written")  # fmt: skip
        for users in args.users:
            row = run_level(stack, users, args.seconds)
            print(
                f"{row['users']} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.0f} | "
                f"{row['p95']:.0f} | {row['p99']:.0f} | {row['errors']:.2%} | "
                f"{row['enquiries_sent']} / {row['enquiries_written']} | "
                f"{row['sections_saved']} / {row['sections_written']}"
            )
            if (row["enquiries_sent"], row["sections_saved"]) != (
                row["enquiries_written"],
                row["sections_written"],
            ):
                print("  rows written differ from successful responses", file=sys.stderr)
    return 0


if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()
    raise SystemExit(main())
