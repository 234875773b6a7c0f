"""Why an administrator's change is refused, and the one place each reason becomes a
sentence: the needs list and the council's matching defaults."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class AdminCode(StrEnum):
    # The needs list
    NEED_NAME_EN_MISSING = "need_name_en_missing"
    NEED_NAME_CY_MISSING = "need_name_cy_missing"
    NEED_NAME_TOO_LONG = "need_name_too_long"
    NEED_NAME_NO_LETTERS = "need_name_no_letters"
    NEED_NAME_TAKEN = "need_name_taken"
    # Matching defaults
    WEIGHT = "weight"
    SCHOOL_DISTANCE = "school_distance"
    MAX_DISTANCE = "max_distance"
    NOT_FOR_PROFIT_CHOICE = "not_for_profit_choice"
    TIME_LIMIT = "time_limit"


C = AdminCode

SENTENCES = {
    C.NEED_NAME_EN_MISSING: _l("Enter the need's name in English"),
    C.NEED_NAME_CY_MISSING: _l("Enter the need's name in Welsh"),
    C.NEED_NAME_TOO_LONG: _l("The name must be %(count)d characters or fewer"),
    C.NEED_NAME_NO_LETTERS: _l("The English name must include letters or numbers"),
    C.NEED_NAME_TAKEN: _l("There is already a need with that name"),
    C.WEIGHT: _l("Each weight must be a number of 0 or more"),
    C.SCHOOL_DISTANCE: _l("The school distance must be more than 0 kilometres"),
    C.MAX_DISTANCE: _l("The maximum distance must be more than 0 kilometres, or left blank"),
    C.NOT_FOR_PROFIT_CHOICE: _l("Choose whether to use not-for-profit agencies only"),
    C.TIME_LIMIT: _l("The time limit must be a whole number of seconds from 1 to %(most)d"),
}


class AdminError(ServiceError):
    """An administrator's change that cannot be made (the base of the domain's errors)."""

    sentences = SENTENCES
