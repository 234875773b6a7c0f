"""The demo council's first draft of next year's sufficiency plan: a few words in each
section and typed steps, so the plan's page opens on a draft rather than an empty one."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fostering.commissioning.services.filters import financial_year
from fostering.commissioning.sufficiency_plan import drafts
from fostering.commissioning.sufficiency_plan.plan import Steps
from fostering.extensions import db
from fostering.models import Role, SufficiencyPlanDraft, User

SECTIONS = {
    "summary": (
        "Next year we will keep more children close to home with the council's own carers "
        "and homes, and apply for supplementary placements only where no in-house or "
        "not-for-profit place can meet a child's needs."
    ),
    "demand": (
        "The number of looked-after children has grown slowly for three years. We expect "
        "the same next year."
    ),
    "accommodation": (
        "Our carers have places free, but not for older children with complex needs. "
        "Our six homes are nearly full."
    ),
    "location": "Most children placed with agencies live outside the county.",
    "supplementary": (
        "Children with for-profit providers today need therapeutic care or help with "
        "behaviour that challenges, which our carers cannot yet offer."
    ),
    "steps": "We will recruit therapeutic foster carers and open a two-bed home.",
}
STEPS = "Recruit twelve foster carers, four of them therapeutic carers\nOpen a two-bed home in Ely"


def load_sufficiency_plan_demo(today: date | None = None) -> bool:
    """Save version 1 of next year's plan, once; False when there is already one."""
    year = financial_year(today or date.today()) + 1
    if db.session.scalar(
        select(SufficiencyPlanDraft.id).where(SufficiencyPlanDraft.financial_year == year)
    ):
        return False
    author = db.session.scalar(select(User).where(User.role == Role.COMMISSIONER.value))
    drafts.save(
        year,
        drafts.DraftInput(SECTIONS, Steps(typed=STEPS, places=16, beds=2), "First draft"),
        actor=author,
    )
    return True
