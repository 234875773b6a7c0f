"""Test data factories. Every argument is keyword-only, so a test says what matters."""

from __future__ import annotations

import itertools

from fostering.extensions import db
from fostering.models import Role, User
from fostering.services.passwords import hash_password

DEFAULT_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _hash_cache:
        _hash_cache[password] = hash_password(password)
    return _hash_cache[password]


def create_user(
    *,
    role: Role = Role.SOCIAL_WORKER,
    email: str | None = None,
    name: str | None = None,
    password: str = DEFAULT_PASSWORD,
    active: bool = True,
) -> User:
    number = next(_sequence)
    user = User(
        email=email or f"person{number}@council.example",
        name=name or f"Person {number}",
        role=role.value,
        password_hash=_hash(password),
        active=active,
    )
    db.session.add(user)
    db.session.commit()
    return user
