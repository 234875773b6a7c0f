"""The changes a scenario is made of: each kind's rules, its stored form, its sentence.

A change is stored as a plain dict with a ``kind``:

- ``open_homes``: ``count`` new council homes of ``beds`` (1 to 5, the service's rule),
  ``where`` (a postcode or an area), ``min_age``/``max_age``, ``skills``,
  ``welsh_speaking`` and ``weekly_cost_pence`` for one child;
- ``recruit_carers``: ``count`` carer households of ``places`` each, ``where``, ages,
  ``sexes``, ``placement_types``, ``skills``, ``welsh_speaking``, ``weekly_cost_pence``
  and an optional ``fee_level`` name (what the weekly cost stands for);
- ``close_providers``: ``providers``, matching keys (``H12``, ``K3``, ``A7``);
- ``not_for_profit_only``: only not-for-profit agencies (the policy's switch);
- ``change_rates``: ``rate_kind`` (whose rates) and ``percent`` (a string, like ``"10"``
  or ``"-2.5"``), applied to the providers that exist today.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from fostering.commissioning.scenarios import locations
from fostering.commissioning.scenarios.errors import ScenarioCode, ScenarioError
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer
from fostering.models.carer import MAX_PLACES, CarerStatus, ChildSex, PlacementType
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.provider import MAX_HOME_BEDS, ProviderStatus
from fostering.services import local_authorities
from fostering.web.formatting import money

MAX_AGE = 17
MAX_HOMES = 50
MAX_CARERS = 500
MAX_CHANGES = 20
MAX_CLOSED = 200
PERCENT_RANGE = (Decimal(-90), Decimal(200))
FEE_LEVEL_LIMIT = 60


class ChangeKind(LabelledEnum):
    OPEN_HOMES = "open_homes"
    RECRUIT_CARERS = "recruit_carers"
    CLOSE_PROVIDERS = "close_providers"
    NOT_FOR_PROFIT_ONLY = "not_for_profit_only"
    CHANGE_RATES = "change_rates"


labels_for(
    ChangeKind,
    {
        ChangeKind.OPEN_HOMES: _l("Open council children's homes"),
        ChangeKind.RECRUIT_CARERS: _l("Recruit foster carer households"),
        ChangeKind.CLOSE_PROVIDERS: _l("Close or lose providers"),
        ChangeKind.NOT_FOR_PROFIT_ONLY: _l("Use not-for-profit agencies only"),
        ChangeKind.CHANGE_RATES: _l("Change weekly rates"),
    },
)


class RateKind(LabelledEnum):
    """Whose weekly rates a ``change_rates`` change moves."""

    INDEPENDENT = "independent"
    IFA = "ifa"
    PRIVATE_HOME = "private_home"
    IN_HOUSE_FOSTER = "in_house_foster"
    COUNCIL_HOME = "council_home"


labels_for(
    RateKind,
    {
        RateKind.INDEPENDENT: _l("Every independent provider (agencies and private homes)"),
        RateKind.IFA: _l("Independent fostering agencies"),
        RateKind.PRIVATE_HOME: _l("Private children's homes"),
        RateKind.IN_HOUSE_FOSTER: _l("In-house foster carers"),
        RateKind.COUNCIL_HOME: _l("Council children's homes"),
    },
)


def _count(value: int | None, most: int) -> int:
    if value is None or not 1 <= value <= most:
        raise ScenarioError(ScenarioCode.COUNT, field="count", most=most)
    return value


def _ages(youngest: int | None, oldest: int | None) -> tuple[int, int]:
    for field, value in (("min_age", youngest), ("max_age", oldest)):
        if value is None or not 0 <= value <= MAX_AGE:
            raise ScenarioError(ScenarioCode.AGES, field=field, oldest=MAX_AGE)
    if youngest > oldest:
        raise ScenarioError(ScenarioCode.AGES_ORDER, field="max_age")
    return youngest, oldest


def _cost(pence: int | None) -> int:
    if pence is None or pence < 0:
        raise ScenarioError(ScenarioCode.COST, field="weekly_cost")
    return pence


def _within(values, allowed: set[str], field: str) -> list[str]:
    chosen = list(dict.fromkeys(values or ()))
    if any(value not in allowed for value in chosen):
        raise ScenarioError(ScenarioCode.UNKNOWN_CHOICE, field=field)
    return chosen


def open_homes(
    *,
    count: int | None,
    beds: int | None,
    postcode: str | None,
    area: str | None,
    min_age: int | None,
    max_age: int | None,
    skills=(),
    welsh_speaking: bool = False,
    weekly_cost_pence: int | None,
    known_skills: set[str],
) -> dict[str, Any]:
    count = _count(count, MAX_HOMES)
    if beds is None or beds < 1:
        raise ScenarioError(ScenarioCode.TOO_FEW_BEDS, field="beds")
    if beds > MAX_HOME_BEDS:
        raise ScenarioError(ScenarioCode.TOO_MANY_BEDS, field="beds", most=MAX_HOME_BEDS)
    where = locations.check_where(postcode, area)
    youngest, oldest = _ages(min_age, max_age)
    return {
        "kind": ChangeKind.OPEN_HOMES.value, "count": count, "beds": beds, "where": where,
        "min_age": youngest, "max_age": oldest,
        "skills": _within(skills, known_skills, "skills"),
        "welsh_speaking": bool(welsh_speaking), "weekly_cost_pence": _cost(weekly_cost_pence),
    }  # fmt: skip


def recruit_carers(
    *,
    count: int | None,
    places: int | None,
    postcode: str | None,
    area: str | None,
    min_age: int | None,
    max_age: int | None,
    sexes=(),
    placement_types=(),
    skills=(),
    welsh_speaking: bool = False,
    weekly_cost_pence: int | None,
    fee_level: str | None = None,
    known_skills: set[str],
) -> dict[str, Any]:
    count = _count(count, MAX_CARERS)
    if places is None or not 1 <= places <= MAX_PLACES:
        raise ScenarioError(ScenarioCode.PLACES, field="places", most=MAX_PLACES)
    where = locations.check_where(postcode, area)
    youngest, oldest = _ages(min_age, max_age)
    fee_level = (fee_level or "").strip()[:FEE_LEVEL_LIMIT] or None
    return {
        "kind": ChangeKind.RECRUIT_CARERS.value, "count": count, "places": places,
        "where": where, "min_age": youngest, "max_age": oldest,
        "sexes": _within(sexes, {s.value for s in ChildSex}, "sexes"),
        "placement_types": _within(
            placement_types, {p.value for p in PlacementType}, "placement_types"
        ),
        "skills": _within(skills, known_skills, "skills"),
        "welsh_speaking": bool(welsh_speaking), "weekly_cost_pence": _cost(weekly_cost_pence),
        "fee_level": fee_level,
    }  # fmt: skip


def open_provider_keys() -> dict[str, str]:
    """Every open provider matching can use, by reference (upper case) → matching key."""
    keys: dict[str, str] = {}
    for model, prefix, status in (
        (ChildrensHome, "K", ProviderStatus.ACTIVE.value),
        (Agency, "A", ProviderStatus.ACTIVE.value),
        (FosterCarer, "H", CarerStatus.ACTIVE.value),
    ):
        rows = db.session.execute(select(model.id, model.reference).where(model.status == status))
        keys.update({reference.upper(): f"{prefix}{pk}" for pk, reference in rows})
    return keys


def close_providers(*, chosen=(), references: str = "") -> dict[str, Any]:
    """``chosen``: matching keys ticked on the page; ``references``: typed references
    (carers, homes or agencies), separated by commas, spaces or new lines."""
    known = open_provider_keys()
    keys = set(known.values())
    picked = [key for key in chosen or () if key in keys]
    if len(picked) != len(list(chosen or ())):
        raise ScenarioError(ScenarioCode.UNKNOWN_CHOICE, field="providers")
    for reference in (references or "").replace(",", " ").split():
        key = known.get(reference.upper())
        if key is None:
            raise ScenarioError(
                ScenarioCode.UNKNOWN_PROVIDER, field="references", reference=reference[:20]
            )
        picked.append(key)
    picked = list(dict.fromkeys(picked))
    if not picked:
        raise ScenarioError(ScenarioCode.NO_PROVIDERS, field="providers")
    if len(picked) > MAX_CLOSED:
        raise ScenarioError(ScenarioCode.COUNT, field="references", most=MAX_CLOSED)
    return {"kind": ChangeKind.CLOSE_PROVIDERS.value, "providers": picked}


def not_for_profit_only(existing: list[dict[str, Any]]) -> dict[str, Any]:
    if any(c["kind"] == ChangeKind.NOT_FOR_PROFIT_ONLY.value for c in existing):
        raise ScenarioError(ScenarioCode.ALREADY_NOT_FOR_PROFIT)
    return {"kind": ChangeKind.NOT_FOR_PROFIT_ONLY.value}


def change_rates(*, rate_kind: str | None, percent: str | None) -> dict[str, Any]:
    if rate_kind not in {kind.value for kind in RateKind}:
        raise ScenarioError(ScenarioCode.RATE_KIND, field="rate_kind")
    try:
        value = Decimal((percent or "").strip().rstrip("%").replace("+", "", 1))
    except InvalidOperation:
        raise ScenarioError(ScenarioCode.PERCENT, field="percent") from None
    low, high = PERCENT_RANGE
    if not value.is_finite() or not low <= value <= high or value != round(value, 2):
        raise ScenarioError(ScenarioCode.PERCENT, field="percent")
    return {"kind": ChangeKind.CHANGE_RATES.value, "rate_kind": rate_kind,
            "percent": f"{value.normalize():f}"}  # fmt: skip


def scaled_pence(pence: int, percent: str) -> int:
    """``pence`` moved by ``percent``, rounded half-up to the penny."""
    factor = (Decimal(100) + Decimal(percent)) / Decimal(100)
    return int((Decimal(pence) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- Sentences -----------------------------------------------------------------------


@dataclass(frozen=True)
class Described:
    kind: str
    title: str
    text: str


def _where(where: dict[str, str]) -> str:
    if "postcode" in where:
        return where["postcode"]
    return local_authorities.name(where["area"]) or where["area"]


def provider_names(keys: list[str]) -> dict[str, str]:
    """Matching key → "name (reference)" for the providers named in ``keys``."""
    wanted: dict[str, list[int]] = {"H": [], "K": [], "A": []}
    for key in keys:
        if key[:1] in wanted and key[1:].isdigit():
            wanted[key[0]].append(int(key[1:]))
    names: dict[str, str] = {}
    for prefix, model, label in (
        ("H", FosterCarer, FosterCarer.household_name),
        ("K", ChildrensHome, ChildrensHome.name),
        ("A", Agency, Agency.name),
    ):
        if wanted[prefix]:
            rows = db.session.execute(
                select(model.id, label, model.reference).where(model.id.in_(wanted[prefix]))
            )
            names.update({f"{prefix}{pk}": f"{name} ({ref})" for pk, name, ref in rows})
    return names


def describe(change: dict[str, Any], names: dict[str, str] | None = None) -> Described:
    """The change as a title and a sentence for the page and the export."""
    kind = ChangeKind(change["kind"])
    if kind is ChangeKind.OPEN_HOMES:
        text = _l(
            "%(count)d new council homes of %(beds)d beds each in %(where)s, for ages "
            "%(youngest)d to %(oldest)d, at %(cost)s a week for each child",
            count=change["count"], beds=change["beds"], where=_where(change["where"]),
            youngest=change["min_age"], oldest=change["max_age"],
            cost=money(change["weekly_cost_pence"]),
        )  # fmt: skip
    elif kind is ChangeKind.RECRUIT_CARERS:
        values = {
            "count": change["count"], "places": change["places"],
            "where": _where(change["where"]), "youngest": change["min_age"],
            "oldest": change["max_age"], "cost": money(change["weekly_cost_pence"]),
        }  # fmt: skip
        if change.get("fee_level"):
            text = _l(
                "%(count)d new carer households of %(places)d places each in %(where)s, for "
                "ages %(youngest)d to %(oldest)d, at %(cost)s a week for each child "
                "(%(fee_level)s)",
                fee_level=change["fee_level"],
                **values,
            )
        else:
            text = _l(
                "%(count)d new carer households of %(places)d places each in %(where)s, for "
                "ages %(youngest)d to %(oldest)d, at %(cost)s a week for each child",
                **values,
            )
    elif kind is ChangeKind.CLOSE_PROVIDERS:
        names = names if names is not None else provider_names(change["providers"])
        text = ", ".join(names.get(key, key) for key in change["providers"])
    elif kind is ChangeKind.NOT_FOR_PROFIT_ONLY:
        text = _l("Only not-for-profit agencies and private homes are used")
    else:
        text = _l(
            "%(whose)s: weekly rates change by %(percent)s%%",
            whose=RateKind(change["rate_kind"]).label,
            percent=_signed(change["percent"]),
        )
    return Described(kind=kind.value, title=str(kind.label), text=str(text))


def _signed(percent: str) -> str:
    return percent if percent.startswith("-") else f"+{percent}"
