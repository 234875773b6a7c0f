"""Demo data for placements and commissioning: a council of realistic size.

About 400 looked-after children (360 placed, 40 awaiting a placement), 250 in-house
carer households, 6 council children's homes and 30 independent providers, with a
placement ledger reaching back five years (yearly rate rises, moves and children who
left care), so a matching run on first start and the commissioning dashboard both show
something meaningful.

Everything comes from one seeded random generator, so every laptop gets the same
council. Names are made up: given names from a short list and family names made from
Welsh house names. Rows go in with bulk inserts in one transaction (a second or two),
and ``occupied`` on every provider equals its current placements. Loading is
idempotent: if the demo's first child reference is already there, nothing is added.

The generators (``carer_rows``, ``home_rows``, ``agency_rows``, ``child_row``) are also
used by ``bench/instance_build.py`` to build a much larger council.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import insert, select

from fostering.demo.child_profiles import add_profiles
from fostering.extensions import db
from fostering.models import (
    Agency,
    Child,
    ChildrensHome,
    FosterCarer,
    Placement,
    PlacementRate,
    SafeguardingExclusion,
    SiblingGroup,
    User,
)
from fostering.models.carer import CarerSkill
from fostering.models.placement import EndReason, ProviderType, rate_records
from fostering.models.provider import AgencyKind, LegalForm, is_not_for_profit
from fostering.placements.services.placements import is_out_of_county, km_between
from fostering.services.postcodes import DEMO_FILE
from fostering.services.references import ALPHABET
from fostering.services.transactions import transactional

SEED = 2026
FIRST_REFERENCE = "LAC000001"
YEARLY_RISE = 1.04  # rates rise each April by about this much

DISABILITY = CarerSkill.DISABILITY.value
THERAPEUTIC = CarerSkill.THERAPEUTIC.value
AUTISM = CarerSkill.AUTISM.value
COMPLEX_HEALTH = CarerSkill.COMPLEX_HEALTH.value
BEHAVIOUR = CarerSkill.CHALLENGING_BEHAVIOUR.value
SUBSTANCE = CarerSkill.SUBSTANCE_MISUSE.value
CSE = CarerSkill.CSE_RISK.value
PARENT = CarerSkill.PARENT_AND_CHILD.value
# No provider is ever given all three, so the child who needs them shows an unplaced reason.
RARE_COMBINATION = frozenset({COMPLEX_HEALTH, CSE, SUBSTANCE})

GIVEN_F = (
    "Alaw", "Betsan", "Carys", "Elin", "Ffion", "Gwen", "Hana", "Isla", "Lowri", "Mali",
    "Mared", "Nia", "Non", "Poppy", "Seren", "Tegan", "Wren", "Zara", "Esme", "Lili",
)  # fmt: skip
GIVEN_M = (
    "Aled", "Bryn", "Cai", "Deio", "Elis", "Finn", "Gruff", "Harri", "Ifan", "Jac",
    "Leo", "Macsen", "Noah", "Osian", "Rhys", "Sion", "Tomos", "Ward", "Yusuf", "Zac",
)  # fmt: skip
# Welsh house and farm names: clearly not real people's surnames.
FAMILY = (
    "Afonwen", "Brynglas", "Cae'r Wern", "Coedmawr", "Dolwen", "Esgairdu", "Ffynnonlas",
    "Glanrafon", "Hafodty", "Llwynbedw", "Maesgwyn", "Nantycaws", "Pantglas", "Penrhos",
    "Rhosfawr", "Tanybryn", "Tircoed", "Trefaes", "Waunfawr", "Ynysgain",
)  # fmt: skip
HOME_NAMES = ("Tŷ Derw", "Tŷ Celyn", "Bryn Heulog", "Nant y Coed", "Tŷ Onnen", "Maes y Wennol")
AGENCY_WORDS = (
    "Cwtsh", "Harbour", "Lantern", "Meadow", "Beacon", "Hearth", "Compass", "Riverside",
    "Skylark", "Oakfield", "Keystone", "Bridgeway", "Heron", "Willow", "Cornerstone",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    """A demo postcode with its grid reference and local authority."""

    postcode: str
    easting: int
    northing: int
    local_authority: str

    def located(self) -> dict[str, Any]:
        """The columns every provider row has for where it is."""
        return {
            "postcode": self.postcode,
            "easting": self.easting,
            "northing": self.northing,
            "local_authority": self.local_authority,
        }


@dataclass
class Places:
    """The demo postcodes, split into the council's own and everyone else's."""

    council: list[Place]
    elsewhere: list[Place]
    council_la: str

    def pick(self, rng: random.Random, in_county: float) -> Place:
        return rng.choice(self.council if rng.random() < in_county else self.elsewhere)


def demo_places() -> Places:
    """The demo postcode directory file, read directly (the table may hold the real ONS one)."""
    with DEMO_FILE.open(newline="", encoding="utf-8-sig") as handle:
        rows = [
            Place(row["pcds"], int(row["oseast1m"]), int(row["osnrth1m"]), row["oslaua"])
            for row in csv.DictReader(handle)
        ]
    council_la = current_app.config["COUNCIL_LA_CODE"]
    if not any(place.local_authority == council_la for place in rows):
        council_la = "W06000015"  # the demo file is built around Cardiff
    council = [place for place in rows if place.local_authority == council_la]
    return Places(council, [place for place in rows if place not in council], council_la)


# --- Providers ------------------------------------------------------------------------


@dataclass(frozen=True)
class CarerProfile:
    weight: int
    ages: tuple[tuple[int, int], ...]
    types: tuple[tuple[str, ...], ...]
    skills: tuple[str, ...]  # drawn from (0-2 of them)
    allowance: tuple[int, int]  # pounds a week
    places: tuple[int, ...]  # drawn uniformly


CARER_PROFILES = {
    "young": CarerProfile(
        20, ((0, 5), (0, 8)), (("emergency", "short_term"), ("short_term",)),
        (COMPLEX_HEALTH, DISABILITY), (250, 300), (1, 1, 1, 1, 2),
    ),
    "primary": CarerProfile(
        26, ((0, 11), (4, 11), (5, 12)), (("short_term", "long_term"), ("long_term",)),
        (AUTISM, THERAPEUTIC, DISABILITY), (270, 340), (1, 1, 1, 1, 2, 3),
    ),
    "any": CarerProfile(
        18, ((0, 18), (2, 18)), (("emergency", "short_term"), ("short_term", "long_term")),
        (THERAPEUTIC, BEHAVIOUR), (280, 360), (1, 1, 1, 1, 2),
    ),
    "teen": CarerProfile(
        18, ((11, 18), (12, 18), (10, 18)), (("short_term", "long_term"), ("short_term",)),
        (BEHAVIOUR, SUBSTANCE, CSE, THERAPEUTIC), (340, 450), (1, 1, 1, 1, 2),
    ),
    "specialist": CarerProfile(
        6, ((0, 17), (5, 18)), (("short_term", "long_term"),),
        (DISABILITY, COMPLEX_HEALTH, AUTISM), (400, 450), (1, 1, 1, 2),
    ),
    "respite": CarerProfile(
        8, ((0, 17), (5, 17)), (("respite",),), (DISABILITY, AUTISM), (250, 300), (1, 2),
    ),
    "parent": CarerProfile(2, ((14, 18),), (("parent_and_child",),), (PARENT,), (420, 450), (1,)),
}  # fmt: skip


# The demo's not-for-profit providers take the 2025 Act's four forms in turn, and one in
# five is still "to confirm" (as the old yes/no register left them).
_NFP_FORMS = (
    LegalForm.CHARITABLE_COMPANY,
    LegalForm.CIO,
    LegalForm.CHARITABLE_SOCIETY,
    LegalForm.CIC,
    LegalForm.NOT_FOR_PROFIT_TO_CONFIRM,
)


def _legal_form(not_for_profit: bool, number: int) -> str:
    """An agency's legal form, without another draw from the seeded generator."""
    if not not_for_profit:
        return LegalForm.FOR_PROFIT.value
    return _NFP_FORMS[number % len(_NFP_FORMS)].value


def _without_rare(skills: list[str]) -> list[str]:
    if RARE_COMBINATION <= set(skills):
        skills = [skill for skill in skills if skill != SUBSTANCE]
    return skills


def _carer_reference(rng: random.Random, taken: set[str]) -> str:
    while True:
        reference = "FC-" + "".join(rng.choice(ALPHABET) for _ in range(6))
        if reference not in taken:
            taken.add(reference)
            return reference


def _next_review(rng: random.Random, approved_on: date, today: date) -> date:
    """The next anniversary of approval; about one in thirty is a little overdue."""
    due = approved_on
    while due <= today:
        due = due.replace(year=due.year + 1, day=min(due.day, 28))
    if rng.random() < 1 / 30:
        due = due.replace(year=due.year - 1, day=min(due.day, 28))
    return due


def carer_rows(
    rng: random.Random, count: int, places: Places, *, today: date, taken: set[str]
) -> list[dict[str, Any]]:
    """``count`` in-house households (about 85 % in county, 20 % Welsh-speaking)."""
    names = list(CARER_PROFILES)
    weights = [CARER_PROFILES[name].weight for name in names]
    rows = []
    for _ in range(count):
        kind = rng.choices(names, weights)[0]
        profile = CARER_PROFILES[kind]
        min_age, max_age = rng.choice(profile.ages)
        skills = rng.sample(profile.skills, k=min(len(profile.skills), rng.choice((0, 1, 1, 2))))
        if kind == "parent":
            skills = [PARENT]
        place = places.pick(rng, 0.85)
        approved_on = today - timedelta(days=rng.randint(120, 15 * 365))
        sexes = rng.choices(([], ["F"], ["M"]), (85, 10, 5))[0]
        low, high = profile.allowance
        rows.append(
            {
                "reference": _carer_reference(rng, taken),
                "household_name": f"The {rng.choice(FAMILY)} household",
                **place.located(),
                "approved_on": approved_on,
                "places": rng.choice(profile.places),
                "min_age": min_age,
                "max_age": max_age,
                "sexes": sexes,
                "placement_types": list(rng.choice(profile.types)),
                "skills": _without_rare(skills),
                "welsh_speaking": rng.random() < 0.2,
                "weekly_allowance_pence": rng.randint(low, high) * 100,
                "occupied": 0,
                "status": "on_hold" if rng.random() < 0.04 else "active",
                "annual_review_due": _next_review(rng, approved_on, today),
            }
        )
    return rows


def home_rows(
    rng: random.Random, count: int, places: Places, *, prefix: str = "CH-DEMO"
) -> list[dict[str, Any]]:
    """Council children's homes: 3-5 beds, ages 8-17 or 11-17, £3,500-£5,500 a week."""
    rows = []
    for number in range(1, count + 1):
        place = places.pick(rng, 0.95)
        name = HOME_NAMES[(number - 1) % len(HOME_NAMES)]
        if count > len(HOME_NAMES):
            name = f"{name} {number}"
        rows.append(
            {
                "reference": f"{prefix}{number:02d}",
                "name": name,
                "beds": rng.choice((3, 4, 5, 5)),
                "occupied": 0,
                "min_age": rng.choice((8, 10, 11)),
                "max_age": 17,
                "sexes": [],
                "placement_types": [],
                "skills": _without_rare(rng.sample((THERAPEUTIC, BEHAVIOUR, CSE, AUTISM), k=2)),
                "welsh_speaking": rng.random() < 0.2,
                "weekly_cost_pence": rng.randint(70, 110) * 5_000,
                **place.located(),
            }
        )
    return rows


def agency_rows(
    rng: random.Random, count: int, places: Places, *, prefix: str = "AG-DEMO"
) -> list[dict[str, Any]]:
    """Independent providers: two thirds fostering agencies, a quarter private homes."""
    rows = []
    for number in range(1, count + 1):
        share = number / count
        kind = (
            AgencyKind.FOSTERING_AGENCY
            if share <= 0.67
            else AgencyKind.PRIVATE_HOME
            if share <= 0.94
            else AgencyKind.OTHER
        )
        place = places.pick(rng, 0.3)  # most are out of county
        word = AGENCY_WORDS[(number - 1) % len(AGENCY_WORDS)]
        if kind is AgencyKind.FOSTERING_AGENCY:
            name, cost = f"{word} Fostering", rng.randint(160, 240) * 500
            offered = None if rng.random() < 0.2 else rng.randint(4, 15)
            skills = rng.sample(
                (DISABILITY, THERAPEUTIC, AUTISM, COMPLEX_HEALTH, BEHAVIOUR, SUBSTANCE, CSE),
                k=rng.randint(2, 5),
            )
            if rng.random() < 0.15:
                skills.append(PARENT)
            ages = (0, 17)
        elif kind is AgencyKind.PRIVATE_HOME:
            name, cost = f"{word} Children's Homes", rng.randint(80, 150) * 5_000
            offered = rng.randint(2, 6)
            skills = rng.sample((THERAPEUTIC, BEHAVIOUR, CSE, SUBSTANCE, AUTISM), k=3)
            ages = rng.choice(((8, 17), (11, 17)))
        else:
            name, cost = f"{word} Supported Lodgings", rng.randint(50, 90) * 1_000
            offered, skills, ages = None, [], (16, 17)
        if count > len(AGENCY_WORDS):
            name = f"{name} {number}"
        rows.append(
            {
                "reference": f"{prefix}{number:02d}",
                "name": name,
                "kind": kind.value,
                "legal_form": _legal_form(rng.random() < 0.3, number),
                "places": offered,
                "occupied": 0,
                "min_age": ages[0],
                "max_age": ages[1],
                "sexes": [],
                "placement_types": [],
                "skills": _without_rare(skills),
                "welsh_speaking": rng.random() < 0.2,
                "weekly_cost_pence": cost,
                **place.located(),
            }
        )
    return rows


# --- Children ---------------------------------------------------------------------------


def birth_date(rng: random.Random, age: int, today: date) -> date:
    """A date of birth that makes the child exactly ``age`` today."""
    anchor = date(today.year - age, today.month, min(today.day, 28))
    return anchor - timedelta(days=rng.randint(1, 360))


def child_row(
    rng: random.Random,
    reference: str,
    *,
    today: date,
    age: int,
    sex: str,
    setting: str,
    placement_type: str,
    home: Place,
    needs: Sequence[str] = (),
    status: str = "placed",
    school: Place | None = None,
    welsh: bool = False,
    urgency: str = "planned",
    date_needed: date | None = None,
    family_name: str | None = None,
    date_of_birth: date | None = None,
    sibling_group_id: int | None = None,
    social_worker_id: int | None = None,
) -> dict[str, Any]:
    given = rng.choice(GIVEN_F if sex == "F" else GIVEN_M if sex == "M" else GIVEN_F + GIVEN_M)
    return {
        "reference": reference,
        "given_name": given,
        "family_name": family_name or rng.choice(FAMILY),
        "date_of_birth": date_of_birth or birth_date(rng, age, today),
        "sex": sex,
        "setting": setting,
        "placement_type": placement_type,
        "urgency": urgency,
        "date_needed": date_needed,
        "needs": list(needs),
        "welsh_speaking": welsh,
        "status": status,
        "sibling_group_id": sibling_group_id,
        "home_postcode": home.postcode,
        "home_easting": home.easting,
        "home_northing": home.northing,
        "home_local_authority": home.local_authority,
        "school_postcode": school.postcode if school else None,
        "school_easting": school.easting if school else None,
        "school_northing": school.northing if school else None,
        "social_worker_id": social_worker_id,
    }


def resident_for(
    rng: random.Random, terms: dict[str, Any], setting: str
) -> tuple[int, str, str, list[str]]:
    """Age, sex, placement type and needs of a child who fits a provider's terms."""
    age = rng.randint(terms["min_age"], min(terms["max_age"], 17))
    sex = rng.choice(terms["sexes"]) if terms["sexes"] else rng.choices("FMX", (49, 49, 2))[0]
    types = terms["placement_types"] or ["short_term", "long_term", "long_term"]
    kind = rng.choice([value for value in types if value != "respite"] or ["short_term"])
    skills = terms["skills"]
    needs = rng.sample(skills, k=min(len(skills), rng.choice((0, 0, 1, 1, 2))))
    if kind == "parent_and_child":
        needs = [PARENT]
    elif setting == "foster":
        needs = [need for need in needs if need != PARENT]
    return age, sex, kind, needs


def insert_returning_ids(model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert; the new ids in the order of ``rows``."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


# --- The ledger -------------------------------------------------------------------------


def _rate_year(day: date) -> int:
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


def rate_rows(start: date, end: date | None, current_pence: int, today: date) -> list[tuple]:
    """(effective_from, weekly pence) from the start and each 1 April after it.

    The rate in force today is ``current_pence``; earlier years are about 4 % lower each,
    rounded to whole pounds.
    """
    last = min(end or today, today)
    this_year = _rate_year(today)

    def price(day: date) -> int:
        years = this_year - _rate_year(day)
        return round(current_pence / YEARLY_RISE**years / 100) * 100

    rows = [(start, price(start))]
    april = date(_rate_year(start) + 1, 4, 1)
    while april <= last:
        rows.append((april, price(april)))
        april = date(april.year + 1, 4, 1)
    return rows


@dataclass
class Provider:
    """A provider row with its id, as the ledger needs it."""

    kind: str  # "carer", "home" or "agency"
    id: int
    row: dict[str, Any]
    provider_type: ProviderType
    residents: list[int] = field(default_factory=list)  # positions in ``Ledger.children``

    @property
    def setting(self) -> str:
        if self.kind == "carer" or self.provider_type is ProviderType.FOSTERING_AGENCY:
            return "foster"
        return "residential"


@dataclass
class Ledger:
    """Children and placements waiting to be inserted."""

    children: list[dict[str, Any]] = field(default_factory=list)
    # (child position, provider, start, end or None, current weekly pence)
    placements: list[tuple[int, Provider, date, date | None, int]] = field(default_factory=list)

    def add_child(self, row: dict[str, Any]) -> int:
        self.children.append(row)
        return len(self.children) - 1


def _start_for(rng: random.Random, placement_type: str, setting: str, today: date) -> date:
    """A realistic start: long-term placements years ago, emergencies lately."""
    if placement_type == "long_term":
        days = rng.randint(180, 5 * 365)
    elif placement_type in ("emergency", "parent_and_child"):
        days = rng.randint(3, 120)
    elif setting == "residential":
        days = rng.randint(30, 3 * 365)
    else:
        days = rng.randint(14, 2 * 365)
    return today - timedelta(days=days)


def _cost_for(rng: random.Random, provider: Provider) -> int:
    """This year's weekly cost of one placement: agencies' prices vary by child."""
    if provider.kind == "carer":
        return provider.row["weekly_allowance_pence"]
    if provider.kind == "home":
        return provider.row["weekly_cost_pence"]
    return int(provider.row["weekly_cost_pence"] * rng.uniform(0.95, 1.15) / 500) * 500


def place_residents(
    rng: random.Random,
    ledger: Ledger,
    provider: Provider,
    how_many: int,
    places: Places,
    *,
    today: date,
    next_reference,
    social_worker_id: int | None,
) -> None:
    """Add ``how_many`` children currently placed with ``provider`` (fitting its terms)."""
    for _ in range(how_many):
        age, sex, kind, needs = resident_for(rng, provider.row, provider.setting)
        born = birth_date(rng, age, today)
        start = max(_start_for(rng, kind, provider.setting, today), born + timedelta(days=7))
        position = ledger.add_child(
            child_row(
                rng,
                next_reference(),
                today=today,
                age=age,
                sex=sex,
                setting=provider.setting,
                placement_type=kind,
                needs=needs,
                home=places.pick(rng, 0.85),
                school=places.pick(rng, 0.9) if age >= 5 else None,
                welsh=rng.random() < (0.5 if provider.row["welsh_speaking"] else 0.1),
                date_of_birth=born,
                social_worker_id=social_worker_id,
            )
        )
        provider.residents.append(position)
        ledger.placements.append((position, provider, start, None, _cost_for(rng, provider)))


def _earlier_provider(rng: random.Random, providers: list[Provider], setting: str) -> Provider:
    return rng.choice([p for p in providers if p.setting == setting])


def add_history(
    rng: random.Random,
    ledger: Ledger,
    providers: list[Provider],
    places: Places,
    *,
    today: date,
    moves: int,
    next_reference,
    worker: int | None,
) -> None:
    """Ended placements: earlier homes of children who moved, and children who left care."""
    current = list(ledger.placements)
    rng.shuffle(current)
    made = 0
    for position, provider, start, _end, _cost in current:
        if made >= moves:
            break
        born = ledger.children[position]["date_of_birth"]
        end = start - timedelta(days=1)
        begun = end - timedelta(days=rng.randint(30, 540))
        if begun < born + timedelta(days=7) or start < today - timedelta(days=3 * 365):
            continue
        earlier = _earlier_provider(rng, providers, provider.setting)
        ledger.placements.append((position, earlier, begun, end, _cost_for(rng, earlier)))
        made += 1
    _add_leavers(rng, ledger, providers, places, today, next_reference, worker)


LEDGER_MONTHS = 26  # how far back the number of children placed is kept steady


def _add_leavers(
    rng: random.Random,
    ledger: Ledger,
    providers: list[Provider],
    places: Places,
    today: date,
    next_reference,
    worker: int | None,
) -> None:
    """Children who have left care: enough, month by month, to keep the number placed
    growing slowly (5 % over two years) up to today's, as a real council's does."""
    now = sum(1 for placement in ledger.placements if placement[3] is None)
    days = {m: today - timedelta(days=round(m * 30.44)) for m in range(LEDGER_MONTHS + 1)}
    target = {m: round(now * (1 - 0.05 * m / 24)) for m in days}
    active = {
        m: sum(1 for p in ledger.placements if p[2] <= days[m] <= (p[3] or today)) for m in days
    }
    for month in range(LEDGER_MONTHS, 0, -1):
        for _ in range(max(target[month] - active[month], 0)):
            # Stay while later months are short of their number (about 14 months on
            # average); end before the first month that is not.
            last = month
            while last > 1 and active[last - 1] < target[last - 1] and rng.random() < 0.93:
                last -= 1
            for covered in range(last, month + 1):
                active[covered] += 1
            end = days[last] + timedelta(
                days=rng.randint(0, (days[last - 1] - days[last]).days - 1)
            )
            # The first month's children may have come into care years before it.
            since = 3 * 365 if month == LEDGER_MONTHS else 30
            begun = days[month] - timedelta(days=rng.randint(0, since))
            _add_left_care(
                rng, ledger, providers, places, begun, end, today, next_reference, worker
            )


def _add_left_care(
    rng: random.Random,
    ledger: Ledger,
    providers: list[Provider],
    places: Places,
    begun: date,
    end: date,
    today: date,
    next_reference,
    worker: int | None,
) -> None:
    """A child placed from ``begun`` to ``end``, who then left care."""
    age_then = 18 if rng.random() < 0.35 else rng.randint(2, 17)  # 18: aged out
    born = end.replace(year=end.year - age_then, day=min(end.day, 28))
    if age_then < 18:  # went home, to family, or was adopted
        born -= timedelta(days=rng.randint(1, 300))
    begun = max(begun, born + timedelta(days=7))
    setting = "residential" if age_then >= 10 and rng.random() < 0.15 else "foster"
    provider = _earlier_provider(rng, providers, setting)
    position = ledger.add_child(
        child_row(
            rng,
            next_reference(),
            today=today,
            age=0,  # unused: the date of birth is given
            sex=rng.choice("FM"),
            setting=setting,
            placement_type="long_term" if (end - begun).days > 365 else "short_term",
            home=places.pick(rng, 0.85),
            status="closed",
            date_of_birth=born,
            social_worker_id=worker,
        )
    )
    ledger.placements.append((position, provider, begun, end, _cost_for(rng, provider)))


HISTORY_SEED = 20261206
RECENT_MOVES = 24  # children given a third placement in about a year (PM33)


def add_recent_moves(
    rng: random.Random, ledger: Ledger, providers: list[Provider], *, today: date, how_many: int
) -> None:
    """Give some children who moved lately one more short placement before their first,
    so that a few have had three placements in about a year and several two: the
    stability pages and the flag before a third move have someone true to show."""
    first: dict[int, tuple[date, Provider]] = {}
    for position, provider, start, _end, _cost in ledger.placements:
        if position not in first or start < first[position][0]:
            first[position] = (start, provider)
    recent = sorted(
        position
        for position, (start, _provider) in first.items()
        if today - timedelta(days=300) <= start <= today - timedelta(days=40)
        and ledger.children[position]["status"] != "closed"
    )
    rng.shuffle(recent)
    for position in recent[:how_many]:
        start, provider = first[position]
        end = start - timedelta(days=1)
        begun = end - timedelta(days=rng.randint(30, 90))
        if begun < ledger.children[position]["date_of_birth"] + timedelta(days=7):
            continue
        earlier = _earlier_provider(rng, providers, provider.setting)
        ledger.placements.append((position, earlier, begun, end, _cost_for(rng, earlier)))


# Why a placement ended when the child moved on, with how often and the chance it was
# planned; and when the child then left care.
MOVE_REASONS = (
    (EndReason.PLANNED_MOVE, 45, 1.0),
    (EndReason.CARER_REQUEST, 20, 0.3),
    (EndReason.DISRUPTION, 15, 0.0),
    (EndReason.CHILD_REQUEST, 8, 0.2),
    (EndReason.ALLEGATION, 4, 0.0),
    (EndReason.OTHER, 8, 0.5),
)
LEAVING_REASONS = (
    (EndReason.RETURNED_HOME, 50, 0.7),
    (EndReason.ADOPTION, 25, 1.0),
    (EndReason.SPECIAL_GUARDIANSHIP, 20, 1.0),
    (EndReason.OTHER, 5, 0.5),
)


@dataclass
class PlacementLives:
    """The columns a placement's life adds: why it ended and whether that was planned,
    and the school the child went to from it (a change when it differs from the last)."""

    rng: random.Random
    places: Places

    def _reason(self, table) -> tuple[str, bool]:
        reasons = [reason for reason, _weight, _planned in table]
        weights = [weight for _reason, weight, _planned in table]
        reason = self.rng.choices(reasons, weights)[0]
        planned = next(p for r, _w, p in table if r is reason)
        return reason.value, self.rng.random() < planned

    def columns(self, ledger: Ledger) -> list[dict[str, Any]]:
        """One dict of extra columns per ``ledger.placements`` row, in its order."""
        extra: list[dict[str, Any]] = [{} for _ in ledger.placements]
        by_child: dict[int, list[int]] = {}
        for index, (position, _p, _start, _end, _cost) in enumerate(ledger.placements):
            by_child.setdefault(position, []).append(index)
        for position in sorted(by_child):
            child = ledger.children[position]
            indexes = sorted(by_child[position], key=lambda i: ledger.placements[i][2])
            # Schools newest first: the latest is the child's school now.
            school = child.get("school_postcode")
            for order in range(len(indexes) - 1, -1, -1):
                index = indexes[order]
                _pos, _provider, start, end, _cost = ledger.placements[index]
                columns = extra[index]
                if end is not None:
                    if order + 1 < len(indexes):
                        reason, planned = self._reason(MOVE_REASONS)
                    elif child["date_of_birth"] <= end.replace(
                        year=end.year - 18, day=min(end.day, 28)
                    ):
                        reason, planned = EndReason.LEAVING_CARE.value, True
                    else:
                        reason, planned = self._reason(LEAVING_REASONS)
                    columns["end_reason"], columns["end_planned"] = reason, planned
                at_school = start >= child["date_of_birth"] + timedelta(days=5 * 365)
                if school is None or not at_school:
                    columns["school_postcode"], columns["school_changed"] = None, None
                    school = None
                    continue
                columns["school_postcode"] = school
                # A move more often means a new school than coming into care does.
                changed = self.rng.random() < (0.35 if order else 0.15)
                columns["school_changed"] = changed
                if changed:
                    school = self.places.pick(self.rng, 0.9).postcode
        return extra


def insert_ledger(ledger: Ledger, today: date, annotate: PlacementLives | None = None) -> list[int]:
    """Insert the children, placements and rates; return the children's ids."""
    child_ids = insert_returning_ids(Child, ledger.children)
    placement_rows = []
    extra = annotate.columns(ledger) if annotate else [{} for _ in ledger.placements]
    for (position, provider, start, end, _cost), columns in zip(
        ledger.placements, extra, strict=True
    ):
        child = ledger.children[position]
        row = provider.row
        placement_rows.append(
            {
                "child_id": child_ids[position],
                "carer_id": provider.id if provider.kind == "carer" else None,
                "home_id": provider.id if provider.kind == "home" else None,
                "agency_id": provider.id if provider.kind == "agency" else None,
                "provider_type": provider.provider_type.value,
                "not_for_profit": is_not_for_profit(row.get("legal_form", "local_authority")),
                "out_of_county": is_out_of_county(row["local_authority"]),
                "distance_km": km_between(
                    (child["home_easting"], child["home_northing"]),
                    (row["easting"], row["northing"]),
                ),
                "start_date": start,
                "end_date": end,
                "end_reason": None,
                "end_planned": None,
                "school_postcode": None,
                "school_changed": None,
                **columns,
            }
        )
    placement_ids = insert_returning_ids(Placement, placement_rows)
    rates = [
        rate
        for placement_id, (_p, _prov, start, end, cost) in zip(
            placement_ids, ledger.placements, strict=True
        )
        for rate in rate_records(placement_id, rate_rows(start, end, cost, today), end)
    ]
    db.session.execute(insert(PlacementRate), rates)
    return child_ids


def insert_providers(carers: list[dict], homes: list[dict], agencies: list[dict]) -> list[Provider]:
    """Insert the providers (``occupied`` as already counted in the rows)."""
    providers = [
        Provider("carer", id_, row, ProviderType.IN_HOUSE_FOSTER)
        for id_, row in zip(insert_returning_ids(FosterCarer, carers), carers, strict=True)
    ]
    providers += [
        Provider("home", id_, row, ProviderType.COUNCIL_HOME)
        for id_, row in zip(insert_returning_ids(ChildrensHome, homes), homes, strict=True)
    ]
    agency_types = {
        AgencyKind.FOSTERING_AGENCY.value: ProviderType.FOSTERING_AGENCY,
        AgencyKind.PRIVATE_HOME.value: ProviderType.PRIVATE_RESIDENTIAL,
        AgencyKind.OTHER.value: ProviderType.OTHER,
    }
    providers += [
        Provider("agency", id_, row, agency_types[row["kind"]])
        for id_, row in zip(insert_returning_ids(Agency, agencies), agencies, strict=True)
    ]
    return providers


# --- The demo council --------------------------------------------------------------------

CURRENTLY_PLACED = 360
HOMES_FREE_BEDS = 2  # two council beds free, the rest full
CARERS_WITH_ROOM = 26  # active carers with one place free
CARERS_WITH_TWO = 4  # and with two (so a pair of siblings can stay together)


@dataclass(frozen=True)
class Awaiting:
    """One of the 40 children waiting: the situations a placement officer meets."""

    age: int
    sex: str
    setting: str
    placement_type: str
    needs: tuple[str, ...] = ()
    urgency: str = "planned"
    welsh: bool = False
    group: str | None = None  # sibling group key
    may_split: bool = False


F, R = "foster", "residential"
ST, LT, EM, PC = "short_term", "long_term", "emergency", "parent_and_child"
AWAITING = (
    Awaiting(0, "F", F, EM, urgency="immediate"),
    Awaiting(1, "M", F, ST, urgency="urgent"),
    Awaiting(2, "M", F, ST, (COMPLEX_HEALTH,)),
    Awaiting(3, "F", F, ST, urgency="urgent", welsh=True),
    Awaiting(4, "F", F, ST, urgency="urgent", group="A"),
    Awaiting(6, "M", F, ST, urgency="urgent", group="A"),
    Awaiting(7, "M", F, LT, welsh=True, group="B", may_split=True),
    Awaiting(9, "F", F, LT, welsh=True, group="B", may_split=True),
    Awaiting(12, "F", F, LT, welsh=True, group="B", may_split=True),
    Awaiting(5, "M", F, LT, (AUTISM,)),
    Awaiting(6, "F", F, LT, welsh=True),
    Awaiting(8, "M", F, ST, (BEHAVIOUR,), urgency="urgent"),
    Awaiting(8, "F", F, EM, urgency="immediate"),
    Awaiting(9, "M", F, LT, (DISABILITY,)),
    Awaiting(10, "F", F, ST, urgency="urgent", welsh=True),
    Awaiting(11, "M", F, ST, (THERAPEUTIC,)),
    Awaiting(11, "M", F, LT, group="C"),
    Awaiting(13, "M", F, LT, group="C"),
    Awaiting(12, "F", F, LT, (CSE,), urgency="urgent"),
    Awaiting(13, "M", F, ST, (BEHAVIOUR,), urgency="urgent"),
    Awaiting(13, "F", F, ST, welsh=True),
    Awaiting(14, "M", F, EM, (SUBSTANCE,), urgency="immediate"),
    Awaiting(14, "F", F, LT, (THERAPEUTIC,)),
    Awaiting(15, "M", F, ST, (BEHAVIOUR, SUBSTANCE), urgency="urgent"),
    Awaiting(15, "F", F, ST, (CSE,), urgency="urgent"),
    Awaiting(15, "X", F, LT),
    Awaiting(16, "M", F, ST, urgency="urgent", welsh=True),
    Awaiting(16, "F", F, LT, (AUTISM,)),
    Awaiting(17, "F", F, PC, (PARENT,), urgency="urgent"),
    Awaiting(16, "M", F, ST, tuple(sorted(RARE_COMBINATION)), urgency="urgent"),
    Awaiting(3, "M", F, LT, (DISABILITY, COMPLEX_HEALTH)),
    Awaiting(7, "F", F, ST),
    Awaiting(14, "F", F, ST, urgency="urgent", group="D", may_split=True),
    Awaiting(16, "F", F, ST, urgency="urgent", group="D", may_split=True),
    Awaiting(12, "M", R, ST, (BEHAVIOUR,), urgency="urgent"),
    Awaiting(14, "F", R, LT, (THERAPEUTIC,)),
    Awaiting(15, "M", R, ST, (BEHAVIOUR, SUBSTANCE), urgency="immediate"),
    Awaiting(16, "F", R, LT, (CSE, THERAPEUTIC), urgency="urgent"),
    Awaiting(13, "M", R, LT, (AUTISM, BEHAVIOUR)),
    Awaiting(17, "M", R, ST, (SUBSTANCE,), urgency="urgent", welsh=True),
)  # fmt: skip


def _date_needed(rng: random.Random, urgency: str, today: date) -> date:
    if urgency == "immediate":
        return today
    if urgency == "urgent":
        return today + timedelta(days=rng.randint(2, 7))
    return today + timedelta(days=rng.randint(14, 60))


def _fill(rng: random.Random, carers: list[dict], homes: list[dict]) -> None:
    """Decide ``occupied``: full, except a few carers' places and two council beds."""
    for row in homes:
        row["occupied"] = row["beds"]
    for row in rng.sample(homes, HOMES_FREE_BEDS):
        row["occupied"] -= 1
    usable = [
        row for row in carers if row["status"] == "active" and row["placement_types"] != ["respite"]
    ]
    for row in usable:
        row["occupied"] = row["places"]
    roomy = [row for row in usable if row["places"] >= 2 and row["min_age"] <= 4]
    for row in rng.sample(roomy, CARERS_WITH_TWO):
        row["occupied"] -= 2
    chosen = rng.sample(
        [row for row in usable if row["occupied"] == row["places"]], CARERS_WITH_ROOM
    )
    for row in chosen:
        row["occupied"] -= 1


def _fill_agencies(rng: random.Random, agencies: list[dict], count: dict[str, int]) -> None:
    """Share ``count[kind]`` current placements among the agencies of each kind."""
    for kind, total in count.items():
        rows = [row for row in agencies if row["kind"] == kind]
        for _ in range(total):
            room = [r for r in rows if r["places"] is None or r["occupied"] < r["places"] - 1]
            room = room or [r for r in rows if r["places"] is None or r["occupied"] < r["places"]]
            rng.choice(room)["occupied"] += 1


def is_loaded() -> bool:
    return db.session.scalar(select(Child.id).where(Child.reference == FIRST_REFERENCE)) is not None


@transactional
def load_placements_demo(today: date | None = None) -> bool:
    """Load the demo council unless it is there already; True when it was loaded."""
    if is_loaded():
        return False
    today = today or date.today()
    rng = random.Random(SEED)
    places = demo_places()
    worker = db.session.scalar(select(User.id).where(User.email == "social.worker@demo.example"))
    taken = set(db.session.scalars(select(FosterCarer.reference)))

    carers = carer_rows(rng, 250, places, today=today, taken=taken)
    homes = home_rows(rng, 6, places)
    agencies = agency_rows(rng, 30, places)
    _fill(rng, carers, homes)
    in_house = sum(row["occupied"] for row in carers) + sum(row["occupied"] for row in homes)
    private, other = 14, 2
    fostering = max(CURRENTLY_PLACED - in_house - private - other, 30)
    _fill_agencies(
        rng,
        agencies,
        {
            AgencyKind.FOSTERING_AGENCY.value: fostering,
            AgencyKind.PRIVATE_HOME.value: private,
            AgencyKind.OTHER.value: other,
        },
    )
    providers = insert_providers(carers, homes, agencies)

    numbers = iter(range(1, 10_000))

    def next_reference() -> str:
        return f"LAC{next(numbers):06d}"

    ledger = Ledger()
    awaiting_positions = _add_awaiting(rng, ledger, places, today, next_reference, worker)
    for provider in providers:
        place_residents(
            rng,
            ledger,
            provider,
            provider.row["occupied"],
            places,
            today=today,
            next_reference=next_reference,
            social_worker_id=worker,
        )
    add_history(
        rng,
        ledger,
        providers,
        places,
        today=today,
        moves=90,
        next_reference=next_reference,
        worker=worker,
    )
    # The placements' life (second moves, endings' reasons, school changes) comes from
    # its own generator, so the children, providers and matching run stay as they were.
    history = random.Random(HISTORY_SEED)
    add_recent_moves(history, ledger, providers, today=today, how_many=RECENT_MOVES)
    child_ids = insert_ledger(ledger, today, annotate=PlacementLives(history, places))
    _add_exclusions(rng, providers, awaiting_positions, child_ids)
    add_profiles(today)
    return True


def _add_awaiting(
    rng: random.Random,
    ledger: Ledger,
    places: Places,
    today: date,
    next_reference,
    worker: int | None,
) -> list[int]:
    """The 40 children waiting, siblings sharing a family name, home and school."""
    groups: dict[str, dict[str, Any]] = {}
    for key in sorted({spec.group for spec in AWAITING if spec.group}):
        may_split = next(spec.may_split for spec in AWAITING if spec.group == key)
        groups[key] = {
            "reference": f"SG-DEMO-{key}",
            "may_split": may_split,
            "family": rng.choice(FAMILY),
            "home": rng.choice(places.council),
            "school": rng.choice(places.council),
        }
    group_ids = dict(
        zip(
            groups,
            insert_returning_ids(
                SiblingGroup,
                [
                    {"reference": g["reference"], "may_split": g["may_split"]}
                    for g in groups.values()
                ],
            ),
            strict=True,
        )
    )
    positions = []
    for spec in AWAITING:
        group = groups.get(spec.group) if spec.group else None
        home = group["home"] if group else places.pick(rng, 0.9)
        school = group["school"] if group else rng.choice(places.council)
        positions.append(
            ledger.add_child(
                child_row(
                    rng,
                    next_reference(),
                    today=today,
                    age=spec.age,
                    sex=spec.sex,
                    setting=spec.setting,
                    placement_type=spec.placement_type,
                    needs=spec.needs,
                    status="awaiting",
                    home=home,
                    school=school if spec.age >= 4 else None,
                    welsh=spec.welsh,
                    urgency=spec.urgency,
                    date_needed=_date_needed(rng, spec.urgency, today),
                    family_name=group["family"] if group else None,
                    sibling_group_id=group_ids[spec.group] if spec.group else None,
                    social_worker_id=worker,
                )
            )
        )
    return positions


def _add_exclusions(
    rng: random.Random, providers: list[Provider], awaiting: list[int], child_ids: list[int]
) -> None:
    """A few children who must not live with someone: a resident of a home with a free
    bed, a resident of a carer with room, and two waiting boys who must be kept apart."""
    by_age = defaultdict(list)
    for position, spec in zip(awaiting, AWAITING, strict=True):
        by_age[(spec.setting, spec.age, spec.sex)].append(position)
    teen_boy = next(
        p
        for p, spec in zip(awaiting, AWAITING, strict=True)
        if spec.welsh and (spec.setting, spec.age, spec.sex) == (F, 16, "M")
    )

    def takes(p: Provider, age: int) -> bool:
        terms = p.row
        return (
            terms["min_age"] <= age <= terms["max_age"]
            and (not terms["sexes"] or "M" in terms["sexes"])
            and (not terms["placement_types"] or ST in terms["placement_types"])
        )

    homes = [p for p in providers if p.kind == "home" and p.row["occupied"] < p.row["beds"]]
    home = next((p for p in homes if takes(p, 12) and BEHAVIOUR in p.row["skills"]), homes[0])
    carer = next(
        p
        for p in providers
        if p.kind == "carer" and 0 < p.row["occupied"] < p.row["places"] and takes(p, 16)
    )
    pairs = [
        (by_age[(R, 12, "M")][0], rng.choice(home.residents)),
        (teen_boy, rng.choice(carer.residents)),
        (by_age[(F, 13, "M")][0], by_age[(F, 15, "M")][0]),
    ]
    db.session.execute(
        insert(SafeguardingExclusion),
        [{"child_id": child_ids[a], "other_child_id": child_ids[b]} for a, b in pairs],
    )
