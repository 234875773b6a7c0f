"""Rules 1-9 for one child and one provider, in words (for errors and reasons)."""

from __future__ import annotations

import math

from .model import Child, Instance, Provider


def setting_ok(child: Child, provider: Provider) -> bool:
    return provider.setting == child.setting


def km_between(child: Child, provider: Provider) -> float:
    dx = float(child.easting) - provider.easting
    dy = float(child.northing) - provider.northing
    return math.sqrt(dx * dx + dy * dy) / 1000


def pair_problems(inst: Instance, c: int, p: int) -> list[str]:
    """Why child `c` may not be placed with provider `p` by rules 1-9 (empty if it may)."""
    child, prov, pol = inst.children[c], inst.providers[p], inst.policy
    out = []
    if not setting_ok(child, prov):
        out.append(
            f"rule 1 (setting): {child.id} needs a {child.setting} placement and "
            f"{prov.id} is a {prov.setting} {prov.kind}"
        )
    if not prov.min_age <= child.age <= prov.max_age:
        out.append(
            f"rule 2 (age): {prov.id} takes ages {prov.min_age}-{prov.max_age}, "
            f"{child.id} is {child.age}"
        )
    if prov.sexes and child.sex not in prov.sexes:
        out.append(
            f"rule 3 (sex): {prov.id} takes {'/'.join(prov.sexes)}, {child.id} is {child.sex}"
        )
    missing = [n for n in child.needs if n not in prov.skills]
    if missing:
        out.append(f"rule 4 (needs): {prov.id} lacks {', '.join(repr(n) for n in missing)}")
    if prov.placement_types and child.placement_type not in prov.placement_types:
        out.append(
            f"rule 5 (placement type): {prov.id} does not take {child.placement_type} placements"
        )
    if prov.kind == "agency" and pol.not_for_profit_only and not prov.not_for_profit:
        out.append(f"rule 6 (profit): {prov.id} is not a not-for-profit agency")
    clash = [r for r in prov.residents if r in child.avoid]
    if clash:
        out.append(
            f"rule 7 (safeguarding): {child.id} must avoid {', '.join(clash)}, "
            f"who lives at {prov.id}"
        )
    if pol.max_km is not None:
        km = km_between(child, prov)
        if km > pol.max_km:
            out.append(
                f"rule 8 (distance): {prov.id} is {km:.1f} km away, above max_km {pol.max_km:g}"
            )
    if any(f.child == child.id and f.provider == prov.id for f in inst.forbidden):
        out.append(f"rule 9 (forbidden): {child.id} -> {prov.id} is forbidden")
    return out
