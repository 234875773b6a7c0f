"""Build a matching instance (``matching/SPEC.md``) from the database.

Ids: children ``C{id}``, in-house carers ``H{id}``, council homes ``K{id}``, agencies
``A{id}``, sibling groups ``G{id}``. A connected carer (a child's relative or friend
approved for that child, ``models.connected``) is in the instance only when its named
child or one of the child's brothers and sisters is in the run, and every other child of
the run is ``forbidden`` with it, so the contract needs no new field.

A carer's or home's residents are the children of its current placements; a child of
this run who already has a current placement (a proposal accepted in an earlier run, now
a ``fixed`` pair) neither occupies its place nor counts as a resident, so the pair stays
feasible.

Speed matters (1,500 children and 4,000 carers in well under five seconds): one Core
``select()`` of the needed columns per table, no ORM objects, no query per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import or_, select

from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer, Placement, SiblingGroup
from fostering.models.carer import CarerStatus
from fostering.models.child import ChildStatus, SafeguardingExclusion
from fostering.models.connected import ConnectedCase
from fostering.models.provider import AGENCY_SETTINGS, AgencyKind, ProviderStatus
from fostering.payments.services import rates as payment_rates
from fostering.recruitment.services import terms_history

KINDS = {"H": "carer", "K": "home", "A": "agency"}
_SETTINGS = {kind.value: setting for kind, setting in AGENCY_SETTINGS.items()}


@dataclass
class BuiltInstance:
    """The instance (spec JSON as a dict) and what its ids stand for."""

    instance: dict[str, Any]
    # Children of the run with no known home grid reference: never in the instance.
    unlocated: list[int] = field(default_factory=list)
    # Fixed or forbidden pairs left out because the child or provider is not in it.
    dropped_pairs: int = 0

    @property
    def child_ids(self) -> list[int]:
        return [child_id(c["id"]) for c in self.instance["children"]]


def child_key(child_pk: int) -> str:
    return f"C{child_pk}"


def child_id(key: str) -> int:
    return int(key[1:])


def provider_key(kind: str, pk: int) -> str:
    prefix = {"carer": "H", "home": "K", "agency": "A"}[kind]
    return f"{prefix}{pk}"


def provider_ref(key: str) -> tuple[str, int]:
    """``"H12"`` → ``("carer", 12)``."""
    return KINDS[key[0]], int(key[1:])


def _pounds(pence: int) -> int | float:
    return pence // 100 if pence % 100 == 0 else pence / 100


def _children(child_ids: Sequence[int] | None) -> list[Any]:
    query = select(
        Child.id,
        Child.date_of_birth,
        Child.sex,
        Child.setting,
        Child.placement_type,
        Child.needs,
        Child.welsh_speaking,
        Child.home_easting,
        Child.home_northing,
        Child.school_easting,
        Child.school_northing,
        Child.keep_school,
        Child.sibling_group_id,
        SiblingGroup.may_split,
    ).outerjoin(SiblingGroup, SiblingGroup.id == Child.sibling_group_id)
    if child_ids is None:
        query = query.where(Child.status == ChildStatus.AWAITING.value)
    else:
        query = query.where(Child.id.in_(list(child_ids)))
    return list(db.session.execute(query.order_by(Child.id)))


def _avoid(ids: set[int]) -> dict[int, set[int]]:
    """Safeguarding exclusions of the run's children, both directions."""
    rows = db.session.execute(
        select(SafeguardingExclusion.child_id, SafeguardingExclusion.other_child_id)
    )
    avoid: dict[int, set[int]] = defaultdict(set)
    for a, b in rows:
        if a in ids:
            avoid[a].add(b)
        if b in ids:
            avoid[b].add(a)
    return avoid


def _current_placements(run_children: set[int]):
    """Residents by carer and home, and places given back by run children's placements."""
    rows = db.session.execute(
        select(Placement.child_id, Placement.carer_id, Placement.home_id, Placement.agency_id)
        .where(Placement.end_date.is_(None))
        .where(or_(Placement.carer_id.is_not(None), Placement.home_id.is_not(None),
                   Placement.agency_id.is_not(None)))
    )  # fmt: skip
    residents: dict[str, list[str]] = defaultdict(list)
    given_back: dict[str, int] = defaultdict(int)
    for child, carer, home, agency in rows:
        key = (
            provider_key("carer", carer) if carer is not None
            else provider_key("home", home) if home is not None
            else provider_key("agency", agency)
        )  # fmt: skip
        if child in run_children:
            given_back[key] += 1
        elif agency is None:
            residents[key].append(child_key(child))
    return residents, given_back


def connected_children() -> dict[int, set[int]]:
    """Each connected carer's id and the children matching may offer them: the named
    child and the child's brothers and sisters (``SiblingGroup``)."""
    rows = db.session.execute(
        select(ConnectedCase.carer_id, Child.id, Child.sibling_group_id)
        .join(Child, Child.id == ConnectedCase.child_id)
        .where(ConnectedCase.carer_id.is_not(None))
    ).all()
    groups = {group for _carer, _child, group in rows if group is not None}
    members: dict[int, set[int]] = defaultdict(set)
    if groups:
        for child, group in db.session.execute(
            select(Child.id, Child.sibling_group_id).where(Child.sibling_group_id.in_(groups))
        ):
            members[group].add(child)
    allowed: dict[int, set[int]] = defaultdict(set)
    for carer, child, group in rows:
        allowed[carer].add(child)
        if group is not None:
            allowed[carer].update(members[group])
    return dict(allowed)


def _connected_pairs(
    carers: list[dict[str, Any]], run_ids: set[int], fixed: set[tuple[int, str]]
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Connected carers without their child in the run left out; for the rest, every
    other child of the run forbidden with them (a pair fixed by an officer is kept)."""
    allowed = connected_children()
    kept, forbidden = [], []
    for carer in carers:
        named = allowed.get(provider_ref(carer["id"])[1])
        if named is None:
            kept.append(carer)
        elif named & run_ids:
            kept.append(carer)
            forbidden.extend(
                (child, carer["id"])
                for child in sorted(run_ids - named)
                if (child, carer["id"]) not in fixed
            )
    return kept, forbidden


def _terms(row: Any, in_force: dict[str, Any] | None = None) -> dict[str, Any]:
    """The provider's terms from its row, or from ``in_force`` (a carer's version)."""
    terms = row if in_force is None else SimpleNamespace(**in_force)
    return {
        "min_age": terms.min_age,
        "max_age": terms.max_age,
        "sexes": list(terms.sexes or []),
        "skills": list(terms.skills or []),
        "placement_types": list(terms.placement_types or []),
        "easting": row.easting,
        "northing": row.northing,
        "welsh_speaking": bool(terms.welsh_speaking),
    }


_TERMS = ("min_age", "max_age", "sexes", "skills", "placement_types", "easting", "northing",
          "welsh_speaking")  # fmt: skip


def _columns(model: Any, *names: str) -> list[Any]:
    return [getattr(model, name) for name in (*names, *_TERMS)]


def _carers(residents, given_back, run_date: date) -> list[dict[str, Any]]:
    """Active located carers, on the terms in force on the run's date (a change of terms
    dated later is not offered yet; see ``recruitment.services.terms_history``), each
    with one weekly cost from the council's payment tables (docs/payments.md)."""
    in_force = terms_history.terms_in_force(run_date)
    rows = db.session.execute(
        select(*_columns(FosterCarer, "id", "places", "occupied", "weekly_allowance_pence"))
        .where(FosterCarer.status == CarerStatus.ACTIVE.value)
        .where(FosterCarer.easting.is_not(None), FosterCarer.northing.is_not(None))
        .order_by(FosterCarer.id)
    ).all()
    # One weekly cost per carer from the council's payment tables (docs/payments.md).
    costs = payment_rates.carer_weekly_costs(rows, run_date)
    out = []
    for row in rows:
        key = provider_key("carer", row.id)
        terms = in_force.get(row.id)
        total = row.places if terms is None else terms["places"]
        places = max(total - row.occupied + given_back.get(key, 0), 0)
        out.append({"id": key, "in_house": True, "places": places,
                    **_terms(row, terms),
                    "weekly_cost": _pounds(costs[row.id]),
                    "residents": residents.get(key, [])})  # fmt: skip
    return out


def _homes(residents, given_back) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(*_columns(ChildrensHome, "id", "beds", "occupied", "weekly_cost_pence"))
        .where(ChildrensHome.status == ProviderStatus.ACTIVE.value)
        .where(ChildrensHome.easting.is_not(None), ChildrensHome.northing.is_not(None))
        .order_by(ChildrensHome.id)
    )
    out = []
    for row in rows:
        key = provider_key("home", row.id)
        occupied = max(row.occupied - given_back.get(key, 0), 0)
        out.append({"id": key, "in_house": True, "beds": row.beds, "occupied": occupied,
                    **_terms(row), "weekly_cost": _pounds(row.weekly_cost_pence),
                    "residents": residents.get(key, [])})  # fmt: skip
    return out


def _agencies(given_back) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(*_columns(Agency, "id", "kind", "places", "occupied", "not_for_profit",
                         "weekly_cost_pence"))
        .where(Agency.status == ProviderStatus.ACTIVE.value)
        .where(Agency.kind != AgencyKind.OTHER.value)
        .where(Agency.easting.is_not(None), Agency.northing.is_not(None))
        .order_by(Agency.id)
    )  # fmt: skip
    out = []
    for row in rows:
        key = provider_key("agency", row.id)
        places = None
        if row.places is not None:
            places = max(row.places - row.occupied + given_back.get(key, 0), 0)
        out.append({"id": key, "setting": _SETTINGS[row.kind],
                    "not_for_profit": bool(row.not_for_profit), "places": places,
                    **_terms(row), "weekly_cost": _pounds(row.weekly_cost_pence)})  # fmt: skip
    return out


def _child(row: Any, run_date: date, avoid: Iterable[int], known: set[str]) -> dict[str, Any]:
    child: dict[str, Any] = {
        "id": child_key(row.id),
        "age": Child.age_on(row, run_date),  # the row has date_of_birth
        "sex": row.sex,
        "setting": row.setting,
        "placement_type": row.placement_type,
        "needs": list(row.needs or []),
        "sibling_group": None if row.sibling_group_id is None else f"G{row.sibling_group_id}",
        "siblings_may_split": bool(row.may_split),
        "easting": row.home_easting,
        "northing": row.home_northing,
        "welsh_speaking": bool(row.welsh_speaking),
        # Only names the instance knows (children of this run, residents) may be avoided.
        "avoid": sorted(k for k in (child_key(o) for o in avoid) if k in known),
    }
    # A school the child may leave (``keep_school`` false) puts no school term in the cost.
    keeps_school = row.keep_school is not False
    if keeps_school and row.school_easting is not None and row.school_northing is not None:
        child["school_easting"] = row.school_easting
        child["school_northing"] = row.school_northing
    return child


def build_instance(
    *,
    child_ids: Sequence[int] | None,
    policy: dict[str, Any],
    run_date: date,
    fixed: Iterable[tuple[int, str]] = (),
    forbidden: Iterable[tuple[int, str]] = (),
) -> BuiltInstance:
    """The instance for ``child_ids`` (None: every child awaiting a placement).

    ``fixed`` and ``forbidden`` are (child id, provider key such as ``"H12"``) pairs.
    """
    rows = _children(child_ids)
    located = [r for r in rows if r.home_easting is not None and r.home_northing is not None]
    unlocated = [r.id for r in rows if r.home_easting is None or r.home_northing is None]
    run_ids = {r.id for r in located}
    residents, given_back = _current_placements(run_ids)
    fixed = list(fixed)
    carers, connected_forbidden = _connected_pairs(
        _carers(residents, given_back, run_date), run_ids, set(fixed)
    )
    homes = _homes(residents, given_back)
    agencies = _agencies(given_back)
    known = {child_key(i) for i in run_ids}
    known.update(r for rs in residents.values() for r in rs)
    avoid = _avoid(run_ids)
    children = [_child(r, run_date, avoid.get(r.id, ()), known) for r in located]
    providers = {p["id"] for group in (carers, homes, agencies) for p in group}
    pairs: dict[str, list[dict[str, str]]] = {"fixed": [], "forbidden": []}
    dropped = 0
    for name, given in (("fixed", fixed), ("forbidden", forbidden)):
        for child, provider in given:
            if child in run_ids and provider in providers:
                pairs[name].append({"child": child_key(child), "provider": provider})
            else:
                dropped += 1
    listed = {(pair["child"], pair["provider"]) for pair in pairs["forbidden"]}
    for child, provider in connected_forbidden:
        if (child_key(child), provider) not in listed:
            pairs["forbidden"].append({"child": child_key(child), "provider": provider})
    instance = {
        "policy": policy,
        "children": children,
        "carers": carers,
        "homes": homes,
        "agencies": agencies,
        **pairs,
    }
    return BuiltInstance(instance=instance, unlocated=unlocated, dropped_pairs=dropped)
