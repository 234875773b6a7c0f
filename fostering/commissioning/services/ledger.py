"""The placement ledger: every placement with its provider and its rate history.

Commissioners see the child's reference only, never a name. The page and the export
read the same query, so an export holds exactly the rows and values the page pages
through (and each area's code beside its name).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import chain

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from fostering.commissioning.services.filters import Filters
from fostering.commissioning.services.spend import filtered_placements, provider_area
from fostering.commissioning.services.tables import Column, Kind, Table
from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer, Placement, PlacementRate
from fostering.models.placement import ProviderType
from fostering.services import audit, local_authorities
from fostering.services.transactions import transactional

PER_PAGE = 25


def columns(area_codes: bool = False) -> list[Column]:
    """The ledger's columns; an export keeps each area's code beside its name."""
    return [
        Column(_("Child reference")),
        Column(_("Provider")),
        Column(_("Provider reference")),
        Column(_("Provider type")),
        Column(_("Area")),
        *([Column(_("Area code"))] if area_codes else []),
        Column(_("Start"), Kind.DATE),
        Column(_("End"), Kind.DATE),
        Column(_("Latest weekly cost"), Kind.MONEY),
        Column(_("Weekly cost over time"), Kind.RATES),
    ]


def query(filters: Filters, search: str | None) -> Select:
    """Placements overlapping the range that the filters and search allow, newest first."""
    stmt = filtered_placements(filters, join_providers=True).with_only_columns(
        Placement.id,
        Child.reference,
        func.coalesce(FosterCarer.household_name, ChildrensHome.name, Agency.name),
        func.coalesce(FosterCarer.reference, ChildrensHome.reference, Agency.reference),
        Placement.provider_type,
        provider_area(),
        Placement.start_date,
        Placement.end_date,
    )
    stmt = stmt.join(Child, Child.id == Placement.child_id)
    if search:
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Child.reference).like(like),
                func.lower(FosterCarer.household_name).like(like),
                func.lower(ChildrensHome.name).like(like),
                func.lower(Agency.name).like(like),
                func.lower(FosterCarer.reference).like(like),
                func.lower(ChildrensHome.reference).like(like),
                func.lower(Agency.reference).like(like),
            )
        )
    return stmt.order_by(Placement.start_date.desc(), Placement.id.desc())


def count(filters: Filters, search: str | None) -> int:
    if search:
        stmt = query(filters, search).order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(stmt)) or 0
    # Without a search the count needs no child or provider names: count placements only.
    stmt = filtered_placements(filters).with_only_columns(func.count(Placement.id))
    return db.session.scalar(stmt) or 0


def _rates(placements: Select) -> dict[int, list]:
    """Every rate of the placements ``placements`` selects (its first column is the id),
    as ``(date, pounds)`` lists in date order."""
    ids = placements.with_only_columns(Placement.id).order_by(None).scalar_subquery()
    stmt = (
        select(
            PlacementRate.placement_id,
            PlacementRate.effective_from,
            PlacementRate.weekly_cost_pence,
        )
        .where(PlacementRate.placement_id.in_(ids))
        .order_by(PlacementRate.placement_id, PlacementRate.effective_from)
    )
    rates: dict[int, list] = defaultdict(list)
    for placement_id, day, pence in db.session.connection().execute(stmt):
        # Whole pence as pounds: exact with two places, no rounding needed.
        rates[placement_id].append((day, Decimal(pence).scaleb(-2)))
    return rates


def _rows(result, rates: dict[int, list]) -> list[list]:
    labels = {t.value: str(t.label) for t in ProviderType}
    areas = local_authorities.names()
    rows = []
    for pid, child, name, reference, kind, area, start, end in result:
        history = rates.get(pid, [])
        latest = history[-1][1] if history else None
        area = areas.get(area, area)
        rows.append([child, name, reference, labels[kind], area, start, end, latest, history])
    return rows


def page_table(filters: Filters, search: str | None, page: int) -> Table:
    stmt = query(filters, search).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    result = db.session.execute(stmt).all()
    ids = [row[0] for row in result]
    return Table("ledger", _("Placements"), columns(), _rows(result, _rates(_by_id(ids))))


def full_table(filters: Filters, search: str | None) -> Table:
    """Every placement the filters allow, for export.

    One statement: the placements joined to their rates, sorted by placement and then by
    rate date, fetched in batches and grouped here (no query per placement, no ORM
    objects), so each placement's rate history arrives right after its own row.
    """
    stmt = (
        query(filters, search)
        .outerjoin(PlacementRate, PlacementRate.placement_id == Placement.id)
        .add_columns(PlacementRate.effective_from, PlacementRate.weekly_cost_pence)
        .order_by(PlacementRate.effective_from)
    )
    # Batches from a server-side cursor on PostgreSQL; for this statement only.
    result = db.session.connection().execute(stmt, execution_options={"yield_per": 5_000})
    return Table("ledger", _("Placements"), columns(area_codes=True), _grouped_rows(result))


@transactional
def export_table(actor, filters: Filters, search: str | None) -> Table:
    """The whole ledger for a download. It lists children by reference, so who took a
    copy away is audited."""
    table = full_table(filters, search)
    audit.record(actor, "placement_ledger_exported", "placement_ledger")
    return table


def _grouped_rows(result) -> list[list]:
    labels = {t.value: str(t.label) for t in ProviderType}
    areas = local_authorities.names()
    rows: list[list] = []
    current = None
    history: list = []
    for pid, child, name, reference, kind, area, start, end, day, pence in chain.from_iterable(
        result.partitions()
    ):
        if pid != current:
            current, history = pid, []
            named = areas.get(area, area)
            rows.append(
                [child, name, reference, labels[kind], named, area, start, end, None, history]
            )
        if day is not None:
            # Whole pence as pounds: exact with two places, no rounding needed.
            amount = Decimal(pence).scaleb(-2)
            history.append((day, amount))
            rows[-1][8] = amount  # rates come in date order: the last is the latest
    return rows


def _by_id(ids: list[int]) -> Select:
    return select(Placement.id).where(Placement.id.in_(ids))
