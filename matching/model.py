"""Typed dataclasses for a matching instance and its result (see matching/SPEC.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["carer", "home", "agency"]

SETTINGS = ("foster", "residential")
PLACEMENT_TYPES = ("emergency", "short_term", "long_term", "respite", "parent_and_child")
SEXES = ("F", "M", "X")


class InstanceError(ValueError):
    """The instance was refused; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


class FixedPairError(InstanceError):
    """A pair in `fixed` cannot hold (rule 14); each problem names the pair and the rule."""


@dataclass(frozen=True, slots=True)
class Weights:
    weekly_cost: float = 1
    km: float = 10
    school_move: float = 500
    welsh_mismatch: float = 200
    sibling_split: float = 2000


@dataclass(frozen=True, slots=True)
class Policy:
    max_home_beds: int = 5
    not_for_profit_only: bool = False
    school_radius_km: float = 15
    max_km: float | None = None
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True, slots=True)
class Child:
    id: str
    age: int
    sex: str
    setting: str
    placement_type: str
    easting: float
    northing: float
    needs: tuple[str, ...] = ()
    sibling_group: str | None = None
    siblings_may_split: bool = False
    school_easting: float | None = None
    school_northing: float | None = None
    welsh_speaking: bool = False
    avoid: tuple[str, ...] = ()

    @property
    def has_school(self) -> bool:
        return self.school_easting is not None and self.school_northing is not None


@dataclass(frozen=True, slots=True)
class Provider:
    """A carer, a children's home or an agency; `capacity` None means no limit."""

    id: str
    kind: Kind
    in_house: bool
    capacity: int | None
    min_age: int
    max_age: int
    easting: float
    northing: float
    weekly_cost: float
    setting: str
    sexes: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    placement_types: tuple[str, ...] = ()
    welsh_speaking: bool = False
    residents: tuple[str, ...] = ()
    not_for_profit: bool = True


@dataclass(frozen=True, slots=True)
class Pair:
    child: str
    provider: str


@dataclass(frozen=True, slots=True)
class Instance:
    policy: Policy
    children: tuple[Child, ...]
    providers: tuple[Provider, ...]
    fixed: tuple[Pair, ...] = ()
    forbidden: tuple[Pair, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    child: str
    provider: str
    kind: Kind
    in_house: bool
    arc: int
    km: float
    school_move: bool
    welsh_mismatch: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "child": self.child,
            "provider": self.provider,
            "kind": self.kind,
            "in_house": self.in_house,
            "arc": self.arc,
            "km": round(self.km, 3),
            "school_move": self.school_move,
            "welsh_mismatch": self.welsh_mismatch,
        }


REASON_KINDS = ("rule", "full", "group_full", "siblings", "avoid", "taken", "no_providers")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a child was left unplaced, for programs (``Unplaced.reasons`` holds the
    same in English). Kinds:

    - ``rule``: hard rule ``rule`` (1-9 or 11) removed ``removed`` of the ``remaining``
      providers still in play; ``values`` holds what the rule tested (the setting, age,
      sex, needs, placement type or maximum km), empty for rules 6, 7, 9 and 11.
    - ``full``: every one of the ``remaining`` eligible providers was full.
    - ``group_full``: the same for a sibling group of ``size`` who may not split;
      ``values`` is the group's id.
    - ``siblings`` (rule 13): no provider is eligible for the whole group of ``size``.
    - ``avoid`` (rule 12): every eligible provider has a fixed child it must not share with.
    - ``taken`` (rule 12): providers with room were taken by children it must not share
      with, or the search stopped first.
    - ``no_providers``: the instance has no providers.
    """

    kind: str
    rule: int | None = None
    removed: int | None = None
    remaining: int | None = None
    size: int | None = None
    values: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        """True for a rule that removed some but not all of the providers left."""
        return self.removed is not None and self.removed != self.remaining

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "removed": self.removed,
            "remaining": self.remaining,
            "size": self.size,
            "values": list(self.values),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Reason:
        """The inverse of ``to_dict``; ``ValueError`` for anything else."""
        if not isinstance(data, dict) or data.get("kind") not in REASON_KINDS:
            raise ValueError("expected an object with a known 'kind'")
        counts = {}
        for key in ("rule", "removed", "remaining", "size"):
            value = data.get(key)
            if value is not None and (type(value) is not int or value < 0):
                raise ValueError(f"'{key}' must be a whole number or null")
            counts[key] = value
        values = data.get("values", [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError("'values' must be a list of strings")
        return cls(kind=data["kind"], values=tuple(values), **counts)


@dataclass(frozen=True, slots=True)
class Unplaced:
    child: str
    reasons: tuple[str, ...]  # one English line each (the spec's field)
    why: tuple[Reason, ...] = ()  # the same reasons, structured, in the same order

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"child": self.child, "reasons": list(self.reasons)}
        if self.why:
            out["why"] = [r.to_dict() for r in self.why]
        return out


@dataclass(frozen=True, slots=True)
class Baseline:
    """The hand-search baseline and the optimiser's gains over it."""

    placed: int
    in_house: int
    cost: int
    weekly_cost: float
    optimiser_weekly_cost: float

    def gains(self, placed: int, in_house: int) -> dict[str, Any]:
        return {
            "more_placed": placed - self.placed,
            "more_in_house": in_house - self.in_house,
            "weekly_cost_saved": _num(self.weekly_cost - self.optimiser_weekly_cost),
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """What `on_progress` receives: the level being solved and the best values so far."""

    level: int  # 1 placed, 2 in-house, 3 cost
    placed: int | None  # best so far; None for a level not reached yet
    in_house: int | None
    cost: int | None
    bound: float | None  # proven bound on the level's value
    gap: float | None
    seconds: float


@dataclass(frozen=True, slots=True)
class LevelStats:
    level: int
    seconds: float
    proven: bool
    pairs: int
    method: str


@dataclass(slots=True)
class Result:
    status: Literal["optimal", "feasible"]
    placed: int
    in_house: int
    cost: int
    seconds: float
    assignments: list[Assignment]
    unplaced: list[Unplaced]
    gap: float | None = None
    baseline: Baseline | None = None
    eligible_pairs: int = 0
    levels: list[LevelStats] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # phases left out for lack of time

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "placed": self.placed,
            "in_house": self.in_house,
            "cost": self.cost,
            "seconds": round(self.seconds, 3),
        }
        if self.status == "feasible":
            out["gap"] = self.gap
        out["assignments"] = [a.to_dict() for a in self.assignments]
        out["unplaced"] = [u.to_dict() for u in self.unplaced]
        if self.baseline is not None:
            b = self.baseline
            out["baseline"] = {
                "placed": b.placed,
                "in_house": b.in_house,
                "cost": b.cost,
                "weekly_cost": _num(b.weekly_cost),
                **b.gains(self.placed, self.in_house),
            }
        return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 2)
