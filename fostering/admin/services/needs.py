"""The needs list the administrator manages: add, rename, retire or reactivate, reorder.

A need's code never changes once made (children's and providers' records hold codes), so
renaming changes only its English and Welsh names. Retiring hides a need from forms; the
records that hold it keep it and still show its name.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from fostering.admin.services.errors import AdminCode, AdminError
from fostering.extensions import db
from fostering.models import User
from fostering.models.needs import Need
from fostering.services import audit
from fostering.services.transactions import transactional

NAME_LIMIT = 120
CODE_LIMIT = 40


class NeedError(AdminError):
    """A change to the needs list that cannot be made."""


def code_for(name_en: str) -> str:
    """``"Complex health (tube feeding)"`` → ``"complex_health_tube_feeding"``."""
    code = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")
    return code[:CODE_LIMIT].rstrip("_")


def ordered() -> list[Need]:
    """Every need, in the administrator's order."""
    return list(db.session.scalars(select(Need).order_by(Need.position, Need.id)))


def active() -> list[Need]:
    """The needs a form offers, in order."""
    return [need for need in ordered() if need.active]


def choices(locale: str, keep: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(code, name)`` for a form: active needs, plus any retired one in ``keep``
    (a record that already holds a retired need shows it, so saving does not drop it)."""
    return [
        (need.code, need.name(locale)) for need in ordered() if need.active or need.code in keep
    ]


def names(codes: list[str], locale: str) -> list[str]:
    """The names of ``codes`` in the list's order; an unknown code is shown as itself."""
    by_code = {need.code: need for need in ordered()}
    known = [by_code[code] for code in codes if code in by_code]
    known.sort(key=lambda need: (need.position, need.id))
    return [need.name(locale) for need in known] + [c for c in codes if c not in by_code]


def _clean_names(name_en: str, name_cy: str) -> tuple[str, str]:
    name_en, name_cy = (name_en or "").strip(), (name_cy or "").strip()
    if not name_en:
        raise NeedError(AdminCode.NEED_NAME_EN_MISSING, field="name_en")
    if not name_cy:
        raise NeedError(AdminCode.NEED_NAME_CY_MISSING, field="name_cy")
    if len(name_en) > NAME_LIMIT:
        raise NeedError(AdminCode.NEED_NAME_TOO_LONG, field="name_en", count=NAME_LIMIT)
    if len(name_cy) > NAME_LIMIT:
        raise NeedError(AdminCode.NEED_NAME_TOO_LONG, field="name_cy", count=NAME_LIMIT)
    return name_en, name_cy


def _name_taken(name_en: str, except_id: int | None = None) -> bool:
    stmt = select(Need.id).where(func.lower(Need.name_en) == name_en.lower())
    if except_id is not None:
        stmt = stmt.where(Need.id != except_id)
    return db.session.scalar(stmt.limit(1)) is not None


@transactional
def add(user: User, name_en: str, name_cy: str) -> Need:
    name_en, name_cy = _clean_names(name_en, name_cy)
    code = code_for(name_en)
    if not code:
        raise NeedError(AdminCode.NEED_NAME_NO_LETTERS, field="name_en")
    if _name_taken(name_en) or db.session.scalar(select(Need.id).where(Need.code == code)):
        raise NeedError(AdminCode.NEED_NAME_TAKEN, field="name_en")
    last = db.session.scalar(select(func.max(Need.position))) or 0
    need = Need(code=code, name_en=name_en, name_cy=name_cy, active=True, position=last + 1)
    db.session.add(need)
    db.session.flush()
    audit.record(user, "need_added", need)
    return need


@transactional
def rename(user: User, need: Need, name_en: str, name_cy: str) -> None:
    name_en, name_cy = _clean_names(name_en, name_cy)
    if _name_taken(name_en, except_id=need.id):
        raise NeedError(AdminCode.NEED_NAME_TAKEN, field="name_en")
    need.name_en, need.name_cy = name_en, name_cy
    audit.record(user, "need_renamed", need)


@transactional
def set_active(user: User, need: Need, active_now: bool) -> None:
    if need.active == active_now:
        return
    need.active = active_now
    audit.record(user, "need_reactivated" if active_now else "need_retired", need)


@transactional
def move(user: User, need: Need, step: int) -> bool:
    """Swap ``need`` with its neighbour (``step`` -1 up, +1 down); False at either end.

    Positions are renumbered 1..n first, so ties left by older data cannot stick.
    """
    needs = ordered()
    for position, item in enumerate(needs, start=1):
        item.position = position
    index = next(i for i, item in enumerate(needs) if item.id == need.id)
    other = index + step
    if not 0 <= other < len(needs):
        return False
    needs[index].position, needs[other].position = needs[other].position, needs[index].position
    audit.record(user, "need_moved", need)
    return True
