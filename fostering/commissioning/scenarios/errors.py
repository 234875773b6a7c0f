"""Why a scenario step is refused, or a scenario's run failed, as whole sentences."""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l

from fostering.services.errors import ServiceError


class ScenarioCode(StrEnum):
    NAME_MISSING = "name_missing"
    NAME_TOO_LONG = "name_too_long"
    COUNT = "count"
    TOO_MANY_BEDS = "too_many_beds"
    TOO_FEW_BEDS = "too_few_beds"
    PLACES = "places"
    AGES = "ages"
    AGES_ORDER = "ages_order"
    COST = "cost"
    WHERE_MISSING = "where_missing"
    WHERE_BOTH = "where_both"
    POSTCODE_MALFORMED = "postcode_malformed"
    POSTCODE_UNKNOWN = "postcode_unknown"
    AREA_UNKNOWN = "area_unknown"
    AREA_EMPTY = "area_empty"
    NO_PROVIDERS = "no_providers"
    UNKNOWN_PROVIDER = "unknown_provider"
    PERCENT = "percent"
    RATE_KIND = "rate_kind"
    ALREADY_NOT_FOR_PROFIT = "already_not_for_profit"
    TOO_MANY_CHANGES = "too_many_changes"
    NO_SUCH_CHANGE = "no_such_change"
    UNFINISHED = "unfinished"
    NO_CHANGES = "no_changes"
    NOT_RUNNING = "not_running"
    COMPARE_FEW = "compare_few"
    UNKNOWN_CHOICE = "unknown_choice"


C = ScenarioCode
SENTENCES = {
    C.NAME_MISSING: _l("Enter a name for the scenario"),
    C.NAME_TOO_LONG: _l("The name must be %(most)d characters or fewer"),
    C.COUNT: _l("Enter how many, a whole number from 1 to %(most)d"),
    C.TOO_MANY_BEDS: _l(
        "A council children's home can have at most %(most)d beds: enter %(most)d or fewer"
    ),
    C.TOO_FEW_BEDS: _l("A council children's home must have at least 1 bed"),
    C.PLACES: _l("Enter the places each household offers, a whole number from 1 to %(most)d"),
    C.AGES: _l("Ages must be between 0 and %(oldest)d"),
    C.AGES_ORDER: _l("The youngest age must not be more than the oldest age"),
    C.COST: _l("Enter the weekly cost in pounds, like 3800 or 3800.50"),
    C.WHERE_MISSING: _l("Enter a postcode or choose an area"),
    C.WHERE_BOTH: _l("Enter a postcode or choose an area, not both"),
    C.POSTCODE_MALFORMED: _l("Enter a real postcode, like CF10 1AA"),
    C.POSTCODE_UNKNOWN: _l("We cannot find that postcode. Check it and enter it again"),
    C.AREA_UNKNOWN: _l("Choose an area from the list"),
    C.AREA_EMPTY: _l(
        "The postcode directory has no postcodes in that area, so new places cannot be "
        "put there. Enter a postcode instead"
    ),
    C.NO_PROVIDERS: _l("Choose at least one provider, or enter a carer's reference"),
    C.UNKNOWN_PROVIDER: _l("There is no open provider with the reference %(reference)s"),
    C.PERCENT: _l("Enter the change as a percentage from -90 to 200, like 10 or -5"),
    C.RATE_KIND: _l("Choose whose rates change"),
    C.ALREADY_NOT_FOR_PROFIT: _l("The scenario already uses not-for-profit agencies only"),
    C.TOO_MANY_CHANGES: _l("A scenario can have at most %(most)d changes"),
    C.NO_SUCH_CHANGE: _l("That change is no longer in the scenario"),
    C.UNFINISHED: _l(
        "The scenario is running. Wait for it to finish, or cancel it, before changing it"
    ),
    C.NO_CHANGES: _l("Add at least one change before running the scenario"),
    C.NOT_RUNNING: _l("The scenario is not running"),
    C.COMPARE_FEW: _l("Choose at least two scenarios that have finished running to compare"),
    C.UNKNOWN_CHOICE: _l("Choose from the list"),
}


class ScenarioError(ServiceError):
    sentences = SENTENCES


class ScenarioFailure(StrEnum):
    """Why a scenario's run failed (kept on the scenario; never personal data)."""

    NO_CHILDREN = "no_children"
    BAD_INSTANCE = "bad_instance"
    INTERNAL = "internal"
    WORKER_STOPPED = "worker_stopped"
    QUEUE_UNAVAILABLE = "queue_unavailable"


FAILURES = {
    ScenarioFailure.NO_CHILDREN: _l(
        "No child could be matched: nobody is waiting with a known home postcode, and no "
        "placed child was included."
    ),
    ScenarioFailure.BAD_INSTANCE: _l(
        "The optimiser could not read the data the scenario built. Check the changes and "
        "run it again."
    ),
    ScenarioFailure.INTERNAL: _l(
        "Something went wrong while the scenario ran. Run it again, and tell the service "
        "team if it fails again."
    ),
    ScenarioFailure.WORKER_STOPPED: _l(
        "The scenario stopped because its worker stopped. Run it again."
    ),
    ScenarioFailure.QUEUE_UNAVAILABLE: _l(
        "The scenario could not be started because the job queue is not available. Try "
        "again in a few minutes."
    ),
}


def failure_sentence(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return str(FAILURES[ScenarioFailure(code)])
    except ValueError:
        return str(FAILURES[ScenarioFailure.INTERNAL])
