"""The applicants' side of an application: saving sections as they go, the rules for a
section to count as completed, the 10-year address history, referees, and submitting.

An application has a main applicant and may have a joint applicant, each signed in to
their own account. Each has their own sections (``SectionKey.owner``) and the
household's sections are shared: :func:`may_edit` says who may change what, and an
adult who asks for another's section gets :class:`NotFound`. Every lookup of an item (a
household member, an address, a job, a referee) is made through the signed-in
person's own application, so an id from someone else's gives :class:`NotFound` too.
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
from sqlalchemy import or_, select

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
from fostering.models.application import (
    JOINT_SECTIONS,
    Person,
    RefereeKind,
    SectionKey,
    SectionStatus,
)
from fostering.models.types import utcnow
from fostering.recruitment.services.application_stages import move_stage
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.services import audit
from fostering.services.transactions import transaction

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
    """The application ``user`` is the main or the joint applicant on."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Application).where(
            or_(Application.applicant_id == user.id, Application.joint_applicant_id == user.id)
        )
    )


def person_in(application: Application, user: User | None) -> Person | None:
    """Whether ``user`` is the application's main or joint applicant (None: neither)."""
    if user is None:
        return None
    if application.applicant_id == user.id:
        return Person.APPLICANT
    if application.joint_applicant_id is not None and application.joint_applicant_id == user.id:
        return Person.JOINT
    return None


def required_sections(application: Application) -> list[SectionKey]:
    """Every section the application needs: the joint applicant's own only when there
    is one."""
    return [
        key
        for key in SectionKey
        if key.owner is not Person.JOINT or application.has_joint_applicant
    ]


def may_edit(application: Application, key: SectionKey, person: Person | None) -> bool:
    """An adult's own sections are theirs alone; the household's are both adults'."""
    if person is None or key not in required_sections(application):
        return False
    return key.owner is None or key.owner is person


def visible_sections(application: Application, person: Person | None) -> list[SectionKey]:
    """What ``person`` sees: their own sections and the shared ones."""
    return [key for key in required_sections(application) if may_edit(application, key, person)]


def _require_may_edit(application: Application, key: SectionKey, actor: User | None) -> None:
    if not may_edit(application, key, person_in(application, actor)):
        raise NotFound(key)


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
        "joint_language",
    ),
}
BOOLEAN_COLUMNS = frozenset({"speaks_welsh", "has_joint_applicant"})
JOINT_DETAIL_FIELDS = COLUMN_FIELDS[SectionKey.JOINT_APPLICANT][1:]
# The language the main applicant is written to in is their account's ("About you").
LANGUAGE_FIELD = "language"
LANGUAGES = ("en", "cy")

# Sections whose answers live in the section row's JSON; dates are not used there.
# The joint applicant's own sections ask the same questions as the main applicant's.
JSON_FIELDS = {
    SectionKey.HEALTH: ("has_health_conditions", "health_details", "smokes", "gp_name"),
    SectionKey.DISCLOSURES: (
        "has_convictions",
        "convictions_details",
        "child_protection",
        "child_protection_details",
    ),
    SectionKey.FINANCES: ("income_sources", "money_difficulties", "money_difficulties_details"),
    SectionKey.PREVIOUS_FOSTERING: (
        "fostered_before",
        "fostering_details",
        "adopted_before",
        "previous_agency",
        "previous_outcome",
        "adoption_details",
    ),
    SectionKey.YOUR_HOME: (
        "tenure",
        "bedrooms",
        "spare_bedrooms",
        "has_pets",
        "pets_details",
        "others_smoke",
    ),
    SectionKey.CONSENTS: ("consents",),
    SectionKey.REFEREES: ("former_partners",),
    SectionKey.HOUSEHOLD: (),
    SectionKey.ADDRESS_HISTORY: (),
    SectionKey.EMPLOYMENT: (),
}
JSON_FIELDS.update({joint: JSON_FIELDS[own] for joint, own in JOINT_SECTIONS.items()})


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
        if key == SectionKey.ABOUT_YOU:
            values[LANGUAGE_FIELD] = application.applicant.language
        if key == SectionKey.JOINT_APPLICANT and not values["joint_language"]:
            values["joint_language"] = application.applicant.language
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
        if key == SectionKey.ABOUT_YOU and values.get(LANGUAGE_FIELD) in LANGUAGES:
            application.applicant.language = values[LANGUAGE_FIELD]
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
    :class:`ApplicationError` lists what to fix.

    Only the section's owner (or either adult, for a shared one) may save it. Completing
    the joint applicant section invites the joint applicant to sign in; answering no
    there takes a joint applicant off the application. A joint applicant who changes
    their own answers after signing their declaration signs it again."""
    from fostering.recruitment.services import adults

    require_editable(application)
    _require_may_edit(application, key, actor)
    if key == SectionKey.JOINT_APPLICANT:
        refused = adults.joint_details_problems(application, values)
        if refused:
            raise ApplicationError(refused)
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
        if key.owner is Person.JOINT and application.joint_declaration_agreed_at is not None:
            application.joint_declaration_agreed_at = None
            audit.record(actor, "joint_declaration_withdrawn", application)
        if key == SectionKey.JOINT_APPLICANT:
            if application.has_joint_applicant is False:
                adults.remove_joint_applicant(application, actor=actor)
            elif status is SectionStatus.COMPLETED:
                adults.invite_joint_applicant(application, actor=actor)
    if problems:
        raise ApplicationError(problems)
    return status


def section_statuses(application: Application) -> dict[SectionKey, SectionStatus]:
    return {key: application.section_status(key) for key in required_sections(application)}


# --- Items in the list sections -----------------------------------------------------

ITEM_FIELDS = {
    SectionKey.HOUSEHOLD: (
        "full_name",
        "relationship_to_applicant",
        "date_of_birth",
        "lives_here",
        "email",
    ),
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
        "related",
        "email",
        "phone",
        "address",
        "years_known",
    ),
}


def _item_problems(
    application: Application, key: SectionKey, values: dict, today: date
) -> list[Problem]:
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
    if key == SectionKey.REFEREES:
        if not values.get("email") and not values.get("phone"):
            problems.append(
                Problem("email", _l("Enter the referee's email address or phone number"))
            )
        problems += referee_refusals(application, values)
    if key == SectionKey.ADDRESS_HISTORY:
        if _blank((values.get("postcode") or "").strip()) and _blank(
            (values.get("country") or "").strip()
        ):
            problems.append(
                Problem(
                    "postcode",
                    _l("Enter the postcode, or the country if the address is outside the UK"),
                )
            )
    if key == SectionKey.HOUSEHOLD:
        from fostering.recruitment.services import adults

        problems += adults.member_problems(application, values, today)
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
    """Add (``item_id=None``) or change an item. The section goes back to in progress.

    An adult who lives in the household is sent a link to consent to their own DBS
    check (again when their email address changes; their consent is asked for again
    when their name or date of birth changes)."""
    from fostering.recruitment.services import adults

    require_editable(application)
    _require_may_edit(application, key, actor)
    model = ITEM_MODELS[key]
    item = model(application_id=application.id) if item_id is None else None
    if item is None:
        item = get_item(application, key, item_id)
    today = today or date.today()
    problems = _item_problems(application, key, values, today)
    if problems:
        raise ApplicationError(problems)
    before = {name: getattr(item, name, None) for name in ITEM_FIELDS[key]}
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
        if key == SectionKey.HOUSEHOLD:
            adults.member_saved(item, before if item_id is not None else None, actor, today)
    db.session.refresh(application)
    return item


def remove_item(application: Application, key: SectionKey, item_id: int, *, actor: User) -> None:
    require_editable(application)
    _require_may_edit(application, key, actor)
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


def overseas_addresses(application: Application, today: date | None = None) -> list:
    """Addresses outside the UK in the last 10 years: each needs an overseas check
    (a certificate of good conduct from that country)."""
    window_start = years_ago(today or date.today(), ADDRESS_YEARS)
    return [
        entry
        for entry in application.addresses
        if entry.is_overseas and (entry.date_to is None or entry.date_to >= window_start)
    ]


# --- The rules for a section to be completed ---------------------------------------

REQUIRED = {
    SectionKey.ABOUT_YOU: {
        "first_name": _l("Enter your first name"),
        "last_name": _l("Enter your last name"),
        "date_of_birth": _l("Enter your date of birth"),
        "phone": _l("Enter your phone number"),
        "national_insurance_number": _l("Enter your National Insurance number"),
        "speaks_welsh": _l("Select yes if you speak Welsh"),
        LANGUAGE_FIELD: _l("Select the language we should write to you in"),
    },
    SectionKey.JOINT_APPLICANT: {
        "has_joint_applicant": _l("Select yes if you are applying with someone else"),
    },
    SectionKey.HEALTH: {
        "has_health_conditions": _l(
            "Select yes if you have a health condition or disability that affects daily life"
        ),
        "smokes": _l("Select yes if you smoke or vape"),
        "gp_name": _l("Enter the name of your GP surgery"),
    },
    SectionKey.DISCLOSURES: {
        "has_convictions": _l(
            "Select yes if you have ever been convicted of an offence or received a caution"
        ),
        "child_protection": _l(
            "Select yes if you have been involved with children's services because of "
            "concerns about a child"
        ),
    },
    SectionKey.FINANCES: {
        "income_sources": _l("Tell us where your household's income comes from"),
        "money_difficulties": _l(
            "Select yes if you have debts you are struggling to repay, arrears, a county "
            "court judgment or a bankruptcy"
        ),
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
        "others_smoke": _l("Select yes if anyone else in your home smokes or vapes"),
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
            "joint_language": _l("Select the language we should write to your joint applicant in"),
        }
    },
    SectionKey.HEALTH: {
        "has_health_conditions": {
            "health_details": _l("Tell us about the health condition or disability")
        }
    },
    SectionKey.DISCLOSURES: {
        "has_convictions": {
            "convictions_details": _l("Tell us about each conviction or caution, and when it was")
        },
        "child_protection": {
            "child_protection_details": _l(
                "Tell us about your involvement with children's services, and when it was"
            )
        },
    },
    SectionKey.FINANCES: {
        "money_difficulties": {
            "money_difficulties_details": _l("Tell us about the debts or arrears")
        }
    },
    SectionKey.PREVIOUS_FOSTERING: {
        "fostered_before": {
            "fostering_details": _l("Tell us who you fostered for, and when"),
        },
        "adopted_before": {
            "previous_agency": _l(
                "Enter the fostering service, adoption agency or council you applied to"
            ),
            "previous_outcome": _l("Select what happened to the application"),
            "adoption_details": _l("Tell us about the adoption or application, and when"),
        },
    },
    SectionKey.YOUR_HOME: {"has_pets": {"pets_details": _l("Tell us about your pets")}},
}
for _joint, _own in JOINT_SECTIONS.items():
    REQUIRED[_joint] = REQUIRED.get(_own, {})
    DETAILS_IF_YES[_joint] = DETAILS_IF_YES.get(_own, {})


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
    if key.own_version == SectionKey.CONSENTS:
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
    if key == SectionKey.HOUSEHOLD:
        from fostering.recruitment.services import adults

        problems += adults.household_problems(application, today)
    return problems


# --- Referees: who may be one ------------------------------------------------------

# Relationships that make someone family, in English and Welsh: a referee described as
# one of these (on its own, or after "my"/"our"/"fy"/"ein") is related to the applicant.
FAMILY = frozenset(
    """
    son daughter child children mother father mum mam mom dad parent parents brother sister
    sibling grandson granddaughter grandchild grandmother grandfather grandparent grandma
    grandad granddad nan nana nain gran granny taid aunt auntie aunty uncle niece nephew
    cousin stepson stepdaughter stepchild stepmother stepfather stepmum stepdad stepbrother
    stepsister half-brother half-sister mother-in-law father-in-law sister-in-law
    brother-in-law son-in-law daughter-in-law relative relation family wife husband spouse
    mab merch plentyn tad brawd chwaer ŵyr wyr wyres mam-gu tad-cu modryb ewythr nith nai
    cefnder cyfnither llysfab llysferch llysfam llystad perthynas teulu gŵr gwr gwraig
    """.split()
)
# A former partner is described as a husband or wife by many: that is what they are.
PARTNER_WORDS = frozenset({"wife", "husband", "spouse", "gŵr", "gwr", "gwraig"})
_OWNERS = ("my ", "our ", "fy ", "ein ", "step-", "step ")


def _family_relationship(text: str | None, kind: str | None) -> bool:
    words = " ".join((text or "").lower().replace("’", "'").split())
    for owner in _OWNERS:
        if words.startswith(owner):
            words = words[len(owner) :]
    words = words.strip(" .")
    if kind == RefereeKind.FORMER_PARTNER.value and (
        words in PARTNER_WORDS or words.startswith(("ex", "former", "cyn"))
    ):
        return False
    return words in FAMILY or words.replace(" ", "-") in FAMILY


def _same_name(one: str | None, other: str | None) -> bool:
    def tidy(name):
        return " ".join((name or "").lower().split())

    return bool(tidy(one)) and tidy(one) == tidy(other)


def referee_refusals(application: Application, values: dict) -> list[Problem]:
    """Why this person cannot be a referee: related to the applicants, or living with
    them (said so, described as family, or named in the household)."""
    problems = []
    name = values.get("full_name")
    if values.get("related") is True or values.get("related") == YES:
        problems.append(
            Problem(
                "related",
                _l(
                    "A referee must not be related to you or your joint applicant, or live "
                    "with you. Choose someone else, such as a friend, neighbour or colleague."
                ),
            )
        )
    elif _family_relationship(values.get("relationship_to_applicant"), values.get("kind")):
        problems.append(
            Problem(
                "relationship_to_applicant",
                _l(
                    "A referee must not be related to you or your joint applicant: "
                    "'%(relationship)s' is family. Choose someone else, such as a friend, "
                    "neighbour or colleague.",
                    relationship=(values.get("relationship_to_applicant") or "").strip(),
                ),
            )
        )
    if application.has_joint_applicant and _same_name(name, application.joint_applicant_name):
        problems.append(
            Problem(
                "full_name",
                _l("%(name)s is your joint applicant, so cannot be your referee.", name=name),
            )
        )
    elif any(_same_name(name, member.full_name) for member in application.household_members):
        problems.append(
            Problem(
                "full_name",
                _l(
                    "%(name)s lives with you, so cannot be your referee. Choose someone who "
                    "does not live with you.",
                    name=name,
                ),
            )
        )
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
    for referee in application.referees:
        values = {name: getattr(referee, name) for name in ITEM_FIELDS[SectionKey.REFEREES]}
        if referee_refusals(application, values):
            problems.append(
                Problem(
                    None,
                    _l(
                        "%(name)s cannot be a referee: they are related to you or live with "
                        "you. Remove them and add someone else.",
                        name=referee.full_name,
                    ),
                )
            )
    return problems


# --- Declarations and submitting ----------------------------------------------------


def incomplete_sections(application: Application, person: Person | None = None) -> list[SectionKey]:
    """The sections not yet completed: all of them, or those ``person`` sees."""
    keys = (
        required_sections(application) if person is None else visible_sections(application, person)
    )
    return [key for key in keys if application.section_status(key) is not SectionStatus.COMPLETED]


def own_sections_incomplete(application: Application, person: Person) -> list[SectionKey]:
    """The adult's own sections (not the shared ones) still to complete."""
    return [key for key in incomplete_sections(application, person) if key.owner is person]


def submit_application(
    application: Application, *, declaration_agreed: bool, actor: User
) -> Application:
    """The main applicant's declaration, which sends the application to the fostering
    team: every section must be completed (the joint applicant's own included), the joint
    applicant must have signed their own declaration and every adult in the household
    must have consented to their DBS check. Moves it to ``submitted``; after that it is
    read-only."""
    from fostering.recruitment.services import adults

    require_editable(application)
    if person_in(application, actor) is not Person.APPLICANT:
        raise NotFound(application.id)
    problems = [
        Problem(None, _l("Complete this section: %(section)s", section=key.label))
        for key in incomplete_sections(application)
        if key.owner is not Person.JOINT
    ]
    problems += [Problem(None, message) for message in adults.waiting_for_others(application)]
    if not declaration_agreed:
        problems.append(Problem("agree", _l("Confirm that the information you have given is true")))
    if problems:
        raise ApplicationError(problems)
    with transaction():
        if application.stage == ApplicationStage.INVITED.value:
            move_stage(application, ApplicationStage.IN_PROGRESS, actor=actor)
        application.declaration_agreed_at = utcnow()
        # The stage's own email (application_submitted) goes to each applicant.
        move_stage(application, ApplicationStage.SUBMITTED, actor=actor)
    return application


def sign_joint_declaration(
    application: Application, *, declaration_agreed: bool, actor: User
) -> Application:
    """The joint applicant's own declaration, once their own sections are completed.
    The main applicant sends the application after it."""
    require_editable(application)
    if person_in(application, actor) is not Person.JOINT:
        raise NotFound(application.id)
    problems = [
        Problem(None, _l("Complete this section: %(section)s", section=key.own_version.label))
        for key in own_sections_incomplete(application, Person.JOINT)
    ]
    if not declaration_agreed:
        problems.append(Problem("agree", _l("Confirm that the information you have given is true")))
    if problems:
        raise ApplicationError(problems)
    with transaction():
        application.joint_declaration_agreed_at = utcnow()
        audit.record(actor, "joint_declaration_signed", application)
    return application
