"""Reviewing a finished run: accept or reject each proposal, and run again.

Accepting makes the placement through ``services.placements.make_placement`` (the
conditional update on the provider's ``occupied`` count is what stops two officers
filling the last place) and records the decision on the outcome with a conditional
update, so a proposal is decided once. Running again keeps accepted proposals as
``fixed`` pairs and rejected ones as ``forbidden``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, MatchingOutcome, MatchingRun, User
from fostering.models.matching_run import Decision, RunStatus
from fostering.models.types import utcnow
from fostering.services import audit, matching_runs
from fostering.services.casework import CaseworkError, office_today
from fostering.services.matching_instance import provider_key
from fostering.services.placements import PlacementError, make_placement


class ReviewError(CaseworkError):
    """A decision that cannot be made; the message is a sentence for the officer."""


@dataclass(frozen=True)
class Totals:
    placed: int
    in_house: int
    weekly_cost_pence: int
    baseline_placed: int | None
    baseline_in_house: int | None
    baseline_weekly_cost_pence: int | None

    @property
    def weekly_saving_pence(self) -> int | None:
        if self.baseline_weekly_cost_pence is None:
            return None
        return self.baseline_weekly_cost_pence - self.weekly_cost_pence


def totals(run: MatchingRun) -> Totals:
    return Totals(
        placed=run.placed or 0,
        in_house=run.in_house or 0,
        weekly_cost_pence=run.weekly_cost_pence or 0,
        baseline_placed=run.baseline_placed,
        baseline_in_house=run.baseline_in_house,
        baseline_weekly_cost_pence=run.baseline_weekly_cost_pence,
    )


def _provider(outcome: MatchingOutcome) -> FosterCarer | ChildrensHome | Agency:
    if outcome.carer_id is not None:
        return db.session.get(FosterCarer, outcome.carer_id)
    if outcome.home_id is not None:
        return db.session.get(ChildrensHome, outcome.home_id)
    return db.session.get(Agency, outcome.agency_id)


def _pending(outcome: MatchingOutcome) -> None:
    if outcome.run.status != RunStatus.COMPLETED.value:
        raise ReviewError(_l("Only a finished run's proposals can be accepted or rejected."))
    if not outcome.placed:
        raise ReviewError(_l("This child has no proposal to accept or reject."))
    if outcome.decision is not None:
        raise ReviewError(_l("This proposal has already been decided."))


def _decide(outcome: MatchingOutcome, decision: Decision, actor: User | None) -> None:
    """Record the decision unless someone else got there first."""
    done = db.session.execute(
        update(MatchingOutcome)
        .where(MatchingOutcome.id == outcome.id, MatchingOutcome.decision.is_(None))
        .values(decision=decision.value, decided_by_id=actor.id if actor else None,
                decided_at=utcnow())
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if done.rowcount != 1:
        raise ReviewError(_l("This proposal has already been decided."))


def start_date_for(date_needed: date | None, today: date) -> date:
    """The child's date needed, or today when that has passed or is not known."""
    return date_needed if date_needed is not None and date_needed > today else today


def accept(outcome: MatchingOutcome, *, actor: User | None) -> None:
    """Make the proposed placement. Commits, or rolls back and raises ``ReviewError``."""
    _pending(outcome)
    provider = _provider(outcome)
    child = outcome.child
    try:
        _decide(outcome, Decision.ACCEPTED, actor)
        make_placement(
            child=child,
            provider=provider,
            start_date=start_date_for(child.date_needed, office_today()),
            weekly_cost_pence=provider.weekly_allowance_pence
            if isinstance(provider, FosterCarer)
            else provider.weekly_cost_pence,
            actor=actor,
            matching_outcome_id=outcome.id,
        )
        audit.record(actor, "matching_proposal_accepted", outcome)
        db.session.commit()
    except PlacementError as error:
        db.session.rollback()
        if "vacancy" in str(error):
            raise ReviewError(
                _l("This provider has no vacancy left: someone else has just filled it.")
            ) from None
        raise ReviewError(
            _l("This child is no longer waiting for a placement, so nothing was changed.")
        ) from None
    except ReviewError:
        db.session.rollback()
        raise
    db.session.refresh(outcome)


def reject(outcome: MatchingOutcome, *, actor: User | None) -> None:
    """Reject the proposal; running again will never propose the same pair. Commits."""
    _pending(outcome)
    try:
        _decide(outcome, Decision.REJECTED, actor)
    except ReviewError:
        db.session.rollback()
        raise
    audit.record(actor, "matching_proposal_rejected", outcome)
    db.session.commit()
    db.session.refresh(outcome)


def _pair(outcome: MatchingOutcome) -> tuple[int, str]:
    for kind in ("carer", "home", "agency"):
        pk = getattr(outcome, f"{kind}_id")
        if pk is not None:
            return outcome.child_id, provider_key(kind, pk)
    raise ValueError("an unplaced outcome has no pair")


def run_again(run: MatchingRun, *, actor: User | None) -> MatchingRun:
    """A new run over the same children: accepted pairs fixed, rejected ones forbidden."""
    if run.status != RunStatus.COMPLETED.value:
        raise ReviewError(_l("Only a finished run can be run again."))
    outcomes = db.session.scalars(
        select(MatchingOutcome).where(MatchingOutcome.run_id == run.id)
    ).all()
    fixed = [_pair(o) for o in outcomes if o.decision == Decision.ACCEPTED.value]
    forbidden = [_pair(o) for o in outcomes if o.decision == Decision.REJECTED.value]
    # Rejections in earlier runs of the chain stay forbidden too.
    forbidden += _earlier_rejections(run)
    return matching_runs.start_run(
        actor=actor,
        child_ids=[o.child_id for o in outcomes],
        policy=run.policy,
        time_limit_seconds=run.time_limit_seconds,
        previous_run=run,
        fixed=fixed,
        forbidden=sorted(set(forbidden)),
    )


def _earlier_rejections(run: MatchingRun) -> list[tuple[int, str]]:
    pairs: list[tuple[int, str]] = []
    seen = {run.id}
    previous = run.previous_run_id
    while previous is not None and previous not in seen:
        seen.add(previous)
        rows = db.session.scalars(
            select(MatchingOutcome).where(
                MatchingOutcome.run_id == previous,
                MatchingOutcome.decision == Decision.REJECTED.value,
            )
        )
        pairs += [_pair(o) for o in rows]
        previous = db.session.scalar(
            select(MatchingRun.previous_run_id).where(MatchingRun.id == previous)
        )
    return pairs


def pending_count(run: MatchingRun) -> int:
    return db.session.scalar(
        select(func.count(MatchingOutcome.id)).where(
            MatchingOutcome.run_id == run.id,
            MatchingOutcome.decision.is_(None),
            (MatchingOutcome.carer_id.is_not(None))
            | (MatchingOutcome.home_id.is_not(None))
            | (MatchingOutcome.agency_id.is_not(None)),
        )
    )


# --- Why: whole sentences built from the outcome's flags at render time --------------

_KIND_SENTENCES = {
    "carer": _l("An in-house foster carer %(km)s km from the child's home."),
    "home": _l("A council children's home %(km)s km from the child's home."),
    "agency": _l("An agency placement %(km)s km from the child's home."),
}
_RULE_SENTENCES = {
    "1": _l("Some providers offer a different setting from the care plan's."),
    "2": _l("Some providers do not take children of this age."),
    "3": _l("Some providers do not take children of this sex."),
    "4": _l("Some providers cannot meet this child's needs."),
    "5": _l("Some providers do not offer this type of placement."),
    "6": _l("Some agencies were left out because they are run for profit."),
    "7": _l("Some providers have a resident this child must not live with."),
    "8": _l("Some providers are further away than the maximum distance."),
    "9": _l("Some providers were rejected for this child in an earlier run."),
    "11": _l("Some providers have no places left."),
    "12": _l(
        "The providers with room were taken by children this child must not live with, "
        "or the search stopped before placing this child."
    ),
    "13": _l("No provider could take all the brothers and sisters together."),
}
_FULL = _l("Every provider that could take this child was full.")
_NO_LOCATION = _l(
    "The child's home postcode has no grid reference, so distances cannot be worked out."
)


def why_chosen(outcome: MatchingOutcome) -> list[str]:
    """Sentences saying why this provider was proposed."""
    if not outcome.placed:
        return []
    kind = "carer" if outcome.carer_id else "home" if outcome.home_id else "agency"
    km = format_decimal(outcome.km or 0, format="#,##0.0")
    sentences = [str(_KIND_SENTENCES[kind]) % {"km": km}]
    if outcome.school_move is False and outcome.school_km is not None:
        sentences.append(str(_l("The child can stay at the same school.")))
    elif outcome.school_move:
        sentences.append(str(_l("The child would need to change school.")))
    if outcome.welsh_match is True:
        sentences.append(str(_l("A Welsh-speaking household for a Welsh-speaking child.")))
    elif outcome.welsh_match is False:
        sentences.append(str(_l("The child speaks Welsh but this household does not.")))
    return sentences


def why_unplaced(outcome: MatchingOutcome) -> list[str]:
    """The solver's reasons for an unplaced child, as translated sentences."""
    sentences: list[str] = []
    for reason in outcome.reasons or []:
        if reason == "no_home_location":
            sentence = _NO_LOCATION
        elif "full" in reason:
            sentence = _FULL
        else:
            rule = re.search(r"rule (\d+)", reason)
            sentence = _RULE_SENTENCES.get(rule.group(1)) if rule else None
            if sentence is None:
                continue
        if str(sentence) not in sentences:
            sentences.append(str(sentence))
    return sentences or [str(_l("The search did not find a provider for this child."))]
