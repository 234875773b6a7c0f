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
        Column("date needed", False, "2026-12-01"),
        Column("needs", False, "autism;therapeutic"),
        Column("sibling group", False, "SG0012"),
        Column("siblings may split", False, "no"),
        Column("home postcode", True, "CF10 1YX"),
        Column("school postcode", False, ""),
        Column("welsh speaker", False, "yes"),
        Column("status", False, "awaiting"),
    )

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        existing = lookups.child_references()
        directory = lookups.postcodes(
            value
            for _number, values in records(table, ["home postcode", "school postcode"])
            for value in values.values()
        )
        needs = lookups.active_needs()
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
                "date_needed": row("date needed", cells.parse_date),
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
            SiblingGroup.__table__,
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
            values = {key: value for key, value in row.items() if key not in ("group", "may_split")}
            values["sibling_group_id"] = group_ids.get(row["group"]) if row["group"] else None
            values.update(created_by_id=creator, created_at=now, updated_at=now)
            children.append(values)
        bulk_insert(Child.__table__, children, progress)
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
