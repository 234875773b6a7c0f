"""Why a step in an approved household's life is refused (supervision, status, checks),
and the one place each reason becomes a sentence."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.recruitment.services.errors import RecruitmentError


class CarerLifeCode(StrEnum):
    # Who may change a household's record
    NOT_SUPERVISING_WORKER = "not_supervising_worker"
    MANAGER_ALLOCATES_SUPERVISION = "manager_allocates_supervision"
    HOUSEHOLD_ENDED = "household_ended"
    # Supervising social worker
    CHOOSE_SUPERVISOR = "choose_supervisor"
    SAME_SUPERVISOR = "same_supervisor"
    SUPERVISION_REASON_MISSING = "supervision_reason_missing"
    # Visits
    VISIT_IN_FUTURE = "visit_in_future"
    VISIT_BEFORE_APPROVAL = "visit_before_approval"
    CHILDREN_SEEN_MISSING = "children_seen_missing"
    VISIT_NOTES_MISSING = "visit_notes_missing"
    # Status
    STATUS_UNCHANGED = "status_unchanged"
    STATUS_NOT_ALLOWED = "status_not_allowed"
    STATUS_REASON_MISSING = "status_reason_missing"
    STATUS_DATE_BEFORE_APPROVAL = "status_date_before_approval"
    STATUS_DATE_IN_FUTURE = "status_date_in_future"
    HOLD_REVIEW_MISSING = "hold_review_missing"
    HOLD_REVIEW_NOT_AFTER = "hold_review_not_after"
    # Household adults and their checks
    ADULT_NAME_MISSING = "adult_name_missing"
    ADULT_JOINED_IN_FUTURE = "adult_joined_in_future"
    ADULT_ALREADY_LEFT = "adult_already_left"
    ADULT_LEFT_BEFORE_JOINING = "adult_left_before_joining"
    CHOOSE_ADULT = "choose_adult"
    CHECK_NOT_FOR_ADULT = "check_not_for_adult"
    CHECK_IN_FUTURE = "check_in_future"
    EXPIRY_NOT_AFTER = "expiry_not_after"
    DBS_NUMBER = "dbs_number"
    CHOOSE_COURSE = "choose_course"


C = CarerLifeCode

SENTENCES = {
    C.NOT_SUPERVISING_WORKER: _l(
        "Only the household's supervising social worker or a team manager can change "
        "this household's record."
    ),
    C.MANAGER_ALLOCATES_SUPERVISION: _l(
        "Only a team manager can choose a household's supervising social worker."
    ),
    C.HOUSEHOLD_ENDED: _l(
        "This household has resigned or been deregistered, so its record can no longer be changed."
    ),
    C.CHOOSE_SUPERVISOR: _l("Choose a supervising social worker from the list"),
    C.SAME_SUPERVISOR: _l("%(name)s already supervises this household. Choose someone else."),
    C.SUPERVISION_REASON_MISSING: _l("Enter the reason for changing the supervising social worker"),
    C.VISIT_IN_FUTURE: _l("The date of the visit must be today or in the past"),
    C.VISIT_BEFORE_APPROVAL: _l("The date of the visit must be on or after approval (%(date)s)"),
    C.CHILDREN_SEEN_MISSING: _l("Choose whether the children placed were seen"),
    C.VISIT_NOTES_MISSING: _l("Enter notes of the visit"),
    C.STATUS_UNCHANGED: _l("The household is already %(status)s."),
    C.STATUS_NOT_ALLOWED: _l("A household that is %(current)s cannot become %(target)s."),
    C.STATUS_REASON_MISSING: _l("Enter the reason"),
    C.STATUS_DATE_BEFORE_APPROVAL: _l("The date must be on or after approval (%(date)s)"),
    C.STATUS_DATE_IN_FUTURE: _l("The date must be today or in the past"),
    C.HOLD_REVIEW_MISSING: _l("Enter the date the hold will be reviewed"),
    C.HOLD_REVIEW_NOT_AFTER: _l("The review date must be after the date the hold starts"),
    C.ADULT_NAME_MISSING: _l("Enter the adult's full name"),
    C.ADULT_JOINED_IN_FUTURE: _l("The date they joined the household must be today or in the past"),
    C.ADULT_ALREADY_LEFT: _l("This adult has already left the household."),
    C.ADULT_LEFT_BEFORE_JOINING: _l(
        "The date they left must be on or after the date they joined (%(date)s)"
    ),
    C.CHOOSE_ADULT: _l("Choose an adult who lives in the household"),
    C.CHECK_NOT_FOR_ADULT: _l("Medicals and training are recorded for the foster carers only"),
    C.CHECK_IN_FUTURE: _l("The date it was done must be today or in the past"),
    C.EXPIRY_NOT_AFTER: _l("The date it runs out must be after the date it was done"),
    C.DBS_NUMBER: _l("Enter the 12-digit DBS certificate number, like 001234567890"),
    C.CHOOSE_COURSE: _l("Choose the course"),
}


class CarerLifeError(RecruitmentError):
    """A step in an approved household's life that cannot be taken."""

    sentences = SENTENCES
