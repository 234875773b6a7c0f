"""Children needing a placement: referrals, sibling groups and safeguarding exclusions.

Who may see a child: placement officers see every child; a social worker sees only the
children whose ``social_worker_id`` is theirs (a referral they make becomes theirs).
Every view of a child's page and every change is audited; audit details hold only ids and
codes, never names or free text.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, or_, select

from fostering.extensions import db
from fostering.models import Role, User
from fostering.models.child import (
    Child,
    ChildStatus,
    SafeguardingExclusion,
    SiblingGroup,
    Urgency,
)
from fostering.models.child_profile import (
    RISKS_TO_OTHERS,
    RISKS_TO_SELF,
    Alongside,
    Communication,
    ContactArrangement,
    ContactFrequency,
    Ethnicity,
    LearningNeeds,
    LegalStatus,
    LegalStatusPeriod,
    Pets,
    Religion,
)
from fostering.models.matching_run import MatchingOutcome, MatchingRun
from fostering.models.postcode import Postcode
from fostering.payments.services import rates as payment_rates
from fostering.placements.services.errors import PlacementCode, PlacementsError
from fostering.services import audit
from fostering.services.transactions import transactional

REFERENCE_PREFIX = "LAC"

# Why a referral is closed: codes kept in the audit detail, labels shown on pages.
CLOSE_REASONS = {
    "placed_elsewhere": _l("A placement was found outside this service"),
    "returned_home": _l("The child returned home or to family"),
    "left_care": _l("The child left care"),
    "withdrawn": _l("The referral was withdrawn"),
    "duplicate": _l("The referral was made twice by mistake"),
}


class ChildError(PlacementsError):
    """A rule refused the change to a child's record."""


# --- Who may see what ---------------------------------------------------------------


def sees_every_child(user: User) -> bool:
    return user.role == Role.PLACEMENT_OFFICER.value


def visible_children(user: User) -> Select:
    """The children ``user`` may see, as a statement to narrow further."""
    stmt = select(Child)
    if not sees_every_child(user):
        stmt = stmt.where(Child.social_worker_id == user.id)
    return stmt


def child_for(user: User, child_id: int) -> Child | None:
    """The child if ``user`` may see them, else None (the page answers 404)."""
    child = db.session.get(Child, child_id)
    if child is None or not (sees_every_child(user) or child.social_worker_id == user.id):
        return None
    return child


def find_by_reference(user: User, reference: str) -> Child | None:
    reference = (reference or "").strip().upper()
    if not reference:
        return None
    stmt = visible_children(user).where(func.upper(Child.reference) == reference)
    return db.session.scalar(stmt)


@transactional
def record_view(user: User, child: Child, detail: str | None = None) -> None:
    """A look at a child's record (their page, or a form that shows it): audited."""
    audit.record(user, "child_viewed", child, detail=detail)


# --- The list ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChildFilters:
    text: str = ""
    status: str = ChildStatus.AWAITING.value  # "" for any
    setting: str = ""
    urgency: str = ""
    placement_type: str = ""
    welsh: str = ""  # "yes", "no" or "" for either


_URGENCY_ORDER = {u.value: i for i, u in enumerate(Urgency)}


def search(user: User, filters: ChildFilters) -> Select:
    """Most urgent first, then by date needed (none last), then family name."""
    stmt = visible_children(user)
    text = filters.text.strip().lower()
    if text:
        like = f"%{text}%"
        full_name = func.lower(Child.given_name + " " + Child.family_name)
        stmt = stmt.where(
            or_(
                full_name.like(like),
                func.lower(Child.family_name).like(like),
                func.lower(Child.reference).like(like),
            )
        )
    for column, value in (
        (Child.status, filters.status),
        (Child.setting, filters.setting),
        (Child.urgency, filters.urgency),
        (Child.placement_type, filters.placement_type),
    ):
        if value:
            stmt = stmt.where(column == value)
    if filters.welsh in ("yes", "no"):
        stmt = stmt.where(Child.welsh_speaking.is_(filters.welsh == "yes"))
    rank = case(_URGENCY_ORDER, value=Child.urgency, else_=len(_URGENCY_ORDER))
    return stmt.order_by(
        rank,
        Child.date_needed.is_(None),
        Child.date_needed,
        Child.family_name,
        Child.id,
    )


# --- Referrals --------------------------------------------------------------------


@dataclass
class Profile:
    """The whole child beyond what matching needs (``models.child_profile``)."""

    ethnicity: str | None = None
    religion: str | None = None
    communication: list[str] = field(default_factory=list)
    other_languages: str | None = None
    interpreter_needed: bool = False
    health_needs: str | None = None
    learning_needs: str | None = None
    risks: list[str] = field(default_factory=list)
    risk_notes: str | None = None
    school_name: str | None = None
    keep_school: bool | None = None
    alongside: str | None = None
    pets: str | None = None
    smoke_free: bool = False

    def apply_to(self, child: Child) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            setattr(child, name, list(dict.fromkeys(value)) if isinstance(value, list) else value)


@dataclass
class Referral:
    """What the referral form collects; postcodes come with their directory rows."""

    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    setting: str
    placement_type: str
    urgency: str
    date_needed: date | None
    home: Postcode
    school: Postcode | None = None
    welsh_speaking: bool = False
    needs: list[str] = field(default_factory=list)
    reference: str = ""
    profile: Profile = field(default_factory=Profile)
    legal_status: str | None = None
    legal_status_from: date | None = None
    social_worker_id: int | None = None


def new_reference() -> str:
    """``LAC`` and eight digits, not used yet."""
    while True:
        reference = f"{REFERENCE_PREFIX}{secrets.randbelow(10**8):08d}"
        if db.session.scalar(select(Child.id).where(Child.reference == reference)) is None:
            return reference


def _reference_taken(reference: str, except_id: int | None) -> bool:
    stmt = select(Child.id).where(func.upper(Child.reference) == reference.upper())
    if except_id is not None:
        stmt = stmt.where(Child.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


def _apply(child: Child, referral: Referral) -> None:
    child.given_name = referral.given_name.strip()
    child.family_name = referral.family_name.strip()
    child.date_of_birth = referral.date_of_birth
    child.sex = referral.sex
    child.setting = referral.setting
    child.placement_type = referral.placement_type
    child.urgency = referral.urgency
    child.date_needed = referral.date_needed
    child.needs = list(dict.fromkeys(referral.needs))
    child.welsh_speaking = referral.welsh_speaking
    child.home_postcode = referral.home.postcode
    child.home_easting = referral.home.easting
    child.home_northing = referral.home.northing
    child.home_local_authority = referral.home.local_authority
    school = referral.school
    child.school_postcode = school.postcode if school else None
    child.school_easting = school.easting if school else None
    child.school_northing = school.northing if school else None
    referral.profile.apply_to(child)


def _check_date_needed(referral: Referral, child: Child | None) -> None:
    """A date needed in the past is refused (today is allowed); an older referral keeps
    the date it was saved with when it is changed for another reason."""
    needed = referral.date_needed
    if needed is None or needed >= date.today():
        return
    if child is not None and child.date_needed == needed:
        return
    raise ChildError(PlacementCode.DATE_NEEDED_PAST, field="date_needed")


def social_workers() -> list[User]:
    """Active social workers, by name: whom a placement officer may allocate a child to."""
    stmt = select(User).where(User.role == Role.SOCIAL_WORKER.value, User.active.is_(True))
    return list(db.session.scalars(stmt.order_by(User.name, User.id)))


def _allocate(user: User, child: Child, worker_id: int | None) -> None:
    if user.role == Role.SOCIAL_WORKER.value:
        return  # a social worker's referral stays theirs
    allowed = {w.id for w in social_workers()} | {child.social_worker_id}
    if worker_id is not None and worker_id not in allowed:
        raise ChildError(PlacementCode.NO_SUCH_SOCIAL_WORKER, field="social_worker")
    if child.social_worker_id != worker_id:
        child.social_worker_id = worker_id
        if child.id is not None:
            audit.record(user, "child_allocated", child, detail=f"worker={worker_id}")


def _check_reference(referral: Referral, except_id: int | None) -> str:
    reference = referral.reference.strip().upper()
    if reference and _reference_taken(reference, except_id):
        raise ChildError(PlacementCode.REFERENCE_TAKEN, field="reference")
    return reference


@transactional
def refer(user: User, referral: Referral) -> Child:
    """Record a child needing a placement. A social worker's referral is theirs."""
    reference = _check_reference(referral, None) or new_reference()
    _check_date_needed(referral, None)
    child = Child(reference=reference, status=ChildStatus.AWAITING.value, created_by_id=user.id)
    if user.role == Role.SOCIAL_WORKER.value:
        child.social_worker_id = user.id
    _allocate(user, child, referral.social_worker_id)
    _apply(child, referral)
    db.session.add(child)
    db.session.flush()
    audit.record(user, "child_referred", child)
    if referral.legal_status:
        record_legal_status(user, child, referral.legal_status, referral.legal_status_from)
    return child


@transactional
def update(user: User, child: Child, referral: Referral) -> None:
    reference = _check_reference(referral, child.id)
    _check_date_needed(referral, child)
    if reference:
        child.reference = reference
    _allocate(user, child, referral.social_worker_id)
    born = child.date_of_birth
    _apply(child, referral)
    if child.date_of_birth != born:  # a corrected birthday moves the age-band changes
        db.session.flush()
        payment_rates.reprice_child(child.id)
    audit.record(user, "child_updated", child)


@transactional
def close(user: User, child: Child, reason: str) -> None:
    if reason not in CLOSE_REASONS:
        raise ChildError(PlacementCode.CLOSE_REASON_MISSING, field="reason")
    if child.status == ChildStatus.CLOSED.value:
        raise ChildError(PlacementCode.REFERRAL_ALREADY_CLOSED, field="reason")
    if child.status == ChildStatus.PLACED.value:
        raise ChildError(PlacementCode.CLOSE_WHILE_PLACED, field="reason")
    if child.status == ChildStatus.PLANNED.value:
        raise ChildError(PlacementCode.CLOSE_WHILE_PLANNED, field="reason")
    child.status = ChildStatus.CLOSED.value
    audit.record(user, "child_closed", child, detail=f"reason={reason}")


@transactional
def reopen(user: User, child: Child) -> None:
    if child.status != ChildStatus.CLOSED.value:
        raise ChildError(PlacementCode.REOPEN_NOT_CLOSED, field="reason")
    child.status = ChildStatus.AWAITING.value
    audit.record(user, "child_reopened", child)


def close_reason(child: Child) -> str | None:
    """The label of the reason given when the referral was last closed."""
    from fostering.models import AuditEvent

    detail = db.session.scalar(
        select(AuditEvent.detail)
        .where(
            AuditEvent.action == "child_closed",
            AuditEvent.object_type == Child.__tablename__,
            AuditEvent.object_id == str(child.id),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    code = (detail or "").removeprefix("reason=")
    label = CLOSE_REASONS.get(code)
    return str(label) if label is not None else None


# --- Sibling groups ---------------------------------------------------------------


def _new_group_reference() -> str:
    while True:
        reference = f"SG{secrets.randbelow(10**8):08d}"
        if db.session.scalar(select(SiblingGroup.id).where(SiblingGroup.reference == reference)):
            continue
        return reference


FIND_LIMIT = 20


def find_others(user: User, child: Child, text: str) -> list[Child]:
    """Children ``user`` may see whose name or reference holds ``text``, ``child`` left
    out: the results a sibling or safeguarding search offers (at most ``FIND_LIMIT``)."""
    text = (text or "").strip()[:100]
    if not text:
        return []
    stmt = search(user, ChildFilters(text=text, status="")).where(Child.id != child.id)
    return list(db.session.scalars(stmt.limit(FIND_LIMIT)))


def _other_child(user: User, child: Child, other_id: int | None, field_name: str) -> Child:
    if other_id is None:
        raise ChildError(PlacementCode.OTHER_REFERENCE_MISSING, field=field_name)
    other = child_for(user, other_id)
    if other is None:
        raise ChildError(PlacementCode.NO_SUCH_CHILD, field=field_name)
    if other.id == child.id:
        raise ChildError(PlacementCode.OWN_REFERENCE, field=field_name)
    return other


def full_name(child: Child) -> str:
    return f"{child.given_name} {child.family_name}"


def kept_apart_pairs(child_ids: set[int]) -> list[tuple[int, int]]:
    """Safeguarding exclusions with both children among ``child_ids``."""
    if not child_ids:
        return []
    rows = db.session.execute(
        select(SafeguardingExclusion.child_id, SafeguardingExclusion.other_child_id).where(
            SafeguardingExclusion.child_id.in_(child_ids),
            SafeguardingExclusion.other_child_id.in_(child_ids),
        )
    )
    return [(a, b) for a, b in rows]


def kept_together(child_ids=None) -> dict[int, int]:
    """Child id → sibling group id, for children (of ``child_ids``, or all when None) in a
    group that must stay together (``may_split`` false). Imports use it to refuse what
    the service refuses."""
    stmt = (
        select(Child.id, Child.sibling_group_id)
        .join(SiblingGroup, SiblingGroup.id == Child.sibling_group_id)
        .where(SiblingGroup.may_split.is_(False))
    )
    if child_ids is not None:
        stmt = stmt.where(Child.id.in_(list(set(child_ids))))
    return {child_id: group_id for child_id, group_id in db.session.execute(stmt)}


def _refuse_apart_within(members: list[Child], code: PlacementCode, field_name: str) -> None:
    """A sibling group that must stay together cannot hold a "must not live with" rule
    between its members: matching would have to break one of them."""
    by_id = {member.id: member for member in members}
    pairs = kept_apart_pairs(set(by_id))
    if pairs:
        a, b = sorted(pairs)[0]
        raise ChildError(
            code, field=field_name, child=full_name(by_id[a]), other=full_name(by_id[b])
        )


def _group_changed(user: User, group: SiblingGroup, children: list[Child], what: str) -> None:
    for member in children:
        audit.record(user, "sibling_group_changed", member, detail=f"{what} group={group.id}")


@transactional
def link_sibling(
    user: User, child: Child, other_id: int | None, may_split: bool = False
) -> SiblingGroup:
    """Put ``child`` and the child ``other_id`` in one sibling group.

    When neither is in a group a new one is made (``may_split`` applies to it); when one
    is, the other joins it. Two different groups are not merged: that is refused.
    """
    other = _other_child(user, child, other_id, "child")
    if child.sibling_group_id and child.sibling_group_id == other.sibling_group_id:
        raise ChildError(PlacementCode.ALREADY_SIBLINGS, field="child")
    if child.sibling_group_id and other.sibling_group_id:
        raise ChildError(PlacementCode.IN_OTHER_GROUP, field="child")
    group = child.sibling_group or other.sibling_group
    if not (group.may_split if group is not None else may_split):
        members = {child.id: child, other.id: other}
        if group is not None:
            members.update((member.id, member) for member in group.children)
        _refuse_apart_within(list(members.values()), PlacementCode.TOGETHER_AND_APART, "child")
    if group is None:
        group = SiblingGroup(reference=_new_group_reference(), may_split=may_split)
        db.session.add(group)
        db.session.flush()
    joining = [c for c in (child, other) if c.sibling_group_id != group.id]
    for member in joining:
        member.sibling_group = group
    db.session.flush()
    _group_changed(user, group, joining, "joined")
    return group


@transactional
def set_may_split(user: User, group: SiblingGroup, may_split: bool) -> None:
    if group.may_split == may_split:
        return
    if not may_split:
        _refuse_apart_within(list(group.children), PlacementCode.SPLIT_WITH_APART, "may_split")
    group.may_split = may_split
    _group_changed(user, group, list(group.children), f"may_split={may_split}")


@transactional
def leave_group(user: User, child: Child) -> None:
    """Take ``child`` out of their group; a group left with one child is dissolved."""
    group = child.sibling_group
    if group is None:
        raise ChildError(PlacementCode.NOT_IN_GROUP, field="child")
    child.sibling_group = None
    db.session.flush()
    _group_changed(user, group, [child], "left")
    remaining = list(db.session.scalars(select(Child).where(Child.sibling_group_id == group.id)))
    if len(remaining) <= 1:
        for member in remaining:
            member.sibling_group = None
            _group_changed(user, group, [member], "dissolved")
        db.session.flush()
        db.session.delete(group)


def siblings(child: Child) -> list[Child]:
    if child.sibling_group_id is None:
        return []
    stmt = (
        select(Child)
        .where(Child.sibling_group_id == child.sibling_group_id, Child.id != child.id)
        .order_by(Child.date_of_birth, Child.id)
    )
    return list(db.session.scalars(stmt))


# --- Safeguarding -----------------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    """One exclusion seen from a child's side: the other child and the row's id."""

    id: int
    other: Child


def exclusions(child: Child) -> list[Exclusion]:
    """Everyone ``child`` must not live with, whichever side the record was made from."""
    stmt = select(SafeguardingExclusion).where(
        or_(
            SafeguardingExclusion.child_id == child.id,
            SafeguardingExclusion.other_child_id == child.id,
        )
    )
    rows = db.session.scalars(stmt.order_by(SafeguardingExclusion.id))
    return [
        Exclusion(row.id, row.other_child if row.child_id == child.id else row.child)
        for row in rows
    ]


@transactional
def add_exclusions(user: User, child: Child, other_ids: list[int]) -> None:
    """Keep ``child`` apart from each of ``other_ids``: all of them, or none if one is
    refused."""
    if not other_ids:
        raise ChildError(PlacementCode.OTHER_REFERENCE_MISSING, field="child")
    for other_id in dict.fromkeys(other_ids):
        add_exclusion(user, child, other_id)


@transactional
def add_exclusion(user: User, child: Child, other_id: int | None) -> SafeguardingExclusion:
    other = _other_child(user, child, other_id, "child")
    existing = db.session.scalar(
        select(SafeguardingExclusion.id).where(
            or_(
                and_(
                    SafeguardingExclusion.child_id == child.id,
                    SafeguardingExclusion.other_child_id == other.id,
                ),
                and_(
                    SafeguardingExclusion.child_id == other.id,
                    SafeguardingExclusion.other_child_id == child.id,
                ),
            )
        )
    )
    if existing is not None:
        raise ChildError(PlacementCode.ALREADY_APART, field="child")
    if kept_together([child.id, other.id]).keys() == {child.id, other.id} and (
        child.sibling_group_id == other.sibling_group_id
    ):
        raise ChildError(
            PlacementCode.TOGETHER_AND_APART,
            field="child",
            child=full_name(child),
            other=full_name(other),
        )
    row = SafeguardingExclusion(child_id=child.id, other_child_id=other.id)
    db.session.add(row)
    db.session.flush()
    for side, opposite in ((child, other), (other, child)):
        audit.record(user, "safeguarding_added", side, detail=f"other={opposite.id}")
    return row


@transactional
def remove_exclusion(user: User, child: Child, exclusion_id: int) -> bool:
    """Remove an exclusion that involves ``child``; False when there is none."""
    row = db.session.get(SafeguardingExclusion, exclusion_id)
    if row is None or child.id not in (row.child_id, row.other_child_id):
        return False
    other_id = row.other_child_id if row.child_id == child.id else row.child_id
    db.session.delete(row)
    audit.record(user, "safeguarding_removed", child, detail=f"other={other_id}")
    audit.record(user, "safeguarding_removed", ("children", other_id), detail=f"other={child.id}")
    return True


# --- Legal status and contact ------------------------------------------------------


def current_legal_status(child: Child) -> LegalStatusPeriod | None:
    return next((period for period in child.legal_statuses if period.end_date is None), None)


@transactional
def record_legal_status(
    user: User, child: Child, code: str | None, start: date | None
) -> LegalStatusPeriod:
    """A new legal status from ``start``; the current one ends the day before."""
    if code not in {status.value for status in LegalStatus}:
        raise ChildError(PlacementCode.LEGAL_STATUS_MISSING, field="legal_status")
    if start is None:
        raise ChildError(PlacementCode.LEGAL_STATUS_DATE_MISSING, field="legal_status_from")
    if start > date.today():
        raise ChildError(PlacementCode.LEGAL_STATUS_FUTURE, field="legal_status_from")
    if start < child.date_of_birth:
        raise ChildError(PlacementCode.LEGAL_STATUS_BEFORE_BIRTH, field="legal_status_from")
    current = current_legal_status(child)
    if current is not None:
        if current.code == code:
            raise ChildError(PlacementCode.LEGAL_STATUS_SAME, field="legal_status")
        if start <= current.start_date:
            raise ChildError(
                PlacementCode.LEGAL_STATUS_BEFORE_CURRENT,
                field="legal_status_from",
                date=format_date(current.start_date, "d MMMM yyyy"),
            )
        current.end_date = start - timedelta(days=1)
    period = LegalStatusPeriod(child_id=child.id, code=code, start_date=start)
    db.session.add(period)
    db.session.flush()
    db.session.expire(child, ["legal_statuses"])
    audit.record(user, "legal_status_recorded", child, detail=f"code={code}")
    return period


@transactional
def add_contact(user: User, child: Child, who: str, place: str, frequency: str) -> None:
    who, place = (who or "").strip(), (place or "").strip()
    if not who:
        raise ChildError(PlacementCode.CONTACT_WHO_MISSING, field="who")
    if not place:
        raise ChildError(PlacementCode.CONTACT_PLACE_MISSING, field="place")
    if frequency not in {f.value for f in ContactFrequency}:
        raise ChildError(PlacementCode.CONTACT_FREQUENCY_MISSING, field="frequency")
    db.session.add(
        ContactArrangement(child_id=child.id, who=who[:100], place=place[:100], frequency=frequency)
    )
    db.session.flush()
    db.session.expire(child, ["contacts"])
    audit.record(user, "contact_added", child)


@transactional
def remove_contact(user: User, child: Child, contact_id: int) -> bool:
    row = db.session.get(ContactArrangement, contact_id)
    if row is None or row.child_id != child.id:
        return False
    db.session.delete(row)
    db.session.flush()
    db.session.expire(child, ["contacts"])
    audit.record(user, "contact_removed", child, detail=f"contact={contact_id}")
    return True


# --- History ----------------------------------------------------------------------


def matching_history(child: Child) -> list[MatchingOutcome]:
    stmt = (
        select(MatchingOutcome)
        .join(MatchingRun, MatchingOutcome.run_id == MatchingRun.id)
        .where(MatchingOutcome.child_id == child.id)
        .order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
    )
    return list(db.session.scalars(stmt))


# --- Display ----------------------------------------------------------------------


def no_date_needed(urgency: str | None) -> str:
    """What a page says when a referral has no date needed. An immediate or urgent
    placement is needed as soon as possible; a planned one has a date in mind that
    nobody has recorded, so "as soon as possible" would mislead."""
    if urgency == Urgency.PLANNED.value:
        return str(_l("No date given"))
    return str(_l("As soon as possible"))


@dataclass(frozen=True)
class ProfileLine:
    """One row of a child's profile as pages show it; ``field`` is the form's input."""

    key: str
    value: str
    field: str


def _label(enum, code: str | None, empty) -> str:
    if not code:
        return str(empty)
    try:
        return enum(code).label
    except ValueError:
        return code


def profile_lines(child: Child) -> list[ProfileLine]:
    """The whole child beyond matching's terms, in the order the referral form asks."""
    not_recorded = _l("Not recorded")
    communication = [_label(Communication, code, "") for code in child.communication or []]
    if child.other_languages:
        communication.append(child.other_languages)
    if child.interpreter_needed:
        communication.append(str(_l("Needs an interpreter")))
    risks = set(child.risks or [])

    def risk_text(domain) -> str:
        present = [risk.label for risk in domain if risk.value in risks]
        return ", ".join(present) if present else str(_l("No known risk"))

    keep = {
        True: _l("Yes, the placement must keep the child at this school"),
        False: _l("No, the child may change school"),
    }.get(child.keep_school, not_recorded)
    return [
        ProfileLine(str(_l("School")), child.school_name or str(not_recorded), "school_name"),
        ProfileLine(str(_l("Keep the school")), str(keep), "keep_school"),
        ProfileLine(
            str(_l("Ethnicity")), _label(Ethnicity, child.ethnicity, not_recorded), "ethnicity"
        ),
        ProfileLine(
            str(_l("Religion")), _label(Religion, child.religion, not_recorded), "religion"
        ),
        ProfileLine(
            str(_l("Communication and languages")),
            "; ".join(communication) or str(_l("No specific needs recorded")),
            "communication",
        ),
        ProfileLine(
            str(_l("Health needs")), child.health_needs or str(not_recorded), "health_needs"
        ),
        ProfileLine(
            str(_l("Additional learning needs")),
            _label(LearningNeeds, child.learning_needs, not_recorded),
            "learning_needs",
        ),
        ProfileLine(str(_l("Risks to the child")), risk_text(RISKS_TO_SELF), "risks_to_self"),
        ProfileLine(
            str(_l("Risks to others or property")), risk_text(RISKS_TO_OTHERS), "risks_to_others"
        ),
        ProfileLine(
            str(_l("About the risks")), child.risk_notes or str(not_recorded), "risk_notes"
        ),
        ProfileLine(
            str(_l("Lives alongside")),
            _label(Alongside, child.alongside, not_recorded),
            "alongside",
        ),
        ProfileLine(str(_l("Pets")), _label(Pets, child.pets, not_recorded), "pets"),
        ProfileLine(
            str(_l("Smoke-free home")),
            str(_l("Needs a smoke-free home") if child.smoke_free else _l("Not needed")),
            "smoke_free",
        ),
    ]
