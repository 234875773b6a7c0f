"""The in-house carer register: adding an approved household, and looking carers up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import Select, String, and_, cast, func, not_, or_, select

from fostering.extensions import db
from fostering.models import Application, FosterCarer, User
from fostering.models.carer import ENDED_STATUSES, CarerStatus
from fostering.payments.services import terms as payment_terms
from fostering.placements.services.providers import locate_carer
from fostering.recruitment.services import terms_history
from fostering.recruitment.services.casework import CaseworkError, require_manager
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.terms import Terms, payment_parts
from fostering.services import audit, postcodes
from fostering.services.references import random_reference
from fostering.services.transactions import transactional

CARER_PREFIX = "FC"


def new_carer_reference() -> str:
    for _attempt in range(20):
        reference = random_reference(CARER_PREFIX)
        taken = db.session.scalar(select(FosterCarer.id).where(FosterCarer.reference == reference))
        if taken is None:
            return reference
    raise RuntimeError("could not find an unused carer reference")


def annual_review_due(approved_on: date) -> date:
    """One year after approval (28 February for a 29 February approval): never later."""
    try:
        return approved_on.replace(year=approved_on.year + 1)
    except ValueError:
        return approved_on.replace(year=approved_on.year + 1, day=28)


def _approval_ref(application_id: int | None) -> str | None:
    if application_id is None:
        return None
    return db.session.scalar(select(Application.reference).where(Application.id == application_id))


@transactional
def add_carer(
    *,
    household_name: str,
    terms: Terms,
    approved_on: date,
    actor: User | None,
    application_id: int | None = None,
) -> FosterCarer:
    """Put a household on the register with its terms (the approval's transaction)."""
    carer = FosterCarer(
        reference=new_carer_reference(),
        household_name=household_name,
        application_id=application_id,
        postcode=terms.postcode,
        approved_on=approved_on,
        places=terms.places,
        min_age=terms.min_age,
        max_age=terms.max_age,
        sexes=list(terms.sexes),
        placement_types=list(terms.placement_types),
        skills=list(terms.skills),
        welsh_speaking=terms.welsh_speaking,
        weekly_allowance_pence=terms.weekly_allowance_pence,
        status=CarerStatus.ACTIVE.value,
        annual_review_due=annual_review_due(approved_on),
    )
    locate_carer(carer)  # matching needs the grid reference
    db.session.add(carer)
    db.session.flush()
    terms_history.record_approval(carer, actor=actor, decision_ref=_approval_ref(application_id))
    if application_id is not None:
        from fostering.recruitment.services.carer_checks import adults_from_application

        # The adults the household's checks are kept up for after approval.
        adults_from_application(carer, actor=actor)
    audit.record(actor, "carer_added", carer)
    if terms.payment:  # set on approval; a team manager changes it later
        kind, level = payment_parts(terms.payment)
        payment_terms.set_terms(
            actor, carer, effective_from=approved_on, kind=kind, fee_level=level
        )
    return carer


# --- Whether matching can offer a carer a child -----------------------------------------

MATCHABLE = "yes"
NOT_MATCHABLE = "no"


@dataclass(frozen=True)
class MatchingProblem:
    short: str  # for the register's table: "Postcode not in the directory"
    explanation: str  # a whole sentence for the carer's page, saying what to do
    # False for a full household: in the pool again when a child leaves, not a fault.
    needs_action: bool = True


def _on_hold(carer: FosterCarer) -> MatchingProblem:
    """On hold, with the hold's reason and review date when it was put on hold here."""
    from fostering.recruitment.services.carer_status import current_change

    hold = current_change(carer)
    if hold is None or hold.review_on is None:
        return MatchingProblem(
            _("On hold"), _("The carer is on hold, so matching does not offer them children.")
        )
    return MatchingProblem(
        _("On hold: %(reason)s", reason=hold.reason),
        _(
            "The carer is on hold until the hold is reviewed on %(date)s, so matching does "
            "not offer them children. The reason: %(reason)s",
            date=format_date(hold.review_on, "d MMMM yyyy"),
            reason=hold.reason,
        ),
    )


def matching_problems(carer: FosterCarer) -> list[MatchingProblem]:
    """Why matching cannot offer this carer a child now (none: it can).

    The same rules as the matching instance (``placements.services.matching_instance``):
    an active carer with a located postcode, a placement type in its terms and a place
    free.
    """
    problems = []
    if carer.status == CarerStatus.ON_HOLD.value:
        problems.append(_on_hold(carer))
    elif carer.status == CarerStatus.RESIGNED.value:
        problems.append(
            MatchingProblem(
                _("Resigned"),
                _("The carer has resigned, so matching does not offer them children."),
            )
        )
    elif carer.status == CarerStatus.DEREGISTERED.value:
        problems.append(
            MatchingProblem(
                _("Deregistered"),
                _("The carer has been deregistered, so matching does not offer them children."),
            )
        )
    if carer.easting is None or carer.northing is None:
        problems.append(
            MatchingProblem(
                _("Postcode not in the directory"),
                _(
                    "The postcode %(postcode)s is not in the postcode directory, so matching "
                    "cannot tell how far children would travel. Correct the postcode, or ask "
                    "an administrator to load the latest directory.",
                    postcode=carer.postcode or "–",
                ),
            )
        )
    if not carer.placement_types:
        problems.append(
            MatchingProblem(
                _("No placement types"),
                _(
                    "The terms of approval name no placement types, so no child's placement "
                    "fits them."
                ),
            )
        )
    if carer.status == CarerStatus.ACTIVE.value and carer.vacancies == 0:
        problems.append(
            MatchingProblem(
                _("No places free"),
                _("Every place is filled, so there is no room for a child."),
                needs_action=False,
            )
        )
    return problems


def _matchable():
    """SQL for :func:`matching_problems` finding none."""
    return and_(
        FosterCarer.status == CarerStatus.ACTIVE.value,
        FosterCarer.easting.is_not(None),
        FosterCarer.northing.is_not(None),
        FosterCarer.occupied < FosterCarer.places,
        not_(cast(FosterCarer.placement_types, String).in_(["[]", "null"])),
    )


@dataclass(frozen=True)
class CarerQuery:
    text: str = ""
    status: str = ""
    welsh_speaking: bool = False
    matching: str = ""  # MATCHABLE, NOT_MATCHABLE or either


def register_statement(query: CarerQuery) -> Select:
    stmt = select(FosterCarer)
    if query.text:
        like = f"%{query.text.strip().lower()}%"
        compact = query.text.replace(" ", "").upper()
        stmt = stmt.where(
            or_(
                func.lower(FosterCarer.household_name).like(like),
                FosterCarer.reference == query.text.strip().upper(),
                func.replace(FosterCarer.postcode, " ", "").like(f"{compact}%"),
            )
        )
    if query.status:
        stmt = stmt.where(FosterCarer.status == query.status)
    if query.welsh_speaking:
        stmt = stmt.where(FosterCarer.welsh_speaking.is_(True))
    if query.matching == MATCHABLE:
        stmt = stmt.where(_matchable())
    elif query.matching == NOT_MATCHABLE:
        stmt = stmt.where(not_(_matchable()))
    return stmt.order_by(FosterCarer.household_name, FosterCarer.id)


def reviews_due(before: date) -> list[FosterCarer]:
    """Active and on-hold carers whose annual review falls due on or before ``before``."""
    return list(
        db.session.scalars(
            select(FosterCarer)
            .where(
                FosterCarer.status.not_in(ENDED_STATUSES),
                FosterCarer.annual_review_due <= before,
            )
            .order_by(FosterCarer.annual_review_due, FosterCarer.id)
        )
    )


@transactional
def view_carer(carer: FosterCarer, *, actor: User) -> FosterCarer:
    """Every look at a carer's record is audited; a grid reference the directory now has
    is filled in, and terms that have come into force are copied onto the carer."""
    locate_carer(carer)
    terms_history.bring_up_to_date(carer_ids=[carer.id])
    audit.record(actor, "viewed", carer)
    return carer


@transactional
def change_postcode(carer: FosterCarer, postcode: str, *, actor: User) -> FosterCarer:
    """Correct the household's postcode: it must be in the directory, so matching finds
    the household there."""
    require_manager(actor, RecruitmentCode.MANAGER_CHANGES_CARER)
    row = postcodes.lookup(postcode)
    if row is None:
        raise CaseworkError(
            RecruitmentCode.POSTCODE_NOT_FOUND, field="postcode", postcode=postcode or ""
        )
    old = carer.postcode
    carer.postcode = row.postcode
    carer.easting, carer.northing = row.easting, row.northing
    carer.local_authority = row.local_authority
    audit.record(actor, "carer_postcode_changed", carer, detail=f"changed={old != row.postcode}")
    return carer
