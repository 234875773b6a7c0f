"""Why a change to what the council pays is refused, each reason as one sentence."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class PaymentCode(StrEnum):
    YEAR_RANGE = "year_range"
    YEAR_TAKEN = "year_taken"
    FIGURE_MISSING = "figure_missing"
    FEES_NOT_RISING = "fees_not_rising"
    KIND_MISSING = "kind_missing"
    LEVEL_MISSING = "level_missing"
    LEVEL_NOT_FEE_PAID = "level_not_fee_paid"
    TERMS_BEFORE_APPROVAL = "terms_before_approval"
    TERMS_DATE_TAKEN = "terms_date_taken"
    EXTRA_REASON_MISSING = "extra_reason_missing"
    EXTRA_BEFORE_START = "extra_before_start"
    EXTRA_AFTER_END = "extra_after_end"
    EXTRA_DATE_TAKEN = "extra_date_taken"
    EXTRA_NOT_IN_HOUSE = "extra_not_in_house"


C = PaymentCode

SENTENCES = {
    C.YEAR_RANGE: _l("The financial year must be from %(first)d to %(last)d"),
    C.YEAR_TAKEN: _l("There is already a payment table for that year. Change it instead"),
    C.FIGURE_MISSING: _l("Enter every allowance, fee and the salary, in pounds"),
    C.FEES_NOT_RISING: _l("Each fee level must pay at least as much as the level below it"),
    C.KIND_MISSING: _l("Choose how the carer is paid"),
    C.LEVEL_MISSING: _l("Choose the carer's fee level"),
    C.LEVEL_NOT_FEE_PAID: _l("Only a fee-paid carer has a fee level"),
    C.TERMS_BEFORE_APPROVAL: _l("The new terms must start on or after the carer's approval"),
    C.TERMS_DATE_TAKEN: _l("The carer already has terms from that date. Choose another date"),
    C.EXTRA_REASON_MISSING: _l("Enter what the extra payment is for"),
    C.EXTRA_BEFORE_START: _l("The extra must start on or after the placement's start date"),
    C.EXTRA_AFTER_END: _l("The extra must start on or before the placement's end date"),
    C.EXTRA_DATE_TAKEN: _l("There is already an extra from that date. Choose another date"),
    C.EXTRA_NOT_IN_HOUSE: _l("Only a placement with one of the council's carers has extras"),
}


class PaymentError(ServiceError):
    """A change to the payment tables, a carer's terms or a placement's extras that
    cannot be made."""

    sentences = SENTENCES
