"""Why a review of approval or a change of terms is refused, each as a whole sentence.

``ReviewError`` is a :class:`~fostering.recruitment.services.errors.RecruitmentError`,
so the fostering team's pages show it as they show any casework refusal.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.recruitment.services.errors import RecruitmentError


class ReviewCode(StrEnum):
    NOT_REVIEWER = "not_reviewer"
    CARER_NOT_APPROVED = "carer_not_approved"
    REVIEW_OPEN = "review_open"
    WRONG_STAGE = "wrong_stage"
    CARER_VIEWS_MISSING = "carer_views_missing"
    CHILD_VIEWS_MISSING = "child_views_missing"
    AUTHORITY_VIEWS_MISSING = "authority_views_missing"
    REPORT_MISSING = "report_missing"
    REPORT_BEFORE_START = "report_before_start"
    OUTCOME_MISSING = "outcome_missing"
    TERMS_UNCHANGED = "terms_unchanged"
    PLACES_BELOW_CHILDREN = "places_below_children"
    REQUEST_REASON_MISSING = "request_reason_missing"
    NO_PANEL_NEEDED = "no_panel_needed"
    NOTICE_NOT_NEEDED = "notice_not_needed"
    NOTICE_REASONS_MISSING = "notice_reasons_missing"
    NOTICE_NEEDED = "notice_needed"
    REPRESENTATIONS_OPEN = "representations_open"
    PANEL_BEFORE_DECISION = "panel_before_decision"
    EFFECTIVE_BEFORE_DECISION = "effective_before_decision"
    TERMINATE_NOT_OPTION = "terminate_not_option"


C = ReviewCode

SENTENCES = {
    C.NOT_REVIEWER: _l("Only the social worker doing this review or a team manager can change it."),
    C.CARER_NOT_APPROVED: _l(
        "This household's approval has ended or they have resigned, so it cannot be reviewed."
    ),
    C.REVIEW_OPEN: _l(
        "This household already has a review or a change of terms in progress. Finish it first."
    ),
    C.WRONG_STAGE: _l("This step cannot be taken now: the review is at the stage %(stage)s."),
    C.CARER_VIEWS_MISSING: _l("Enter the foster carer's views"),
    C.CHILD_VIEWS_MISSING: _l(
        "Enter the views of %(name)s, or why they were not sought given their age and understanding"
    ),
    C.AUTHORITY_VIEWS_MISSING: _l("Enter the views of the authority that placed the children"),
    C.REPORT_MISSING: _l("Enter the reviewing officer's report"),
    C.REPORT_BEFORE_START: _l("The report cannot be dated before the review started"),
    C.OUTCOME_MISSING: _l("Choose what the review proposes"),
    C.TERMS_UNCHANGED: _l("The new terms are the same as the terms in force. Change at least one."),
    C.PLACES_BELOW_CHILDREN: _l(
        "%(count)d children live with the household now, so the number of places cannot be "
        "fewer than that."
    ),
    C.REQUEST_REASON_MISSING: _l("Enter why the carer asks for the change"),
    C.NO_PANEL_NEEDED: _l(
        "This review does not go to panel: it is not the first review and the terms are not "
        "changing."
    ),
    C.NOTICE_NOT_NEEDED: _l("Notice is only given when the approval is to end."),
    C.NOTICE_REASONS_MISSING: _l("Enter the reasons given in the notice"),
    C.NOTICE_NEEDED: _l(
        "Give the carer written notice of the proposal to end their approval before deciding."
    ),
    C.REPRESENTATIONS_OPEN: _l(
        "The carer has 28 days from the notice to make representations or ask for an "
        "independent review, so the approval cannot end before %(date)s."
    ),
    C.PANEL_BEFORE_DECISION: _l("The panel must make its recommendation before the decision."),
    C.EFFECTIVE_BEFORE_DECISION: _l(
        "The new terms cannot come into force before the date of the decision"
    ),
    C.TERMINATE_NOT_OPTION: _l(
        "A request to change the terms cannot end the approval: start an annual review instead."
    ),
}


class ReviewError(RecruitmentError):
    """A step of a review or a change of terms that cannot be taken."""

    sentences = SENTENCES
