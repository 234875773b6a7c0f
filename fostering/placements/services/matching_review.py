"""Reviewing a finished run: accept or reject each proposal, and run again.

Accepting makes the placement through ``services.placements.make_placement`` (the
conditional update on the provider's ``occupied`` count is what stops two officers
filling the last place) and records the decision on the outcome with a conditional
update, so a proposal is decided once. Running again keeps accepted proposals as
``fixed`` pairs and rejected ones as ``forbidden``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from fostering.admin.services import needs as needs_service
from fostering.extensions import db
from fostering.models import (
    Agency,
    Child,
    ChildrensHome,
    FosterCarer,
    MatchingOutcome,
    MatchingRun,
    User,
)
from fostering.models.carer import CarerStatus, PlacementType
from fostering.models.child import Setting
from fostering.models.matching_run import Decision, RejectReason, RunStatus
from fostering.models.provider import AgencyKind
from fostering.models.types import utcnow
from fostering.payments.services import rates as payment_rates
from fostering.placements.services import matching_runs
from fostering.placements.services.errors import PlacementCode, PlacementsError
from fostering.placements.services.matching_instance import child_key, provider_key
from fostering.placements.services.placements import PlacementError, plan_placement
from fostering.placements.services.provider_kinds import kind_label
from fostering.recruitment.services.casework import office_today
from fostering.services import audit
from fostering.services.transactions import transaction, transactional
from matching import Reason


class ReviewError(PlacementsError):
    """A decision that cannot be made."""


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
        raise ReviewError(PlacementCode.DECIDE_UNFINISHED_RUN)
    if not outcome.placed:
        raise ReviewError(PlacementCode.NO_PROPOSAL)
    if outcome.decision is not None:
        raise ReviewError(PlacementCode.ALREADY_DECIDED)


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
        raise ReviewError(PlacementCode.ALREADY_DECIDED)


def start_date_for(date_needed: date | None, today: date) -> date:
    """The child's date needed, or today when that has passed or is not known."""
    return date_needed if date_needed is not None and date_needed > today else today


def accept(outcome: MatchingOutcome, *, actor: User | None) -> None:
    """Plan the proposed placement (the place is held; it starts once the agreement is
    recorded), or raise ``ReviewError`` having changed nothing."""
    _pending(outcome)
    provider = _provider(outcome)
    if isinstance(provider, FosterCarer) and provider.status != CarerStatus.ACTIVE.value:
        # Put on hold, resigned or deregistered after the run proposed them.
        raise ReviewError(PlacementCode.CARER_NOT_ACTIVE, status=provider.status_enum.label.lower())
    child = outcome.child
    try:
        with transaction():
            _decide(outcome, Decision.ACCEPTED, actor)
            start = start_date_for(child.date_needed, office_today())
            plan_placement(
                child=child,
                provider=provider,
                start_date=start,
                weekly_cost_pence=payment_rates.carer_cost_for_child(
                    provider, child.date_of_birth, start
                )
                if isinstance(provider, FosterCarer)
                else provider.weekly_cost_pence,
                actor=actor,
                matching_outcome_id=outcome.id,
            )
            audit.record(actor, "matching_proposal_accepted", outcome)
    except PlacementError as error:  # no vacancy left, or the child placed meanwhile
        raise ReviewError(error.code, field=error.field, **error.params) from None
    db.session.refresh(outcome)


def reject(
    outcome: MatchingOutcome, *, actor: User | None, reason: RejectReason | None = None
) -> None:
    """Reject the proposal for ``reason``; running again will never propose the same
    pair."""
    if reason is None:
        raise ReviewError(PlacementCode.REJECT_REASON_MISSING, field="reason")
    _pending(outcome)
    with transaction():
        _decide(outcome, Decision.REJECTED, actor)
        outcome.reject_reason = reason.value
        audit.record(actor, "matching_proposal_rejected", outcome)
    db.session.refresh(outcome)


@dataclass(frozen=True)
class RunReview:
    """A finished run's outcomes, and those the review page shows with its filter."""

    outcomes: list[MatchingOutcome]
    proposals: list[MatchingOutcome]
    unplaced: list[MatchingOutcome]


@transactional
def view_run(actor: User | None, run: MatchingRun, chosen: ReviewFilter) -> RunReview:
    """Read a finished run's review for ``actor``. The page shows children's names and
    proposals, so it is a view of each child's record shown: audited."""
    outcomes = list(
        db.session.scalars(
            select(MatchingOutcome)
            .where(MatchingOutcome.run_id == run.id)
            .join(Child, Child.id == MatchingOutcome.child_id)
            .order_by(Child.family_name, Child.given_name, Child.id)
        )
    )
    proposals = filtered_proposals(outcomes, chosen)
    unplaced = [o for o in outcomes if not o.placed]
    for outcome in proposals + unplaced:
        audit.record(actor, "matching_outcome_viewed", outcome.child)
    return RunReview(outcomes, proposals, unplaced)


def _pair(outcome: MatchingOutcome) -> tuple[int, str]:
    for kind in ("carer", "home", "agency"):
        pk = getattr(outcome, f"{kind}_id")
        if pk is not None:
            return outcome.child_id, provider_key(kind, pk)
    raise ValueError("an unplaced outcome has no pair")


def run_again(run: MatchingRun, *, actor: User | None) -> MatchingRun:
    """A new run over the same children: accepted pairs fixed, rejected ones forbidden."""
    if run.status != RunStatus.COMPLETED.value:
        raise ReviewError(PlacementCode.AGAIN_UNFINISHED_RUN)
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


# --- The review page: counts, filters ---------------------------------------------


@dataclass(frozen=True)
class Summary:
    """How far the officer has got with a run's proposals."""

    proposals: int
    pending: int
    accepted: int
    rejected: int
    unplaced: int


def summary(outcomes: Sequence[MatchingOutcome]) -> Summary:
    proposals = [o for o in outcomes if o.placed]
    decisions = [o.decision for o in proposals]
    return Summary(
        proposals=len(proposals),
        pending=decisions.count(None),
        accepted=decisions.count(Decision.ACCEPTED.value),
        rejected=decisions.count(Decision.REJECTED.value),
        unplaced=len(outcomes) - len(proposals),
    )


@dataclass(frozen=True)
class SchoolEffect:
    """Children with a school recorded who keep it: with this run's proposals and with
    the baseline search's (the hand search that ignores schools)."""

    with_school: int
    kept: int
    baseline_kept: int | None


def school_effect(outcomes: Sequence[MatchingOutcome]) -> SchoolEffect:
    schooled = [
        o for o in outcomes if o.school_km is not None or o.baseline_school_move is not None
    ]
    baselines = [o.baseline_school_move for o in schooled]
    return SchoolEffect(
        with_school=len(schooled),
        kept=sum(1 for o in schooled if o.placed and o.school_move is False),
        baseline_kept=None
        if all(b is None for b in baselines)
        else sum(1 for b in baselines if b is False),
    )


DECISION_FILTERS = ("pending", "accepted", "rejected")
PROVIDER_FILTERS = ("in_house", "agency")


@dataclass(frozen=True)
class ReviewFilter:
    """Which proposals the review page shows; each is "" (any) or one of its values."""

    decision: str = ""
    provider: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ReviewFilter:
        decision = args.get("decision", "")
        provider = args.get("provider", "")
        return cls(
            decision=decision if decision in DECISION_FILTERS else "",
            provider=provider if provider in PROVIDER_FILTERS else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.decision or self.provider)

    def url_args(self) -> dict[str, str]:
        """The filter as query arguments, leaving out the ones not set."""
        return {k: v for k, v in (("decision", self.decision), ("provider", self.provider)) if v}

    def keeps(self, outcome: MatchingOutcome) -> bool:
        if self.decision and (outcome.decision or "pending") != self.decision:
            return False
        if self.provider == "in_house" and not outcome.in_house:
            return False
        return not (self.provider == "agency" and outcome.in_house)


def filtered_proposals(
    outcomes: Sequence[MatchingOutcome], chosen: ReviewFilter
) -> list[MatchingOutcome]:
    return [o for o in outcomes if o.placed and chosen.keeps(o)]


# --- Why: whole sentences built from the outcome's flags at render time --------------

_KM_SENTENCES = {
    "carer": _l("An in-house foster carer %(km)s km from the child's home."),
    "home": _l("A council children's home %(km)s km from the child's home."),
    AgencyKind.FOSTERING_AGENCY.value: _l(
        "An independent fostering agency %(km)s km from the child's home."
    ),
    AgencyKind.PRIVATE_HOME.value: _l("A private children's home %(km)s km from the child's home."),
    AgencyKind.OTHER.value: _l("An independent provider %(km)s km from the child's home."),
}


def provider_kind(outcome: MatchingOutcome) -> str:
    """The proposed provider's real kind, e.g. "Private children's home"."""
    return kind_label(outcome.provider)


def why_chosen(outcome: MatchingOutcome) -> list[str]:
    """Sentences saying why this provider was proposed."""
    if not outcome.placed:
        return []
    if outcome.carer_id:
        kind = "carer"
    elif outcome.home_id:
        kind = "home"
    else:
        kind = outcome.agency.kind if outcome.agency else AgencyKind.OTHER.value
    km = format_decimal(outcome.km or 0, format="#,##0.0")
    sentences = [str(_KM_SENTENCES.get(kind, _KM_SENTENCES["other"])) % {"km": km}]
    if outcome.school_move is False and outcome.school_km is not None:
        sentences.append(str(_l("The child can stay at the same school.")))
    elif outcome.school_move:
        sentences.append(str(_l("The child would need to change school.")))
    if outcome.welsh_match is True:
        sentences.append(str(_l("A Welsh-speaking placement for a Welsh-speaking child.")))
    elif outcome.welsh_match is False:
        sentences.append(
            str(_l("The child speaks Welsh but this placement is not Welsh-speaking."))
        )
    return sentences


# --- Why unplaced: whole sentences from the solver's structured reasons -------------
#
# The solver writes each unplaced child's reasons twice: English lines (``reasons``,
# kept on the outcome) and structured records (``why`` in the stored result JSON, see
# matching.Reason). Sentences are built from ``why`` only; a run stored before
# ``why`` existed shows the solver's English lines as they are.

# Rule number → sentence when it removed every provider left (no count to agree with).
_EVERY = {
    1: _l("None of the providers left offers the setting this child needs (%(setting)s)."),
    2: _l("None of the providers left takes a child aged %(age)s."),
    3: _l("None of the providers left takes a child of this sex."),
    4: _l("None of the providers left can meet all of this child's needs (%(needs)s)."),
    5: _l("None of the providers left offers this type of placement (%(placement_type)s)."),
    6: _l("None of the providers left is not-for-profit, and this run used only "
          "not-for-profit agencies."),
    7: _l("Every provider left has a resident this child must not live with."),
    8: _l("None of the providers left is within this run's maximum distance of %(km)s km "
          "from the child's home."),
    9: _l("Every provider left was rejected for this child in an earlier run."),
    11: _l("None of the providers left has any places."),
}  # fmt: skip


def _some(rule: int, n: int, v: dict[str, str]) -> str | None:
    """The sentence for a rule that removed ``n`` (some) of the providers left."""
    if rule == 1:
        return ngettext(
            "%(count)s of the %(left)s providers left does not offer the setting this child "
            "needs (%(setting)s).",
            "%(count)s of the %(left)s providers left do not offer the setting this child "
            "needs (%(setting)s).",
            n,
            **v,
        )
    if rule == 2:
        return ngettext(
            "%(count)s of the %(left)s providers left does not take a child aged %(age)s.",
            "%(count)s of the %(left)s providers left do not take a child aged %(age)s.",
            n,
            **v,
        )
    if rule == 3:
        return ngettext(
            "%(count)s of the %(left)s providers left does not take a child of this sex.",
            "%(count)s of the %(left)s providers left do not take a child of this sex.",
            n,
            **v,
        )
    if rule == 4:
        return ngettext(
            "%(count)s of the %(left)s providers left cannot meet all of this child's needs "
            "(%(needs)s).",
            "%(count)s of the %(left)s providers left cannot meet all of this child's needs "
            "(%(needs)s).",
            n,
            **v,
        )
    if rule == 5:
        return ngettext(
            "%(count)s of the %(left)s providers left does not offer this type of placement "
            "(%(placement_type)s).",
            "%(count)s of the %(left)s providers left do not offer this type of placement "
            "(%(placement_type)s).",
            n,
            **v,
        )
    if rule == 6:
        return ngettext(
            "%(count)s of the %(left)s providers left is run for profit, and this run used "
            "only not-for-profit agencies.",
            "%(count)s of the %(left)s providers left are run for profit, and this run used "
            "only not-for-profit agencies.",
            n,
            **v,
        )
    if rule == 7:
        return ngettext(
            "%(count)s of the %(left)s providers left has a resident this child must not "
            "live with.",
            "%(count)s of the %(left)s providers left have a resident this child must not "
            "live with.",
            n,
            **v,
        )
    if rule == 8:
        return ngettext(
            "%(count)s of the %(left)s providers left is further than this run's maximum "
            "distance of %(km)s km from the child's home.",
            "%(count)s of the %(left)s providers left are further than this run's maximum "
            "distance of %(km)s km from the child's home.",
            n,
            **v,
        )
    if rule == 9:
        return ngettext(
            "%(count)s of the %(left)s providers left was rejected for this child in an "
            "earlier run.",
            "%(count)s of the %(left)s providers left were rejected for this child in an "
            "earlier run.",
            n,
            **v,
        )
    if rule == 11:
        return ngettext(
            "%(count)s of the %(left)s providers left has no places.",
            "%(count)s of the %(left)s providers left have no places.",
            n,
            **v,
        )
    return None  # fmt: skip


_TAKEN = _l(
    "The providers with room were taken by children this child must not live with, "
    "or the search stopped before placing this child."
)
_AVOID = _l(
    "Every provider that could take this child already has a child placed there whom this "
    "child must not live with."
)
_NO_PROVIDERS = _l("There are no providers in the register to match this child with.")
_NO_LOCATION = _l(
    "The child's home postcode has no grid reference, so distances cannot be worked out."
)
_NOT_FOUND = _l("The search did not find a provider for this child.")


def _values(reason: Reason, locale: str) -> dict[str, str]:
    """What the rule tested, as the reader should see it (labels, need names, numbers)."""
    first = reason.values[0] if reason.values else "–"
    values = {"left": _number(reason.remaining or 0), "count": _number(reason.removed or 0)}
    if reason.rule == 1:
        values["setting"] = _label(Setting, first)
    elif reason.rule == 2:
        values["age"] = first
    elif reason.rule == 4:
        values["needs"] = ", ".join(needs_service.names(list(reason.values), locale)) or "–"
    elif reason.rule == 5:
        values["placement_type"] = _label(PlacementType, first)
    elif reason.rule == 8:
        try:
            values["km"] = format_decimal(float(first), format="#,##0.#")
        except ValueError:
            values["km"] = first
    return values


def _label(enum: type, value: str | None) -> str:
    try:
        return str(enum(value).label)
    except ValueError:
        return value or "–"


def _number(n: int) -> str:
    return format_decimal(n, format="#,##0")


def _sentence(reason: Reason, locale: str) -> str | None:
    if reason.kind == "rule" and reason.rule is not None:
        values = _values(reason, locale)
        if not reason.partial:
            every = _EVERY.get(reason.rule)
            return str(every) % values if every is not None else None
        return _some(reason.rule, reason.removed or 0, values)
    eligible = reason.remaining or 0
    size = reason.size or 0
    if reason.kind == "full":
        return ngettext(
            "%(eligible)s provider could take this child, and it was full.",
            "%(eligible)s providers could take this child, and all of them were full.",
            eligible, eligible=_number(eligible))  # fmt: skip
    if reason.kind == "group_full":
        return ngettext(
            "%(eligible)s provider could take all %(size)s brothers and sisters together, who "
            "must not be split, and it was full.",
            "%(eligible)s providers could take all %(size)s brothers and sisters together, who "
            "must not be split, and all of them were full.",
            eligible, size=_number(size), eligible=_number(eligible))  # fmt: skip
    if reason.kind == "siblings":
        return ngettext(
            "No provider can take all %(size)s brothers and sisters together, and they must not "
            "be split.",
            "No provider can take all %(size)s brothers and sisters together, and they must not "
            "be split.", size, size=_number(size))  # fmt: skip
    if reason.kind == "avoid":
        return str(_AVOID)
    if reason.kind == "taken":
        return str(_TAKEN)
    if reason.kind == "no_providers":
        return str(_NO_PROVIDERS)
    return None


def _why_by_child(run: MatchingRun | None) -> dict[str, list[Reason]]:
    """Each unplaced child's structured reasons from the run's stored result, read once
    per loaded run; children the result gives none for (older runs) are left out."""
    if run is None or not run.result_json:
        return {}
    cached = run.__dict__.get("_why_by_child")
    if cached is not None:
        return cached
    by_child: dict[str, list[Reason]] = {}
    try:
        unplaced = json.loads(run.result_json).get("unplaced", [])
    except (ValueError, AttributeError):
        unplaced = []
    for entry in unplaced:
        if isinstance(entry, dict) and isinstance(entry.get("why"), list):
            try:
                by_child[entry["child"]] = [Reason.from_dict(r) for r in entry["why"]]
            except (ValueError, KeyError):
                continue  # not ours to read: the English lines are shown instead
    run.__dict__["_why_by_child"] = by_child
    return by_child


def why_unplaced(outcome: MatchingOutcome) -> list[str]:
    """The solver's reasons for an unplaced child, as whole translated sentences. First
    the one that settles it (the rule that excluded every provider left, or that every
    provider that could take the child was full), then the rules that excluded some
    providers before it, in rule order. A run stored before the solver gave structured
    reasons shows its English lines as they are."""
    reasons = list(outcome.reasons or [])
    if "no_home_location" in reasons:  # the web app's own reason: not sent to the solver
        return [str(_NO_LOCATION)]
    why = None
    if outcome.child_id is not None:
        why = _why_by_child(outcome.run).get(child_key(outcome.child_id))
    if why is None:
        return reasons or [str(_NOT_FOUND)]
    locale = str(get_locale() or "en")
    sentences: list[str] = []
    for reason in sorted(why, key=lambda r: r.partial):
        sentence = _sentence(reason, locale)
        if sentence is not None and sentence not in sentences:
            sentences.append(sentence)
    return sentences or [str(_NOT_FOUND)]
