"""Demo data for the public side of recruitment: applications the households are still
filling in, including the demo applicant's own (applicant@demo.example), whose joint
applicant has signed in too (joint.applicant@demo.example).

Loading twice adds nothing the second time: applications are keyed by the applicant's
email address. The fostering team's stages (submitted onwards) are in
:mod:`fostering.demo.assessment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from fostering.auth.passwords import hash_password
from fostering.extensions import db
from fostering.models import Application, ApplicationStage, Enquiry, Role, User
from fostering.models.application import SectionKey
from fostering.models.types import utcnow
from fostering.recruitment.services import applications as svc
from fostering.services.references import new_application_reference, new_enquiry_reference
from fostering.services.transactions import transaction


@dataclass(frozen=True)
class PublicHousehold:
    first_name: str
    last_name: str
    email: str
    postcode: str
    stage: ApplicationStage
    language: str = "en"
    # How far they have got: "some" sections, or "nearly" all of them.
    progress: str = "none"
    # The joint applicant's email address; set up means they have signed in.
    joint_email: str = ""
    joint_set_up: bool = False


def _households() -> tuple[PublicHousehold, ...]:
    from fostering.demo import DEMO_DOMAIN

    return (
        PublicHousehold(
            "Dafydd",
            "Hughes",
            f"applicant@{DEMO_DOMAIN}",
            "CF14 3UZ",
            ApplicationStage.IN_PROGRESS,
            progress="some",
            joint_email=f"joint.applicant@{DEMO_DOMAIN}",
            joint_set_up=True,
        ),
        PublicHousehold(
            "Nia",
            "Rowlands",
            f"nia.rowlands.household@{DEMO_DOMAIN}",
            "SA31 1AA",
            ApplicationStage.IN_PROGRESS,
            language="cy",
            progress="nearly",
            joint_email=f"alex.rowlands.household@{DEMO_DOMAIN}",
        ),
        PublicHousehold(
            "Tom",
            "Baker",
            f"tom.baker.household@{DEMO_DOMAIN}",
            "NP20 1AB",
            ApplicationStage.INVITED,
        ),
    )


def _applicant(spec: PublicHousehold) -> User:
    from fostering.demo import DEMO_PASSWORD

    user = db.session.scalar(select(User).where(User.email == spec.email))
    if user is None:
        user = User(
            email=spec.email,
            name=f"{spec.first_name} {spec.last_name}",
            role=Role.APPLICANT.value,
            # Invited households have not set a password yet.
            password_hash=None
            if spec.stage == ApplicationStage.INVITED
            else hash_password(DEMO_PASSWORD),
            language=spec.language,
        )
        db.session.add(user)
        db.session.flush()
    return user


def _create(spec: PublicHousehold, today: date) -> Application:
    now = utcnow()
    visited = now - timedelta(days=12)
    enquiry = Enquiry(
        reference=new_enquiry_reference(),
        first_name=spec.first_name,
        last_name=spec.last_name,
        email=spec.email,
        phone="07700 900456",
        postcode=spec.postcode,
        household="Me and my partner, and our son who is at university",
        adults_at_home=2,
        children_at_home=0,
        spare_bedroom="yes",
        interests=["short_term", "respite"],
        heard_from="friend_or_family",
        consent_to_contact=True,
        preferred_language=spec.language,
        received_at=now - timedelta(days=30),
        status="invited",
        contacted_at=now - timedelta(days=29),
        visit_at=visited,
        visit_outcome="invite",
    )
    with transaction():
        db.session.add(enquiry)
        applicant = _applicant(spec)
        application = Application(
            enquiry=enquiry,
            reference=new_application_reference(),
            stage=spec.stage.value,
            stage_changed_at=now - timedelta(days=5),
            invited_at=now - timedelta(days=10),
            started_at=None if spec.stage == ApplicationStage.INVITED else now - timedelta(days=5),
            applicant_id=applicant.id,
            first_name=spec.first_name,
            last_name=spec.last_name,
            phone=enquiry.phone,
        )
        db.session.add(application)
    if spec.progress in ("some", "nearly"):
        _fill_some(application, spec, today)
    if spec.progress == "nearly":
        _fill_more(application, today)
    if spec.joint_set_up:
        _joint_signs_in(application)
    return application


def _fill_some(application: Application, spec: PublicHousehold, today: date) -> None:
    from fostering.demo import DEMO_DOMAIN

    actor = application.applicant
    svc.save_section(
        application,
        SectionKey.ABOUT_YOU,
        {
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "date_of_birth": date(today.year - 44, 5, 17),
            "phone": "07700 900456",
            "national_insurance_number": "QQ123456C",
            "speaks_welsh": "yes" if spec.language == "cy" else "no",
            "language": spec.language,
        },
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.JOINT_APPLICANT,
        {
            "has_joint_applicant": "yes",
            "joint_first_name": "Alex",
            "joint_last_name": spec.last_name,
            "joint_date_of_birth": date(today.year - 42, 9, 2),
            "joint_email": spec.joint_email,
            "joint_relationship": "Husband",
            "joint_language": spec.language,
        },
        completed=True,
        actor=actor,
    )
    svc.save_item(
        application,
        SectionKey.HOUSEHOLD,
        None,
        {
            "full_name": f"Rhys {spec.last_name}",
            "relationship_to_applicant": "Son",
            "date_of_birth": date(today.year - 19, 2, 11),
            "lives_here": True,
            "email": f"rhys.{spec.last_name.lower()}@{DEMO_DOMAIN}",
        },
        actor=actor,
    )
    # Six of the ten years, so the page says what is still missing.
    svc.save_item(
        application,
        SectionKey.ADDRESS_HISTORY,
        None,
        {
            "address_line_1": "12 Heol y Felin",
            "town": "Caerdydd",
            "postcode": spec.postcode,
            "date_from": date(today.year - 6, 4, 1),
        },
        actor=actor,
    )
    svc.save_section(application, SectionKey.HEALTH, {"smokes": "no"}, completed=False, actor=actor)


def _fill_more(application: Application, today: date) -> None:
    actor = application.applicant
    for person in ("applicant", "joint"):
        svc.save_item(
            application,
            SectionKey.ADDRESS_HISTORY,
            None,
            {
                "person": person,
                "address_line_1": "3 Stryd y Castell",
                "town": "Caerfyrddin",
                "postcode": "SA31 1JP",
                "date_from": date(today.year - 15, 1, 1),
                "date_to": date(today.year - 6, 3, 31),
            },
            actor=actor,
        )
    svc.save_item(
        application,
        SectionKey.ADDRESS_HISTORY,
        None,
        {
            "person": "joint",
            "address_line_1": "12 Heol y Felin",
            "town": "Caerdydd",
            "postcode": application.enquiry.postcode,
            "date_from": date(today.year - 6, 4, 1),
        },
        actor=actor,
    )
    svc.save_section(application, SectionKey.ADDRESS_HISTORY, {}, completed=True, actor=actor)
    svc.save_section(application, SectionKey.HOUSEHOLD, {}, completed=True, actor=actor)
    svc.save_section(application, SectionKey.EMPLOYMENT, {}, completed=True, actor=actor)
    svc.save_section(
        application,
        SectionKey.HEALTH,
        {"has_health_conditions": "no", "smokes": "no", "gp_name": "Meddygfa'r Dref"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.DISCLOSURES,
        {"has_convictions": "no", "child_protection": "no"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.FINANCES,
        {"income_sources": "Cyflogau'r ddau ohonom", "money_difficulties": "no"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.PREVIOUS_FOSTERING,
        {"fostered_before": "no", "adopted_before": "no"},
        completed=True,
        actor=actor,
    )
    svc.save_section(
        application,
        SectionKey.YOUR_HOME,
        {
            "tenure": "owned",
            "bedrooms": 4,
            "spare_bedrooms": 1,
            "has_pets": "yes",
            "pets_details": "Un gath",
            "others_smoke": "no",
        },
        completed=True,
        actor=actor,
    )


def _joint_signs_in(application: Application) -> None:
    """The joint applicant has set their password and started their own part."""
    from fostering.demo import DEMO_PASSWORD

    joint = application.joint_applicant
    with transaction():
        joint.password_hash = hash_password(DEMO_PASSWORD)
        for invitation in application.invitations:
            if invitation.user_id == joint.id and invitation.used_at is None:
                invitation.used_at = utcnow()
    svc.save_section(
        application,
        SectionKey.JOINT_HEALTH,
        {"has_health_conditions": "no", "smokes": "no"},
        completed=False,
        actor=joint,
    )


def load_recruitment_demo(today: date | None = None) -> list[Application]:
    """Add the households that are missing; return the applications added."""
    today = today or date.today()
    added = []
    for spec in _households():
        user = db.session.scalar(select(User).where(User.email == spec.email))
        if user is not None and db.session.scalar(
            select(Application.id).where(Application.applicant_id == user.id)
        ):
            continue
        added.append(_create(spec, today))
    return added
