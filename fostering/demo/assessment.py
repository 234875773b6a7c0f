"""Demo data for the fostering team: enquiries in the inbox, applications at every stage
the team works on, and approved carers in the register.

Dates are relative to today so the dashboard always has something to show: overdue
replies and checks, a case nearing its 8-month target, an annual review coming up, and
a funnel spread over the past year. Loading twice adds nothing the second time: each
household is keyed by its (demo) email address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import (
    Application,
    ApplicationStage,
    ApprovalDecision,
    AssessmentReport,
    CaseAllocation,
    Enquiry,
    FormFSection,
    HouseholdMember,
    PanelMeeting,
    PanelRecord,
    Referee,
    Role,
    Stage1Decision,
    Stage1Recommendation,
    StageChange,
    TrainingRecord,
    User,
)
from fostering.models.application import (
    JOINT_SECTIONS,
    AddressHistoryEntry,
    ApplicationSection,
    EmploymentEntry,
    Person,
    SectionKey,
    SectionStatus,
)
from fostering.models.assessment import CheckStatus, FormFSectionKey
from fostering.models.casework import RecommendationStatus
from fostering.recruitment.services import carers, checks
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.terms import Terms
from fostering.services.references import new_application_reference, new_enquiry_reference
from fostering.services.transactions import transactional
from fostering.services.working_days import OFFICE_TZ

S = ApplicationStage
PATH = (S.INVITED, S.IN_PROGRESS, S.SUBMITTED, S.ALLOCATED, S.STAGE_1, S.STAGE_2, S.PANEL)


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), OFFICE_TZ)


@dataclass(frozen=True)
class DemoEnquiry:
    """An enquiry still in the inbox (no application yet)."""

    first_name: str
    last_name: str
    postcode: str
    days_ago: float
    status: str = "new"
    visit_in_days: int | None = None
    closed_reason: str | None = None
    interests: tuple[str, ...] = ("short_term",)
    language: str = "en"


@dataclass(frozen=True)
class DemoHousehold:
    """A household that applied: ``stage`` is where its application is now."""

    first_name: str
    last_name: str
    postcode: str
    stage: ApplicationStage
    submitted_days_ago: int
    worker: str | None = None  # "social_worker" or "team_manager" (the demo accounts)
    joint: str | None = None
    adult_children: tuple[str, ...] = ()
    interests: tuple[str, ...] = ("short_term",)
    welsh: bool = False
    # Days after submission each later step happened.
    allocated_after: int = 7
    stage_1_after: int = 10
    stage_2_after: int = 75
    panel_after: int = 190
    decided_after: int = 200
    checks_back: int | None = None  # how many Stage 1 checks are back (None: all)
    form_f_done: int = 0
    panel_in_days: int | None = None  # for a panel not yet sat
    recommendation_recorded: bool = True
    outcome_reasons: str = ""
    terms: dict = field(default_factory=dict)


ENQUIRIES = (
    DemoEnquiry("Heledd", "Bowen", "CF14 3UZ", 4),
    DemoEnquiry("Llinos", "Pugh", "SA31 1DP", 0.2, language="cy", interests=("respite",)),
    DemoEnquiry("Marcus", "Bennett", "NP20 4AA", 1.5, interests=("long_term", "short_term")),
    DemoEnquiry("Aled", "Vaughan", "LL55 4UR", 9, status="contacted"),
    DemoEnquiry("Tomos", "Jarvis", "SY23 2AX", 14, status="visit_booked", visit_in_days=6),
    DemoEnquiry("Nia", "Prosser", "CF83 1AA", 21, status="visit_booked", visit_in_days=-2),
    DemoEnquiry(
        "Kieran",
        "Walsh",
        "CF10 2HQ",
        70,
        status="closed",
        closed_reason="Decided to wait until their children are older.",
    ),
    DemoEnquiry(
        "Ffion",
        "Ellis",
        "SA1 5DZ",
        130,
        status="closed",
        visit_in_days=-110,
        closed_reason="No spare bedroom after the visit.",
    ),
    DemoEnquiry("Rachel", "Foster", "CF24 0AB", 200, status="closed", closed_reason="Moved away."),
    DemoEnquiry("Iwan", "Gruffydd", "LL11 2AW", 300, status="contacted"),
)

TERMS_DEFAULT = {
    "places": 2,
    "min_age": 0,
    "max_age": 18,
    "sexes": [],
    "placement_types": ["short_term"],
    "skills": [],
    "weekly_allowance_pence": 32_500,
}

HOUSEHOLDS = (
    DemoHousehold("Dafydd", "Lloyd", "CF11 9LJ", S.SUBMITTED, 2),
    DemoHousehold("Sarah", "Hughes", "NP44 1AA", S.SUBMITTED, 6, joint="Mark"),
    DemoHousehold("Catrin", "Morgan", "SA15 3BD", S.ALLOCATED, 10, worker="social_worker"),
    DemoHousehold(
        "Rhian",
        "Powell",
        "CF37 1DB",
        S.STAGE_1,
        55,
        worker="social_worker",
        joint="Gethin",
        adult_children=("Elis Powell",),
        checks_back=3,
    ),
    DemoHousehold(
        "Emma", "Roberts", "LL57 1UT", S.STAGE_1, 30, worker="team_manager", checks_back=5
    ),
    DemoHousehold(
        "Gwyn",
        "Thomas",
        "SA62 5AA",
        S.STAGE_2,
        150,
        worker="social_worker",
        form_f_done=8,
        welsh=True,
    ),
    DemoHousehold(
        "Angharad",
        "Williams",
        "CF31 1AA",
        S.STAGE_2,
        215,
        worker="social_worker",
        joint="Huw",
        form_f_done=13,
    ),
    DemoHousehold(
        "Bethan",
        "Jenkins",
        "SA18 2NS",
        S.PANEL,
        200,
        worker="team_manager",
        panel_in_days=10,
        recommendation_recorded=False,
    ),
    DemoHousehold(
        "Owen",
        "Davies",
        "CF5 1AA",
        S.PANEL,
        205,
        worker="social_worker",
        joint="Lowri",
        panel_after=202,
        interests=("long_term", "short_term"),
        terms={"places": 3, "min_age": 5, "max_age": 16, "placement_types": ["long_term"]},
    ),
    DemoHousehold(
        "Siwan",
        "Griffiths",
        "SA48 7AA",
        S.APPROVED,
        540,
        worker="team_manager",
        welsh=True,
        panel_after=200,
        decided_after=205,
        terms={
            "places": 2,
            "min_age": 0,
            "max_age": 10,
            "sexes": ["F"],
            "placement_types": ["emergency", "short_term"],
            "skills": ["complex_health"],
        },
    ),
    DemoHousehold(
        "Peter",
        "Phillips",
        "NP19 0AA",
        S.APPROVED,
        260,
        worker="social_worker",
        joint="Aisha",
        panel_after=190,
        decided_after=196,
        terms={
            "places": 1,
            "min_age": 11,
            "max_age": 18,
            "placement_types": ["long_term", "respite"],
            "skills": ["challenging_behaviour", "autism"],
        },
    ),
    DemoHousehold(
        "Gary",
        "Edwards",
        "CF47 8AA",
        S.NOT_APPROVED,
        120,
        worker="team_manager",
        outcome_reasons="A reference raised concerns about the safety of the home.",
    ),
    DemoHousehold(
        "Lisa",
        "Harris",
        "SA4 4AA",
        S.WITHDRAWN,
        180,
        worker="social_worker",
        form_f_done=5,
        outcome_reasons="The household has had a change in circumstances.",
    ),
)

# The demo council's fostering panel: a chair and four members, so five sit (quorate).
PANEL_CHAIR = "Dr Elin Rowlands"
PANEL_MEMBERS = ("Huw Bevan", "Nerys Pugh", "Catrin Lloyd", "Tom Ashworth")
PANEL_MINUTES = (
    "The assessing social worker presented the report. The panel asked the household "
    "about their support network and how they would manage contact with birth families, "
    "and was satisfied with the answers. The panel was unanimous."
)

IMPORTED_CARERS = (
    ("The Bevan household", "CF62 4AA", 200, {"places": 3, "placement_types": ["short_term"]}),
    (
        "The Rowlands household",
        "LL18 3AA",
        380,
        {
            "places": 1,
            "min_age": 0,
            "max_age": 2,
            "placement_types": ["parent_and_child"],
            "skills": ["parent_and_child"],
        },
    ),
    (
        "The Price household",
        "SA2 0AA",
        340,
        {
            "places": 2,
            "min_age": 8,
            "max_age": 18,
            "placement_types": ["emergency", "respite"],
            "welsh_speaking": True,
        },
    ),
)


def _email(first: str, last: str) -> str:
    from fostering.demo import DEMO_DOMAIN

    return f"{first}.{last}.household@{DEMO_DOMAIN}".lower()


def _enquiry(first, last, postcode, received: datetime, **fields) -> Enquiry:
    enquiry = Enquiry(
        reference=new_enquiry_reference(),
        first_name=first,
        last_name=last,
        email=_email(first, last),
        phone=f"07700 900{100 + (len(first) * 37 + len(last) * 11) % 900}",
        postcode=postcode,
        household=fields.pop("household", "Me and my partner"),
        adults_at_home=2,
        children_at_home=0,
        spare_bedroom="yes",
        interests=list(fields.pop("interests", ("short_term",))),
        heard_from="website",
        consent_to_contact=True,
        preferred_language=fields.pop("language", "en"),
        received_at=received,
        **fields,
    )
    db.session.add(enquiry)
    return enquiry


def _load_enquiry(spec: DemoEnquiry, now: datetime) -> None:
    received = now - timedelta(days=spec.days_ago)
    fields: dict = {"status": spec.status, "interests": spec.interests, "language": spec.language}
    if spec.status != "new":
        fields["contacted_at"] = received + timedelta(hours=20)
    if spec.visit_in_days is not None:
        fields["visit_at"] = _moment(office_today(now) + timedelta(days=spec.visit_in_days), 14)
    if spec.status == "closed":
        fields["closed_reason"] = spec.closed_reason
        fields["closed_at"] = received + timedelta(days=10)
        if spec.visit_in_days is not None:
            fields["visit_outcome"] = "close"
    _enquiry(spec.first_name, spec.last_name, spec.postcode, received, **fields)


def _stage_times(spec: DemoHousehold, submitted: datetime) -> dict[ApplicationStage, datetime]:
    after = {
        S.INVITED: -30,
        S.IN_PROGRESS: -25,
        S.SUBMITTED: 0,
        S.ALLOCATED: spec.allocated_after,
        S.STAGE_1: spec.allocated_after + 1,
        S.STAGE_2: spec.stage_2_after,
        S.PANEL: spec.panel_after - 20,
    }
    times = {stage: submitted + timedelta(days=days) for stage, days in after.items()}
    if spec.stage in (S.APPROVED, S.NOT_APPROVED):
        end = spec.decided_after if spec.stage == S.APPROVED else spec.stage_1_after + 25
        times[spec.stage] = submitted + timedelta(days=end)
    if spec.stage == S.WITHDRAWN:
        times[spec.stage] = submitted + timedelta(days=spec.submitted_days_ago - 15)
    return times


def _reached(spec: DemoHousehold) -> list[ApplicationStage]:
    """The stages the application went through, in order, ending where it is now."""
    last = {
        S.APPROVED: S.PANEL,
        S.NOT_APPROVED: S.STAGE_1,
        S.WITHDRAWN: S.STAGE_2,
    }.get(spec.stage, spec.stage)
    path = list(PATH[: PATH.index(last) + 1])
    if spec.stage not in path:
        path.append(spec.stage)
    return path


def _terms(spec: DemoHousehold) -> Terms:
    data = {**TERMS_DEFAULT, "postcode": spec.postcode, "welsh_speaking": spec.welsh}
    data.update(spec.terms)
    return Terms.from_dict(data)


def _load_household(
    spec: DemoHousehold, workers: dict[str, User], now: datetime, password_hash: str
) -> None:
    today = office_today(now)
    submitted = now - timedelta(days=spec.submitted_days_ago)
    times = _stage_times(spec, submitted)
    path = _reached(spec)
    enquiry = _enquiry(
        spec.first_name,
        spec.last_name,
        spec.postcode,
        times[S.INVITED] - timedelta(days=21),
        status="invited",
        contacted_at=times[S.INVITED] - timedelta(days=20),
        visit_at=times[S.INVITED] - timedelta(days=3),
        visit_outcome="invite",
        interests=spec.interests,
    )
    applicant = User(
        email=enquiry.email,
        name=f"{spec.first_name} {spec.last_name}",
        role=Role.APPLICANT.value,
        password_hash=password_hash,
    )
    db.session.add(applicant)
    db.session.flush()
    worker = workers.get(spec.worker) if spec.worker else None
    application = Application(
        enquiry=enquiry,
        reference=new_application_reference(),
        stage=spec.stage.value,
        stage_changed_at=times[path[-1]],
        invited_at=times[S.INVITED],
        started_at=times[S.IN_PROGRESS],
        submitted_at=submitted,
        declaration_agreed_at=submitted,
        applicant_id=applicant.id,
        first_name=spec.first_name,
        last_name=spec.last_name,
        date_of_birth=date(1982, 5, 17),
        speaks_welsh=spec.welsh,
        has_joint_applicant=spec.joint is not None,
        joint_first_name=spec.joint,
        joint_last_name=spec.last_name if spec.joint else None,
        joint_date_of_birth=date(1980, 11, 3) if spec.joint else None,
        joint_relationship="Partner" if spec.joint else None,
        assessing_worker_id=worker.id if worker else None,
        allocated_at=times[S.ALLOCATED] if worker else None,
    )
    if spec.stage == S.WITHDRAWN:
        application.withdrawn_at = times[S.WITHDRAWN]
        application.withdrawn_reason = spec.outcome_reasons
    _fill_application(application, spec)
    for name in spec.adult_children:
        application.household_members.append(
            HouseholdMember(
                full_name=name, relationship_to_applicant="Son", date_of_birth=date(2004, 2, 9)
            )
        )
    for number, kind in enumerate(("personal", "personal", "employer")):
        application.referees.append(
            Referee(
                kind=kind,
                full_name=f"Referee {number + 1} for the {spec.last_name} household",
                relationship_to_applicant="Friend" if kind == "personal" else "Line manager",
                email=f"referee{number + 1}.{spec.last_name}@demo.example".lower(),
            )
        )
    db.session.add(application)
    db.session.flush()
    # The insert records the current stage; add the moves that led to it.
    previous = None
    for stage in path[:-1]:
        db.session.add(
            StageChange(
                application_id=application.id,
                from_stage=previous,
                to_stage=stage.value,
                at=times[stage],
            )
        )
        previous = stage.value
    if worker is None:
        return
    _load_assessment(spec, application, worker, workers["team_manager"], times, today)


# What every demo household answered in the sections kept as JSON, so the team can read
# a whole application for each of them.
DEMO_ANSWERS = {
    SectionKey.ABOUT_YOU: {},
    SectionKey.JOINT_APPLICANT: {},
    SectionKey.HOUSEHOLD: {},
    SectionKey.ADDRESS_HISTORY: {},
    SectionKey.EMPLOYMENT: {},
    SectionKey.FINANCES: {"income_sources": "Our wages", "money_difficulties": "no"},
    SectionKey.HEALTH: {
        "has_health_conditions": "no",
        "smokes": "no",
        "gp_name": "Canolfan Iechyd y Dref",
    },
    SectionKey.DISCLOSURES: {"has_convictions": "no", "child_protection": "no"},
    SectionKey.PREVIOUS_FOSTERING: {"fostered_before": "no", "adopted_before": "no"},
    SectionKey.REFEREES: {"former_partners": 0},
    SectionKey.YOUR_HOME: {
        "tenure": "owned",
        "bedrooms": 3,
        "spare_bedrooms": 1,
        "has_pets": "yes",
        "pets_details": "A dog who is used to children.",
        "others_smoke": "no",
    },
    SectionKey.CONSENTS: {"consents": ["dbs", "local_authority", "medical", "references"]},
}


def _fill_application(application: Application, spec: DemoHousehold) -> None:
    """The household's answers: every section complete, with an address and a job for
    each applicant."""
    application.phone = "07700 900321"
    application.national_insurance_number = "QQ123456C"
    if spec.joint:
        application.joint_email = _email(spec.joint, spec.last_name)
    answers = dict(DEMO_ANSWERS)
    if spec.joint:  # the joint applicant's own sections, answered the same way
        answers.update({joint: DEMO_ANSWERS[own] for joint, own in JOINT_SECTIONS.items()})
    for key, data in answers.items():
        application.sections.append(
            ApplicationSection(key=key.value, status=SectionStatus.COMPLETED.value, data=data)
        )
    people = [Person.APPLICANT] + ([Person.JOINT] if spec.joint else [])
    for number, person in enumerate(people):
        application.addresses.append(
            AddressHistoryEntry(
                person=person.value,
                address_line_1="12 Heol y Felin",
                town="Caerdydd",
                postcode=spec.postcode,
                date_from=date(2012, 4, 1),
            )
        )
        application.employment.append(
            EmploymentEntry(
                person=person.value,
                employer="Cyngor Sir Enghraifft" if number == 0 else "Ysgol Gynradd y Dref",
                job_title="Library assistant" if number == 0 else "Teaching assistant",
                works_with_children=number == 1,
                date_from=date(2015, 9, 1),
            )
        )


def _load_assessment(spec, application, worker, manager, times, today) -> None:
    path = _reached(spec)
    allocated_on = office_today(times[S.ALLOCATED])
    db.session.add(
        CaseAllocation(
            application_id=application.id,
            to_worker_id=worker.id,
            by_id=manager.id,
            at=times[S.ALLOCATED],
        )
    )
    items = checks.generate_checks(application, actor=None, today=allocated_on)
    done = len(items) if spec.checks_back is None else spec.checks_back
    if S.STAGE_1 not in path:
        return
    for item in items[:done]:
        item.status = CheckStatus.CLEARED.value
        item.received_on = min(item.due_on, today)
    if spec.stage == S.NOT_APPROVED:
        items[-1].status = CheckStatus.CONCERNS.value
        items[-1].notes = "See the reference."
        db.session.add(
            Stage1Decision(
                application_id=application.id,
                outcome="not_proceed",
                reasons=spec.outcome_reasons,
                decided_on=office_today(times[S.NOT_APPROVED]),
                decided_by_id=manager.id,
            )
        )
        return
    if S.STAGE_2 not in path:
        return
    reasons = "Every check is back and clear."
    db.session.add(
        Stage1Decision(
            application_id=application.id,
            outcome="proceed",
            reasons=reasons,
            decided_on=office_today(times[S.STAGE_2]),
            decided_by_id=manager.id,
        )
    )
    if worker.id != manager.id:  # nobody signs off their own recommendation
        db.session.add(
            Stage1Recommendation(
                application_id=application.id,
                outcome="proceed",
                reasons=reasons,
                recommended_by_id=worker.id,
                recommended_at=times[S.STAGE_2] - timedelta(days=2),
                status=RecommendationStatus.SIGNED_OFF.value,
                reviewed_by_id=manager.id,
                reviewed_at=times[S.STAGE_2],
            )
        )
    sections_done = len(FormFSectionKey) if S.PANEL in path else spec.form_f_done
    for number, key in enumerate(FormFSectionKey):
        status = (
            "completed"
            if number < sections_done
            else ("in_progress" if number == sections_done else "not_started")
        )
        db.session.add(
            FormFSection(
                application_id=application.id,
                key=key.value,
                status=status,
                updated_by_id=worker.id,
            )
        )
    db.session.add(
        TrainingRecord(
            application_id=application.id,
            attended_on=office_today(times[S.STAGE_2]) + timedelta(days=20),
            recorded_by_id=worker.id,
        )
    )
    if sections_done < len(FormFSectionKey):
        return
    report_on = office_today(times[S.STAGE_2]) + timedelta(days=90)
    db.session.add(
        AssessmentReport(
            application_id=application.id,
            completed_on=min(report_on, today),
            recommendation="approve",
            summary="A settled household with a strong support network.",
            author_id=worker.id,
        )
    )
    if S.PANEL not in path:
        return
    submitted = application.submitted_at
    panel_date = (
        today + timedelta(days=spec.panel_in_days)
        if spec.panel_in_days is not None
        else office_today(submitted + timedelta(days=spec.panel_after))
    )
    terms = _terms(spec)
    recorded = spec.panel_in_days is None and spec.recommendation_recorded
    meeting = PanelMeeting(
        meeting_date=panel_date,
        starts_at="10:00",
        venue="County Hall, Committee Room 2",
        chair=PANEL_CHAIR,
        members=list(PANEL_MEMBERS),
        created_by_id=manager.id,
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(
        PanelRecord(
            application_id=application.id,
            meeting_id=meeting.id,
            panel_date=panel_date,
            recommendation="approve" if recorded else None,
            terms=terms.to_dict() if recorded else None,
            minutes=PANEL_MINUTES if recorded else None,
            recorded_at=_moment(panel_date, 16) if recorded else None,
            recorded_by_id=worker.id if recorded else None,
        )
    )
    if spec.stage != S.APPROVED:
        return
    decided_on = office_today(times[S.APPROVED])
    carer = carers.add_carer(
        household_name=" and ".join(
            name
            for name in (
                application.applicant_name,
                application.joint_applicant_name,
            )
            if name
        ),
        terms=terms,
        approved_on=decided_on,
        actor=None,
        application_id=application.id,
    )
    db.session.add(
        ApprovalDecision(
            application_id=application.id,
            decision="approve",
            decided_on=decided_on,
            decision_maker_id=manager.id,
            terms=terms.to_dict(),
            carer_id=carer.id,
        )
    )


def _load_imported_carers(today: date) -> None:
    from fostering.models import FosterCarer

    for name, postcode, days_ago, extra in IMPORTED_CARERS:
        if db.session.scalar(select(FosterCarer.id).where(FosterCarer.household_name == name)):
            continue
        data = {**TERMS_DEFAULT, "postcode": postcode, **extra}
        carers.add_carer(
            household_name=name,
            terms=Terms.from_dict(data),
            approved_on=today - timedelta(days=days_ago),
            actor=None,
        )


@transactional
def load(workers: dict[str, User], now: datetime | None = None) -> None:
    """Add what is missing. ``workers`` maps "social_worker" and "team_manager" to the
    demo accounts that carry the cases."""
    from fostering.models.types import utcnow

    now = now or utcnow()
    existing = set(db.session.scalars(select(Enquiry.email)))
    for spec in ENQUIRIES:
        if _email(spec.first_name, spec.last_name) not in existing:
            _load_enquiry(spec, now)
    missing = [
        spec for spec in HOUSEHOLDS if _email(spec.first_name, spec.last_name) not in existing
    ]
    if missing:
        from fostering.auth.passwords import hash_password
        from fostering.demo import DEMO_PASSWORD

        # One hash for every demo household: hashing is slow on purpose.
        password_hash = hash_password(DEMO_PASSWORD)
        for spec in missing:
            _load_household(spec, workers, now, password_hash)
    _load_imported_carers(office_today(now))
