"""Placement officers' pages: matching runs (start, progress, review, decisions, downloads)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import BuildError

from fostering.access import roles
from fostering.admin.services.matching_settings import current_settings, policy_from
from fostering.extensions import db
from fostering.models import Child, MatchingOutcome, MatchingRun, Role
from fostering.models.child import ChildStatus
from fostering.models.child_profile import ContactFrequency
from fostering.models.matching_run import RejectReason
from fostering.models.types import utcnow
from fostering.placements import bp, runs_children
from fostering.placements.life_forms import RejectForm
from fostering.placements.runs_forms import ReviewFilterForm, StartRunForm
from fostering.placements.services import children as children_service
from fostering.placements.services import (
    matching_readiness,
    matching_review,
    matching_runs,
    stability,
)
from fostering.recruitment.services.casework import office_today
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

officers = roles(Role.PLACEMENT_OFFICER)


def _actor():
    return current_user._get_current_object()


def _run_or_404(run_id: int) -> MatchingRun:
    return db.session.get(MatchingRun, run_id) or abort(404)


@bp.get("/runs")
@officers
def runs():
    statement = select(MatchingRun).order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
    page = paginate(statement, per_page=20)
    for run in page.items:
        matching_runs.check_stale(run)
    return render_template("placements/runs/list.html", page=page)


def _awaiting_children() -> list[runs_children.Choice]:
    return runs_children.choices_from(
        db.session.execute(
            select(Child.id, Child.reference, Child.given_name, Child.family_name, Child.urgency)
            .where(Child.status == ChildStatus.AWAITING.value)
            .order_by(Child.family_name, Child.given_name, Child.id)
        )
    )


def _defaults(form: StartRunForm) -> None:
    settings = current_settings()
    for name in StartRunForm.WEIGHTS:
        form[f"weight_{name}"].data = getattr(settings, f"weight_{name}")
    form.max_km.data = settings.max_km
    form.not_for_profit_only.data = settings.not_for_profit_only
    form.time_limit_seconds.data = settings.time_limit_seconds


BLOCKED_SHOWN = 50  # each list on the start page shows this many, then a count


def _blocked_url(item: matching_readiness.Blocked) -> str | None:
    """Where the officer fixes the record of a child or provider a run cannot use."""
    if item.kind == "child":
        return url_for("placements.child", child_id=item.id)
    try:
        return url_for("placements.provider", kind=item.kind, provider_id=item.id)
    except BuildError:
        return None


@bp.route("/runs/new", methods=["GET", "POST"])
@officers
def new_run():
    children = _awaiting_children()
    form = StartRunForm()
    form.children.choices = [(c.id, f"{c.name} ({c.reference})") for c in children]
    find = request.form.get("find", "").strip()[: runs_children.FIND_LIMIT]
    action = request.form.get("action", "")
    if request.method == "GET":
        _defaults(form)
        form.children.data = [c.id for c in children]
    elif action:
        # Find, tick or untick: show the form again with what was typed, no errors.
        known = {c.id for c in children}
        selected = set(form.children.data or []) & known
        selected = runs_children.after_action(action, selected, children, find)
        form.children.data = [c.id for c in children if c.id in selected]
        form.children.errors = []
    elif form.validate_on_submit():
        policy = policy_from(current_settings(), **form.policy_overrides())
        try:
            run = matching_runs.start_run(
                actor=_actor(),
                child_ids=form.children.data,
                policy=policy,
                time_limit_seconds=round(form.time_limit_seconds.data),
            )
        except matching_runs.RunError as error:
            show_refusal(form, error)
        else:
            return redirect(url_for("placements.run", run_id=run.id))
    selected = set(form.children.data or [])
    groups = runs_children.grouped(children, find)
    shown = {c.id for group in groups for c in group.shown}
    return render_template(
        "placements/runs/new.html",
        readiness=matching_readiness.readiness(),
        blocked_url=_blocked_url,
        shown_limit=BLOCKED_SHOWN,
        form=form,
        children=children,
        find=find,
        groups=groups,
        selected=selected,
        hidden_selected=[c.id for c in children if c.id in selected and c.id not in shown],
        checkbox_items=runs_children.checkbox_items,
    )


def provider_url(outcome: MatchingOutcome) -> str | None:
    """The provider's page in the register (a carer's is the carer register's own)."""
    for kind, value in (
        ("carer", outcome.carer_id),
        ("home", outcome.home_id),
        ("agency", outcome.agency_id),
    ):
        if value is not None:
            try:
                return url_for("placements.provider", kind=kind, provider_id=value)
            except BuildError:
                if kind == "carer":
                    return url_for("assessment.carer", carer_id=value)
                return None
    return None


def child_url(outcome: MatchingOutcome) -> str | None:
    try:
        return url_for("placements.child", child_id=outcome.child_id)
    except BuildError:
        return None


@bp.get("/runs/<int:run_id>")
@officers
def run(run_id: int):
    record = matching_runs.check_stale(_run_or_404(run_id))
    if not record.finished:
        since = record.started_at or record.created_at
        return render_template(
            "placements/runs/progress.html",
            run=record,
            elapsed=max(0, int((utcnow() - since).total_seconds())),
        )
    chosen = matching_review.ReviewFilter.from_args(request.args)
    review = matching_review.view_run(_actor(), record, chosen)
    return render_template(
        "placements/runs/review.html",
        run=record,
        proposals=review.proposals,
        unplaced=review.unplaced,
        summary=matching_review.summary(review.outcomes),
        chosen=chosen,
        filter_form=ReviewFilterForm(request.args),
        totals=matching_review.totals(record),
        provider_kind=matching_review.provider_kind,
        error=matching_runs.error_sentence(record),
        why_chosen=matching_review.why_chosen,
        format_decimal=format_decimal,
        why_unplaced=matching_review.why_unplaced,
        provider_url=provider_url,
        child_url=child_url,
        profile_lines=children_service.profile_lines,
        current_legal_status=children_service.current_legal_status,
        frequencies=dict(ContactFrequency.choices()),
        form=ActionForm(),
        flagged=stability.flagged([o.child_id for o in review.outcomes], office_today()),
        moves=stability.moves_in_year([o.child_id for o in review.outcomes], office_today()),
        schools=matching_review.school_effect(review.outcomes),
        reject_label=lambda value: RejectReason(value).label,
    )


@bp.post("/runs/<int:run_id>/cancel")
@officers
def cancel_run(run_id: int):
    record = _run_or_404(run_id)
    if ActionForm().validate_on_submit():
        try:
            matching_runs.request_cancel(record, actor=_actor())
            flash(_("The run will stop shortly."), "success")
        except matching_runs.RunError as error:
            show_refusal(None, error)
    return redirect(url_for("placements.run", run_id=run_id))


def _outcome_or_404(run_id: int, outcome_id: int) -> MatchingOutcome:
    outcome = db.session.get(MatchingOutcome, outcome_id)
    if outcome is None or outcome.run_id != run_id:
        abort(404)
    return outcome


def _back_to_review(run_id: int, outcome_id: int):
    """The review page with the filter the officer was using (it rides on the form's URL)."""
    chosen = matching_review.ReviewFilter.from_args(request.args)
    return redirect(
        url_for(
            "placements.run", run_id=run_id, **chosen.url_args(), _anchor=f"outcome-{outcome_id}"
        )
    )


@bp.post("/runs/<int:run_id>/outcomes/<int:outcome_id>/accept")
@officers
def accept_proposal(run_id: int, outcome_id: int):
    outcome = _outcome_or_404(run_id, outcome_id)
    if ActionForm().validate_on_submit():
        try:
            matching_review.accept(outcome, actor=_actor())
            flash(
                _(
                    "The proposal has been accepted and the placement planned. Record the "
                    "placement agreement, then start it from the child's placement history."
                ),
                "success",
            )
        except matching_review.ReviewError as error:
            show_refusal(None, error)
    return _back_to_review(run_id, outcome_id)


@bp.route("/runs/<int:run_id>/outcomes/<int:outcome_id>/reject", methods=["GET", "POST"])
@officers
def reject_proposal(run_id: int, outcome_id: int):
    outcome = _outcome_or_404(run_id, outcome_id)
    form = RejectForm()
    if request.method == "GET":
        children_service.record_view(_actor(), outcome.child, detail="reject proposal")
    elif form.validate_on_submit():
        try:
            matching_review.reject(outcome, actor=_actor(), reason=RejectReason(form.reason.data))
            flash(_("The proposal has been rejected."), "success")
        except matching_review.ReviewError as error:
            show_refusal(form, error)
        else:
            return _back_to_review(run_id, outcome_id)
    chosen = matching_review.ReviewFilter.from_args(request.args)
    return render_template(
        "placements/runs/reject.html",
        form=form,
        outcome=outcome,
        run=outcome.run,
        back=url_for(
            "placements.run", run_id=run_id, **chosen.url_args(), _anchor=f"outcome-{outcome_id}"
        ),
        provider_kind=matching_review.provider_kind,
    )


@bp.post("/runs/<int:run_id>/again")
@officers
def run_again(run_id: int):
    record = _run_or_404(run_id)
    if ActionForm().validate_on_submit():
        try:
            new = matching_review.run_again(record, actor=_actor())
        except (matching_review.ReviewError, matching_runs.RunError) as error:
            show_refusal(None, error)
        else:
            return redirect(url_for("placements.run", run_id=new.id))
    return redirect(url_for("placements.run", run_id=run_id))


def _download(run: MatchingRun, body: str | None, name: str) -> Response:
    if body is None:
        abort(404)
    matching_runs.record_download(run, name, actor=_actor())
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="matching-run-{run.id}-{name}"'},
    )


@bp.get("/runs/<int:run_id>/instance.json")
@officers
def run_instance(run_id: int):
    record = _run_or_404(run_id)
    return _download(record, record.instance_json, "instance.json")


@bp.get("/runs/<int:run_id>/result.json")
@officers
def run_result(run_id: int):
    record = _run_or_404(run_id)
    return _download(record, record.result_json, "result.json")
