"""Why a placements service refuses a step, and the one place each reason becomes a
sentence.

Services raise their error (``ChildError``, ``PlacementError``, ``ProviderError``,
``ReviewError``, ``RunError``) with a :class:`PlacementCode`, the form field it is about
and the values its sentence names; pages show ``error.message`` at ``error.field``. A
matching run that fails keeps a :class:`RunFailure` in ``MatchingRun.error``; its
sentence is here too.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class PlacementCode(StrEnum):
    # Children and their referrals
    REFERENCE_TAKEN = "reference_taken"
    CLOSE_REASON_MISSING = "close_reason_missing"
    REFERRAL_ALREADY_CLOSED = "referral_already_closed"
    CLOSE_WHILE_PLACED = "close_while_placed"
    CLOSE_WHILE_PLANNED = "close_while_planned"
    REOPEN_NOT_CLOSED = "reopen_not_closed"
    OTHER_REFERENCE_MISSING = "other_reference_missing"
    NO_SUCH_CHILD = "no_such_child"
    OWN_REFERENCE = "own_reference"
    ALREADY_SIBLINGS = "already_siblings"
    IN_OTHER_GROUP = "in_other_group"
    NOT_IN_GROUP = "not_in_group"
    ALREADY_APART = "already_apart"
    TOGETHER_AND_APART = "together_and_apart"
    SPLIT_WITH_APART = "split_with_apart"
    DATE_NEEDED_PAST = "date_needed_past"
    NO_SUCH_SOCIAL_WORKER = "no_such_social_worker"
    LEGAL_STATUS_MISSING = "legal_status_missing"
    LEGAL_STATUS_DATE_MISSING = "legal_status_date_missing"
    LEGAL_STATUS_FUTURE = "legal_status_future"
    LEGAL_STATUS_BEFORE_BIRTH = "legal_status_before_birth"
    LEGAL_STATUS_SAME = "legal_status_same"
    LEGAL_STATUS_BEFORE_CURRENT = "legal_status_before_current"
    CONTACT_WHO_MISSING = "contact_who_missing"
    CONTACT_PLACE_MISSING = "contact_place_missing"
    CONTACT_FREQUENCY_MISSING = "contact_frequency_missing"
    # Making, ending and re-pricing placements
    NO_VACANCY = "no_vacancy"
    CARER_NOT_ACTIVE = "carer_not_active"
    CHILD_NOT_WAITING = "child_not_waiting"
    WEEKLY_COST = "weekly_cost"
    PLACEMENT_ENDED = "placement_ended"
    END_BEFORE_START = "end_before_start"
    RATE_BEFORE_START = "rate_before_start"
    RATE_AFTER_END = "rate_after_end"
    RATE_DATE_TAKEN = "rate_date_taken"
    COST_DATE_TAKEN = "cost_date_taken"
    RATE_FROM_TABLES = "rate_from_tables"
    PLACEMENT_NOT_STARTED = "placement_not_started"
    PLACEMENT_NOT_PLANNED = "placement_not_planned"
    START_IN_PAST = "start_in_past"
    START_BEFORE_PLANNED = "start_before_planned"
    START_IN_FUTURE = "start_in_future"
    AGREED_WITH_MISSING = "agreed_with_missing"
    SHARED_MISSING = "shared_missing"
    AGREED_IN_FUTURE = "agreed_in_future"
    SHARED_IN_FUTURE = "shared_in_future"
    CANCEL_REASON_MISSING = "cancel_reason_missing"
    END_REASON_MISSING = "end_reason_missing"
    END_PLANNED_MISSING = "end_planned_missing"
    REJECT_REASON_MISSING = "reject_reason_missing"
    AGREEMENT_MISSING = "agreement_missing"
    APPROVAL_REFERENCE_MISSING = "approval_reference_missing"
    APPROVAL_REFERENCE_LONG = "approval_reference_long"
    # The provider register
    AGES = "ages"
    AGES_ORDER = "ages_order"
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    TOO_MANY_BEDS = "too_many_beds"
    TOO_FEW_BEDS = "too_few_beds"
    PLACES = "places"
    BEDS_UNDER_CHILDREN = "beds_under_children"
    PLACES_UNDER_CHILDREN = "places_under_children"
    CLOSE_WITH_CHILDREN = "close_with_children"
    CHILD_NEXT_MISSING = "child_next_missing"
    # Matching runs and their review
    NO_CHILDREN_CHOSEN = "no_children_chosen"
    RUN_FINISHED = "run_finished"
    DECIDE_UNFINISHED_RUN = "decide_unfinished_run"
    NO_PROPOSAL = "no_proposal"
    ALREADY_DECIDED = "already_decided"
    AGAIN_UNFINISHED_RUN = "again_unfinished_run"


class RunFailure(StrEnum):
    """Why a matching run failed, as kept in ``MatchingRun.error``."""

    NO_CHILDREN = "no_children"
    FIXED_PAIR = "fixed_pair"
    BAD_INSTANCE = "bad_instance"
    WORKER_STOPPED = "worker_stopped"
    QUEUE_UNAVAILABLE = "queue_unavailable"
    INTERNAL = "internal"


C = PlacementCode

SENTENCES = {
    C.REFERENCE_TAKEN: _l("Another child already has that reference"),
    C.CLOSE_REASON_MISSING: _l("Choose why the referral is closing"),
    C.REFERRAL_ALREADY_CLOSED: _l("This referral is already closed"),
    C.CLOSE_WHILE_PLACED: _l("End the child's current placement before closing"),
    C.CLOSE_WHILE_PLANNED: _l("Cancel the child's planned placement before closing"),
    C.REOPEN_NOT_CLOSED: _l("Only a closed referral can be reopened"),
    C.OTHER_REFERENCE_MISSING: _l("Choose the other child from the search results"),
    C.NO_SUCH_CHILD: _l("No child you can see was chosen. Search for them again"),
    C.OWN_REFERENCE: _l("Choose another child, not this child"),
    C.ALREADY_SIBLINGS: _l("These children are already in the same sibling group"),
    C.IN_OTHER_GROUP: _l("The other child is in another sibling group. Remove them from it first"),
    C.NOT_IN_GROUP: _l("This child is not in a sibling group"),
    C.ALREADY_APART: _l("These children are already kept apart"),
    C.TOGETHER_AND_APART: _l(
        "%(child)s and %(other)s cannot be in a sibling group that must stay together and "
        "also be kept apart. Remove the safeguarding exclusion, or say the siblings may be "
        "placed apart, first"
    ),
    C.SPLIT_WITH_APART: _l(
        "%(child)s and %(other)s must not live together, so their sibling group cannot be "
        "kept together. Remove the safeguarding exclusion first"
    ),
    C.DATE_NEEDED_PAST: _l("The date needed must be today or in the future"),
    C.NO_SUCH_SOCIAL_WORKER: _l("Choose a social worker from the list"),
    C.LEGAL_STATUS_MISSING: _l("Choose the legal status"),
    C.LEGAL_STATUS_DATE_MISSING: _l("Enter the date the legal status started"),
    C.LEGAL_STATUS_FUTURE: _l("The legal status must have started today or earlier"),
    C.LEGAL_STATUS_BEFORE_BIRTH: _l("The legal status cannot start before the child was born"),
    C.LEGAL_STATUS_SAME: _l("This is already the child's legal status"),
    C.LEGAL_STATUS_BEFORE_CURRENT: _l(
        "The new legal status must start after the current one, which started on %(date)s"
    ),
    C.CONTACT_WHO_MISSING: _l("Enter who the child has contact with"),
    C.CONTACT_PLACE_MISSING: _l("Enter where the contact happens"),
    C.CONTACT_FREQUENCY_MISSING: _l("Choose how often the contact happens"),
    C.NO_VACANCY: _l("This provider has no vacancy left: someone else has just filled it."),
    C.CARER_NOT_ACTIVE: _l(
        "The carer's status has changed to %(status)s since the run, so the proposal cannot "
        "be accepted. Reject it and run matching again."
    ),
    C.CHILD_NOT_WAITING: _l(
        "This child is no longer waiting for a placement, so nothing was changed."
    ),
    C.WEEKLY_COST: _l("Enter the weekly cost in pounds, like 3800 or 3800.50"),
    C.PLACEMENT_ENDED: _l("This placement has already ended"),
    C.END_BEFORE_START: _l("The end date must be the same as or after the placement's start date"),
    C.RATE_BEFORE_START: _l("The new cost must start on or after the placement's start date"),
    C.RATE_AFTER_END: _l("The new cost must start on or before the placement's end date"),
    C.RATE_DATE_TAKEN: _l("There is already a rate from that date."),
    C.COST_DATE_TAKEN: _l("There is already a weekly cost from that date. Choose another date"),
    C.RATE_FROM_TABLES: _l(
        "The council's payment tables set this carer's weekly cost from that date. Record an"
        " agreed extra instead, or choose a date before the first payment table"
    ),
    C.PLACEMENT_NOT_STARTED: _l(
        "This placement has not started. Start it or cancel it from the child's page."
    ),
    C.PLACEMENT_NOT_PLANNED: _l(
        "This placement is no longer planned: it has started or been cancelled."
    ),
    C.START_IN_PAST: _l("The planned start date must be today or later"),
    C.START_BEFORE_PLANNED: _l("The start date must be on or after the planned start date"),
    C.START_IN_FUTURE: _l(
        "The start date must be today or earlier. Start the placement on the day the child moves in"
    ),
    C.AGREED_WITH_MISSING: _l("Enter who agreed the placement for the carer or provider"),
    C.SHARED_MISSING: _l("Enter what information about the child was shared with them"),
    C.AGREED_IN_FUTURE: _l("The date the placement was agreed must be today or earlier"),
    C.SHARED_IN_FUTURE: _l("The date the information was shared must be today or earlier"),
    C.CANCEL_REASON_MISSING: _l("Enter why the planned placement is cancelled"),
    C.END_REASON_MISSING: _l("Choose why the placement ended"),
    C.END_PLANNED_MISSING: _l("Choose whether the ending was planned"),
    C.REJECT_REASON_MISSING: _l("Choose why the proposal is rejected"),
    C.AGREEMENT_MISSING: _l(
        "Record the placement agreement and the information shared before the placement starts."
    ),
    C.APPROVAL_REFERENCE_MISSING: _l(
        "This provider is for-profit, so from %(date)s a placement with it is a supplementary "
        "placement: enter the reference of the Welsh Ministers' approval"
    ),
    C.APPROVAL_REFERENCE_LONG: _l("The approval reference must be 100 characters or fewer"),
    C.AGES: _l("Ages must be between 0 and %(oldest)d"),
    C.AGES_ORDER: _l("The youngest age must not be more than the oldest age"),
    C.NAME_MISSING: _l("Enter the provider's name"),
    C.NAME_TOO_LONG: _l("The name must be 200 characters or fewer"),
    C.TOO_MANY_BEDS: _l("A council children's home can have at most %(most)d beds"),
    C.TOO_FEW_BEDS: _l("A council children's home must have at least 1 bed"),
    C.PLACES: _l("Enter the number of places as a whole number, like 12, or leave it blank"),
    C.BEDS_UNDER_CHILDREN: _l(
        "The home has %(count)d children living there, so it needs at least %(count)d beds"
    ),
    C.PLACES_UNDER_CHILDREN: _l(
        "The provider has %(count)d children placed, so it needs at least %(count)d places"
    ),
    C.CLOSE_WITH_CHILDREN: _l("End the current placements before closing this provider"),
    C.CHILD_NEXT_MISSING: _l("Choose what happens to the child next"),
    C.NO_CHILDREN_CHOSEN: _l("Choose at least one child waiting for a placement."),
    C.RUN_FINISHED: _l("This run has already finished."),
    C.DECIDE_UNFINISHED_RUN: _l("Only a finished run's proposals can be accepted or rejected."),
    C.NO_PROPOSAL: _l("This child has no proposal to accept or reject."),
    C.ALREADY_DECIDED: _l("This proposal has already been decided."),
    C.AGAIN_UNFINISHED_RUN: _l("Only a finished run can be run again."),
    RunFailure.NO_CHILDREN: _l("There were no children with a known home postcode to match."),
    RunFailure.FIXED_PAIR: _l(
        "A proposal accepted earlier can no longer be kept, so the run could not be solved."
    ),
    RunFailure.BAD_INSTANCE: _l(
        "The records for this run could not be turned into a matching problem."
    ),
    RunFailure.WORKER_STOPPED: _l("The background worker stopped before the run finished."),
    RunFailure.QUEUE_UNAVAILABLE: _l("The run could not be sent to the background worker."),
    RunFailure.INTERNAL: _l("Something went wrong while solving. The run has been stopped."),
}


class PlacementsError(ServiceError):
    """A placements step that cannot be taken (the base of the domain's errors)."""

    sentences = SENTENCES


def run_failure_sentence(error: str | None) -> str | None:
    """What a failed run's stored code means; an unknown code reads as an internal error."""
    if error is None:
        return None
    try:
        failure = RunFailure(error)
    except ValueError:
        failure = RunFailure.INTERNAL
    return str(SENTENCES[failure])
