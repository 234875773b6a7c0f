"""Human-friendly, random references like ``FE-7K3M9Q``.

Random rather than sequential, so one reference says nothing about another and cannot
be guessed. The alphabet leaves out letters and digits that are easy to confuse when
read out on the phone (0/O, 1/I/L, 5/S, 8/B).
"""

from __future__ import annotations

import secrets

from sqlalchemy import select

from fostering.extensions import db

ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
LENGTH = 6
ENQUIRY_PREFIX = "FE"
APPLICATION_PREFIX = "FA"


def random_reference(prefix: str) -> str:
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def _unused(prefix: str, column) -> str:
    # 27**6 is about 387 million, so a clash is rare; the unique index backs this up.
    for _ in range(20):
        reference = random_reference(prefix)
        if db.session.scalar(select(column).where(column == reference)) is None:
            return reference
    raise RuntimeError("could not find an unused reference")


def new_enquiry_reference() -> str:
    from fostering.models import Enquiry

    return _unused(ENQUIRY_PREFIX, Enquiry.reference)


def new_application_reference() -> str:
    from fostering.models import Application

    return _unused(APPLICATION_PREFIX, Application.reference)


def normalise_reference(text: str) -> str:
    """What someone typed or read out, in the stored form (``fe 7k3m9q`` → ``FE-7K3M9Q``)."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) == len(ENQUIRY_PREFIX) + LENGTH:
        return f"{compact[:2]}-{compact[2:]}"
    return text.strip().upper()
