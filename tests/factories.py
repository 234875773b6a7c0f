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


# --- Recruitment: enquiries and applications -------------------------------------


def create_enquiry(
    *,
    first_name: str = "Ceri",
    last_name: str | None = None,
    email: str | None = None,
    phone: str | None = "07700 900123",
    postcode: str = "CF10 1AA",
    status: str = "new",
    preferred_language: str = "en",
    received_at=None,
    interests: list[str] | None = None,
):
    from fostering.models import Enquiry
    from fostering.models.types import utcnow
    from fostering.services.references import new_enquiry_reference

    number = next(_sequence)
    enquiry = Enquiry(
        reference=new_enquiry_reference(),
        first_name=first_name,
        last_name=last_name or f"Enquirer{number}",
        email=email if email is not None else f"enquirer{number}@public.example",
        phone=phone,
        postcode=postcode,
        household="Me and my partner",
        adults_at_home=2,
        children_at_home=0,
        spare_bedroom="yes",
        interests=interests if interests is not None else ["short_term"],
        heard_from="website",
        consent_to_contact=True,
        preferred_language=preferred_language,
        received_at=received_at or utcnow(),
        status=status,
    )
    db.session.add(enquiry)
    db.session.commit()
    return enquiry


def create_application(
    *,
    enquiry=None,
    applicant: User | None = None,
    stage: str = "in_progress",
    password: str | None = DEFAULT_PASSWORD,
):
    """An application at ``stage`` (set directly: tests of stage moves use the service)."""
    from fostering.models import Application
    from fostering.models.types import utcnow
    from fostering.services.references import new_application_reference

    enquiry = enquiry or create_enquiry(status="invited")
    if applicant is None:
        applicant = User(
            email=enquiry.email or f"applicant{next(_sequence)}@public.example",
            name=enquiry.full_name,
            role=Role.APPLICANT.value,
            password_hash=_hash(password) if password else None,
        )
        db.session.add(applicant)
        db.session.flush()
    now = utcnow()
    application = Application(
        enquiry=enquiry,
        reference=new_application_reference(),
        stage=stage,
        stage_changed_at=now,
        invited_at=now,
        started_at=None if stage == "invited" else now,
        applicant_id=applicant.id,
        first_name=enquiry.first_name,
        last_name=enquiry.last_name,
    )
    db.session.add(application)
    db.session.commit()
    return application
