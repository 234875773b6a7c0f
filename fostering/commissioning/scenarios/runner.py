"""Saving scenarios, and running one as a background job with progress.

``start`` marks the scenario queued and, once that is committed, enqueues
``execute(scenario_id)`` on ``services.jobs`` (RQ with ``REDIS_URL``, else a thread). The
job builds both instances from the database as it is then, solves today's and the
scenario's with the same time limit (``SCENARIO_TIME_LIMIT`` seconds each), and writes
the comparison to the scenario row. A monitor thread writes a heartbeat and the progress
about once a second and watches for a cancel. Nothing but the scenario row is written:
placements, vacancies and providers are only read.

A scenario whose worker died is marked failed when next read (``check_stale``), as
matching runs are.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update

import matching
from fostering.commissioning.scenarios import changes as change_rules
from fostering.commissioning.scenarios import instance as scenario_instance
from fostering.commissioning.scenarios import summary
from fostering.commissioning.scenarios.errors import ScenarioCode, ScenarioError, ScenarioFailure
from fostering.extensions import db
from fostering.models import Scenario, User
from fostering.models.scenario import SCENARIO_UNFINISHED, ScenarioStatus
from fostering.models.types import utcnow
from fostering.recruitment.services.casework import office_today
from fostering.services import audit, job_monitor, jobs
from fostering.services.job_monitor import RowMonitor
from fostering.services.transactions import after_commit, transaction, transactional

log = logging.getLogger(__name__)

NAME_LIMIT = 120
MONITOR_INTERVAL = 1.0
DEFAULT_TIME_LIMIT = 20
STAGES = ("today", "scenario")


def time_limit() -> int:
    return int(current_app.config.get("SCENARIO_TIME_LIMIT", DEFAULT_TIME_LIMIT))


def _name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ScenarioError(ScenarioCode.NAME_MISSING, field="name")
    if len(name) > NAME_LIMIT:
        raise ScenarioError(ScenarioCode.NAME_TOO_LONG, field="name", most=NAME_LIMIT)
    return name


def _editable(scenario: Scenario) -> None:
    if scenario.status in SCENARIO_UNFINISHED:
        raise ScenarioError(ScenarioCode.UNFINISHED)


def _reset(scenario: Scenario) -> None:
    """A change makes the last result stale: back to "not run yet"."""
    scenario.status = ScenarioStatus.DRAFT.value
    scenario.result = None
    scenario.error = None
    scenario.started_at = scenario.finished_at = scenario.heartbeat_at = None
    scenario.progress_stage = None
    scenario.progress_placed = None


@transactional
def create(
    *, actor: User | None, name: str, include_placed: bool, changes: list | None = None
) -> Scenario:
    scenario = Scenario(
        name=_name(name), include_placed=bool(include_placed), changes=list(changes or []),
        created_by_id=actor.id if actor is not None else None,
    )  # fmt: skip
    db.session.add(scenario)
    db.session.flush()
    audit.record(actor, "scenario_created", scenario)
    return scenario


@transactional
def update_details(scenario: Scenario, *, actor: User | None, name: str, include_placed: bool):
    _editable(scenario)
    scenario.name = _name(name)
    if scenario.include_placed != bool(include_placed):
        scenario.include_placed = bool(include_placed)
        _reset(scenario)
    audit.record(actor, "scenario_changed", scenario, detail="details")


@transactional
def add_change(scenario: Scenario, change: dict[str, Any], *, actor: User | None) -> None:
    _editable(scenario)
    if len(scenario.changes) >= change_rules.MAX_CHANGES:
        raise ScenarioError(ScenarioCode.TOO_MANY_CHANGES, most=change_rules.MAX_CHANGES)
    scenario.changes = [*scenario.changes, change]
    _reset(scenario)
    audit.record(actor, "scenario_changed", scenario, detail=f"added {change['kind']}")


@transactional
def remove_change(scenario: Scenario, index: int, *, actor: User | None) -> None:
    _editable(scenario)
    if not 0 <= index < len(scenario.changes):
        raise ScenarioError(ScenarioCode.NO_SUCH_CHANGE)
    removed = scenario.changes[index]
    scenario.changes = [c for i, c in enumerate(scenario.changes) if i != index]
    _reset(scenario)
    audit.record(actor, "scenario_changed", scenario, detail=f"removed {removed['kind']}")


@transactional
def record_export(scenarios: list[Scenario], fmt: str, *, actor: User | None) -> None:
    for scenario in scenarios:
        audit.record(actor, "scenario_exported", scenario, detail=fmt)


# --- Running -------------------------------------------------------------------------


def start(scenario: Scenario, *, actor: User | None) -> Scenario:
    """Queue the scenario's run; the job is sent once that is committed."""
    _editable(scenario)
    if not scenario.changes:
        raise ScenarioError(ScenarioCode.NO_CHANGES)
    with transaction():
        _reset(scenario)
        scenario.status = ScenarioStatus.QUEUED.value
        scenario.cancel_requested = False
        scenario.time_limit_seconds = time_limit()
        scenario.children_count = None
        scenario.job_id = f"scenario-{scenario.id}-{int(utcnow().timestamp() * 1000)}"
        audit.record(actor, "scenario_run_started", scenario)
        scenario_id, job_id, seconds = scenario.id, scenario.job_id, scenario.time_limit_seconds
        after_commit(lambda: _enqueue(scenario_id, job_id, seconds))
    return scenario


def _enqueue(scenario_id: int, job_id: str, seconds: int) -> None:
    try:
        jobs.enqueue(
            "fostering.commissioning.scenarios.runner.execute",
            scenario_id,
            job_id=job_id,
            on_failure="fostering.commissioning.scenarios.runner.mark_crashed",
            timeout_seconds=seconds * 8 + 300,
        )
    except Exception as error:  # Redis down, for one
        jobs.log_failure("enqueue scenario", error)
        _set_failed(scenario_id, ScenarioFailure.QUEUE_UNAVAILABLE)


class _Monitor(RowMonitor):
    """Beside the solver: heartbeat, progress (stage and best placed), cancel."""

    model = Scenario
    name = "scenario-monitor"
    stage = STAGES[0]

    def interval(self) -> float:
        return MONITOR_INTERVAL

    def progress_values(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "progress_stage": self.stage,
            "progress_placed": latest.placed if latest is not None else None,
        }

    def next_stage(self, stage: str) -> None:
        self.stage, self.latest = stage, None
        self.beat()


def _claim(scenario_id: int) -> bool:
    now = utcnow()
    with transaction():
        claimed = db.session.execute(
            update(Scenario)
            .where(Scenario.id == scenario_id, Scenario.status == ScenarioStatus.QUEUED.value)
            .where(Scenario.cancel_requested.is_(False))
            .values(status=ScenarioStatus.RUNNING.value, started_at=now, heartbeat_at=now,
                    progress_stage=STAGES[0], run_date=office_today())
        )  # fmt: skip
    return claimed.rowcount == 1


def execute(scenario_id: int) -> None:
    """The background job: both solves, then the comparison. Plain id in."""
    if not _claim(scenario_id):
        return  # cancelled or failed before it started
    with transaction():  # a short one: none is held open while solving
        scenario = db.session.get(Scenario, scenario_id)
        changes, include_placed = list(scenario.changes), scenario.include_placed
        seconds, run_date = scenario.time_limit_seconds or time_limit(), scenario.run_date
        prepared = _prepare(scenario_id, changes, include_placed, run_date)
        if prepared is None:
            return
        scenario.children_count = len(prepared.today["children"]) + prepared.unlocated
    try:
        with _Monitor(scenario_id) as monitor:
            results = []
            for stage, instance in zip(STAGES, (prepared.today, prepared.scenario), strict=True):
                monitor.next_stage(stage)
                results.append(
                    matching.solve(
                        instance, time_limit=seconds, on_progress=monitor.on_progress,
                        should_stop=monitor.should_stop, with_baseline=False,
                    )
                )  # fmt: skip
                if monitor.should_stop():
                    break
    except (matching.InstanceError, matching.FixedPairError):
        _set_failed(scenario_id, ScenarioFailure.BAD_INSTANCE)
        return
    except Exception as error:
        jobs.log_failure(f"scenario {scenario_id}", error)
        _set_failed(scenario_id, ScenarioFailure.INTERNAL)
        return
    if monitor.should_stop():
        _cancel_if_requested(scenario_id)
        return
    try:
        result = summary.build(prepared, results[0], results[1], run_date.isoformat())
        _write_result(scenario_id, result)
    except Exception as error:  # rolled back: nothing of the result was written
        jobs.log_failure(f"scenario {scenario_id} result", error)
        _set_failed(scenario_id, ScenarioFailure.INTERNAL)


def _prepare(scenario_id, changes, include_placed, run_date):
    try:
        prepared = scenario_instance.prepare(changes, include_placed, run_date)
    except ScenarioError:  # an area's postcodes gone since the change was added
        _after(scenario_id, ScenarioFailure.BAD_INSTANCE)
        return None
    if not prepared.today["children"]:
        _after(scenario_id, ScenarioFailure.NO_CHILDREN)
        return None
    return prepared


def _after(scenario_id: int, failure: ScenarioFailure) -> None:
    """Fail the scenario once the enclosing transaction has ended."""
    after_commit(lambda: _set_failed(scenario_id, failure))


@transactional
def _write_result(scenario_id: int, result: dict[str, Any]) -> None:
    scenario = db.session.get(Scenario, scenario_id)
    if scenario.status != ScenarioStatus.RUNNING.value:
        return  # failed by a stale check or cancelled meanwhile
    scenario.result = result
    scenario.status = ScenarioStatus.COMPLETED.value
    scenario.progress_stage = None
    scenario.finished_at = utcnow()


def _cancel_if_requested(scenario_id: int) -> None:
    job_monitor.cancel_if_requested(Scenario, scenario_id)


def _set_failed(scenario_id: int, failure: ScenarioFailure) -> bool:
    """Mark an unfinished scenario failed; False if it had already finished."""
    return job_monitor.set_failed(Scenario, scenario_id, failure.value)


def mark_crashed(scenario_id: int) -> None:
    """RQ's failure callback (and the thread runner's): the worker died or raised."""
    if _set_failed(scenario_id, ScenarioFailure.WORKER_STOPPED):
        log.warning("scenario %s failed: its worker stopped", scenario_id)


def _heartbeat_timeout() -> int:
    return int(current_app.config.get("MATCHING_HEARTBEAT_TIMEOUT", 120))


def check_stale(scenario: Scenario) -> Scenario:
    """Mark ``scenario`` failed if its worker has died; returns it refreshed."""
    if scenario.status not in SCENARIO_UNFINISHED:
        return scenario
    limit = utcnow() - timedelta(seconds=_heartbeat_timeout())
    dead = False
    if scenario.status == ScenarioStatus.RUNNING.value:
        dead = scenario.heartbeat_at is None or scenario.heartbeat_at < limit
    state = jobs.job_state(scenario.job_id) if scenario.job_id else None
    if state in ("failed", "stopped", "canceled", "missing"):
        dead = True
    elif state is None and scenario.status == ScenarioStatus.QUEUED.value:
        dead = scenario.updated_at < limit  # a thread starts at once; this one never did
    if dead and _set_failed(scenario.id, ScenarioFailure.WORKER_STOPPED):
        log.warning("scenario %s failed: no heartbeat from its worker", scenario.id)
    db.session.refresh(scenario)
    return scenario


def request_cancel(scenario: Scenario, *, actor: User | None) -> None:
    """Ask the worker to stop; a scenario still waiting is cancelled at once."""
    if scenario.status not in SCENARIO_UNFINISHED:
        raise ScenarioError(ScenarioCode.NOT_RUNNING)
    with transaction():
        db.session.execute(
            update(Scenario).where(Scenario.id == scenario.id).values(cancel_requested=True)
        )
        db.session.execute(
            update(Scenario)
            .where(Scenario.id == scenario.id, Scenario.status == ScenarioStatus.QUEUED.value)
            .values(status=ScenarioStatus.CANCELLED.value, finished_at=utcnow())
        )
        audit.record(actor, "scenario_run_cancelled", scenario)
    db.session.refresh(scenario)
