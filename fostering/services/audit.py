"""The audit trail service: ``audit.record(user, action, object)``.

Records join the caller's transaction, so a change and its audit record commit or roll
back together. Details must never hold personal data beyond ids and field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select

from fostering.extensions import db
from fostering.models import AuditEvent, User
from fostering.models.types import utcnow


def _describe(obj: object) -> tuple[str, str | None]:
    if isinstance(obj, tuple):
        kind, ident = obj
        return str(kind), None if ident is None else str(ident)
    if isinstance(obj, str):
        return obj, None
    kind = getattr(obj, "__audit_type__", None) or getattr(obj, "__tablename__", None)
    kind = kind or type(obj).__name__.lower()
    ident = getattr(obj, "id", None)
    return str(kind), None if ident is None else str(ident)


def record(
    user: User | None,
    action: str,
    obj: object,
    *,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event for ``user`` doing ``action`` to ``obj``, in the caller's
    transaction (``services.transactions``).

    ``obj`` is a model instance, a ``(type, id)`` pair or a type name.
    """
    object_type, object_id = _describe(obj)
    actor = user if isinstance(user, User) else None
    event = AuditEvent(
        at=utcnow(),
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=(detail or None) and detail[:500],
    )
    db.session.add(event)
    return event


@dataclass(frozen=True)
class AuditQuery:
    text: str = ""
    action: str = ""
    object_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def search_statement(query: AuditQuery) -> Select:
    """Newest first, narrowed by the administrator's filters."""
    stmt = select(AuditEvent).outerjoin(User, AuditEvent.user_id == User.id)
    if query.action:
        stmt = stmt.where(AuditEvent.action == query.action)
    if query.object_type:
        stmt = stmt.where(AuditEvent.object_type == query.object_type)
    if query.text:
        like = f"%{query.text.strip().lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(User.email).like(like),
                func.lower(User.name).like(like),
                AuditEvent.object_id == query.text.strip(),
            )
        )
    if query.date_from:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(query.date_from, time.min, UTC))
    if query.date_to:
        end = datetime.combine(query.date_to + timedelta(days=1), time.min, UTC)
        stmt = stmt.where(AuditEvent.at < end)
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def known_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def known_object_types() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.object_type).distinct().order_by(AuditEvent.object_type)
        )
    )
