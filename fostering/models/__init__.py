"""Database models. Import every model here so Alembic sees the whole schema."""

from fostering.models.audit import AuditEvent
from fostering.models.user import Role, User

__all__ = ["AuditEvent", "Role", "User"]
