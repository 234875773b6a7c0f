"""Test data factories. Every argument is keyword-only, so a test says what matters."""

from __future__ import annotations

import itertools
from datetime import date

from fostering.auth.passwords import hash_password
from fostering.extensions import db
from fostering.models import Role, User

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
        name=name or f"Person {number:06d}",
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
        last_name=last_name or f"Enquirer{number:06d}",
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


def create_panel_meeting(
    *,
    meeting_date=None,
    starts_at: str = "10:00",
    venue: str = "County Hall, Room 4",
    chair: str = "Dr Ann Hughes",
    members: tuple[str, ...] = ("Bryn Owen", "Carys Lewis", "Dewi Price", "Elen Rees"),
):
    """A fostering panel meeting (today by default) with a quorum of five sitting."""
    from fostering.models import PanelMeeting
    from fostering.recruitment.services.casework import office_today

    meeting = PanelMeeting(
        meeting_date=meeting_date or office_today(),
        starts_at=starts_at,
        venue=venue,
        chair=chair,
        members=list(members),
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


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
    from fostering.recruitment.services.carers import annual_review_due, new_carer_reference

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


# --- Placements: children, providers and the ledger ------------------------------


def create_child(
    *,
    given_name: str = "Alex",
    family_name: str | None = None,
    date_of_birth=None,
    sex: str = "F",
    setting: str = "foster",
    placement_type: str = "short_term",
    urgency: str = "planned",
    needs: list[str] | None = None,
    status: str = "awaiting",
    home_postcode: str = "CF10 1AA",
    home_grid: tuple[int, int] | None = (318_200, 176_400),
    home_local_authority: str | None = "W06000015",
    school_grid: tuple[int, int] | None = None,
    welsh_speaking: bool = False,
    sibling_group=None,
):
    from datetime import date

    from fostering.models import Child

    number = next(_sequence)
    child = Child(
        reference=f"LAC{number:06d}",
        given_name=given_name,
        # Zero-padded, as every made-up name here, so that names sort as they were made:
        # "Child99" sorts after "Child100", and a list ordered by name changed with the
        # count.
        family_name=family_name or f"Child{number:06d}",
        date_of_birth=date_of_birth or date(2016, 5, 1),
        sex=sex,
        setting=setting,
        placement_type=placement_type,
        urgency=urgency,
        needs=needs or [],
        status=status,
        home_postcode=home_postcode,
        home_easting=home_grid[0] if home_grid else None,
        home_northing=home_grid[1] if home_grid else None,
        home_local_authority=home_local_authority,
        school_postcode="CF10 1AB" if school_grid else None,
        school_easting=school_grid[0] if school_grid else None,
        school_northing=school_grid[1] if school_grid else None,
        welsh_speaking=welsh_speaking,
        sibling_group=sibling_group,
    )
    db.session.add(child)
    db.session.commit()
    return child


def create_home(
    *,
    name: str | None = None,
    beds: int = 4,
    occupied: int = 0,
    min_age: int = 8,
    max_age: int = 17,
    weekly_cost_pence: int = 380_000,
    postcode: str = "CF14 2AA",
    grid: tuple[int, int] | None = (320_000, 175_000),
    local_authority: str | None = "W06000015",
    skills: list[str] | None = None,
):
    from fostering.models import ChildrensHome

    number = next(_sequence)
    home = ChildrensHome(
        reference=f"CH{number:05d}",
        name=name or f"Home {number:06d}",
        beds=beds,
        occupied=occupied,
        min_age=min_age,
        max_age=max_age,
        sexes=[],
        placement_types=[],
        skills=skills or [],
        welsh_speaking=False,
        weekly_cost_pence=weekly_cost_pence,
        postcode=postcode,
        easting=grid[0] if grid else None,
        northing=grid[1] if grid else None,
        local_authority=local_authority,
    )
    db.session.add(home)
    db.session.commit()
    return home


def create_agency(
    *,
    name: str | None = None,
    kind: str = "ifa",
    not_for_profit: bool = False,
    legal_form: str | None = None,
    places: int | None = 10,
    occupied: int = 0,
    weekly_cost_pence: int = 95_000,
    postcode: str = "NP20 1AA",
    grid: tuple[int, int] | None = (331_000, 188_000),
    local_authority: str | None = "W06000022",
    skills: list[str] | None = None,
):
    from fostering.models import Agency

    number = next(_sequence)
    agency = Agency(
        reference=f"AG{number:05d}",
        name=name or f"Agency {number:06d}",
        kind=kind,
        not_for_profit=not_for_profit,
        places=places,
        occupied=occupied,
        min_age=0,
        max_age=17,
        sexes=[],
        placement_types=[],
        skills=skills or [],
        welsh_speaking=False,
        weekly_cost_pence=weekly_cost_pence,
        postcode=postcode,
        easting=grid[0] if grid else None,
        northing=grid[1] if grid else None,
        local_authority=local_authority,
    )
    if legal_form is not None:
        agency.legal_form = legal_form
    db.session.add(agency)
    db.session.commit()
    return agency


def create_placement(
    *,
    child=None,
    provider,
    start_date=None,
    weekly_cost_pence: int = 50_000,
    end_date=None,
    actor=None,
):
    """A placement made through the service (so vacancies move), ended if ``end_date``."""
    from datetime import date

    from fostering.models.child import ChildStatus
    from fostering.placements.services import placements

    child = child or create_child()
    placement = placements.make_placement(
        child=child,
        provider=provider,
        start_date=start_date or date(2026, 1, 5),
        weekly_cost_pence=weekly_cost_pence,
        actor=actor,
        require_awaiting=False,
    )
    if end_date is not None:
        placements.end_placement(
            placement, end_date=end_date, actor=actor, child_status=ChildStatus.CLOSED
        )
    db.session.commit()
    return placement


# --- Postcodes -------------------------------------------------------------------

TEST_POSTCODES = (
    ("CF10 1AA", 318_000, 176_000, "W06000015"),  # Cardiff
    ("CF14 2AA", 316_000, 180_000, "W06000015"),
    ("SA1 1XY", 265_600, 193_000, "W06000011"),  # Swansea
    ("NP20 1AA", 331_000, 188_000, "W06000022"),  # Newport
)


def load_postcodes(rows=TEST_POSTCODES) -> None:
    """A small postcode directory, so forms with known-postcode fields accept these."""
    import io

    from fostering.services import postcodes

    text = "pcds,oseast1m,osnrth1m,oslaua\n" + "".join(
        f"{code},{easting},{northing},{la}\n" for code, easting, northing, la in rows
    )
    postcodes.load_directory(io.StringIO(text))


# --- The demo council ------------------------------------------------------------

DEMO_DAY = date(2026, 11, 24)


def load_demo_council() -> None:
    """The placements demo council on ``DEMO_DAY``: a loader for ``pytest.mark.loaded``.
    The tests that start from it share this one function, so its template is built
    once per run and backend."""
    from fostering.demo import placements as demo_placements

    assert demo_placements.load_placements_demo(DEMO_DAY) is True
