"""An application to foster, its stages, and the sections the applicant fills in."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fostering.extensions import db
from fostering.models.enquiry import Enquiry
from fostering.models.labels import LabelledEnum, labels_for
from fostering.models.types import UTCDateTime, utcnow
from fostering.models.user import User

if TYPE_CHECKING:
    from fostering.models.invitation import Invitation

ADULT_AGE = 18


def age_on(date_of_birth: date, today: date) -> int:
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


class ApplicationStage(LabelledEnum):
    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    ALLOCATED = "allocated"
    STAGE_1 = "stage_1"
    STAGE_2 = "stage_2"
    PANEL = "panel"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STAGES

    @property
    def applicant_can_edit(self) -> bool:
        return self in (ApplicationStage.INVITED, ApplicationStage.IN_PROGRESS)


STAGE_LABELS = labels_for(
    ApplicationStage,
    {
        ApplicationStage.INVITED: _l("Invited to apply"),
        ApplicationStage.IN_PROGRESS: _l("In progress"),
        ApplicationStage.SUBMITTED: _l("Submitted"),
        ApplicationStage.ALLOCATED: _l("Allocated to a social worker"),
        ApplicationStage.STAGE_1: _l("Stage 1 checks"),
        ApplicationStage.STAGE_2: _l("Stage 2 assessment"),
        ApplicationStage.PANEL: _l("Fostering panel"),
        ApplicationStage.APPROVED: _l("Approved"),
        ApplicationStage.NOT_APPROVED: _l("Not approved"),
        ApplicationStage.WITHDRAWN: _l("Withdrawn"),
    },
)

CLOSED_STAGES = frozenset(
    {ApplicationStage.APPROVED, ApplicationStage.NOT_APPROVED, ApplicationStage.WITHDRAWN}
)

_S = ApplicationStage
ALLOWED_TRANSITIONS: dict[ApplicationStage, set[ApplicationStage]] = {
    _S.INVITED: {_S.IN_PROGRESS, _S.WITHDRAWN},
    _S.IN_PROGRESS: {_S.SUBMITTED, _S.WITHDRAWN},
    _S.SUBMITTED: {_S.ALLOCATED, _S.WITHDRAWN},
    _S.ALLOCATED: {_S.STAGE_1, _S.WITHDRAWN},
    _S.STAGE_1: {_S.STAGE_2, _S.NOT_APPROVED, _S.WITHDRAWN},
    _S.STAGE_2: {_S.PANEL, _S.WITHDRAWN},
    _S.PANEL: {_S.APPROVED, _S.NOT_APPROVED, _S.WITHDRAWN},
    _S.APPROVED: set(),
    _S.NOT_APPROVED: set(),
    _S.WITHDRAWN: set(),
}
del _S


class SectionKey(LabelledEnum):
    """The task list's sections, in the order the applicant sees them.

    Each belongs to one adult or is shared (:data:`SECTION_OWNERS`): the main
    applicant's own sections, the joint applicant's own (``JOINT_...``, which they
    fill in themselves after signing in), and the household's, which either may fill in.
    """

    ABOUT_YOU = "about_you"
    JOINT_APPLICANT = "joint_applicant"
    HOUSEHOLD = "household"
    ADDRESS_HISTORY = "address_history"
    EMPLOYMENT = "employment"
    FINANCES = "finances"
    HEALTH = "health"
    JOINT_HEALTH = "joint_health"
    DISCLOSURES = "disclosures"
    JOINT_DISCLOSURES = "joint_disclosures"
    PREVIOUS_FOSTERING = "previous_fostering"
    REFEREES = "referees"
    YOUR_HOME = "your_home"
    CONSENTS = "consents"
    JOINT_CONSENTS = "joint_consents"

    @property
    def owner(self) -> Person | None:
        """Whose section this is (None: the household's, shared)."""
        return SECTION_OWNERS.get(self)

    @property
    def own_version(self) -> SectionKey:
        """The section as its owner sees it: a joint applicant's health is, to them,
        the same questions as the main applicant's (``JOINT_HEALTH`` -> ``HEALTH``)."""
        return JOINT_SECTIONS.get(self, self)


SECTION_LABELS = labels_for(
    SectionKey,
    {
        SectionKey.ABOUT_YOU: _l("About you"),
        SectionKey.JOINT_APPLICANT: _l("Joint applicant"),
        SectionKey.HOUSEHOLD: _l("Your household"),
        SectionKey.ADDRESS_HISTORY: _l("Address history"),
        SectionKey.EMPLOYMENT: _l("Employment"),
        SectionKey.FINANCES: _l("Finances"),
        SectionKey.HEALTH: _l("Health"),
        SectionKey.JOINT_HEALTH: _l("Joint applicant's health"),
        SectionKey.DISCLOSURES: _l("Convictions and children's services"),
        SectionKey.JOINT_DISCLOSURES: _l("Joint applicant's convictions and children's services"),
        SectionKey.PREVIOUS_FOSTERING: _l("Previous fostering or adoption"),
        SectionKey.REFEREES: _l("Referees"),
        SectionKey.YOUR_HOME: _l("Your home"),
        SectionKey.CONSENTS: _l("Consent to checks"),
        SectionKey.JOINT_CONSENTS: _l("Joint applicant's consent to checks"),
    },
)


class SectionStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


SECTION_STATUS_LABELS = labels_for(
    SectionStatus,
    {
        SectionStatus.NOT_STARTED: _l("Not started"),
        SectionStatus.IN_PROGRESS: _l("In progress"),
        SectionStatus.COMPLETED: _l("Completed"),
    },
)


class Person(LabelledEnum):
    """Whose history an address or job belongs to."""

    APPLICANT = "applicant"
    JOINT = "joint"


PERSON_LABELS = labels_for(
    Person, {Person.APPLICANT: _l("You"), Person.JOINT: _l("Joint applicant")}
)

# Each adult's own sections (the rest are the household's, shared). The joint
# applicant's mirror the main applicant's: the same questions, answered by them.
JOINT_SECTIONS = {
    SectionKey.JOINT_HEALTH: SectionKey.HEALTH,
    SectionKey.JOINT_DISCLOSURES: SectionKey.DISCLOSURES,
    SectionKey.JOINT_CONSENTS: SectionKey.CONSENTS,
}
SECTION_OWNERS: dict[SectionKey, Person] = {
    SectionKey.ABOUT_YOU: Person.APPLICANT,
    SectionKey.JOINT_APPLICANT: Person.APPLICANT,
    **{key: Person.APPLICANT for key in JOINT_SECTIONS.values()},
    **{key: Person.JOINT for key in JOINT_SECTIONS},
}


class RefereeKind(LabelledEnum):
    PERSONAL = "personal"
    EMPLOYER = "employer"
    FORMER_PARTNER = "former_partner"
    PREVIOUS_FOSTERING = "previous_fostering"


REFEREE_KIND_LABELS = labels_for(
    RefereeKind,
    {
        RefereeKind.PERSONAL: _l("Personal referee"),
        RefereeKind.EMPLOYER: _l("Employer"),
        RefereeKind.FORMER_PARTNER: _l("Former partner"),
        RefereeKind.PREVIOUS_FOSTERING: _l("Previous fostering service"),
    },
)


class Application(db.Model):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(
        ForeignKey("enquiries.id", ondelete="RESTRICT"), unique=True, index=True
    )
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    stage: Mapped[str] = mapped_column(
        String(20), default=ApplicationStage.INVITED.value, index=True
    )
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    declaration_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    applicant_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), unique=True, index=True
    )
    # The primary applicant's details ("About you").
    first_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    last_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    other_names: Mapped[str | None] = mapped_column(String(200), nullable=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    national_insurance_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    speaks_welsh: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    # A joint applicant (a partner applying with them), if any.
    has_joint_applicant: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    joint_first_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    joint_last_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    joint_other_names: Mapped[str | None] = mapped_column(String(200), nullable=True)
    joint_date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    joint_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    joint_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    joint_relationship: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The language the joint applicant is written to in (their account's, once made).
    joint_language: Mapped[str | None] = mapped_column(String(2), nullable=True)
    # The joint applicant's own account, made when they are invited, and their own
    # declaration (the main applicant's is ``declaration_agreed_at``).
    joint_applicant_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, unique=True, index=True
    )
    joint_declaration_agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The fostering team's side.
    assessing_worker_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    allocated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    enquiry: Mapped[Enquiry] = relationship(back_populates="application")
    applicant: Mapped[User] = relationship(foreign_keys=[applicant_id])
    joint_applicant: Mapped[User | None] = relationship(foreign_keys=[joint_applicant_id])
    assessing_worker: Mapped[User | None] = relationship(foreign_keys=[assessing_worker_id])
    sections: Mapped[list[ApplicationSection]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )
    household_members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="HouseholdMember.id",
    )
    addresses: Mapped[list[AddressHistoryEntry]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="AddressHistoryEntry.date_from.desc()",
    )
    employment: Mapped[list[EmploymentEntry]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="EmploymentEntry.date_from.desc()",
    )
    referees: Mapped[list[Referee]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Referee.id"
    )
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="application", cascade="all, delete-orphan"
    )

    @property
    def stage_enum(self) -> ApplicationStage:
        return ApplicationStage(self.stage)

    @property
    def applicant_name(self) -> str:
        name = f"{self.first_name or ''} {self.last_name or ''}".strip()
        return name or self.enquiry.full_name

    @property
    def joint_applicant_name(self) -> str | None:
        if not self.has_joint_applicant:
            return None
        return f"{self.joint_first_name or ''} {self.joint_last_name or ''}".strip() or None

    def language_of(self, user: User | None) -> str:
        """The language to write to ``user`` (an applicant on this application) in: their
        account's, else the one they made their enquiry in."""
        language = getattr(user, "language", None)
        return language or self.enquiry.preferred_language or "en"

    def section(self, key: SectionKey) -> ApplicationSection | None:
        for row in self.sections:
            if row.key == key.value:
                return row
        return None

    def section_status(self, key: SectionKey) -> SectionStatus:
        row = self.section(key)
        return SectionStatus(row.status) if row else SectionStatus.NOT_STARTED

    def section_data(self, key: SectionKey) -> dict:
        row = self.section(key)
        return dict(row.data or {}) if row else {}

    def adults_needing_dbs(self, today: date) -> list[tuple[str, str, date | None]]:
        """Everyone aged 18 or over in the household, for the enhanced DBS checks:
        ``(kind, name, date of birth)`` where kind is applicant, joint or member."""
        people: list[tuple[str, str, date | None]] = [
            ("applicant", self.applicant_name, self.date_of_birth)
        ]
        if self.has_joint_applicant:
            people.append(("joint", self.joint_applicant_name or "", self.joint_date_of_birth))
        people.extend(
            ("member", member.full_name, member.date_of_birth)
            for member in self.household_members
            if member.lives_here and member.is_adult_on(today)
        )
        return people

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.reference} {self.stage}>"


class ApplicationSection(db.Model):
    """A section's status, and the answers of the simpler sections as JSON."""

    __tablename__ = "application_sections"
    __table_args__ = (UniqueConstraint("application_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=SectionStatus.IN_PROGRESS.value)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship(back_populates="sections")


class HouseholdMember(db.Model):
    """Someone else who lives in (or often stays at) the applicant's home."""

    __tablename__ = "household_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    relationship_to_applicant: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    lives_here: Mapped[bool] = mapped_column(Boolean, default=True)
    # An adult who lives here consents to their own DBS check, through a link sent to
    # this address, and discloses any convictions or cautions themselves.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    dbs_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    has_convictions: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    convictions_details: Mapped[str | None] = mapped_column(Text, nullable=True)

    application: Mapped[Application] = relationship(back_populates="household_members")

    def needs_dbs_on(self, today: date) -> bool:
        """Lives here and is 18 or over: consents to an enhanced DBS check."""
        return self.lives_here and self.is_adult_on(today)

    def is_adult_on(self, today: date) -> bool:
        return age_on(self.date_of_birth, today) >= ADULT_AGE

    @property
    def is_adult(self) -> bool:
        """Aged 18 or over today: needs an enhanced DBS check."""
        return self.is_adult_on(date.today())


# What people write for "the UK" in an address's country box (English and Welsh): any
# other country makes an address overseas.
UK_NAMES = frozenset(
    {
        "uk",
        "u.k.",
        "united kingdom",
        "the united kingdom",
        "great britain",
        "britain",
        "gb",
        "england",
        "wales",
        "scotland",
        "northern ireland",
        "cymru",
        "lloegr",
        "yr alban",
        "gogledd iwerddon",
        "y deyrnas unedig",
        "prydain",
        "prydain fawr",
    }
)


class AddressHistoryEntry(db.Model):
    __tablename__ = "address_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    person: Mapped[str] = mapped_column(String(16), default=Person.APPLICANT.value)
    address_line_1: Mapped[str] = mapped_column(String(200))
    address_line_2: Mapped[str | None] = mapped_column(String(200), nullable=True)
    town: Mapped[str] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8), nullable=True)
    country: Mapped[str | None] = mapped_column(String(100), nullable=True)
    date_from: Mapped[date] = mapped_column(Date)
    # Null for the address they live at now.
    date_to: Mapped[date | None] = mapped_column(Date, nullable=True)

    application: Mapped[Application] = relationship(back_populates="addresses")

    @property
    def is_overseas(self) -> bool:
        """Outside the UK: a country is given and it is not the UK or one of its nations."""
        country = " ".join((self.country or "").lower().split())
        return bool(country) and country not in UK_NAMES


class EmploymentEntry(db.Model):
    __tablename__ = "employment_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    person: Mapped[str] = mapped_column(String(16), default=Person.APPLICANT.value)
    employer: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    works_with_children: Mapped[bool] = mapped_column(Boolean, default=False)
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date, nullable=True)

    application: Mapped[Application] = relationship(back_populates="employment")

    @property
    def is_current(self) -> bool:
        return self.date_to is None


class Referee(db.Model):
    __tablename__ = "referees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    relationship_to_applicant: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    address: Mapped[str | None] = mapped_column(Text, nullable=True)
    years_known: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Related to the applicants or living with them (such a referee is refused).
    related: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    application: Mapped[Application] = relationship(back_populates="referees")

    @property
    def kind_enum(self) -> RefereeKind:
        return RefereeKind(self.kind)
