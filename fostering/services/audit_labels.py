"""Readable names for audit actions and record types, in the page's language.

An action with no label here is shown as its code, so a new action is never hidden;
add its label when you add the action.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account_activated": _l("Account reactivated"),
    "account_deactivated": _l("Account deactivated"),
    "account_locked": _l("Account locked after failed sign-ins"),
    "account_unlocked": _l("Account unlocked"),
    "applicant_created": _l("Applicant account created"),
    "application_allocated": _l("Application allocated"),
    "application_item_added": _l("Application entry added"),
    "application_item_changed": _l("Application entry changed"),
    "application_item_removed": _l("Application entry removed"),
    "application_section_saved": _l("Application section saved"),
    "application_stage_changed": _l("Application stage changed"),
    "approval_decided": _l("Approval decision recorded"),
    "assessment_report_completed": _l("Assessment report completed"),
    "carer_added": _l("Carer added to the register"),
    "carer_check_recorded": _l("Carer household check recorded"),
    "carer_postcode_changed": _l("Carer's postcode changed"),
    "carer_status_changed": _l("Carer's status changed"),
    "check_updated": _l("Check updated"),
    "checks_generated": _l("Stage 1 checks created"),
    "dbs_consent_given": _l("Consent to a DBS check given"),
    "dbs_consent_requested": _l("Link to consent to a DBS check sent"),
    "demo_account_created": _l("Demo account created"),
    "enquiry_closed": _l("Enquiry closed"),
    "enquiry_contacted": _l("Contact with enquirer recorded"),
    "enquiry_received": _l("Enquiry received"),
    "evidence_downloaded": _l("Document downloaded"),
    "evidence_removed": _l("Document removed"),
    "evidence_uploaded": _l("Document added"),
    "form_f_section_updated": _l("Form F section updated"),
    "household_adult_added": _l("Adult joined a carer's household"),
    "household_adult_left": _l("Adult left a carer's household"),
    "invitation_accepted": _l("Invitation to apply accepted"),
    "invitation_resent": _l("Invitation to apply sent again"),
    "invited_to_apply": _l("Invited to apply"),
    "joint_applicant_added_again": _l("Joint applicant added again"),
    "joint_applicant_created": _l("Joint applicant account created"),
    "joint_applicant_invited": _l("Joint applicant invited"),
    "joint_applicant_removed": _l("Joint applicant taken off the application"),
    "joint_declaration_signed": _l("Joint applicant's declaration signed"),
    "joint_declaration_withdrawn": _l("Joint applicant's declaration to be signed again"),
    "panel_booked": _l("Panel booked"),
    "panel_rebooked": _l("Panel rebooked"),
    "panel_recommendation_recorded": _l("Panel recommendation recorded"),
    "role_changed": _l("Role changed"),
    "sign_in_failed": _l("Sign-in failed"),
    "sign_in_refused_locked": _l("Sign-in refused: account locked"),
    "signed_in": _l("Signed in"),
    "signed_out": _l("Signed out"),
    "staff_created": _l("Staff account created"),
    "supervisor_allocated": _l("Supervising social worker allocated"),
    "supervisory_visit_recorded": _l("Supervisory visit recorded"),
    "training_recorded": _l("Training recorded"),
    "viewed": _l("Viewed"),
    "visit_booked": _l("Initial visit booked"),
    "visit_rebooked": _l("Initial visit rebooked"),
}

OBJECT_LABELS = {
    "users": _l("Account"),
    "enquiries": _l("Enquiry"),
    "applications": _l("Application"),
    "foster_carers": _l("Foster carer"),
    "check_items": _l("Check"),
    "application_sections": _l("Application section"),
    "household_members": _l("Household member"),
    "address_history": _l("Address"),
    "employment_history": _l("Employment"),
    "referees": _l("Referee"),
    "form_f_sections": _l("Form F section"),
    "training_records": _l("Training record"),
    "assessment_reports": _l("Assessment report"),
    "panel_records": _l("Panel record"),
    "approval_decisions": _l("Approval decision"),
    "invitations": _l("Invitation"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def object_label(code: str) -> str:
    label = OBJECT_LABELS.get(code)
    return str(label) if label is not None else code


# Placements: the provider register and the council's matching defaults.
ACTION_LABELS.update(
    {
        "matching_settings_updated": _l("Matching defaults changed"),
        "home_added": _l("Council children's home added"),
        "home_updated": _l("Council children's home changed"),
        "home_closed": _l("Council children's home closed to new placements"),
        "home_reopened": _l("Council children's home reopened for placements"),
        "agency_added": _l("Independent provider added"),
        "agency_updated": _l("Independent provider changed"),
        "agency_closed": _l("Independent provider closed to new placements"),
        "agency_reopened": _l("Independent provider reopened for placements"),
    }
)
OBJECT_LABELS.update(
    {
        "matching_settings": _l("Matching defaults"),
        "childrens_homes": _l("Council children's home"),
        "agencies": _l("Independent provider"),
    }
)

# Placements: matching runs and decisions on their proposals.
ACTION_LABELS.update(
    {
        "matching_run_started": _l("Matching run started"),
        "matching_run_cancelled": _l("Matching run cancelled"),
        "matching_run_downloaded": _l("Matching run downloaded"),
        "matching_outcome_viewed": _l("Matching proposal viewed"),
        "matching_proposal_accepted": _l("Matching proposal accepted"),
        "matching_proposal_rejected": _l("Matching proposal rejected"),
    }
)
OBJECT_LABELS.update(
    {
        "matching_runs": _l("Matching run"),
        "matching_outcomes": _l("Matching proposal"),
    }
)

# Children needing a placement, and the needs list.
ACTION_LABELS.update(
    {
        "child_viewed": _l("Child's record viewed"),
        "child_referred": _l("Child referred for a placement"),
        "child_updated": _l("Child's referral changed"),
        "child_closed": _l("Child's referral closed"),
        "child_reopened": _l("Child's referral reopened"),
        "sibling_group_changed": _l("Sibling group changed"),
        "safeguarding_added": _l("Safeguarding exclusion added"),
        "safeguarding_removed": _l("Safeguarding exclusion removed"),
        "child_allocated": _l("Child allocated to a social worker"),
        "legal_status_recorded": _l("Legal status recorded"),
        "contact_added": _l("Contact arrangement added"),
        "contact_removed": _l("Contact arrangement removed"),
        "need_added": _l("Need added"),
        "need_renamed": _l("Need renamed"),
        "need_retired": _l("Need retired"),
        "need_reactivated": _l("Need reactivated"),
        "need_moved": _l("Need moved in the list"),
    }
)
OBJECT_LABELS.update(
    {
        "children": _l("Child"),
        "needs": _l("Need"),
    }
)

# Commissioning: copies of the placement ledger taken away.
ACTION_LABELS.update({"placement_ledger_exported": _l("Placement ledger downloaded")})
OBJECT_LABELS.update({"placement_ledger": _l("Placement ledger")})

# The annual sufficiency plan: each saved draft, and each copy taken away.
ACTION_LABELS.update(
    {
        "sufficiency_plan_saved": _l("Sufficiency plan draft saved"),
        "sufficiency_plan_exported": _l("Sufficiency plan downloaded"),
    }
)
OBJECT_LABELS.update({"sufficiency_plan_drafts": _l("Sufficiency plan draft")})

# Imports from the old case system (the detail holds the kind and the row count).
ACTION_LABELS.update({"import_completed": _l("File imported")})
OBJECT_LABELS.update({"import_batches": _l("Imported file")})

# Placements made, ended and re-priced (fostering/services/placements.py and imports).
ACTION_LABELS.update(
    {
        "placement_made": _l("Placement made"),
        "child_placed": _l("Child placed"),
        "placement_ended": _l("Placement ended"),
        "placement_rate_changed": _l("Placement's weekly cost changed"),
        "placement_planned": _l("Placement planned"),
        "child_placement_planned": _l("Child's placement planned"),
        "placement_agreement_recorded": _l("Placement agreement recorded"),
        "placement_started": _l("Placement started"),
        "placement_cancelled": _l("Planned placement cancelled"),
        "child_placement_cancelled": _l("Child's planned placement cancelled"),
        "child_history_viewed": _l("Child's placement history viewed"),
        "stability_viewed": _l("Placement stability viewed"),
    }
)
OBJECT_LABELS.update({"placements": _l("Placement")})

# Personal data removed when its retention period ended (fostering/services/retention.py).
ACTION_LABELS.update({"retention_run": _l("Expired personal data removed")})
OBJECT_LABELS.update({"retention": _l("Retention")})

# The password's life (fostering/auth/resets.py) and two-factor sign-in.
ACTION_LABELS.update(
    {
        "password_reset_requested": _l("Password reset asked for"),
        "password_reset_sent": _l("Password reset link sent by an administrator"),
        "password_reset": _l("Password reset"),
        "password_changed": _l("Password changed"),
        "two_factor_enrolled": _l("Two-factor sign-in set up"),
        "two_factor_reset": _l("Two-factor sign-in reset"),
        "recovery_code_used": _l("Signed in with a recovery code"),
        "sign_in_code_failed": _l("Wrong sign-in code"),
    }
)

# The fostering team's casework: looks at a household's records, reallocation, the
# Stage 1 sign-off, panel meetings and letters (fostering/recruitment/services).
ACTION_LABELS.update(
    {
        "case_viewed": _l("Application viewed"),
        "enquiry_viewed": _l("Enquiry viewed"),
        "case_reallocated": _l("Case reallocated"),
        "stage_1_recommended": _l("Stage 1 recommendation made"),
        "stage_1_decided": _l("Stage 1 decision signed off"),
        "stage_1_returned": _l("Stage 1 recommendation returned"),
        "panel_meeting_added": _l("Panel meeting arranged"),
        "panel_meeting_changed": _l("Panel meeting changed"),
        "letter_sent": _l("Letter emailed to the household"),
    }
)
OBJECT_LABELS.update({"panel_meetings": _l("Panel meeting")})
# Statutory returns: the Welsh census and the SSDA903, checked and exported.
ACTION_LABELS.update(
    {
        "statutory_return_checked": _l("Statutory return checked"),
        "statutory_return_exported": _l("Statutory return downloaded"),
    }
)
OBJECT_LABELS.update({"statutory_returns": _l("Statutory return")})

ACTION_LABELS.update(
    {
        "carer_review_started": _l("Carer's annual review started"),
        "carer_terms_change_requested": _l("Change of a carer's terms requested"),
        "carer_review_views_recorded": _l("Views recorded for a carer's review"),
        "carer_review_report_written": _l("Report written for a carer's review"),
        "carer_review_panel_booked": _l("Carer's review booked into panel"),
        "carer_review_panel_recorded": _l("Panel's recommendation on a carer's review recorded"),
        "carer_review_notice_given": _l("Notice of ending a carer's approval recorded"),
        "carer_review_decided": _l("Decision on a carer's review recorded"),
        "carer_review_viewed": _l("Carer's review viewed"),
        "carer_terms_changed": _l("Carer's terms of approval changed"),
        "carer_terms_came_into_force": _l("Carer's new terms of approval came into force"),
        "carer_deregistered": _l("Carer's approval ended"),
    }
)
# What the council pays its own carers (fostering/payments/services).
ACTION_LABELS.update(
    {
        "payment_table_added": _l("Payment table added"),
        "payment_table_changed": _l("Payment table changed"),
        "carer_payment_terms_set": _l("Carer's payment terms set"),
        "placement_extra_agreed": _l("Extra payment agreed on a placement"),
    }
)
OBJECT_LABELS.update({"payment_tables": _l("Payment table")})
# Commissioning: what-if scenarios.
ACTION_LABELS.update(
    {
        "scenario_created": _l("Scenario created"),
        "scenario_changed": _l("Scenario changed"),
        "scenario_run_started": _l("Scenario run started"),
        "scenario_run_cancelled": _l("Scenario run cancelled"),
        "scenario_exported": _l("Scenario downloaded"),
    }
)
OBJECT_LABELS.update({"scenarios": _l("Scenario")})
# Connected persons (kinship) cases: a named child's relative or friend assessed to foster.
ACTION_LABELS.update(
    {
        "connected_case_started": _l("Connected persons assessment started"),
        "connected_case_viewed": _l("Connected persons case viewed"),
        "connected_viability_recorded": _l("Viability assessment recorded"),
        "connected_temporary_approved": _l("Temporary approval given"),
        "connected_temporary_extended": _l("Temporary approval extended"),
        "connected_assessment_completed": _l("Connected persons assessment completed"),
        "connected_panel_booked": _l("Connected persons case booked into panel"),
        "connected_panel_recorded": _l("Panel recommendation on a connected persons case recorded"),
        "connected_decided": _l("Connected persons decision recorded"),
    }
)
OBJECT_LABELS.update({"connected_cases": _l("Connected persons case")})
