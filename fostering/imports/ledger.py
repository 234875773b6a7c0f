"""Imports of placements: current ones (which fill places) and the historical ledger.

Current placements are written in bulk, with what ``services.placements.make_placement``
does for one: the children become placed, each provider's ``occupied`` goes up by its
count in one conditional ``UPDATE ... WHERE occupied + n <= capacity`` (so never above
capacity, even if someone placed a child since the dry run: the import is then refused
and rolled back), and each placement gets the same denormalised fields, its first rate
and the same audit events. Children are locked before providers, in the order
``make_placement`` takes them, so an officer placing a child meanwhile cannot deadlock
with the import. Historical placements have ended: they are written in bulk with their
dated rates and move no vacancy.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from fostering.extensions import db
from fostering.imports import cells, lookups
from fostering.imports.kinds import CHUNK, Column, Kind, Progress, bulk_insert, register
from fostering.imports.problems import ImportRefused, Problems
from fostering.imports.reading import Table
from fostering.imports.rows import RowReader
from fostering.models import (
    Agency,
    AuditEvent,
    Child,
    ChildrensHome,
    FosterCarer,
    ImportedPlacement,
    Placement,
    PlacementRate,
)
from fostering.models.child import ChildStatus
from fostering.models.placement import rate_records
from fostering.models.types import utcnow
from fostering.models.user import User
from fostering.payments.services import rates as payment_rates
from fostering.placements.services import placements as placement_service


def _objects(model, ids: set[int]) -> dict[int, object]:
    found = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for item in db.session.scalars(select(model).where(model.id.in_(chunk))):
            found[item.id] = item
    return found


def _providers(rows: list[dict]) -> dict[tuple[type, int], object]:
    """The provider objects the checked rows name, keyed by (model, id)."""
    by_model: dict[type, set[int]] = defaultdict(set)
    for row in rows:
        by_model[row["provider"].model].add(row["provider"].id)
    return {
        (model, ident): item
        for model, ids in by_model.items()
        for ident, item in _objects(model, ids).items()
    }


def _child_grid(ids: set[int]) -> dict[int, tuple[int | None, int | None]]:
    """Each child's home grid reference, for the placement's distance."""
    grid = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        query = select(Child.id, Child.home_easting, Child.home_northing).where(
            Child.id.in_(ordered[start : start + 500])
        )
        for ident, easting, northing in db.session.execute(query):
            grid[ident] = (easting, northing)
    return grid


def _placement_records(rows: list[dict], actor: User | None, now) -> list[dict]:
    """Placement rows with the fields ``make_placement`` denormalises from the provider."""
    grid = _child_grid({row["child_id"] for row in rows})
    providers = _providers(rows)
    creator = actor.id if actor is not None else None
    records = []
    for row in rows:
        provider = providers[(row["provider"].model, row["provider"].id)]
        records.append(
            {
                "child_id": row["child_id"],
                "carer_id": provider.id if isinstance(provider, FosterCarer) else None,
                "home_id": provider.id if isinstance(provider, ChildrensHome) else None,
                "agency_id": provider.id if isinstance(provider, Agency) else None,
                "provider_type": placement_service.provider_type_for(provider).value,
                "not_for_profit": (
                    provider.not_for_profit if isinstance(provider, Agency) else True
                ),
                "out_of_county": placement_service.is_out_of_county(provider.local_authority),
                "distance_km": placement_service.km_between(
                    grid[row["child_id"]], (provider.easting, provider.northing)
                ),
                "start_date": row["start_date"],
                "end_date": row.get("end_date"),
                "created_by_id": creator,
                "created_at": now,
                "matching_outcome_id": None,
            }
        )
    return records


def _over_capacity(label: str, capacity: int, occupied: int, count: int) -> dict:
    return {"value": label, "places": capacity, "taken": occupied, "count": count}


def _child(row: RowReader, column: str, children: dict[str, int]) -> int | None:
    reference = row(column, cells.reference, 20)
    if reference is not None and reference not in children:
        row.report(column, "unknown_child", value=reference)
    return children.get(reference or "")


def _provider(row: RowReader, column: str, providers) -> lookups.ProviderRef | None:
    reference = row(column, cells.reference, 20)
    if reference is None:
        return None
    found = providers.get(reference, [])
    if not found:
        row.report(column, "unknown_provider", value=reference)
        return None
    if len(found) > 1:
        row.report(column, "ambiguous_provider", value=reference)
        return None
    return found[0]


@register
class CurrentPlacements(Kind):
    key = "current_placements"
    title = _l("Current placements")
    columns = (
        Column("child reference", True, "LAC004512"),
        Column("provider reference", True, "FC000123"),
        Column("start date", True, "2025-09-01"),
        Column("weekly cost", True, "325.50"),
    )

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        children = lookups.child_references()
        providers = lookups.provider_references()
        placed = set(
            db.session.scalars(select(Placement.child_id).where(Placement.end_date.is_(None)))
        )
        seen: dict[str, int] = {}
        per_provider: dict[lookups.ProviderRef, list[RowReader]] = defaultdict(list)
        ready = []
        for row in self.rows(table, problems):
            child_id = _child(row, "child reference", children)
            label = row.text("child reference").upper()
            if child_id is not None:
                if label in seen:
                    row.report(
                        "child reference", "duplicate_in_file", value=label, other=seen[label]
                    )
                elif child_id in placed:
                    row.report("child reference", "already_placed", value=label)
                else:
                    seen[label] = row.number
            provider = _provider(row, "provider reference", providers)
            if provider is not None:
                per_provider[provider].append(row)
            values = {
                "child_id": child_id,
                "provider": provider,
                "start_date": row("start date", cells.required_date, not_after=today),
                "weekly_cost_pence": row("weekly cost", cells.pence),
                "row": row.number,
                "child_label": label,
                "provider_label": row.text("provider reference").upper(),
                "_row": row,
            }
            ready.append(values)
        for provider, rows in per_provider.items():
            if provider.capacity is None:
                continue
            room = max(provider.capacity - provider.occupied, 0)
            for row in rows[room:]:
                row.report(
                    "provider reference",
                    "over_capacity",
                    **_over_capacity(
                        row.text("provider reference").upper(),
                        provider.capacity,
                        provider.occupied,
                        len(rows),
                    ),
                )
        return [
            {key: value for key, value in values.items() if key != "_row"}
            for values in ready
            if values["_row"].ok
        ]

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        now = utcnow()
        child_ids = [row["child_id"] for row in rows]
        _mark_placed(child_ids)
        _refuse_if_placed_meanwhile(rows)
        _take_places(rows)
        records = _placement_records(rows, actor, now)
        placement_ids = bulk_insert(Placement.__table__, records, progress, returning=True)
        rates = [
            rate | {"created_at": now}
            for ident, row in zip(placement_ids, rows, strict=True)
            for rate in rate_records(ident, [(row["start_date"], row["weekly_cost_pence"])], None)
        ]
        bulk_insert(PlacementRate.__table__, rates, lambda _done: None)
        # With the council's carers, from its first payment table: what the council pays.
        carer_placements = [
            ident
            for ident, record in zip(placement_ids, records, strict=True)
            if record["carer_id"] is not None
        ]
        for start in range(0, len(carer_placements), 500):
            payment_rates.reprice_where(Placement.id.in_(carer_placements[start : start + 500]))
        # The audit events make_placement records, one pair per placement.
        user_id = actor.id if actor is not None else None
        events = [
            {"at": now, "user_id": user_id, "action": action, "object_type": kind,
             "object_id": str(ident), "detail": None}
            for placement_id, child_id in zip(placement_ids, child_ids, strict=True)
            for action, kind, ident in (
                ("placement_made", Placement.__tablename__, placement_id),
                ("child_placed", Child.__tablename__, child_id),
            )
        ]  # fmt: skip
        bulk_insert(AuditEvent.__table__, events, lambda _done: None)
        return len(rows)


def _mark_placed(child_ids: list[int]) -> None:
    """Every child placed (as ``make_placement(require_awaiting=False)`` does); on
    PostgreSQL this also locks their rows until the import commits."""
    children = Child.__table__
    ordered = sorted(child_ids)
    for start in range(0, len(ordered), 500):
        db.session.execute(
            update(children)
            .where(children.c.id.in_(ordered[start : start + 500]))
            .values(status=ChildStatus.PLACED.value)
        )


def _refuse_if_placed_meanwhile(rows: list[dict]) -> None:
    """A child placed by someone else since the file was checked refuses the import."""
    by_child = {row["child_id"]: row for row in rows}
    ordered = sorted(by_child)
    placed: set[int] = set()
    for start in range(0, len(ordered), 500):
        placed.update(
            db.session.scalars(
                select(Placement.child_id).where(
                    Placement.end_date.is_(None),
                    Placement.child_id.in_(ordered[start : start + 500]),
                )
            )
        )
    if placed:
        problems = Problems()
        for child_id in sorted(placed, key=lambda ident: by_child[ident]["row"]):
            row = by_child[child_id]
            problems.add(row["row"], "child reference", "already_placed", value=row["child_label"])
        raise ImportRefused(problems)


def _take_places(rows: list[dict]) -> None:
    """Each provider's ``occupied`` up by its count of rows, never above its capacity.

    One ``UPDATE ... WHERE id IN (...) AND occupied + n <= capacity RETURNING id`` per
    kind of provider and count (and 500 providers); a provider not returned had no room
    for its rows any more, and the import is refused with the dry run's message.
    """
    by_provider: dict[tuple[type, int], list[dict]] = defaultdict(list)
    for row in rows:
        by_provider[(row["provider"].model, row["provider"].id)].append(row)
    groups: dict[tuple[type, int], list[int]] = defaultdict(list)
    for (model, ident), provider_rows in by_provider.items():
        groups[(model, len(provider_rows))].append(ident)
    full: dict[type, set[int]] = defaultdict(set)
    for (model, count), ids in groups.items():
        table = model.__table__
        capacity = table.c.beds if model is ChildrensHome else table.c.places
        room = table.c.occupied + count <= capacity
        if model is Agency:
            room = or_(capacity.is_(None), room)
        ids.sort()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            statement = (
                update(table)
                .where(table.c.id.in_(chunk), room)
                .values(occupied=table.c.occupied + count)
                .returning(table.c.id)
            )
            taken = set(db.session.scalars(statement))
            full[model].update(set(chunk) - taken)
    if any(full.values()):
        raise ImportRefused(_no_room(by_provider, full))


def _no_room(by_provider: dict, full: dict[type, set[int]]) -> Problems:
    """The dry run's over-capacity problems, against the providers as they are now."""
    problems = Problems()
    for model, ids in full.items():
        table = model.__table__
        capacity = table.c.beds if model is ChildrensHome else table.c.places
        query = select(table.c.id, capacity, table.c.occupied).where(table.c.id.in_(ids))
        for ident, places, occupied in db.session.execute(query):
            provider_rows = by_provider[(model, ident)]
            for row in provider_rows[max(places - occupied, 0) :]:
                problems.add(
                    row["row"],
                    "provider reference",
                    "over_capacity",
                    **_over_capacity(row["provider_label"], places, occupied, len(provider_rows)),
                )
    return problems


@register
class HistoricalPlacements(Kind):
    key = "historical_placements"
    title = _l("Historical placements for the ledger")
    area = "commissioning"
    columns = (
        Column("placement reference", True, "P-2019-0042"),
        Column("child reference", True, "LAC004512"),
        Column("provider reference", True, "AG00017"),
        Column("start date", True, "2019-04-01"),
        Column("end date", True, "2021-07-31"),
        Column("weekly cost", True, "£1,234.50"),
        Column("rate from", False, ""),
    )

    def check(self, table: Table, problems: Problems, today: date) -> list[dict]:
        children = lookups.child_references()
        providers = lookups.provider_references()
        imported = {ref.upper() for ref in db.session.scalars(select(ImportedPlacement.reference))}
        placements: dict[str, dict] = {}
        for row in self.rows(table, problems):
            reference = row("placement reference", cells.reference, 40)
            cost = row("weekly cost", cells.pence)
            rate_from = row("rate from", cells.parse_date)
            if reference is None:
                continue
            first = placements.get(reference)
            if first is None:
                first = placements[reference] = self._first(
                    row, reference, cost, rate_from, children, providers, imported, today
                )
                continue
            self._rate(row, first, cost, rate_from)
        return [placement for placement in placements.values() if placement["ok"]]

    def _first(self, row, reference, cost, rate_from, children, providers, imported, today):
        if reference in imported:
            row.report("placement reference", "exists", value=reference)
        start = row("start date", cells.required_date, not_after=today)
        end = row("end date", cells.required_date, not_after=today)
        if start and end and end < start:
            row.report("end date", "end_before_start")
        if rate_from is not None and start is not None and rate_from != start:
            row.report("rate from", "first_rate")
        placement = {
            "reference": reference,
            "row": row.number,
            "child_id": _child(row, "child reference", children),
            "provider": _provider(row, "provider reference", providers),
            "keys": (
                row.text("child reference").upper(),
                row.text("provider reference").upper(),
                start,
                end,
            ),
            "start_date": start,
            "end_date": end,
            "rates": {start: cost},
            "rows": [row],
        }
        placement["ok"] = row.ok
        return placement

    def _rate(self, row: RowReader, first: dict, cost, rate_from) -> None:
        first["rows"].append(row)
        other = f"{first['row']:,}"
        if rate_from is None and not row.text("rate from"):
            row.report("rate from", "rate_needs_date", other=other)
        given = (
            row.text("child reference").upper() or None,
            row.text("provider reference").upper() or None,
            row("start date", cells.parse_date),
            row("end date", cells.parse_date),
        )
        if any(
            value is not None and value != expected
            for value, expected in zip(given, first["keys"], strict=True)
        ):
            row.report("placement reference", "row_disagrees", other=other)
        start, end = first["start_date"], first["end_date"]
        if rate_from is not None and start is not None and end is not None:
            if not start <= rate_from <= end:
                row.report("rate from", "rate_outside")
            elif rate_from in first["rates"]:
                row.report("rate from", "rate_duplicate", value=first["reference"])
            else:
                first["rates"][rate_from] = cost
        first["ok"] = first["ok"] and row.ok

    def write(self, rows: list[dict], *, actor: User | None, progress: Progress) -> int:
        now = utcnow()
        records = _placement_records(rows, actor, now)
        placement_ids = bulk_insert(Placement.__table__, records, progress, returning=True)
        rates = [
            rate | {"created_at": now}
            for ident, row in zip(placement_ids, rows, strict=True)
            for rate in rate_records(ident, row["rates"].items(), row["end_date"])
        ]
        bulk_insert(PlacementRate.__table__, rates, lambda _done: None)
        references = [
            {"reference": row["reference"], "placement_id": ident}
            for ident, row in zip(placement_ids, rows, strict=True)
        ]
        for start in range(0, len(references), CHUNK):
            db.session.execute(
                ImportedPlacement.__table__.insert(), references[start : start + CHUNK]
            )
        return len(rows)
