"""Read and check an instance: every problem is reported, one line each with its JSON path."""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from .model import (
    PLACEMENT_TYPES,
    SETTINGS,
    SEXES,
    Child,
    Instance,
    InstanceError,
    Pair,
    Policy,
    Provider,
    Weights,
)

MAX_STRING = 200  # longest id, need, skill or name accepted
MAX_NUMBER = 1e9  # largest magnitude accepted for any number
MAX_COUNT = 1_000_000  # largest places, beds or occupied
MAX_FILE = 2 * 1024**3


class _Huge:
    """Marks a JSON number too long or too large to hold."""

    def __init__(self, text: str) -> None:
        self.digits = len(text)


class _NotANumber:
    def __init__(self, text: str) -> None:
        self.text = text


def _parse_int(text: str) -> int | _Huge:
    return _Huge(text) if len(text.lstrip("-")) > 15 else int(text)


def _parse_float(text: str) -> float | _Huge:
    value = float(text)
    return _Huge(text) if not math.isfinite(value) else value


def show(value: Any) -> str:
    """A short description of a JSON value that never echoes a huge one."""
    if isinstance(value, _Huge):
        return f"a number of {value.digits} digits"
    if isinstance(value, _NotANumber):
        return value.text
    if isinstance(value, str):
        if len(value) > 40:
            return f"a string of {len(value):,} characters"
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 60:
        return "a number too large to hold"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 24 else f"a number of {len(text)} characters"
    if isinstance(value, list):
        return f"a list of {len(value):,} items"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class _Checker:
    """Collects problems while turning plain JSON data into typed values."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def get(self, obj: dict[str, Any], key: str, path: str, required: bool) -> Any:
        if key in obj:
            return obj[key]
        if required:
            self.bad(f"{path}.{key}", "missing")
        return None

    def number(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        default: Any = None,
        required: bool = False,
        minimum: float | None = None,
        whole: bool = False,
        maximum: float = MAX_NUMBER,
        nullable: bool = False,
    ) -> Any:
        p = f"{path}.{key}"
        if key not in obj:
            if required:
                self.bad(p, "missing")
            return default
        value = obj[key]
        if value is None and nullable:
            return None
        kind = "a whole number" if whole else "a number"
        if isinstance(value, _Huge | _NotANumber):
            self.bad(p, f"expected {kind}, got {show(value)}")
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(p, f"expected {kind}{' or null' if nullable else ''}, got {show(value)}")
            return default
        if isinstance(value, float) and not math.isfinite(value):
            self.bad(p, f"expected {kind}, got {show(value)}")
            return default
        if whole and isinstance(value, float):
            if not value.is_integer():
                self.bad(p, f"expected a whole number, got {show(value)}")
                return default
            value = int(value)
        if abs(value) > maximum:
            self.bad(p, f"{show(value)} is too large (at most {maximum:,g})")
            return default
        if minimum is not None and value < minimum:
            self.bad(p, f"must not be below {minimum:g}, got {show(value)}")
            return default
        return value

    def boolean(
        self, obj: dict[str, Any], key: str, path: str, default: bool, required: bool = False
    ) -> bool:
        value = self.get(obj, key, path, required)
        if value is None and key not in obj:
            return default
        if not isinstance(value, bool):
            self.bad(f"{path}.{key}", f"expected true or false, got {show(value)}")
            return default
        return value

    def string(self, value: Any, path: str, choices: tuple[str, ...] | None = None) -> str | None:
        if not isinstance(value, str):
            self.bad(path, f"expected a string, got {show(value)}")
            return None
        if len(value) > MAX_STRING:
            self.bad(path, f"{show(value)} is too long (at most {MAX_STRING})")
            return None
        if not value:
            self.bad(path, "must not be empty")
            return None
        if choices is not None and value not in choices:
            self.bad(path, f"unknown value {show(value)}; expected one of {', '.join(choices)}")
            return None
        return value

    def field_string(
        self, obj: dict[str, Any], key: str, path: str, choices: tuple[str, ...] | None = None
    ) -> str | None:
        if key not in obj:
            self.bad(f"{path}.{key}", "missing")
            return None
        return self.string(obj[key], f"{path}.{key}", choices)

    def strings(
        self, obj: dict[str, Any], key: str, path: str, choices: tuple[str, ...] | None = None
    ) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None and key not in obj:
            return ()
        if not isinstance(value, list):
            self.bad(f"{path}.{key}", f"expected a list of strings, got {show(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            s = self.string(item, f"{path}.{key}[{i}]", choices)
            if s is not None:
                out.append(s)
        return tuple(out)

    def objects(self, data: dict[str, Any], key: str, required: bool) -> list[dict[str, Any]]:
        value = data.get(key)
        if key not in data:
            if required:
                self.bad(f"$.{key}", "missing")
            return []
        if not isinstance(value, list):
            self.bad(f"$.{key}", f"expected a list, got {show(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(item)
            else:
                self.bad(f"$.{key}[{i}]", f"expected an object, got {show(item)}")
                out.append({})
        return out


def _present(raw: dict[str, Any], required: frozenset[str] = frozenset()) -> dict[str, Any]:
    """`raw` without its optional fields given as null: null means absent (SPEC.md
    section 2), as most producers write a missing value. A required field given as
    null stays, to be refused."""
    if all(v is not None for v in raw.values()):
        return raw
    return {k: v for k, v in raw.items() if v is not None or k in required}


TOP_OPTIONAL = frozenset({"policy", "fixed", "forbidden"})
CHILD_REQUIRED = frozenset({"id", "age", "sex", "setting", "placement_type", "easting", "northing"})
PROVIDER_REQUIRED = {
    "carer": frozenset(
        {"id", "min_age", "max_age", "easting", "northing", "weekly_cost", "places"}
    ),
    "home": frozenset({"id", "min_age", "max_age", "easting", "northing", "weekly_cost", "beds"}),
    "agency": frozenset(
        {"id", "min_age", "max_age", "easting", "northing", "weekly_cost", "setting"}
        | {"not_for_profit"}
    ),
}
PAIR_REQUIRED = frozenset({"child", "provider"})
WEIGHT_NAMES = ("weekly_cost", "km", "school_move", "welsh_mismatch", "sibling_split")


def _policy(ck: _Checker, data: dict[str, Any]) -> Policy:
    raw = data.get("policy", {})
    if not isinstance(raw, dict):
        ck.bad("$.policy", f"expected an object, got {show(raw)}")
        raw = {}
    raw = _present(raw)
    d = Policy()
    rw = raw.get("weights", {})
    if not isinstance(rw, dict):
        ck.bad("$.policy.weights", f"expected an object, got {show(rw)}")
        rw = {}
    # a known weight given as null takes its default; an unknown one is still refused
    rw = {k: v for k, v in rw.items() if v is not None or k not in WEIGHT_NAMES}
    dw = Weights()
    names = WEIGHT_NAMES
    for key in rw:
        if key not in names:
            ck.bad(f"$.policy.weights.{_key(key)}", f"unknown weight; expected {', '.join(names)}")
    weights = Weights(
        **{
            k: ck.number(rw, k, "$.policy.weights", default=getattr(dw, k), minimum=0, maximum=1e6)
            for k in names
        }
    )
    return Policy(
        max_home_beds=ck.number(
            raw,
            "max_home_beds",
            "$.policy",
            default=d.max_home_beds,
            whole=True,
            minimum=0,
            maximum=MAX_COUNT,
        ),
        not_for_profit_only=ck.boolean(
            raw, "not_for_profit_only", "$.policy", d.not_for_profit_only
        ),
        school_radius_km=ck.number(
            raw, "school_radius_km", "$.policy", default=d.school_radius_km, minimum=0, maximum=1e5
        ),
        max_km=ck.number(
            raw, "max_km", "$.policy", default=None, minimum=0, maximum=1e5, nullable=True
        ),
        weights=weights,
    )


def _key(key: str) -> str:
    return key if len(key) <= 40 else f"<a key of {len(key):,} characters>"


def _coord(ck: _Checker, obj: dict[str, Any], key: str, path: str, required: bool = True) -> Any:
    return ck.number(obj, key, path, required=required, maximum=1e8)


def _child(ck: _Checker, raw: dict[str, Any], i: int) -> Child:
    path = f"$.children[{i}]"
    raw = _present(raw, CHILD_REQUIRED)
    cid = ck.field_string(raw, "id", path)
    age = ck.number(raw, "age", path, required=True, whole=True, minimum=0, maximum=150)
    sex = ck.field_string(raw, "sex", path, SEXES)
    setting = ck.field_string(raw, "setting", path, SETTINGS)
    ptype = ck.field_string(raw, "placement_type", path, PLACEMENT_TYPES)
    east, north = _coord(ck, raw, "easting", path), _coord(ck, raw, "northing", path)
    school_e = _coord(ck, raw, "school_easting", path, required=False)
    school_n = _coord(ck, raw, "school_northing", path, required=False)
    if (school_e is None) != (school_n is None) and ("school_easting" in raw) != (
        "school_northing" in raw
    ):
        ck.bad(path, "give both school_easting and school_northing, or neither")
    group = raw.get("sibling_group")
    if group is not None:
        group = ck.string(group, f"{path}.sibling_group")
    child = Child(
        id=cid or "",
        age=age if age is not None else 0,
        sex=sex or "X",
        setting=setting or "foster",
        placement_type=ptype or "emergency",
        easting=east or 0,
        northing=north or 0,
        needs=ck.strings(raw, "needs", path),
        sibling_group=group,
        siblings_may_split=ck.boolean(raw, "siblings_may_split", path, False),
        school_easting=school_e if school_n is not None else None,
        school_northing=school_n if school_e is not None else None,
        welsh_speaking=ck.boolean(raw, "welsh_speaking", path, False),
        avoid=ck.strings(raw, "avoid", path),
    )
    return child


def _provider(ck: _Checker, raw: dict[str, Any], kind: str, i: int, policy: Policy) -> Provider:
    table = {"carer": "carers", "home": "homes", "agency": "agencies"}[kind]
    path = f"$.{table}[{i}]"
    raw = _present(raw, PROVIDER_REQUIRED[kind])
    pid = ck.field_string(raw, "id", path)
    num = ck.number
    min_age = num(raw, "min_age", path, required=True, whole=True, minimum=0, maximum=150)
    max_age = num(raw, "max_age", path, required=True, whole=True, minimum=0, maximum=150)
    east, north = _coord(ck, raw, "easting", path), _coord(ck, raw, "northing", path)
    cost = num(raw, "weekly_cost", path, required=True, minimum=0, maximum=1e7)
    capacity: int | None
    setting = "foster"
    not_for_profit = True
    in_house = False
    if kind == "carer":
        in_house = ck.boolean(raw, "in_house", path, True)
        capacity = num(raw, "places", path, required=True, whole=True, minimum=0, maximum=MAX_COUNT)
    elif kind == "home":
        setting = "residential"
        in_house = ck.boolean(raw, "in_house", path, True)
        beds = num(raw, "beds", path, required=True, whole=True, minimum=0, maximum=MAX_COUNT)
        occupied = num(raw, "occupied", path, default=0, whole=True, minimum=0, maximum=MAX_COUNT)
        if beds is not None and occupied is not None and occupied > beds:
            ck.bad(f"{path}.occupied", f"{occupied} is above beds ({beds})")
        capacity = max(0, min(beds or 0, policy.max_home_beds) - (occupied or 0))
    else:
        setting = ck.field_string(raw, "setting", path, SETTINGS) or "foster"
        not_for_profit = ck.boolean(raw, "not_for_profit", path, False, required=True)
        if raw.get("in_house") is True:
            ck.bad(f"{path}.in_house", "an agency is never in-house")
        capacity = num(
            raw,
            "places",
            path,
            default=None,
            whole=True,
            minimum=0,
            maximum=MAX_COUNT,
            nullable=True,
        )
    provider = Provider(
        id=pid or "",
        kind=kind,
        in_house=in_house,
        capacity=capacity,  # type: ignore[arg-type]
        min_age=min_age or 0,
        max_age=max_age or 0,
        easting=east or 0,
        northing=north or 0,
        weekly_cost=cost or 0,
        setting=setting,
        sexes=ck.strings(raw, "sexes", path, SEXES),
        skills=ck.strings(raw, "skills", path),
        placement_types=ck.strings(raw, "placement_types", path, PLACEMENT_TYPES),
        welsh_speaking=ck.boolean(raw, "welsh_speaking", path, False),
        residents=ck.strings(raw, "residents", path) if kind != "agency" else (),
        not_for_profit=not_for_profit,
    )
    return provider


def _pairs(
    ck: _Checker, data: dict[str, Any], key: str, children: set[str], providers: set[str]
) -> list[Pair]:
    out = []
    for i, raw in enumerate(ck.objects(data, key, required=False)):
        path = f"$.{key}[{i}]"
        raw = _present(raw, PAIR_REQUIRED)
        c = ck.field_string(raw, "child", path)
        p = ck.field_string(raw, "provider", path)
        if c is not None and c not in children:
            ck.bad(f"{path}.child", f"unknown child {show(c)}")
            c = None
        if p is not None and p not in providers:
            ck.bad(f"{path}.provider", f"unknown provider {show(p)}")
            p = None
        if c is not None and p is not None:
            out.append(Pair(c, p))
    return out


def _cross_checks(
    ck: _Checker,
    children: list[tuple[int, Child]],
    providers: list[tuple[str, Provider]],
    residents: set[str],
) -> None:
    ids = {c.id for _, c in children}
    groups: dict[str, list[tuple[int, Child]]] = defaultdict(list)
    for i, c in children:
        for j, name in enumerate(c.avoid):
            if name == c.id:
                ck.bad(f"$.children[{i}].avoid[{j}]", "a child cannot avoid itself")
            elif name not in ids and name not in residents:
                ck.bad(
                    f"$.children[{i}].avoid[{j}]",
                    f"unknown id {show(name)}: not a child of this run nor a resident",
                )
        if c.sibling_group is not None:
            groups[c.sibling_group].append((i, c))
    for name, members in groups.items():
        flags = {c.siblings_may_split for _, c in members}
        if len(flags) > 1:
            first = members[0]
            for i, c in members[1:]:
                if c.siblings_may_split != first[1].siblings_may_split:
                    ck.bad(
                        f"$.children[{i}].siblings_may_split",
                        f"sibling group {show(name)} disagrees: "
                        f"{show(c.siblings_may_split)} here but "
                        f"{show(first[1].siblings_may_split)} at $.children[{first[0]}]",
                    )


def _duplicates(ck: _Checker, data: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for table in ("children", "carers", "homes", "agencies"):
        rows = data.get(table)
        for i, raw in enumerate(rows if isinstance(rows, list) else []):
            ident = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(ident, str) or not ident or len(ident) > MAX_STRING:
                continue
            path = f"$.{table}[{i}]"
            if ident in seen:
                ck.bad(f"{path}.id", f"duplicate id {show(ident)} (also at {seen[ident]})")
            else:
                seen[ident] = path


def parse(data: Any) -> Instance:
    """Check already-decoded JSON data and build an Instance, or raise InstanceError."""
    ck = _Checker()
    if not isinstance(data, dict):
        raise InstanceError([f"$: expected an object, got {show(data)}"])
    # null means absent for the optional members; an unknown one is still refused
    data = {k: v for k, v in data.items() if v is not None or k not in TOP_OPTIONAL}
    known = {"policy", "children", "carers", "homes", "agencies", "fixed", "forbidden"}
    for key in data:
        if key not in known:
            ck.bad(f"$.{_key(key)}", f"unknown field; expected {', '.join(sorted(known))}")
    policy = _policy(ck, data)
    children = [
        (i, _child(ck, raw, i)) for i, raw in enumerate(ck.objects(data, "children", required=True))
    ]
    providers = []
    for kind, table in (("carer", "carers"), ("home", "homes"), ("agency", "agencies")):
        for i, raw in enumerate(ck.objects(data, table, required=True)):
            providers.append((f"$.{table}[{i}]", _provider(ck, raw, kind, i, policy)))
    _duplicates(ck, data)
    good_children = children
    good_providers = providers
    residents = {r for _, p in good_providers for r in p.residents}
    _cross_checks(ck, good_children, good_providers, residents)
    child_ids = {c.id for _, c in good_children}
    provider_ids = {p.id for _, p in good_providers}
    fixed = _pairs(ck, data, "fixed", child_ids, provider_ids)
    forbidden = _pairs(ck, data, "forbidden", child_ids, provider_ids)
    if ck.problems:
        raise InstanceError(ck.problems)
    return Instance(
        policy=policy,
        children=tuple(c for _, c in good_children),
        providers=tuple(p for _, p in good_providers),
        fixed=tuple(fixed),
        forbidden=tuple(forbidden),
    )


def decode(text: str | bytes) -> Any:
    """Decode JSON text, refusing NaN, Infinity and numbers too large to hold."""
    try:
        return json.loads(
            text, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_NotANumber
        )
    except json.JSONDecodeError as e:
        raise InstanceError(
            [f"$: malformed JSON at line {e.lineno} column {e.colno}: {e.msg}"]
        ) from None
    except (UnicodeDecodeError, RecursionError, ValueError) as e:
        raise InstanceError([f"$: cannot read the JSON: {type(e).__name__}"]) from None


def load_instance(source: Instance | dict[str, Any] | str | os.PathLike[str]) -> Instance:
    """An Instance from an Instance, decoded JSON data, or a path to a JSON file."""
    if isinstance(source, Instance):
        return source
    if not isinstance(source, str | os.PathLike):
        return parse(source)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise InstanceError([f"$: the file is too large ({size:,} bytes)"])
        raw = path.read_bytes()
    except OSError as e:
        raise InstanceError([f"$: cannot read {path.name}: {e.strerror}"]) from None
    return parse(decode(raw))
