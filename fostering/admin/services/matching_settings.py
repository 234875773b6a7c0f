"""The council's default matching policy, set by the administrator.

One ``MatchingSettings`` row holds the defaults a new matching run starts from. The run
turns it into the ``policy`` object of the instance JSON (``matching/SPEC.md``)
with :func:`policy_from`, optionally overriding fields for that run only.
"""

from __future__ import annotations

import math
from decimal import Decimal
from numbers import Real
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fostering.admin.services.errors import AdminCode, AdminError
from fostering.extensions import db
from fostering.models import User
from fostering.models.matching_run import MatchingSettings
from fostering.models.provider import MAX_HOME_BEDS
from fostering.services import audit
from fostering.services.transactions import transactional

SETTINGS_ID = 1
MAX_TIME_LIMIT_SECONDS = 600

# Policy weight name → the settings column holding it.
WEIGHT_COLUMNS = {
    "weekly_cost": "weight_weekly_cost",
    "km": "weight_km",
    "school_move": "weight_school_move",
    "welsh_mismatch": "weight_welsh_mismatch",
    "sibling_split": "weight_sibling_split",
}
EDITABLE_FIELDS = (
    *WEIGHT_COLUMNS.values(),
    "school_radius_km",
    "max_km",
    "not_for_profit_only",
    "time_limit_seconds",
)


class MatchingSettingsError(AdminError):
    """A default that cannot be saved; ``field`` names the settings column."""


def get_settings() -> MatchingSettings:
    """The single settings row, created with the model's defaults if missing.

    Joins the caller's transaction. Two requests racing to create it both end up with
    the same row: the insert on the fixed primary key does nothing when the row exists.
    """
    settings = db.session.get(MatchingSettings, SETTINGS_ID)
    if settings is not None:
        return settings
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(insert(MatchingSettings).values(id=SETTINGS_ID).on_conflict_do_nothing())
    return db.session.get(MatchingSettings, SETTINGS_ID)


@transactional
def current_settings() -> MatchingSettings:
    """The settings row for a page, made (and committed) on first use."""
    return get_settings()


def _plain_number(value: float | int | Decimal) -> float | int:
    """``10.0`` → ``10`` so the policy JSON reads as the spec writes it; a Decimal from a
    form becomes a JSON number too."""
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def policy_from(settings: MatchingSettings, **overrides: Any) -> dict:
    """The spec's ``policy`` object from the council defaults.

    ``overrides`` may name any policy field (``not_for_profit_only``, ``school_radius_km``,
    ``max_km``, ``max_home_beds``), ``weights`` (a dict merged over the defaults) or a
    single weight as ``weight_<name>``. Unknown names raise ``TypeError``.
    """
    weights = {
        name: _plain_number(getattr(settings, column)) for name, column in WEIGHT_COLUMNS.items()
    }
    policy: dict[str, Any] = {
        "max_home_beds": MAX_HOME_BEDS,
        "not_for_profit_only": bool(settings.not_for_profit_only),
        "school_radius_km": _plain_number(settings.school_radius_km),
        "max_km": None if settings.max_km is None else _plain_number(settings.max_km),
        "weights": weights,
    }
    for key, value in overrides.items():
        if key == "weights":
            unknown = set(value) - set(WEIGHT_COLUMNS)
            if unknown:
                raise TypeError(f"unknown weights: {sorted(unknown)}")
            weights.update({name: _plain_number(v) for name, v in value.items()})
        elif key.startswith("weight_") and key.removeprefix("weight_") in WEIGHT_COLUMNS:
            weights[key.removeprefix("weight_")] = _plain_number(value)
        elif key in policy:
            policy[key] = _plain_number(value) if isinstance(value, float | Decimal) else value
        else:
            raise TypeError(f"unknown policy field: {key}")
    return policy


def _is_number(value: object) -> bool:
    return (
        isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))  # type: ignore[arg-type]
    )


def _validate(field: str, value: object) -> object:
    if field in WEIGHT_COLUMNS.values():
        if not _is_number(value) or float(value) < 0:  # type: ignore[arg-type]
            raise MatchingSettingsError(AdminCode.WEIGHT, field=field)
        return float(value)  # type: ignore[arg-type]
    if field == "school_radius_km":
        if not _is_number(value) or float(value) <= 0:  # type: ignore[arg-type]
            raise MatchingSettingsError(AdminCode.SCHOOL_DISTANCE, field=field)
        return float(value)  # type: ignore[arg-type]
    if field == "max_km":
        if value is None:
            return None
        if not _is_number(value) or float(value) <= 0:  # type: ignore[arg-type]
            raise MatchingSettingsError(AdminCode.MAX_DISTANCE, field=field)
        return float(value)  # type: ignore[arg-type]
    if field == "not_for_profit_only":
        if not isinstance(value, bool):
            raise MatchingSettingsError(AdminCode.NOT_FOR_PROFIT_CHOICE, field=field)
        return value
    if field == "time_limit_seconds":
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= MAX_TIME_LIMIT_SECONDS
        ):
            raise MatchingSettingsError(
                AdminCode.TIME_LIMIT, field=field, most=MAX_TIME_LIMIT_SECONDS
            )
        return value
    raise TypeError(f"unknown matching setting: {field}")


@transactional
def update_settings(*, actor: User | None, **changes: Any) -> MatchingSettings:
    """Change some or all of the defaults, audited, in one transaction.

    Every value is checked before any is set, so a refused change leaves the row as it
    was. The audit detail names the fields changed (no values: nothing personal, but
    short).
    """
    checked = {field: _validate(field, value) for field, value in changes.items()}
    settings = get_settings()
    changed = [field for field, value in checked.items() if getattr(settings, field) != value]
    for field in changed:
        setattr(settings, field, checked[field])
    if changed:
        db.session.flush()
        audit.record(actor, "matching_settings_updated", settings, detail=", ".join(changed))
    return settings
