"""Why a request about an account is refused, and the one place each reason becomes a
sentence."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class AccountCode(StrEnum):
    PASSWORD_TOO_SHORT = "password_too_short"  # noqa: S105 (a code, not a password)
    CHOOSE_STAFF_ROLE = "choose_staff_role"
    EMAIL_TAKEN = "email_taken"
    ROLE_STAFF_ONLY = "role_staff_only"
    OWN_ADMIN_ROLE = "own_admin_role"
    OWN_ACCOUNT_ACTIVE = "own_account_active"
    PASSWORD_COMMON = "password_common"  # noqa: S105 (a code, not a password)
    RESET_LINK_BROKEN = "reset_link_broken"
    CURRENT_PASSWORD_WRONG = "current_password_wrong"  # noqa: S105 (a code)
    PASSWORD_UNCHANGED = "password_unchanged"  # noqa: S105 (a code)
    HOLDS_LIVE_CASES = "holds_live_cases"
    ROLE_HOLDS_LIVE_CASES = "role_holds_live_cases"


C = AccountCode

SENTENCES = {
    C.PASSWORD_TOO_SHORT: _l("Password must be %(count)d characters or more"),
    C.CHOOSE_STAFF_ROLE: _l("Choose a staff role"),
    C.EMAIL_TAKEN: _l("An account with this email address already exists"),
    C.ROLE_STAFF_ONLY: _l("Only staff accounts can change role"),
    C.OWN_ADMIN_ROLE: _l("You cannot remove your own administrator role"),
    C.OWN_ACCOUNT_ACTIVE: _l("You cannot deactivate your own account"),
    C.PASSWORD_COMMON: _l(
        "This password is one of the most common ones. Choose one that is harder to guess"
    ),
    C.RESET_LINK_BROKEN: _l("This link does not work"),
    C.CURRENT_PASSWORD_WRONG: _l("Your current password is not right"),
    C.PASSWORD_UNCHANGED: _l("Choose a new password, not the one you have now"),
    C.HOLDS_LIVE_CASES: _l(
        "%(name)s cannot be deactivated while they hold live fostering cases. Live cases "
        "they hold: %(count)d. Ask a team manager to reallocate them first."
    ),
    C.ROLE_HOLDS_LIVE_CASES: _l(
        "%(name)s cannot stop being an assessing social worker while they hold live "
        "fostering cases. Live cases they hold: %(count)d. Ask a team manager to "
        "reallocate them first."
    ),
}


class AccountError(ServiceError):
    """A request about an account that cannot be carried out."""

    sentences = SENTENCES
