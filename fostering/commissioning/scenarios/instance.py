"""The children a scenario re-matches, today's instance for them, and the changed one.

Both instances come from ``placements.services.matching_instance.build_instance`` over
the same children, so "today" and the scenario differ only by the changes:

- the children: everyone waiting, the children of providers the scenario closes (they
  must move), and, when the scenario says so, every child placed out of county or with
  an agency or private home, as if they could move (not those with "other" providers,
  such as supported lodgings, which matching never uses). A child of the run who is placed
  gives back their place, so today's run may keep them where they are;
- new homes and carers get ids ``S{change}K{n}`` and ``S{change}H{n}`` (never a real
  provider's: those start with H, K or A);
- rate changes apply to the providers that exist today; new ones cost what was entered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from fostering.admin.services.matching_settings import current_settings, policy_from
from fostering.commissioning.scenarios import locations
from fostering.commissioning.scenarios.changes import ChangeKind, RateKind, scaled_pence
from fostering.extensions import db
from fostering.models import Agency, Child, ChildrensHome, FosterCarer, Placement
from fostering.models.child import ChildStatus
from fostering.models.placement import ProviderType
from fostering.placements.services.matching_instance import build_instance, child_key

WAITING = "waiting"  # a child's "now" when not placed


@dataclass
class ChildNow:
    """Where a child of the run is today (the scenario never changes it)."""

    reference: str
    now: str  # WAITING or a ProviderType value
    out_of_county: bool = False
    provider: str | None = None  # matching key of the current provider


@dataclass
class ProviderFacts:
    kind: str  # carer, home or agency
    in_house: bool
    out_of_county: bool
    for_profit: bool
    label: str
    change: int | None = None  # 1-based number of the change that adds it (new ones)
    capacity: int | None = None


@dataclass
class Prepared:
    today: dict[str, Any]
    scenario: dict[str, Any]
    children: dict[str, ChildNow] = field(default_factory=dict)
    providers: dict[str, ProviderFacts] = field(default_factory=dict)
    unlocated: int = 0


def closed_keys(changes: list[dict[str, Any]]) -> set[str]:
    return {
        key
        for change in changes
        if change["kind"] == ChangeKind.CLOSE_PROVIDERS.value
        for key in change["providers"]
    }


def _key(carer: int | None, home: int | None, agency: int | None) -> str:
    if carer is not None:
        return f"H{carer}"
    return f"K{home}" if home is not None else f"A{agency}"


def children_now(include_placed: bool, closed: set[str]) -> tuple[list[int], dict[int, ChildNow]]:
    """The run's child ids and where each is today."""
    rows = db.session.execute(
        select(Placement.child_id, Placement.carer_id, Placement.home_id, Placement.agency_id,
               Placement.provider_type, Placement.out_of_county, Child.reference)
        .join(Child, Child.id == Placement.child_id)
        .where(Placement.end_date.is_(None))
    )  # fmt: skip
    chosen: dict[int, ChildNow] = {}
    for child, carer, home, agency, kind, away, reference in rows:
        key = _key(carer, home, agency)
        # "Other" providers (supported lodgings and the like) are never matched.
        movable = include_placed and kind != ProviderType.OTHER.value
        movable = movable and (agency is not None or bool(away))
        if movable or key in closed:
            chosen[child] = ChildNow(reference, kind, bool(away), key)
    waiting = db.session.execute(
        select(Child.id, Child.reference).where(Child.status == ChildStatus.AWAITING.value)
    )
    for child, reference in waiting:
        chosen.setdefault(child, ChildNow(reference, WAITING))
    return sorted(chosen), chosen


def _provider_facts(instance: dict[str, Any]) -> dict[str, ProviderFacts]:
    council = current_app.config["COUNCIL_LA_CODE"]
    known = {p["id"] for group in ("carers", "homes", "agencies") for p in instance[group]}
    facts: dict[str, ProviderFacts] = {}
    for kind, model, prefix in (("carer", FosterCarer, "H"), ("home", ChildrensHome, "K")):
        label = FosterCarer.reference if model is FosterCarer else ChildrensHome.name
        for pk, area, name in db.session.execute(select(model.id, model.local_authority, label)):
            facts[f"{prefix}{pk}"] = ProviderFacts(
                kind, True, area is not None and area != council, False, name
            )
    for pk, area, name, nfp in db.session.execute(
        select(Agency.id, Agency.local_authority, Agency.name, Agency.not_for_profit)
    ):
        facts[f"A{pk}"] = ProviderFacts(
            "agency", False, area is not None and area != council, not nfp, name
        )
    return {key: value for key, value in facts.items() if key in known}


def _pence(pounds: int | float) -> int:
    return round(pounds * 100)


def _pounds(pence: int) -> int | float:
    return pence // 100 if pence % 100 == 0 else pence / 100


def _terms(change: dict[str, Any], where: tuple[int, int, str]) -> dict[str, Any]:
    return {
        "min_age": change["min_age"], "max_age": change["max_age"],
        "sexes": list(change.get("sexes", [])), "skills": list(change.get("skills", [])),
        "placement_types": list(change.get("placement_types", [])),
        "easting": where[0], "northing": where[1],
        "welsh_speaking": bool(change.get("welsh_speaking")),
        "weekly_cost": _pounds(change["weekly_cost_pence"]), "residents": [],
    }  # fmt: skip


def _rate_targets(instance: dict[str, Any], rate_kind: str) -> list[dict[str, Any]]:
    kind = RateKind(rate_kind)
    if kind is RateKind.IN_HOUSE_FOSTER:
        return instance["carers"]
    if kind is RateKind.COUNCIL_HOME:
        return instance["homes"]
    settings = {RateKind.IFA: "foster", RateKind.PRIVATE_HOME: "residential"}
    return [
        agency
        for agency in instance["agencies"]
        if kind is RateKind.INDEPENDENT or agency["setting"] == settings[kind]
    ]


def apply_changes(
    today: dict[str, Any], changes: list[dict[str, Any]], facts: dict[str, ProviderFacts]
) -> dict[str, Any]:
    """A copy of ``today`` with ``changes`` applied; adds the new providers to ``facts``."""
    scenario = json.loads(json.dumps(today))
    council = current_app.config["COUNCIL_LA_CODE"]
    originals = {p["id"] for key in ("carers", "homes", "agencies") for p in scenario[key]}
    for number, change in enumerate(changes, start=1):
        kind = ChangeKind(change["kind"])
        if kind in (ChangeKind.OPEN_HOMES, ChangeKind.RECRUIT_CARERS):
            home = kind is ChangeKind.OPEN_HOMES
            points = locations.points(change["where"], change["count"])
            for index, where in enumerate(points, start=1):
                key = f"S{number}{'K' if home else 'H'}{index}"
                size = change["beds"] if home else change["places"]
                extra = {"beds": size, "occupied": 0} if home else {"places": size}
                provider = {"id": key, "in_house": True, **extra, **_terms(change, where)}
                scenario["homes" if home else "carers"].append(provider)
                facts[key] = ProviderFacts(
                    "home" if home else "carer", True, where[2] != council, False,
                    label=key, change=number, capacity=size,
                )  # fmt: skip
        elif kind is ChangeKind.CLOSE_PROVIDERS:
            gone = set(change["providers"])
            for group in ("carers", "homes", "agencies"):
                scenario[group] = [p for p in scenario[group] if p["id"] not in gone]
        elif kind is ChangeKind.NOT_FOR_PROFIT_ONLY:
            scenario["policy"]["not_for_profit_only"] = True
        else:
            for provider in _rate_targets(scenario, change["rate_kind"]):
                if provider["id"] in originals:
                    pence = scaled_pence(_pence(provider["weekly_cost"]), change["percent"])
                    provider["weekly_cost"] = _pounds(pence)
    _drop_unknown_avoid(scenario)
    return scenario


def _drop_unknown_avoid(instance: dict[str, Any]) -> None:
    """Residents of a closed provider are no longer named by the instance."""
    known = {c["id"] for c in instance["children"]}
    for group in ("carers", "homes"):
        for provider in instance[group]:
            known.update(provider.get("residents", []))
    for child in instance["children"]:
        child["avoid"] = [other for other in child["avoid"] if other in known]


def prepare(changes: list[dict[str, Any]], include_placed: bool, run_date: date) -> Prepared:
    """Both instances over the same children, and what the summary needs to know."""
    ids, now = children_now(include_placed, closed_keys(changes))
    policy = policy_from(current_settings())
    built = build_instance(child_ids=ids, policy=policy, run_date=run_date)
    today = built.instance
    facts = _provider_facts(today)
    scenario = apply_changes(today, changes, facts)
    children = {child_key(pk): info for pk, info in now.items()}
    in_run = {c["id"] for c in today["children"]}
    return Prepared(
        today=today,
        scenario=scenario,
        children={key: info for key, info in children.items() if key in in_run},
        providers=facts,
        unlocated=len(built.unlocated),
    )
