"""Matching runs: start one, solve it as a background job, report progress, cancel it.

``start_run`` builds the instance from the database, stores it on a new run and enqueues
``execute_run(run_id)`` (``services.jobs``: RQ with ``REDIS_URL``, else a thread). The
job solves with ``matching.solve``; a monitor thread beside it writes the latest progress
and a heartbeat to the run row about once a second, in its own short transactions, and
reads ``cancel_requested`` for ``should_stop``. The result, totals and one
``MatchingOutcome`` per child are written in one transaction at the end.

A run whose worker died is marked failed when it is next read (``check_stale``): a
running run with a heartbeat older than ``MATCHING_HEARTBEAT_TIMEOUT`` seconds, or one
whose RQ job is failed or gone. RQ's failure callback marks it at once.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

import matching
from fostering.extensions import db
from fostering.models import Child, MatchingOutcome, MatchingRun, User
from fostering.models.matching_run import Decision, RunStatus
from fostering.models.types import utcnow
from fostering.placements.services.errors import (
    PlacementCode,
    PlacementsError,
    RunFailure,
    run_failure_sentence,
)
from fostering.placements.services.matching_instance import (
    BuiltInstance,
    build_instance,
    child_id,
    provider_ref,
)
from fostering.recruitment.services import terms_history
from fostering.recruitment.services.casework import office_today
from fostering.services import audit, job_monitor, jobs
from fostering.services.job_monitor import RowMonitor
from fostering.services.transactions import after_commit, transaction, transactional

log = logging.getLogger(__name__)

LEVELS = {1: "placed", 2: "in_house", 3: "cost"}
DEFAULT_HEARTBEAT_TIMEOUT = 120
MONITOR_INTERVAL = 1.0  # seconds between progress writes and cancel checks

UNFINISHED = (RunStatus.QUEUED.value, RunStatus.RUNNING.value)


class RunError(PlacementsError):
    """A run that cannot be started or changed."""


def error_sentence(run: MatchingRun) -> str | None:
    """Why ``run`` failed, as a sentence (None when it has not)."""
    return run_failure_sentence(run.error)


def _timeout() -> int:
    return int(current_app.config.get("MATCHING_HEARTBEAT_TIMEOUT", DEFAULT_HEARTBEAT_TIMEOUT))


# --- Starting ------------------------------------------------------------------------


def start_run(
    *,
    actor: User | None,
    child_ids: Sequence[int] | None,
    policy: dict[str, Any],
    time_limit_seconds: int,
    run_date: date | None = None,
    previous_run: MatchingRun | None = None,
    fixed: Iterable[tuple[int, str]] = (),
    forbidden: Iterable[tuple[int, str]] = (),
) -> MatchingRun:
    """Build the instance, store the run and, once it is committed, enqueue its job."""
    # The register's columns show today's terms; the instance reads the run date's.
    terms_history.bring_up_to_date()
    built = build_instance(
        child_ids=child_ids,
        policy=policy,
        run_date=run_date or office_today(),
        fixed=fixed,
        forbidden=forbidden,
    )
    if not built.instance["children"] and not built.unlocated:
        raise RunError(PlacementCode.NO_CHILDREN_CHOSEN, field="children")
    with transaction():
        run = MatchingRun(
            status=RunStatus.QUEUED.value,
            created_by_id=actor.id if actor is not None else None,
            previous_run_id=previous_run.id if previous_run is not None else None,
            time_limit_seconds=time_limit_seconds,
            policy=policy,
            instance_json=json.dumps(built.instance, separators=(",", ":")),
            children_count=len(built.instance["children"]) + len(built.unlocated),
        )
        db.session.add(run)
        db.session.flush()
        run.job_id = f"matching-run-{run.id}"
        _unlocated_outcomes(run, built)
        audit.record(actor, "matching_run_started", run)
        if not built.instance["children"]:
            _finish_without_solving(run, RunFailure.NO_CHILDREN)
        else:
            # The job reads the run, so it is sent only once the run is committed.
            run_id, job_id = run.id, run.job_id
            after_commit(lambda: _enqueue(run_id, job_id, time_limit_seconds))
    return run


def _enqueue(run_id: int, job_id: str, time_limit_seconds: int) -> None:
    try:
        jobs.enqueue(
            "fostering.placements.services.matching_runs.execute_run",
            run_id,
            job_id=job_id,
            on_failure="fostering.placements.services.matching_runs.mark_crashed",
            timeout_seconds=time_limit_seconds * 4 + 300,
        )
    except Exception as error:  # Redis down, for one
        jobs.log_failure("enqueue matching run", error)
        _set_failed(run_id, RunFailure.QUEUE_UNAVAILABLE)


def _unlocated_outcomes(run: MatchingRun, built: BuiltInstance) -> None:
    if not built.unlocated:
        return
    rows = db.session.execute(
        select(Child.id, Child.date_of_birth, Child.setting, Child.placement_type, Child.needs,
               Child.home_local_authority).where(Child.id.in_(built.unlocated))
    )  # fmt: skip
    today = office_today()
    for row in rows:
        db.session.add(
            MatchingOutcome(
                run_id=run.id, child_id=row.id, age=Child.age_on(row, today),
                setting=row.setting, placement_type=row.placement_type,
                needs=list(row.needs or []), area=row.home_local_authority,
                reasons=["no_home_location"],
            )
        )  # fmt: skip


def _finish_without_solving(run: MatchingRun, error: RunFailure) -> None:
    run.status = RunStatus.FAILED.value
    run.error = error.value
    run.finished_at = utcnow()


# --- The job -------------------------------------------------------------------------


class _Monitor(RowMonitor):
    """Beside the solver: writes progress and a heartbeat, and watches for a cancel."""

    model = MatchingRun
    name = "monitor"

    def interval(self) -> float:
        return MONITOR_INTERVAL

    def progress_values(self) -> dict[str, Any]:
        progress = self.latest
        if progress is None:
            return {}
        return {
            "progress_level": LEVELS.get(progress.level),
            "progress_placed": progress.placed,
            "progress_gap": progress.gap,
        }


def execute_run(run_id: int) -> None:
    """Solve run ``run_id`` (the background job). Plain id in, rows written out."""
    now = utcnow()
    with transaction():
        claimed = db.session.execute(
            update(MatchingRun)
            .where(MatchingRun.id == run_id, MatchingRun.status == RunStatus.QUEUED.value)
            .where(MatchingRun.cancel_requested.is_(False))
            .values(status=RunStatus.RUNNING.value, started_at=now, heartbeat_at=now)
        )
    if claimed.rowcount != 1:
        return  # cancelled or failed before it started
    with transaction():  # a short one for the read: none is held open while solving
        run = db.session.get(MatchingRun, run_id)
        instance = json.loads(run.instance_json)
        time_limit = run.time_limit_seconds
    try:
        with _Monitor(run_id) as monitor:
            result = matching.solve(
                instance,
                time_limit=time_limit,
                on_progress=monitor.on_progress,
                should_stop=monitor.should_stop,
            )
    except matching.FixedPairError:
        _set_failed(run_id, RunFailure.FIXED_PAIR)
        return
    except matching.InstanceError:
        _set_failed(run_id, RunFailure.BAD_INSTANCE)
        return
    except Exception as error:
        jobs.log_failure(f"matching run {run_id}", error)
        _set_failed(run_id, RunFailure.INTERNAL)
        return
    if monitor.should_stop():
        _cancel_if_requested(run_id)
        return
    try:
        _write_result(run_id, instance, result)
    except Exception as error:  # rolled back: nothing of the result was written
        jobs.log_failure(f"matching run {run_id} result", error)
        _set_failed(run_id, RunFailure.INTERNAL)


def _cancel_if_requested(run_id: int) -> None:
    job_monitor.cancel_if_requested(MatchingRun, run_id)


def _set_failed(run_id: int, error: RunFailure) -> bool:
    """Mark an unfinished run failed; False if it had already finished."""
    return job_monitor.set_failed(MatchingRun, run_id, error.value)


def mark_crashed(run_id: int) -> None:
    """RQ's failure callback (and the thread runner's): the worker died or raised."""
    if _set_failed(run_id, RunFailure.WORKER_STOPPED):
        log.warning("matching run %s failed: its worker stopped", run_id)


def _pence(pounds: float) -> int:
    return round(pounds * 100)


def _km(a: tuple[Any, Any], b: tuple[Any, Any]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1]) / 1000


def _baseline_by_child(instance: dict[str, Any]) -> dict[str, str]:
    """What the hand-search baseline gives each child (child key → provider key)."""
    problem = matching.build_problem(matching.load_instance(instance))
    children = problem.inst.children
    providers = problem.inst.providers
    return {children[c].id: providers[p].id for c, p in matching.baseline_assign(problem).items()}


def _school_move(child: dict[str, Any], provider: dict[str, Any], instance: dict) -> bool | None:
    """Whether placing ``child`` with ``provider`` moves the child's school (the spec's
    test: further than the policy's school radius), None when no school is recorded."""
    if "school_easting" not in child:
        return None
    radius = instance.get("policy", {}).get("school_radius_km", 15)
    school = (child["school_easting"], child["school_northing"])
    return _km(school, (provider["easting"], provider["northing"])) > radius


@transactional
def _write_result(run_id: int, instance: dict[str, Any], result: matching.Result) -> None:
    run = db.session.get(MatchingRun, run_id)
    if run.status != RunStatus.RUNNING.value:
        return  # failed by a stale check or cancelled meanwhile
    children = {c["id"]: c for c in instance["children"]}
    providers = {
        p["id"]: p for key in ("carers", "homes", "agencies") for p in instance.get(key, [])
    }
    areas = dict(
        db.session.execute(
            select(Child.id, Child.home_local_authority).where(
                Child.id.in_([child_id(k) for k in children])
            )
        ).all()
    )
    baseline = _baseline_by_child(instance)
    accepted = _accepted_before(run)
    assigned = {a.child: a for a in result.assignments}
    reasons = {u.child: list(u.reasons) for u in result.unplaced}
    weekly_total = 0
    for key, child in children.items():
        outcome = MatchingOutcome(
            run_id=run_id, child_id=child_id(key), age=child["age"], setting=child["setting"],
            placement_type=child["placement_type"], needs=child.get("needs", []),
            area=areas.get(child_id(key)), reasons=reasons.get(key, []),
        )  # fmt: skip
        base = baseline.get(key)
        if base is not None:
            outcome.baseline_in_house = base[0] != "A"  # agencies are never in-house
            outcome.baseline_weekly_cost_pence = _pence(providers[base]["weekly_cost"])
            outcome.baseline_school_move = _school_move(child, providers[base], instance)
        assignment = assigned.get(key)
        if assignment is not None:
            provider = providers[assignment.provider]
            kind, pk = provider_ref(assignment.provider)
            setattr(outcome, f"{kind}_id", pk)
            outcome.in_house = assignment.in_house
            outcome.weekly_cost_pence = _pence(provider["weekly_cost"])
            weekly_total += outcome.weekly_cost_pence
            outcome.arc = assignment.arc
            outcome.km = round(assignment.km, 2)
            outcome.school_move = assignment.school_move
            if "school_easting" in child:
                school = (child["school_easting"], child["school_northing"])
                where = (provider["easting"], provider["northing"])
                outcome.school_km = round(_km(school, where), 2)
            if child.get("welsh_speaking"):
                outcome.welsh_match = not assignment.welsh_mismatch
            earlier = accepted.get((child_id(key), assignment.provider))
            if earlier is not None:  # a fixed pair: accepted in the run before
                outcome.decision = Decision.ACCEPTED.value
                outcome.decided_by_id = earlier.decided_by_id
                outcome.decided_at = earlier.decided_at
                # Its saving was counted in the run where it was accepted; no baseline
                # here keeps "what matching saved" from counting it twice.
                outcome.baseline_in_house = None
                outcome.baseline_weekly_cost_pence = None
                outcome.baseline_school_move = None
        db.session.add(outcome)
    run.result_json = json.dumps(result.to_dict(), separators=(",", ":"))
    run.solver_status = result.status
    run.placed, run.in_house, run.cost, run.gap = (
        result.placed, result.in_house, result.cost, result.gap
    )  # fmt: skip
    run.weekly_cost_pence = weekly_total
    if result.baseline is not None:
        run.baseline_placed = result.baseline.placed
        run.baseline_in_house = result.baseline.in_house
        run.baseline_weekly_cost_pence = _pence(result.baseline.weekly_cost)
    run.progress_level = None
    run.status = RunStatus.COMPLETED.value
    run.finished_at = utcnow()


def _accepted_before(run: MatchingRun) -> dict[tuple[int, str], MatchingOutcome]:
    """The previous run's accepted proposals by (child id, provider key)."""
    if run.previous_run_id is None:
        return {}
    from fostering.placements.services.matching_instance import provider_key

    rows = db.session.scalars(
        select(MatchingOutcome).where(
            MatchingOutcome.run_id == run.previous_run_id,
            MatchingOutcome.decision == Decision.ACCEPTED.value,
        )
    )
    out = {}
    for outcome in rows:
        for kind in ("carer", "home", "agency"):
            pk = getattr(outcome, f"{kind}_id")
            if pk is not None:
                out[(outcome.child_id, provider_key(kind, pk))] = outcome
    return out


# --- Reading, cancelling -------------------------------------------------------------


def check_stale(run: MatchingRun) -> MatchingRun:
    """Mark ``run`` failed if its worker has died; returns it refreshed."""
    if run.status not in UNFINISHED:
        return run
    dead = False
    limit = utcnow() - timedelta(seconds=_timeout())
    if run.status == RunStatus.RUNNING.value:
        dead = run.heartbeat_at is None or run.heartbeat_at < limit
    state = jobs.job_state(run.job_id) if run.job_id else None
    if state in ("failed", "stopped", "canceled", "missing"):
        dead = True
    elif state is None and run.status == RunStatus.QUEUED.value:
        dead = run.created_at < limit  # a thread starts at once; this one never did
    if dead and _set_failed(run.id, RunFailure.WORKER_STOPPED):
        log.warning("matching run %s failed: no heartbeat from its worker", run.id)
    db.session.refresh(run)
    return run


@transactional
def record_download(run: MatchingRun, name: str, *, actor: User | None) -> None:
    """A run's instance or result leaves the service with children's ids: audited."""
    audit.record(actor, "matching_run_downloaded", run, detail=name)


def request_cancel(run: MatchingRun, *, actor: User | None) -> None:
    """Ask the worker to stop; a run still waiting is cancelled at once."""
    if run.status not in UNFINISHED:
        raise RunError(PlacementCode.RUN_FINISHED)
    with transaction():
        db.session.execute(
            update(MatchingRun).where(MatchingRun.id == run.id).values(cancel_requested=True)
        )
        db.session.execute(
            update(MatchingRun)
            .where(MatchingRun.id == run.id, MatchingRun.status == RunStatus.QUEUED.value)
            .values(status=RunStatus.CANCELLED.value, finished_at=utcnow())
        )
        audit.record(actor, "matching_run_cancelled", run)
    db.session.refresh(run)
