"""Saving and reading a sufficiency plan's drafts: every save is a new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from fostering.commissioning.sufficiency_plan import scenario as scenarios
from fostering.commissioning.sufficiency_plan.plan import FIRST_YEAR, LAST_YEAR, Steps
from fostering.extensions import db
from fostering.models import SufficiencyPlanDraft
from fostering.models.user import User
from fostering.services import audit
from fostering.services.errors import ServiceError
from fostering.services.transactions import transactional

MAX_SECTION = 10_000
MAX_STEPS = 5_000
MAX_NOTE = 200
MAX_ADDED = 10_000


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str


SECTIONS = (
    Section(
        "summary",
        _l("Summary"),
        _l("What the plan sets out to do this year, in a few sentences."),
    ),
    Section(
        "demand",
        _l("The children the council will look after"),
        _l("Section 75A(3)(a): the estimate and what lies behind it."),
    ),
    Section(
        "accommodation",
        _l("The council's own foster places and children's homes"),
        _l("Section 75A(3)(b): the accommodation available to the council."),
    ),
    Section(
        "location",
        _l("Within or near the area, with not-for-profit providers"),
        _l("Section 75A(3)(c): how far the accommodation meets the duty in section 75(1)."),
    ),
    Section(
        "supplementary",
        _l("Supplementary placements"),
        _l(
            "Section 75A(3)(d): the applications expected, why, and the for-profit "
            "providers likely to be named."
        ),
    ),
    Section(
        "steps",
        _l("The steps this year"),
        _l("Section 75A(3)(e): how the steps will give the council sufficient accommodation."),
    ),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)


class PlanCode(StrEnum):
    YEAR = "year"
    SECTION_LONG = "section_long"
    STEPS_LONG = "steps_long"
    NOTE_LONG = "note_long"
    ADDED = "added"
    SCENARIO = "scenario"
    CONFLICT = "conflict"


class PlanError(ServiceError):
    sentences = {
        PlanCode.YEAR: _l("Choose a financial year from %(first)d to %(last)d"),
        PlanCode.SECTION_LONG: _l("Each section must be %(most)d characters or fewer"),
        PlanCode.STEPS_LONG: _l("The steps must be %(most)d characters or fewer"),
        PlanCode.NOTE_LONG: _l("The note must be %(most)d characters or fewer"),
        PlanCode.ADDED: _l("Places and beds added must be whole numbers from 0 to %(most)d"),
        PlanCode.SCENARIO: _l("Choose a scenario from the list"),
        PlanCode.CONFLICT: _l(
            "Someone else saved this plan at the same moment. Check the latest version and "
            "save again."
        ),
    }


@dataclass(frozen=True)
class DraftInput:
    sections: dict[str, str] = field(default_factory=dict)
    steps: Steps = field(default_factory=Steps)
    note: str = ""


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlanError(PlanCode.YEAR, field="year", first=FIRST_YEAR, last=LAST_YEAR)


def latest(year: int, version: int | None = None) -> SufficiencyPlanDraft | None:
    """The year's latest draft, or the one numbered ``version``."""
    stmt = select(SufficiencyPlanDraft).where(SufficiencyPlanDraft.financial_year == year)
    if version is not None:
        stmt = stmt.where(SufficiencyPlanDraft.version == version)
    return db.session.scalars(stmt.order_by(SufficiencyPlanDraft.version.desc()).limit(1)).first()


def versions(year: int) -> list[SufficiencyPlanDraft]:
    return list(
        db.session.scalars(
            select(SufficiencyPlanDraft)
            .where(SufficiencyPlanDraft.financial_year == year)
            .order_by(SufficiencyPlanDraft.version.desc())
        )
    )


def years_with_drafts() -> list[tuple[int, int]]:
    """``(year, latest version)`` for every year that has a draft, latest year first."""
    return [
        (int(year), int(version))
        for year, version in db.session.execute(
            select(SufficiencyPlanDraft.financial_year, func.max(SufficiencyPlanDraft.version))
            .group_by(SufficiencyPlanDraft.financial_year)
            .order_by(SufficiencyPlanDraft.financial_year.desc())
        )
    ]


def steps_of(draft: SufficiencyPlanDraft | None) -> Steps:
    if draft is None:
        return Steps()
    return Steps(draft.scenario_id, draft.steps, draft.planned_places, draft.planned_beds)


def _checked(given: DraftInput) -> DraftInput:
    sections = {key: (given.sections.get(key) or "").strip() for key in SECTION_KEYS}
    for key, text in sections.items():
        if len(text) > MAX_SECTION:
            raise PlanError(PlanCode.SECTION_LONG, field=key, most=MAX_SECTION)
    steps = given.steps
    if len(steps.typed) > MAX_STEPS:
        raise PlanError(PlanCode.STEPS_LONG, field="step_list", most=MAX_STEPS)
    for name, value in (("places", steps.places), ("beds", steps.beds)):
        if not 0 <= value <= MAX_ADDED:
            raise PlanError(PlanCode.ADDED, field=name, most=MAX_ADDED)
    if steps.scenario_id is not None and scenarios.find(steps.scenario_id) is None:
        raise PlanError(PlanCode.SCENARIO, field="scenario")
    note = given.note.strip()
    if len(note) > MAX_NOTE:
        raise PlanError(PlanCode.NOTE_LONG, field="note", most=MAX_NOTE)
    return DraftInput(sections, steps, note)


@transactional
def save(year: int, given: DraftInput, *, actor: User | None) -> SufficiencyPlanDraft:
    """Save a new version of the year's draft; nothing earlier is changed."""
    check_year(year)
    given = _checked(given)
    previous = db.session.scalar(
        select(func.max(SufficiencyPlanDraft.version)).where(
            SufficiencyPlanDraft.financial_year == year
        )
    )
    draft = SufficiencyPlanDraft(
        financial_year=year,
        version=(previous or 0) + 1,
        sections=given.sections,
        steps=given.steps.typed.strip(),
        planned_places=given.steps.places,
        planned_beds=given.steps.beds,
        scenario_id=given.steps.scenario_id,
        note=given.note,
        saved_by_id=actor.id if actor is not None else None,
    )
    try:
        with db.session.begin_nested():  # a second save of the same version loses
            db.session.add(draft)
            db.session.flush()
    except IntegrityError:
        raise PlanError(PlanCode.CONFLICT) from None
    audit.record(actor, "sufficiency_plan_saved", draft, detail=f"version {draft.version}")
    return draft
