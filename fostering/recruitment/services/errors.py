"""Why a recruitment service refuses a step, and the one place each reason becomes a
sentence.

Services raise their error (``CaseworkError``, ``StageError``, ``InvitationError``,
``ApplicationError``, ``EnquiryError``) with a :class:`RecruitmentCode`, the form field
it is about and the values its sentence names; pages show ``error.message`` at
``error.field``. The applicant's section rules are the exception: what each answer
still needs is listed field by field in ``applications`` (``REQUIRED`` and friends), and
``ApplicationError`` carries those problems.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class RecruitmentCode(StrEnum):
    # Who may change a case
    NOT_CASE_WORKER = "not_case_worker"
    MANAGER_ALLOCATES = "manager_allocates"
    MANAGER_DECIDES = "manager_decides"
    MANAGER_CHANGES_CARER = "manager_changes_carer"
    # Allocation
    CHOOSE_WORKER = "choose_worker"
    CASELOAD_FULL = "caseload_full"
    # Moving between stages
    ALREADY_AT_STAGE = "already_at_stage"
    CASE_CLOSED = "case_closed"
    NOT_BEEN_TO_PANEL = "not_been_to_panel"
    STAGE_2_NOT_DONE = "stage_2_not_done"
    STAGE_1_NOT_DONE = "stage_1_not_done"
    NOT_SUBMITTED = "not_submitted"
    NOT_ALLOCATED = "not_allocated"
    CANNOT_MOVE = "cannot_move"
    # Stage 1
    CHECKS_CLOSED = "checks_closed"
    RECEIVED_BEFORE_REQUESTED = "received_before_requested"
    RECEIVED_IN_FUTURE = "received_in_future"
    REASONS_MISSING = "reasons_missing"
    NOT_IN_STAGE_1 = "not_in_stage_1"
    CHECKS_OUTSTANDING = "checks_outstanding"
    # Stage 2, panel and the decision
    DATE_IN_FUTURE = "date_in_future"
    FORM_F_NOT_IN_STAGE_2 = "form_f_not_in_stage_2"
    TRAINING_NOT_IN_STAGE = "training_not_in_stage"
    REPORT_NOT_IN_STAGE_2 = "report_not_in_stage_2"
    SUMMARY_MISSING = "summary_missing"
    FORM_F_INCOMPLETE = "form_f_incomplete"
    TRAINING_MISSING = "training_missing"
    REPORT_BEFORE_PANEL = "report_before_panel"
    PANEL_DATE_PAST = "panel_date_past"
    PANEL_NOT_BOOKED = "panel_not_booked"
    PANEL_NOT_SAT = "panel_not_sat"
    PANEL_TERMS_MISSING = "panel_terms_missing"
    DECISION_BEFORE_PANEL = "decision_before_panel"
    RECOMMENDATION_MISSING = "recommendation_missing"
    DECIDED_BEFORE_PANEL_DATE = "decided_before_panel_date"
    APPROVAL_TERMS_MISSING = "approval_terms_missing"
    WITHDRAW_REASON_MISSING = "withdraw_reason_missing"
    # Terms of approval
    PLACES_RANGE = "places_range"
    AGES = "ages"
    AGES_ORDER = "ages_order"
    PLACEMENT_TYPE_MISSING = "placement_type_missing"
    ALLOWANCE_NEGATIVE = "allowance_negative"
    NOT_AN_OPTION = "not_an_option"
    POSTCODE_NOT_FOUND = "postcode_not_found"
    # Evidence: documents on a case and its checks
    FILE_MISSING = "file_missing"
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    FILE_WRONG_TYPE = "file_wrong_type"
    EVIDENCE_CLOSED = "evidence_closed"
    STORAGE_FAILED = "storage_failed"
    DBS_NUMBER = "dbs_number"
    DBS_ISSUED_IN_FUTURE = "dbs_issued_in_future"
    # The enquiries inbox
    CONTACT_ALREADY_RECORDED = "contact_already_recorded"
    VISIT_ONLY_WHEN_OPEN = "visit_only_when_open"
    VISIT_BEFORE_RECEIVED = "visit_before_received"
    BOOK_VISIT_FIRST = "book_visit_first"
    VISIT_NOT_HAPPENED = "visit_not_happened"
    CHOOSE_NEXT_STEP = "choose_next_step"
    ENQUIRY_ALREADY_CLOSED = "enquiry_already_closed"
    CLOSE_REASON_MISSING = "close_reason_missing"
    # A public enquiry, invitations and the applicant's application
    ENQUIRY_INCOMPLETE = "enquiry_incomplete"
    ALREADY_INVITED = "already_invited"
    ENQUIRY_CLOSED = "enquiry_closed"
    EMAIL_NEEDED = "email_needed"
    EMAIL_TAKEN = "email_taken"
    INVITATION_ACCEPTED = "invitation_accepted"
    LINK_NOT_WORKING = "link_not_working"
    APPLICATION_LOCKED = "application_locked"
    ANSWERS_NEED_CHANGES = "answers_need_changes"


C = RecruitmentCode

SENTENCES = {
    C.NOT_CASE_WORKER: _l(
        "Only the assessing social worker or a team manager can change this case."
    ),
    C.MANAGER_ALLOCATES: _l("Only a team manager can allocate applications."),
    C.MANAGER_DECIDES: _l("Only a team manager can make the decision as decision maker."),
    C.MANAGER_CHANGES_CARER: _l("Only a team manager can change a carer's details."),
    C.CHOOSE_WORKER: _l("Choose a social worker from the list."),
    C.CASELOAD_FULL: _l(
        "%(name)s already has %(count)d active cases, the most a worker can "
        "carry. Choose another worker."
    ),
    C.ALREADY_AT_STAGE: _l("This application is already at the %(current)s stage."),
    C.CASE_CLOSED: _l(
        "This application cannot move from %(current)s to %(target)s: it has already been closed."
    ),
    C.NOT_BEEN_TO_PANEL: _l(
        "This application cannot move from %(current)s to %(target)s: it has not been to panel."
    ),
    C.STAGE_2_NOT_DONE: _l(
        "This application cannot move from %(current)s to %(target)s: "
        "the Stage 2 assessment has not been done."
    ),
    C.STAGE_1_NOT_DONE: _l(
        "This application cannot move from %(current)s to %(target)s: "
        "the Stage 1 checks have not been done."
    ),
    C.NOT_SUBMITTED: _l(
        "This application cannot move from %(current)s to %(target)s: "
        "the applicant has not submitted it yet."
    ),
    C.NOT_ALLOCATED: _l(
        "This application cannot move from %(current)s to %(target)s: "
        "it has not been allocated to a social worker."
    ),
    C.CANNOT_MOVE: _l("This application cannot move from %(current)s to %(target)s."),
    C.CHECKS_CLOSED: _l("Checks can only be changed before the Stage 1 decision."),
    C.RECEIVED_BEFORE_REQUESTED: _l(
        "The date received must be on or after the date it was requested"
    ),
    C.RECEIVED_IN_FUTURE: _l("The date received must be today or in the past"),
    C.REASONS_MISSING: _l("Enter the reasons for the decision"),
    C.NOT_IN_STAGE_1: _l(
        "A Stage 1 decision can only be made during Stage 1. This application is at "
        "the %(stage)s stage."
    ),
    C.CHECKS_OUTSTANDING: _l(
        "The application cannot proceed to Stage 2 until every check is received "
        "or cleared. Still outstanding: %(checks)s."
    ),
    C.DATE_IN_FUTURE: _l("The date must be today or in the past"),
    C.FORM_F_NOT_IN_STAGE_2: _l("Form F sections can only be changed during Stage 2."),
    C.TRAINING_NOT_IN_STAGE: _l("Training can only be recorded during Stage 1 or Stage 2."),
    C.REPORT_NOT_IN_STAGE_2: _l("The assessment report can only be completed during Stage 2."),
    C.SUMMARY_MISSING: _l("Enter a summary of the assessment"),
    C.FORM_F_INCOMPLETE: _l(
        "Every Form F section must be completed before the report: %(done)d of %(total)d are."
    ),
    C.TRAINING_MISSING: _l(
        "The applicants must attend Skills to Foster before the report is completed."
    ),
    C.REPORT_BEFORE_PANEL: _l(
        "A panel date can only be booked once the assessment report is completed."
    ),
    C.PANEL_DATE_PAST: _l("The panel date must be today or in the future"),
    C.PANEL_NOT_BOOKED: _l(
        "A panel recommendation can only be recorded once the case is booked for panel."
    ),
    C.PANEL_NOT_SAT: _l(
        "The panel has not sat yet. Record its recommendation after the panel date."
    ),
    C.PANEL_TERMS_MISSING: _l("Enter the terms the panel recommended"),
    C.DECISION_BEFORE_PANEL: _l(
        "The decision can only be made after the fostering panel. This application "
        "is at the %(stage)s stage."
    ),
    C.RECOMMENDATION_MISSING: _l(
        "Record the panel's recommendation before the decision maker decides."
    ),
    C.DECIDED_BEFORE_PANEL_DATE: _l("The decision must be made on or after the panel date"),
    C.APPROVAL_TERMS_MISSING: _l("Enter the terms of approval"),
    C.WITHDRAW_REASON_MISSING: _l("Enter the reason the application was withdrawn"),
    C.PLACES_RANGE: _l("Number of places must be between 1 and %(most)d"),
    C.AGES: _l("Ages must be between 0 and %(oldest)d"),
    C.AGES_ORDER: _l("The youngest age must not be more than the oldest age"),
    C.PLACEMENT_TYPE_MISSING: _l("Choose at least one placement type"),
    C.ALLOWANCE_NEGATIVE: _l("The weekly allowance must not be negative"),
    C.NOT_AN_OPTION: _l("Choose from the options given"),
    C.POSTCODE_NOT_FOUND: _l(
        "%(postcode)s is not in the postcode directory, so matching could not find the "
        "household. Check the postcode, or ask an administrator to load the latest directory"
    ),
    C.FILE_MISSING: _l("Select a file to upload"),
    C.FILE_EMPTY: _l("The selected file is empty"),
    C.FILE_TOO_LARGE: _l("The selected file must be smaller than %(size)d MB"),
    C.FILE_WRONG_TYPE: _l(
        "The selected file must be a PDF, JPEG, PNG or Word (DOCX) file. Its content is "
        "none of these, whatever its name says"
    ),
    C.EVIDENCE_CLOSED: _l(
        "Documents can only be added to a case that is open or approved. This application "
        "is at the %(stage)s stage."
    ),
    C.STORAGE_FAILED: _l(
        "The document could not be stored, so nothing was saved. Try again, and tell an "
        "administrator if it happens again"
    ),
    C.DBS_NUMBER: _l("Enter the 12-digit DBS certificate number, like 001234567890"),
    C.DBS_ISSUED_IN_FUTURE: _l("The date the certificate was issued must be today or in the past"),
    C.CONTACT_ALREADY_RECORDED: _l("Contact has already been recorded for this enquiry."),
    C.VISIT_ONLY_WHEN_OPEN: _l("A visit can only be booked for an open enquiry."),
    C.VISIT_BEFORE_RECEIVED: _l("The visit must be after the enquiry was received"),
    C.BOOK_VISIT_FIRST: _l("Book the initial visit before recording its outcome."),
    C.VISIT_NOT_HAPPENED: _l("The visit has not happened yet. Record its outcome afterwards."),
    C.CHOOSE_NEXT_STEP: _l("Choose what happens next"),
    C.ENQUIRY_ALREADY_CLOSED: _l("This enquiry is already closed."),
    C.CLOSE_REASON_MISSING: _l("Enter the reason for closing the enquiry"),
    C.ENQUIRY_INCOMPLETE: _l("Check your answers before sending your enquiry"),
    C.ALREADY_INVITED: _l("This enquiry has already been invited to apply."),
    C.ENQUIRY_CLOSED: _l("This enquiry is closed, so it cannot be invited to apply."),
    C.EMAIL_NEEDED: _l(
        "Add an email address to the enquiry first: the invitation to apply is sent by email."
    ),
    C.EMAIL_TAKEN: _l("An account with this email address already exists."),
    C.INVITATION_ACCEPTED: _l(
        "The applicant has already accepted the invitation, so they can sign in."
    ),
    C.LINK_NOT_WORKING: _l("This link to set up your account no longer works."),
    C.APPLICATION_LOCKED: _l("Your application has been sent, so it can no longer be changed."),
    C.ANSWERS_NEED_CHANGES: _l("There is a problem"),
}


class RecruitmentError(ServiceError):
    """A recruitment step that cannot be taken (the base of the domain's errors)."""

    sentences = SENTENCES
