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


# --- Fostering team: cases in assessment and the carer register ------------------


def create_case(
    *,
    stage: str = "submitted",
    worker: User | None = None,
    adults: int = 0,
    children: int = 0,
    referees: tuple[str, ...] = ("personal", "personal"),
    joint_applicant: bool = False,
    submitted_at=None,
):
    """A submitted application with a household and referees, at ``stage`` (set directly),
    allocated to ``worker`` when given."""
    from datetime import date

    from fostering.models import HouseholdMember, Referee
    from fostering.models.types import utcnow

    application = create_application(stage=stage)
    now = utcnow()
    application.submitted_at = submitted_at or now
    application.date_of_birth = date(1985, 4, 2)
    if joint_applicant:
        application.has_joint_applicant = True
        application.joint_first_name = "Sam"
        application.joint_last_name = application.last_name
        application.joint_date_of_birth = date(1984, 9, 1)
    if worker is not None:
        application.assessing_worker_id = worker.id
        application.allocated_at = now
    for number in range(adults):
        application.household_members.append(
            HouseholdMember(
                full_name=f"Adult Member {number + 1}",
                relationship_to_applicant="Adult child",
                date_of_birth=date(2001, 1, 1 + number),
            )
        )
    for number in range(children):
        application.household_members.append(
            HouseholdMember(
                full_name=f"Child Member {number + 1}",
                relationship_to_applicant="Son",
                date_of_birth=date(2016, 6, 1 + number),
            )
        )
    for number, kind in enumerate(referees):
        application.referees.append(
            Referee(
                kind=kind,
                full_name=f"Referee {number + 1}",
                relationship_to_applicant="Friend",
                email=f"referee{next(_sequence)}@public.example",
            )
        )
    db.session.commit()
    return application


def create_carer(
    *,
    household_name: str = "The Evans household",
    postcode: str = "CF10 1AA",
    approved_on=None,
    status: str = "active",
    places: int = 2,
    min_age: int = 0,
    max_age: int = 18,
    placement_types: list[str] | None = None,
    welsh_speaking: bool = False,
):
    from datetime import date

    from fostering.models import FosterCarer
    from fostering.services.carers import annual_review_due, new_carer_reference

    approved_on = approved_on or date(2026, 1, 15)
    carer = FosterCarer(
        reference=new_carer_reference(),
        household_name=household_name,
        postcode=postcode,
        approved_on=approved_on,
        places=places,
        min_age=min_age,
        max_age=max_age,
        sexes=[],
        placement_types=placement_types or ["short_term"],
        skills=[],
        welsh_speaking=welsh_speaking,
        weekly_allowance_pence=32_500,
        status=status,
        annual_review_due=annual_review_due(approved_on),
    )
    db.session.add(carer)
    db.session.commit()
    return carer
