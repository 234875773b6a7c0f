"""Imports of children needing (or in) a placement, and of safeguarding exclusions."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fostering.extensions import db
from fostering.imports import cells, lookups
from fostering.imports.kinds import SEXES, Column, Kind, Progress, bulk_insert, register
from fostering.imports.problems import Problems
from fostering.imports.reading import Table, records
from fostering.models import Child, SafeguardingExclusion, SiblingGroup
from fostering.models.carer import PlacementType
from fostering.models.child import ChildStatus, Setting, Urgency
from fostering.models.child_profile import (
    Alongside,
    Communication,
    Ethnicity,
    LearningNeeds,
    LegalStatus,
    LegalStatusPeriod,
    Pets,
    Religion,
    Risk,
)
from fostering.models.types import utcnow
from fostering.models.user import User
from fostering.placements.services import children as children_service

MAX_CHILD_AGE = 17


def age_on(born: date, day: date) -> int:
    years = day.year - born.year
    return years - 1 if (day.month, day.day) < (born.month, born.day) else years


def _values(enum) -> dict[str, str]:
    return {member.value: member.value for member in enum}


SETTINGS = _values(Setting)
PLACEMENT_TYPES = _values(PlacementType)
URGENCIES = _values(Urgency)
# Closed: children who have left care, imported so the historical ledger can name them.
STATUSES = {status.value: status.value for status in ChildStatus}


ETHNICITIES = _values(Ethnicity)
RELIGIONS = _values(Religion)
COMMUNICATION = _values(Communication)
LEARNING = _values(LearningNeeds)
RISKS = _values(Risk)
ALONGSIDE = _values(Alongside)
PETS = _values(Pets)
LEGAL_STATUSES = {status.value.lower(): status.value for status in LegalStatus}
# Values a children row carries that are not columns of ``children``.
_NOT_COLUMNS = ("group", "may_split", "legal_status", "legal_from")


def _date_needed(row, status: str, today: date) -> date | None:
    """A referral still waiting cannot need its placement by a date already past (the
    children service refuses the same on the referral form); today is allowed."""
    needed = row("date needed", cells.parse_date)
    if needed is not None and needed < today and status == ChildStatus.AWAITING.value:
        row.report("date needed", "past_date")
    return needed


def _optional(row, column: str, choices: dict[str, str]) -> str | None:
    return row(column, cells.choice, choices, default="") or None


def _profile(row, born: date | None, today: date, workers: dict[str, int]) -> dict:
    """The whole child's columns (``models.child_profile``); all optional."""
    legal = _optional(row, "legal status", LEGAL_STATUSES)
    legal_from = row("legal status from", cells.parse_date)
    if legal and legal_from is None and row.text("legal status from") == "":
        row.report("legal status from", "missing")
    elif legal_from is not None and not legal:
        row.report("legal status", "missing")
    elif legal_from is not None and legal_from > today:
        row.report("legal status from", "future_date")
    elif legal_from is not None and born is not None and legal_from < born:
        row.report("legal status from", "before_birth")
    email = row.text("social worker email").lower()
    worker = workers.get(email) if email else None
    if email and worker is None:
        row.report("social worker email", "unknown_worker", value=email[:60])
    keep = row.text("keep school")
    return {
        "ethnicity": _optional(row, "ethnicity", ETHNICITIES),
        "religion": _optional(row, "religion", RELIGIONS),
        "communication": row("communication", cells.choices_list, COMMUNICATION) or [],
        "other_languages": row.text("other languages")[:200] or None,
        "interpreter_needed": bool(row("interpreter needed", cells.yes_no)),
        "health_needs": row.text("health needs")[:2000] or None,
        "learning_needs": _optional(row, "learning needs", LEARNING),
        "risks": row("risks", cells.choices_list, RISKS) or [],
        "risk_notes": row.text("risk notes")[:2000] or None,
        "school_name": row.text("school name")[:120] or None,
        "keep_school": row("keep school", cells.yes_no) if keep else None,
        "alongside": _optional(row, "lives alongside", ALONGSIDE),
        "pets": _optional(row, "pets", PETS),
        "smoke_free": bool(row("smoke free", cells.yes_no)),
        "social_worker_id": worker,
        "legal_status": legal,
        "legal_from": legal_from,
    }


@register
class Children(Kind):
    key = "children"
    title = _l("Children")
    columns = (
        Column("reference", True, "LAC004512"),
        Column("given name", True, "Megan"),
        Column("family name", True, "Jones"),
        Column("date of birth", True, "27/03/2016"),
        Column("sex", True, "F"),
        Column("setting", True, "foster"),
        Column("placement type", True, "short_term"),
        Column("urgency", False, "planned"),
        Column("date needed", False, "2030-12-01"),
        Column("needs", False, "autism;therapeutic"),
        Column("sibling group", False, "SG0012"),
        Column("siblings may split", False, "no"),
        Column("home postcode", True, "CF10 1YX"),
        Column("school postcode", False, ""),
        Column("welsh speaker", False, "yes"),
        Column("status", False, "awaiting"),
        Column("ethnicity", False, "white_british"),
        Column("religion", False, "none"),
        Column("communication", False, "bsl"),
        Column("other languages", False, "Polish"),
        Column("interpreter needed", False, "no"),
        Column("health needs", False, ""),
        Column("learning needs", False, "school_idp"),
        Column("risks", False, "going_missing"),
        Column("risk notes", False, ""),
        Column("school name", False, "Ysgol Treganna"),
        Column("keep school", False, "yes"),
        Column("lives alongside", False, "no_preference"),
        Column("pets", False, "can"),
        Column("smoke free", False, "no"),
        Column("legal status", False, "V2"),
        Column("legal status from", False, "2026-03-01"),
        Column("social worker email", False, ""),
    )

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        existing = lookups.child_references()
        directory = lookups.postcodes(
            value
            for _number, values in records(table, ["home postcode", "school postcode"])
            for value in values.values()
        )
        needs = lookups.active_needs()
        workers = lookups.social_workers()
        seen: dict[str, int] = {}
        groups: dict[str, bool] = {}
        ready = []
        for row in self.rows(table, problems):
            reference = row("reference", cells.reference, 20)
            row.unique("reference", reference, seen, existing)
            born = row("date of birth", cells.required_date, not_after=today)
            status = row("status", cells.choice, STATUSES, default="awaiting")
            in_care = status != ChildStatus.CLOSED.value
            if born is not None and in_care and age_on(born, today) > MAX_CHILD_AGE:
                row.report("date of birth", "age_range", age=age_on(born, today))
            group = row.text("sibling group").upper() or None
            if group and len(group) > 16:
                row.report("sibling group", "too_long", max=16)
            may_split = row("siblings may split", cells.yes_no)
            if group and may_split is not None:
                if groups.setdefault(group, may_split) != may_split:
                    row.report("siblings may split", "group_split", value=group)
            home = row.postcode("home postcode", directory)
            school = row.postcode("school postcode", directory, required=False)
            values = {
                "reference": reference,
                "given_name": row("given name", cells.required_text, 100),
                "family_name": row("family name", cells.required_text, 100),
                "date_of_birth": born,
                "sex": row("sex", cells.choice, SEXES),
                "setting": row("setting", cells.choice, SETTINGS),
                "placement_type": row("placement type", cells.choice, PLACEMENT_TYPES),
                "urgency": row("urgency", cells.choice, URGENCIES, default="planned"),
                "date_needed": _date_needed(row, status, today),
                "needs": row.needs("needs", needs),
                "welsh_speaking": row("welsh speaker", cells.yes_no),
                "status": status,
                "home_postcode": home.postcode if home else None,
                "home_easting": home.easting if home else None,
                "home_northing": home.northing if home else None,
                "home_local_authority": home.local_authority if home else None,
                "school_postcode": school.postcode if school else None,
                "school_easting": school.easting if school else None,
                "school_northing": school.northing if school else None,
                "group": group,
                "may_split": bool(may_split),
                **_profile(row, born, today, workers),
            }
            if row.ok:
                ready.append(values)
        return ready

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        wanted = sorted({row["group"] for row in rows if row["group"]})
        group_ids = {
            reference.upper(): ident
            for ident, reference in db.session.execute(
                select(SiblingGroup.id, SiblingGroup.reference)
            )
            if reference.upper() in set(wanted)
        }
        new_groups = [reference for reference in wanted if reference not in group_ids]
        splits = {row["group"]: row["may_split"] for row in rows if row["group"]}
        new_ids = bulk_insert(
            SiblingGroup.__table__,  # the sibling groups first: children refer to them
            [
                {"reference": ref, "may_split": splits.get(ref, False), "created_at": utcnow()}
                for ref in new_groups
            ],
            lambda _done: None,
            returning=True,
        )
        group_ids.update(zip(new_groups, new_ids, strict=True))
        now = utcnow()
        creator = actor.id if actor is not None else None
        children = []
        for row in rows:
            values = {key: value for key, value in row.items() if key not in _NOT_COLUMNS}
            values["sibling_group_id"] = group_ids.get(row["group"]) if row["group"] else None
            values.update(created_by_id=creator, created_at=now, updated_at=now)
            children.append(values)
        child_ids = bulk_insert(Child.__table__, children, progress, returning=True)
        statuses = [
            {"child_id": ident, "code": row["legal_status"], "start_date": row["legal_from"],
             "created_at": now}
            for ident, row in zip(child_ids, rows, strict=True)
            if row["legal_status"]
        ]  # fmt: skip
        bulk_insert(LegalStatusPeriod.__table__, statuses, lambda _done: None)
        return len(children)


@register
class Safeguarding(Kind):
    key = "safeguarding"
    title = _l("Safeguarding: children who must not live together")
    columns = (
        Column("child reference", True, "LAC004512"),
        Column("must not live with", True, "LAC003980"),
    )

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        children = lookups.child_references()
        existing = {
            frozenset(pair)
            for pair in db.session.execute(
                select(SafeguardingExclusion.child_id, SafeguardingExclusion.other_child_id)
            )
        }
        seen: dict[frozenset, int] = {}
        ready = []
        together = children_service.kept_together()
        for row in self.rows(table, problems):
            ids = []
            for column in ("child reference", "must not live with"):
                reference = row(column, cells.reference, 20)
                if reference is not None and reference not in children:
                    row.report(column, "unknown_child", value=reference)
                ids.append(children.get(reference or ""))
            if not row.ok:
                continue
            pair = frozenset(ids)
            label = row.text("child reference").upper()
            if len(pair) == 1:
                row.report("must not live with", "self_exclusion")
            elif pair in seen:
                row.report("must not live with", "duplicate_in_file", value=label, other=seen[pair])
            elif pair in existing:
                row.report("must not live with", "exists", value=label)
            elif together.get(ids[0]) is not None and together.get(ids[0]) == together.get(ids[1]):
                # The children service refuses this too: matching would break one rule.
                first, second = (db.session.get(Child, ident) for ident in ids)
                row.report(
                    "must not live with",
                    "together_and_apart",
                    value=f"{children_service.full_name(first)} ({first.reference})",
                    other=f"{children_service.full_name(second)} ({second.reference})",
                )
            else:
                seen[pair] = row.number
                ready.append({"child_id": ids[0], "other_child_id": ids[1], "created_at": utcnow()})
        return ready

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        bulk_insert(SafeguardingExclusion.__table__, rows, progress)
        return len(rows)
