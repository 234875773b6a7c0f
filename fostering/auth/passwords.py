"""Password hashing with argon2id (OWASP's first choice for stored passwords)."""

from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 12


def is_common(password: str) -> bool:
    """In the 30,000 most common passwords (zxcvbn's list, from real leaks), ignoring case,
    or one of them with numbers and symbols added at the end ("Password2026!"): the first
    ones an attacker tries."""
    typed = password.strip().lower()
    return typed in _common() or _TRAILING.sub("", typed) in _common()


_TRAILING = re.compile(r"[\d\W_]+$")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@lru_cache(maxsize=2)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password, made with ``hasher``'s own costs and checked when no
    account matches, so a wrong email takes as long as a wrong password and sign-in
    does not reveal who has an account."""
    return hasher.hash("not-a-real-password-3f1c9a")


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        checked = password_hash or _dummy_hash(_hasher)
        return _hasher.verify(checked, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
