"""The filters every commissioning figure respects, read from the page's URL.

"Area" is the provider's local authority (where the carer, home or agency is), from the
postcode directory; the dashboard says so. Dates are inclusive: the end date is the
last day counted, and a placement's end date is its last day of care.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, union

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.placement import ProviderType

DEFAULT_MONTHS = 24
MAX_YEARS = 20


@dataclass(frozen=True)
class ProviderRef:
    """One provider: which table and which row."""

    column: str  # "carer_id", "home_id" or "agency_id"
    id: int
    reference: str
    name: str


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    provider_type: str | None = None
    provider: ProviderRef | None = None
    area: str | None = None

    @property
    def as_of(self) -> date:
        """The day "current" figures describe: the range's last day."""
        return self.end

    def args(self) -> dict[str, str]:
        """The URL arguments that give these filters (for links and exports)."""
        args = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.provider_type:
            args["type"] = self.provider_type
        if self.provider:
            args["provider"] = self.provider.reference
        if self.area:
            args["area"] = self.area
        return args

    def with_range(self, start: date, end: date) -> Filters:
        return replace(self, start=start, end=end)


def default_range(today: date) -> tuple[date, date]:
    """The last 24 months: from the first of the month 23 months back, to today."""
    return add_months(today.replace(day=1), -(DEFAULT_MONTHS - 1)), today


def add_months(first: date, months: int) -> date:
    """The first of the month ``months`` after (or before) the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def area_choices() -> list[str]:
    """Local authorities any provider is in, sorted."""
    codes = union(
        select(FosterCarer.local_authority),
        select(ChildrensHome.local_authority),
        select(Agency.local_authority),
    ).subquery()
    return sorted(c for c in db.session.scalars(select(codes.c[0])) if c)


def find_provider(reference: str) -> ProviderRef | None:
    reference = reference.strip().upper()
    for model, column, name in (
        (FosterCarer, "carer_id", FosterCarer.household_name),
        (ChildrensHome, "home_id", ChildrensHome.name),
        (Agency, "agency_id", Agency.name),
    ):
        row = db.session.execute(
            select(model.id, model.reference, name).where(model.reference == reference)
        ).first()
        if row is not None:
            return ProviderRef(column=column, id=row[0], reference=row[1], name=row[2])
    return None


def _date(raw: str | None, label: str, errors: dict[str, str], key: str) -> date | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        errors[key] = _(
            "%(label)s must be a real date written as year-month-day, like 2025-04-01",
            label=label,
        )
        return None
    if value.year < 1950 or value.year > 2100:
        errors[key] = _("%(label)s must be between 1950 and 2100", label=label)
        return None
    return value


def parse(args: Mapping[str, str], today: date) -> tuple[Filters, dict[str, str]]:
    """Filters from URL arguments, and a message per argument that is wrong.

    Arguments left out take their defaults; wrong ones are reported, never guessed.
    """
    errors: dict[str, str] = {}
    default_start, default_end = default_range(today)
    start = _date(args.get("from"), _("The start date"), errors, "from")
    end = _date(args.get("to"), _("The end date"), errors, "to")
    start = start or default_start
    end = end or (default_end if start <= default_end else start)
    if "from" not in errors and "to" not in errors:
        if end < start:
            errors["to"] = _("The end date must be the same as or after the start date")
        elif (end - start).days > MAX_YEARS * 366:
            errors["to"] = _("The range can be at most %(years)d years long", years=MAX_YEARS)
    provider_type = (args.get("type") or "").strip() or None
    if provider_type and provider_type not in {t.value for t in ProviderType}:
        errors["type"] = _("Choose a provider type from the list")
        provider_type = None
    provider = None
    reference = (args.get("provider") or "").strip()
    if reference:
        if len(reference) > 20:
            errors["provider"] = _("A provider reference is at most 20 characters")
        else:
            provider = find_provider(reference)
            if provider is None:
                errors["provider"] = _(
                    "There is no provider with the reference %(reference)s", reference=reference
                )
    area = (args.get("area") or "").strip().upper() or None
    if area and area not in area_choices():
        errors["area"] = _("Choose an area from the list")
        area = None
    return Filters(start, end, provider_type, provider, area), errors
