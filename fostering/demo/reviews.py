"""The demo council's reviews of approval: every carer's terms as the first version of
their history, three households whose last annual review was completed, and one whose
review changed its terms (two versions of terms).

The overdue reviews on the team dashboard are left as they are: they are what the
team has to clear. The household whose terms changed is one on hold, so the matching
run the demo starts with is the same as before. One query per step, so loading stays
fast.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from fostering.extensions import db
from fostering.models import CarerReview, CarerTerms, FosterCarer, User
from fostering.models.carer import MAX_PLACES, CarerStatus
from fostering.models.carer_review import ReviewKind, ReviewOutcome, ReviewStage, TermsSource
from fostering.models.types import utcnow
from fostering.recruitment.services import carers, terms_history
from fostering.services.transactions import transactional

PREFIX = "RV-DEMO"
CARER_VIEWS = "We have had a settled year and feel well supported by our supervising social worker."
PANEL_MINUTES = "The panel agreed the household has room and the skills for one more child."
REPORT = (
    "The household remains suitable to foster. Training is up to date, the home is safe "
    "and the carers work well with the children's social workers."
)


def _last_review(due: date) -> date:
    """The day a year before the next review falls due (the last review's date)."""
    try:
        return due.replace(year=due.year - 1)
    except ValueError:  # 29 February
        return due.replace(year=due.year - 1, day=28)


def _review(number: int, carer: FosterCarer, manager_id, worker_id, **fields) -> CarerReview:
    on = _last_review(carer.annual_review_due)
    return CarerReview(
        reference=f"{PREFIX}{number:02d}",
        carer_id=carer.id,
        kind=ReviewKind.ANNUAL.value,
        stage=ReviewStage.DECIDED.value,
        # The review a year after approval was the first: it went to panel.
        first_review=on <= carers.annual_review_due(carer.approved_on),
        due_on=on + timedelta(days=14),
        started_on=on - timedelta(days=21),
        worker_id=worker_id,
        carer_views=CARER_VIEWS,
        child_views=[],
        report=REPORT,
        report_on=on,
        decided_on=on,
        decision_maker_id=manager_id,
        **{"outcome": ReviewOutcome.CONTINUE.value, "decision": ReviewOutcome.CONTINUE.value,
           **fields},
    )  # fmt: skip


@transactional
def load_reviews_demo(today: date | None = None) -> bool:
    """Add the demo's reviews unless they are there already; True when added."""
    if db.session.scalar(select(CarerReview.id).where(CarerReview.reference.like(f"{PREFIX}%"))):
        return False
    today = today or date.today()
    terms_history.record_missing_first_versions()
    worker = db.session.scalar(select(User.id).where(User.email == "social.worker@demo.example"))
    manager = db.session.scalar(select(User.id).where(User.email == "team.manager@demo.example"))
    not_due = FosterCarer.annual_review_due > today + timedelta(days=90)
    done = list(
        db.session.scalars(
            select(FosterCarer)
            .where(not_due, FosterCarer.status == CarerStatus.ACTIVE.value)
            .order_by(FosterCarer.id)
            .limit(3)
        )
    )
    changed = db.session.scalar(
        select(FosterCarer)
        .where(
            not_due,
            FosterCarer.status == CarerStatus.ON_HOLD.value,
            FosterCarer.places < MAX_PLACES,
        )
        .order_by(FosterCarer.id)
        .limit(1)
    )
    for number, carer in enumerate(done, start=1):
        db.session.add(_review(number, carer, manager, worker))
    if changed is not None:
        values = {**terms_history.values_of(changed), "places": changed.places + 1}
        review = _review(
            len(done) + 1,
            changed,
            manager,
            worker,
            outcome=ReviewOutcome.CHANGE_TERMS.value,
            proposed_terms=values,
            panel_recommendation=ReviewOutcome.CHANGE_TERMS.value,
            panel_terms=values,
            panel_minutes=PANEL_MINUTES,
            decision=ReviewOutcome.CHANGE_TERMS.value,
            decision_terms=values,
            effective_from=_last_review(changed.annual_review_due),
        )
        db.session.add(review)
        db.session.flush()
        db.session.add(
            CarerTerms(
                carer_id=changed.id,
                effective_from=review.effective_from,
                source=TermsSource.ANNUAL_REVIEW.value,
                review_id=review.id,
                decision_ref=review.reference,
                recorded_by_id=manager,
                applied_at=utcnow(),
                **values,
            )
        )
        changed.places = values["places"]
    return True
