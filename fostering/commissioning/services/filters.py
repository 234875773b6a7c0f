"""The filters every commissioning figure respects, read from the page's URL.

"Area" is the provider's local authority (where the carer, home or agency is), from the
postcode directory; the dashboard says so. Dates are inclusive: the end date is the
last day counted, and a placement's end date is its last day of care.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select, union

from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.placement import ProviderType
from fostering.services import local_authorities
from fostering.web.dates import DATE_PARTS, DateProblem, DateProblemCode, read_date_parts

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

    def export_name(self, what: str) -> str:
        """A download's file name (without its extension) that says what is in it:
        ``placements-2026-04-01-to-2027-03-31-in-house-foster``."""
        parts = [what, self.start.isoformat(), "to", self.end.isoformat()]
        if self.provider_type:
            parts.append(self.provider_type.replace("_", "-"))
        if self.provider:
            parts.append(self.provider.reference.lower())
        if self.area:
            parts.append(self.area.lower())
        return "-".join(parts)

    def export_title(self, what: str) -> str:
        """A download's first row: what it is and every filter it was made with, such as
        "Placements, 1 April 2026 to 31 March 2027, In-house foster care"."""
        title = _(
            "%(what)s, %(start)s to %(end)s",
            what=what,
            start=format_date(self.start, "d MMMM yyyy"),
            end=format_date(self.end, "d MMMM yyyy"),
        )
        if self.provider_type:
            label = ProviderType(self.provider_type).label
            title = _("%(title)s, %(type)s", title=title, type=label)
        if self.provider:
            title = _(
                "%(title)s, provider %(name)s (%(reference)s)",
                title=title,
                name=self.provider.name,
                reference=self.provider.reference,
            )
        if self.area:
            name = local_authorities.names().get(self.area, self.area)
            title = _("%(title)s, area %(area)s", title=title, area=name)
        return title

    def with_range(self, start: date, end: date) -> Filters:
        return replace(self, start=start, end=end)


def default_range(today: date) -> tuple[date, date]:
    """The financial year containing ``today``: 1 April to 31 March."""
    return financial_year_range(financial_year(today))


def financial_year(day: date) -> int:
    """The financial year ``day`` is in, named by the year it starts in (2026: 2026-27)."""
    return day.year if day.month >= 4 else day.year - 1


def financial_year_range(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


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


@dataclass(frozen=True)
class TypedDate:
    """A date as the URL gives it, kept to show again in the day, month and year boxes.

    ``iso`` marks an older link's single ``from=YYYY-MM-DD`` argument.
    """

    day: str = ""
    month: str = ""
    year: str = ""
    iso: str | None = None

    @property
    def parts(self) -> tuple[str, str, str]:
        return self.day, self.month, self.year


@dataclass(frozen=True)
class DateError:
    """What the page says about a wrong date, and the boxes it marks."""

    message: str
    parts: tuple[str, ...]  # "day", "month", "year"


def _sentence(problem: DateProblem, messages: dict[str, str]) -> str:
    """The date's own sentence for what the shared reader found wrong."""
    if problem.code is DateProblemCode.MISSING:
        return messages[" ".join(problem.parts)]
    return messages["digits" if problem.code is DateProblemCode.YEAR_DIGITS else "real"]


EARLIEST_YEAR, LATEST_YEAR = 1950, 2100


def typed_date(args: Mapping[str, str], key: str) -> TypedDate | None:
    """What the URL gives for the date ``key`` ("from" or "to"), or None for nothing.

    The date input sends ``from-day``, ``from-month`` and ``from-year``; bookmarks and
    export links made before it (and the exports now) send ``from=2025-04-01``. When both
    are there the boxes win: they are what the person last typed.
    """
    parts = [(args.get(f"{key}-{part}") or "").strip()[:10] for part in DATE_PARTS]
    if any(parts):
        return TypedDate(*parts)
    raw = (args.get(key) or "").strip()[:20]
    if not raw:
        return None
    pieces = raw.split("-")
    if len(pieces) == 3:
        year, month, day = pieces
        return TypedDate(day, month, year, iso=raw)
    return TypedDate(iso=raw)


def _messages(key: str) -> dict[str, str]:
    """GOV.UK's date input error messages for the date ``key``, as whole sentences."""
    if key == "from":
        return {
            "real": _("The date the range starts must be a real date"),
            "day": _("The date the range starts must include a day"),
            "month": _("The date the range starts must include a month"),
            "year": _("The date the range starts must include a year"),
            "day month": _("The date the range starts must include a day and month"),
            "day year": _("The date the range starts must include a day and year"),
            "month year": _("The date the range starts must include a month and year"),
            "digits": _("The year the range starts must include 4 numbers"),
            "bounds": _(
                "The date the range starts must be between %(earliest)d and %(latest)d",
                earliest=EARLIEST_YEAR,
                latest=LATEST_YEAR,
            ),
        }
    return {
        "real": _("The date the range ends must be a real date"),
        "day": _("The date the range ends must include a day"),
        "month": _("The date the range ends must include a month"),
        "year": _("The date the range ends must include a year"),
        "day month": _("The date the range ends must include a day and month"),
        "day year": _("The date the range ends must include a day and year"),
        "month year": _("The date the range ends must include a month and year"),
        "digits": _("The year the range ends must include 4 numbers"),
        "bounds": _(
            "The date the range ends must be between %(earliest)d and %(latest)d",
            earliest=EARLIEST_YEAR,
            latest=LATEST_YEAR,
        ),
    }


def read_date(typed: TypedDate | None, key: str) -> tuple[date | None, DateError | None]:
    """The date typed for ``key`` ("from" or "to"), or the problem with it."""
    if typed is None:
        return None, None
    messages = _messages(key)
    if typed.iso is not None:
        try:
            value = date.fromisoformat(typed.iso)
        except ValueError:
            return None, DateError(messages["real"], DATE_PARTS)
    else:
        result = read_date_parts(*typed.parts)
        if result is None:
            return None, None
        if isinstance(result, DateProblem):
            return None, DateError(_sentence(result, messages), result.parts)
        value = result
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None, DateError(messages["bounds"], ("year",))
    return value, None


@dataclass
class Parsed:
    """Filters from the URL, what was typed for the dates, and a message per argument
    that is wrong. Wrong arguments are reported, never guessed: the filters use the
    default in their place, so the page still shows figures."""

    filters: Filters
    typed: dict[str, TypedDate | None]
    errors: dict[str, str] = field(default_factory=dict)
    marked: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a wrong date's boxes


def parse_dates(args: Mapping[str, str]) -> tuple[dict[str, date], Parsed]:
    """The valid ``from`` and ``to`` dates the URL gives, and what was typed and wrong.

    An end before the start is a problem on ``from``, and then neither date counts.
    """
    typed = {key: typed_date(args, key) for key in ("from", "to")}
    parsed = Parsed(Filters(date.min, date.min), typed)
    dates: dict[str, date] = {}
    for key in ("from", "to"):
        value, problem = read_date(typed[key], key)
        if problem:
            parsed.errors[key], parsed.marked[key] = problem.message, problem.parts
        elif value:
            dates[key] = value
    if "from" in dates and "to" in dates and dates["to"] < dates["from"]:
        parsed.errors["from"] = _(
            "The date the range starts must be the same as or before the date it ends"
        )
        parsed.marked["from"] = DATE_PARTS
        dates.clear()
    return dates, parsed


def parse(args: Mapping[str, str], today: date) -> Parsed:
    """Filters from URL arguments; arguments left out or wrong take their defaults."""
    dates, parsed = parse_dates(args)
    errors = parsed.errors
    start, end = dates.get("from"), dates.get("to")
    if start and end and (end - start).days > MAX_YEARS * 366:
        errors["to"] = _("The range can be at most %(years)d years long", years=MAX_YEARS)
        parsed.marked["to"] = ()
        start = end = None
    default_start, default_end = default_range(today)
    if start is None:
        start = default_start if end is None or default_start <= end else end
    if end is None:
        end = default_end if start <= default_end else start
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
    parsed.filters = Filters(start, end, provider_type, provider, area)
    return parsed
