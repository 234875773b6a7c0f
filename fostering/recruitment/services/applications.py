"""The applicant's side of an application: saving sections as they go, the rules for a
section to count as completed, the 10-year address history, referees, and submitting.

Every lookup of an item (a household member, an address, a job, a referee) is made
through the applicant's own application, so an id from someone else's gives
:class:`NotFound`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from flask import current_app
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import (
    AddressHistoryEntry,
    Application,
    ApplicationSection,
    ApplicationStage,
    EmploymentEntry,
    HouseholdMember,
    Referee,
    User,
)
from fostering.models.application import Person, RefereeKind, SectionKey, SectionStatus
from fostering.models.types import utcnow
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit, mail
from fostering.services.transactions import after_commit, transaction

ADDRESS_YEARS = 10
# Moving house rarely lines up to the day: up to a month between addresses is no gap.
GAP_TOLERANCE = timedelta(days=31)
MIN_PERSONAL_REFEREES = 2

YES, NO = "yes", "no"
CONSENT_KINDS = ("dbs", "local_authority", "medical", "references")


@dataclass(frozen=True)
class Problem:
    field: str | None
    message: object


class ApplicationError(RecruitmentError):
    """Something the applicant asked for that cannot be done, with what to fix: each
    problem names its field and says what it needs."""

    def __init__(
        self,
        problems: list[Problem],
        code: RecruitmentCode = RecruitmentCode.ANSWERS_NEED_CHANGES,
    ) -> None:
        super().__init__(code)
        self.problems = problems


class ApplicationLocked(ApplicationError):
    def __init__(self) -> None:
        code = RecruitmentCode.APPLICATION_LOCKED
        super().__init__([Problem(None, RecruitmentError.sentence(code))], code)


class NotFound(LookupError):
    """No such item on this applicant's application."""


# --- Finding things, always through the applicant ----------------------------------


def application_for(user: User) -> Application | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Application).where(Application.applicant_id == user.id))


ITEM_MODELS = {
    SectionKey.HOUSEHOLD: HouseholdMember,
    SectionKey.ADDRESS_HISTORY: AddressHistoryEntry,
    SectionKey.EMPLOYMENT: EmploymentEntry,
    SectionKey.REFEREES: Referee,
}


def get_item(application: Application, key: SectionKey, item_id: int):
    model = ITEM_MODELS.get(key)
    if model is None:
        raise NotFound(key)
    item = db.session.scalar(
        select(model).where(model.id == item_id, model.application_id == application.id)
    )
    if item is None:
        raise NotFound(item_id)
    return item


def require_editable(application: Application) -> None:
    if not application.stage_enum.applicant_can_edit:
        raise ApplicationLocked()


# --- Section answers ----------------------------------------------------------------

# Sections whose answers live in columns of the application; yes/no ones are booleans.
COLUMN_FIELDS = {
    SectionKey.ABOUT_YOU: (
        "first_name",
        "last_name",
        "other_names",
        "date_of_birth",
        "phone",
        "national_insurance_number",
        "speaks_welsh",
    ),
    SectionKey.JOINT_APPLICANT: (
        "has_joint_applicant",
        "joint_first_name",
        "joint_last_name",
        "joint_other_names",
        "joint_date_of_birth",
        "joint_email",
        "joint_phone",
        "joint_relationship",
    ),
}
BOOLEAN_COLUMNS = frozenset({"speaks_welsh", "has_joint_applicant"})
JOINT_DETAIL_FIELDS = COLUMN_FIELDS[SectionKey.JOINT_APPLICANT][1:]

# Sections whose answers live in the section row's JSON; dates are not used there.
JSON_FIELDS = {
    SectionKey.HEALTH: ("has_health_conditions", "health_details", "smokes", "gp_name"),
    SectionKey.PREVIOUS_FOSTERING: (
        "fostered_before",
        "fostering_details",
        "adopted_before",
        "adoption_details",
    ),
    SectionKey.YOUR_HOME: ("tenure", "bedrooms", "spare_bedrooms", "has_pets", "pets_details"),
    SectionKey.CONSENTS: ("consents",),
    SectionKey.REFEREES: ("former_partners",),
    SectionKey.HOUSEHOLD: (),
    SectionKey.ADDRESS_HISTORY: (),
    SectionKey.EMPLOYMENT: (),
}


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def section_values(application: Application, key: SectionKey) -> dict:
    """The saved answers of a section, as its form expects them."""
    if key in COLUMN_FIELDS:
        values = {}
        for name in COLUMN_FIELDS[key]:
            value = getattr(application, name)
            if name in BOOLEAN_COLUMNS and value is not None:
                value = YES if value else NO
            values[name] = value
        return values
    return application.section_data(key)


def _store(application: Application, key: SectionKey, values: dict) -> None:
    if key in COLUMN_FIELDS:
        for name in COLUMN_FIELDS[key]:
            if name not in values:
                continue
            value = values[name]
            if name in BOOLEAN_COLUMNS:
                value = None if _blank(value) else value == YES
            elif isinstance(value, str):
                value = value.strip() or None
            setattr(application, name, value)
        if key == SectionKey.JOINT_APPLICANT and application.has_joint_applicant is False:
            for name in JOINT_DETAIL_FIELDS:
                setattr(application, name, None)
        return
    allowed = JSON_FIELDS[key]
    data = application.section_data(key)
    for name in allowed:
        if name in values:
            value = values[name]
            data[name] = value.strip() if isinstance(value, str) else value
    _section_row(application, key).data = data


def _section_row(application: Application, key: SectionKey) -> ApplicationSection:
    row = application.section(key)
    if row is None:
        row = ApplicationSection(
            application=application, key=key.value, status=SectionStatus.IN_PROGRESS.value
        )
        row.data = {}
        db.session.add(row)
    return row


def _mark(application: Application, key: SectionKey, status: SectionStatus) -> None:
    row = _section_row(application, key)
    row.status = status.value
    row.updated_at = utcnow()


def save_section(
    application: Application,
    key: SectionKey,
    values: dict,
    *,
    completed: bool,
    actor: User,
    today: date | None = None,
) -> SectionStatus:
    """Save a section's answers. With ``completed``, the section must also pass its
    rules: if it does not, the answers are still saved (as in progress) and
    :class:`ApplicationError` lists what to fix."""
    require_editable(application)
    with transaction():
        _store(application, key, values)
        problems = section_problems(application, key, today or date.today()) if completed else []
        status = (
            SectionStatus.COMPLETED if completed and not problems else SectionStatus.IN_PROGRESS
        )
        _mark(application, key, status)
        audit.record(
            actor, "application_section_saved", application, detail=f"{key.value}={status.value}"
        )
    if problems:
        raise ApplicationError(problems)
    return status


def section_statuses(application: Application) -> dict[SectionKey, SectionStatus]:
    return {key: application.section_status(key) for key in SectionKey}


# --- Items in the list sections -----------------------------------------------------

ITEM_FIELDS = {
    SectionKey.HOUSEHOLD: ("full_name", "relationship_to_applicant", "date_of_birth", "lives_here"),
    SectionKey.ADDRESS_HISTORY: (
        "person",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "country",
        "date_from",
        "date_to",
    ),
    SectionKey.EMPLOYMENT: (
        "person",
        "employer",
        "job_title",
        "works_with_children",
        "date_from",
        "date_to",
    ),
    SectionKey.REFEREES: (
        "kind",
        "full_name",
        "relationship_to_applicant",
        "email",
        "phone",
        "address",
        "years_known",
    ),
}


def _item_problems(key: SectionKey, values: dict, today: date) -> list[Problem]:
    problems = []
    start, end = values.get("date_from"), values.get("date_to")
    born = values.get("date_of_birth")
    if born and born > today:
        problems.append(Problem("date_of_birth", _l("Date of birth must be in the past")))
    if start and start > today:
        problems.append(Problem("date_from", _l("The start date must be today or in the past")))
    if start and end and end < start:
        problems.append(Problem("date_to", _l("The end date must be after the start date")))
    if end and end > today:
        problems.append(Problem("date_to", _l("The end date must be today or in the past")))
    if key == SectionKey.REFEREES and not values.get("email") and not values.get("phone"):
        problems.append(Problem("email", _l("Enter the referee's email address or phone number")))
    return problems


def save_item(
    application: Application,
    key: SectionKey,
    item_id: int | None,
    values: dict,
    *,
    actor: User,
    today: date | None = None,
):
    """Add (``item_id=None``) or change an item. The section goes back to in progress."""
    require_editable(application)
    model = ITEM_MODELS[key]
    item = model(application_id=application.id) if item_id is None else None
    if item is None:
        item = get_item(application, key, item_id)
    problems = _item_problems(key, values, today or date.today())
    if problems:
        raise ApplicationError(problems)
    with transaction():
        for name in ITEM_FIELDS[key]:
            if name in values:
                value = values[name]
                if isinstance(value, str):
                    value = value.strip() or None
                setattr(item, name, value)
        if item_id is None:
            db.session.add(item)
        db.session.flush()
        _mark(application, key, SectionStatus.IN_PROGRESS)
        audit.record(
            actor,
            "application_item_added" if item_id is None else "application_item_changed",
            item,
            detail=f"application={application.id}",
        )
    db.session.refresh(application)
    return item


def remove_item(application: Application, key: SectionKey, item_id: int, *, actor: User) -> None:
    require_editable(application)
    item = get_item(application, key, item_id)
    with transaction():
        audit.record(
            actor, "application_item_removed", item, detail=f"application={application.id}"
        )
        db.session.delete(item)
        _mark(application, key, SectionStatus.IN_PROGRESS)
    db.session.refresh(application)


# --- Address history: 10 years without gaps ----------------------------------------


def years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@dataclass
class Coverage:
    window_start: date
    has_current: bool
    gaps: list[tuple[date, date]] = field(default_factory=list)
    # Days before the earliest address that the 10 years still need.
    missing_days: int = 0

    @property
    def complete(self) -> bool:
        return self.has_current and not self.gaps and self.missing_days == 0

    @property
    def missing_years(self) -> int:
        """Whole years still missing, rounded up (a few months count as one year)."""
        return math.ceil(self.missing_days / 365.25) if self.missing_days else 0


def address_coverage(
    periods: list[tuple[date, date | None]], today: date, years: int = ADDRESS_YEARS
) -> Coverage:
    """How far ``periods`` (moved in, moved out or None for now) cover the last
    ``years`` years: whether there is a current address, the gaps, what is missing."""
    window_start = years_ago(today, years)
    spans = sorted((start, end or today) for start, end in periods)
    merged: list[list[date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + GAP_TOLERANCE:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    merged = [span for span in merged if span[1] >= window_start]
    has_current = bool(merged) and merged[-1][1] >= today - GAP_TOLERANCE
    gaps = [
        (earlier[1] + timedelta(days=1), later[0] - timedelta(days=1))
        for earlier, later in pairwise(merged)
    ]
    earliest = merged[0][0] if merged else today
    missing = (earliest - window_start).days if earliest > window_start + GAP_TOLERANCE else 0
    return Coverage(window_start, has_current, gaps, max(0, missing))


def _coverage_problems(application: Application, person: Person, today: date) -> list[Problem]:
    periods = [(a.date_from, a.date_to) for a in application.addresses if a.person == person.value]
    coverage = address_coverage(periods, today)
    joint = person is Person.JOINT
    problems = []
    if not coverage.has_current:
        problems.append(
            Problem(
                None,
                _l("Add your joint applicant's current address.")
                if joint
                else _l("Add your current address."),
            )
        )
    for start, end in coverage.gaps:
        dates = {"start": format_date(start, "d MMMM yyyy"), "end": format_date(end, "d MMMM yyyy")}
        message = (
            _l(
                "There is a gap in your joint applicant's addresses from %(start)s to %(end)s. "
                "Add where they lived then.",
                **dates,
            )
            if joint
            else _l(
                "There is a gap in your addresses from %(start)s to %(end)s. "
                "Add where you lived then.",
                **dates,
            )
        )
        problems.append(Problem(None, message))
    if coverage.missing_days:
        back_to = format_date(coverage.window_start, "MMMM yyyy")
        count = coverage.missing_years
        message = (
            _nl(
                "Your joint applicant's addresses must cover the last 10 years: %(num)d year "
                "is still missing. Add addresses back to %(date)s.",
                "Your joint applicant's addresses must cover the last 10 years: %(num)d years "
                "are still missing. Add addresses back to %(date)s.",
                count,
                date=back_to,
            )
            if joint
            else _nl(
                "Your addresses must cover the last 10 years: %(num)d year is still missing. "
                "Add addresses back to %(date)s.",
                "Your addresses must cover the last 10 years: %(num)d years are still missing. "
                "Add addresses back to %(date)s.",
                count,
                date=back_to,
            )
        )
        problems.append(Problem(None, message))
    return problems


def address_summary(application: Application, today: date | None = None) -> list[Problem]:
    """What the address history still needs, for the section page (empty when done)."""
    today = today or date.today()
    problems = _coverage_problems(application, Person.APPLICANT, today)
    if application.has_joint_applicant:
        problems += _coverage_problems(application, Person.JOINT, today)
    return problems


# --- The rules for a section to be completed ---------------------------------------

REQUIRED = {
    SectionKey.ABOUT_YOU: {
        "first_name": _l("Enter your first name"),
        "last_name": _l("Enter your last name"),
        "date_of_birth": _l("Enter your date of birth"),
        "phone": _l("Enter your phone number"),
        "national_insurance_number": _l("Enter your National Insurance number"),
        "speaks_welsh": _l("Select yes if you speak Welsh"),
    },
    SectionKey.JOINT_APPLICANT: {
        "has_joint_applicant": _l("Select yes if you are applying with someone else"),
    },
    SectionKey.HEALTH: {
        "has_health_conditions": _l(
            "Select yes if you have a health condition or disability that affects daily life"
        ),
        "smokes": _l("Select yes if anyone in your home smokes or vapes"),
        "gp_name": _l("Enter the name of your GP surgery"),
    },
    SectionKey.PREVIOUS_FOSTERING: {
        "fostered_before": _l("Select yes if you have fostered before"),
        "adopted_before": _l("Select yes if you have adopted or applied to adopt before"),
    },
    SectionKey.YOUR_HOME: {
        "tenure": _l("Select whether you own or rent your home"),
        "bedrooms": _l("Enter how many bedrooms your home has"),
        "spare_bedrooms": _l("Enter how many spare bedrooms your home has"),
        "has_pets": _l("Select yes if you have pets"),
    },
    SectionKey.REFEREES: {
        "former_partners": _l(
            "Enter how many former partners you have lived with, or 0 if there are none"
        ),
    },
}

# Details needed when a yes/no question is answered yes.
DETAILS_IF_YES = {
    SectionKey.JOINT_APPLICANT: {
        "has_joint_applicant": {
            "joint_first_name": _l("Enter your joint applicant's first name"),
            "joint_last_name": _l("Enter your joint applicant's last name"),
            "joint_date_of_birth": _l("Enter your joint applicant's date of birth"),
            "joint_email": _l("Enter your joint applicant's email address"),
            "joint_relationship": _l("Enter your joint applicant's relationship to you"),
        }
    },
    SectionKey.HEALTH: {
        "has_health_conditions": {
            "health_details": _l("Tell us about the health condition or disability")
        }
    },
    SectionKey.PREVIOUS_FOSTERING: {
        "fostered_before": {
            "fostering_details": _l("Tell us who you fostered for, and when"),
        },
        "adopted_before": {
            "adoption_details": _l("Tell us about the adoption or application, and when"),
        },
    },
    SectionKey.YOUR_HOME: {"has_pets": {"pets_details": _l("Tell us about your pets")}},
}


def section_problems(application: Application, key: SectionKey, today: date) -> list[Problem]:
    """What stops ``key`` counting as completed (empty when it can)."""
    values = section_values(application, key)
    problems = [
        Problem(name, message)
        for name, message in REQUIRED.get(key, {}).items()
        if _blank(values.get(name))
    ]
    for question, details in DETAILS_IF_YES.get(key, {}).items():
        if values.get(question) == YES:
            problems += [
                Problem(name, message)
                for name, message in details.items()
                if _blank(values.get(name))
            ]
    if key == SectionKey.ABOUT_YOU and application.date_of_birth:
        # FOSTER_MINIMUM_AGE: the one age every page states. Old enough on the birthday.
        minimum = current_app.config["FOSTER_MINIMUM_AGE"]
        if application.date_of_birth > years_ago(today, minimum):
            problems.append(
                Problem(
                    "date_of_birth",
                    _l("You must be %(age)d or over to apply to foster", age=minimum),
                )
            )
    if key == SectionKey.YOUR_HOME:
        bedrooms, spare = values.get("bedrooms"), values.get("spare_bedrooms")
        if isinstance(bedrooms, int) and isinstance(spare, int) and spare > bedrooms:
            problems.append(
                Problem(
                    "spare_bedrooms",
                    _l("Spare bedrooms must be no more than the number of bedrooms"),
                )
            )
    if key == SectionKey.CONSENTS:
        if set(values.get("consents") or []) != set(CONSENT_KINDS):
            problems.append(
                Problem(
                    "consents",
                    _l("Agree to every check: we cannot assess your application without them"),
                )
            )
    if key == SectionKey.ADDRESS_HISTORY:
        problems += address_summary(application, today)
    if key == SectionKey.REFEREES:
        problems += referee_problems(application)
    return problems


def referee_problems(application: Application) -> list[Problem]:
    """Two personal referees, one from each current employer, one for every former
    partner they lived with, and one from a fostering service they fostered for."""
    counts = {kind: 0 for kind in RefereeKind}
    for referee in application.referees:
        counts[referee.kind_enum] += 1
    problems = []
    personal = counts[RefereeKind.PERSONAL]
    if personal < MIN_PERSONAL_REFEREES:
        problems.append(
            Problem(
                None,
                _nl(
                    "Add at least 2 personal referees: you have added %(num)d.",
                    "Add at least 2 personal referees: you have added %(num)d.",
                    personal,
                ),
            )
        )
    jobs = sum(1 for job in application.employment if job.is_current)
    if counts[RefereeKind.EMPLOYER] < jobs:
        problems.append(
            Problem(
                None,
                _nl(
                    "Add a referee from each current employer: you have %(num)d current job "
                    "and %(added)d employer referees.",
                    "Add a referee from each current employer: you have %(num)d current jobs "
                    "and %(added)d employer referees.",
                    jobs,
                    added=counts[RefereeKind.EMPLOYER],
                ),
            )
        )
    partners = application.section_data(SectionKey.REFEREES).get("former_partners")
    if isinstance(partners, int) and counts[RefereeKind.FORMER_PARTNER] < partners:
        problems.append(
            Problem(
                None,
                _nl(
                    "Add a referee for every former partner you lived with: you told us about "
                    "%(num)d and have added %(added)d.",
                    "Add a referee for every former partner you lived with: you told us about "
                    "%(num)d and have added %(added)d.",
                    partners,
                    added=counts[RefereeKind.FORMER_PARTNER],
                ),
            )
        )
    fostered = application.section_data(SectionKey.PREVIOUS_FOSTERING).get("fostered_before")
    if fostered == YES and not counts[RefereeKind.PREVIOUS_FOSTERING]:
        problems.append(
            Problem(
                None,
                _l("Add a referee from the fostering service you fostered for before."),
            )
        )
    return problems


# --- Submitting -------------------------------------------------------------------


def incomplete_sections(application: Application) -> list[SectionKey]:
    return [
        key
        for key, status in section_statuses(application).items()
        if status is not SectionStatus.COMPLETED
    ]


def submit_application(
    application: Application, *, declaration_agreed: bool, actor: User
) -> Application:
    """Send the application to the fostering team: every section must be completed and
    the declaration agreed. Moves it to ``submitted``; after that it is read-only."""
    require_editable(application)
    problems = [
        Problem(None, _l("Complete this section: %(section)s", section=key.label))
        for key in incomplete_sections(application)
    ]
    if not declaration_agreed:
        problems.append(Problem("agree", _l("Confirm that the information you have given is true")))
    if problems:
        raise ApplicationError(problems)
    with transaction():
        if application.stage == ApplicationStage.INVITED.value:
            move_stage(application, ApplicationStage.IN_PROGRESS, actor=actor)
        application.declaration_agreed_at = utcnow()
        move_stage(application, ApplicationStage.SUBMITTED, actor=actor)
        after_commit(
            lambda: mail.send_safely(
                application.applicant.email,
                "application_submitted",
                locale=application.enquiry.preferred_language,
                application=application,
                name=application.first_name or application.enquiry.first_name,
            )
        )
    return application
