"""Validation rules run before a return is exported.

Each rule carries the code the published SSDA903 validator gives it (data-to-insight's
csc-validator-be-903, ``lac_validator/rules``, 2022-23 to 2025-26 rule sets) and checks
what that rule checks, on the episodes as this service builds them; the sentences are
ours. ``REQ`` is this service's own: an item the return needs is blank because nothing
in the service records it. docs/statutory-returns.md lists the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from flask_babel import lazy_gettext as _l

from fostering.placements.returns import codes
from fostering.placements.returns.episodes import CollectionYear, Episode

ENGLAND = "ssda903"
WALES = "wales"

# Items every episode needs, and why each may be blank today (shown as the fix).
REQUIRED = ("LS", "CIN", "PLACE")

# The items' names, for people who do not know the codes.
ITEM_NAMES = {
    "CHILD": _l("Child reference"),
    "SEX": _l("Sex"),
    "DOB": _l("Date of birth"),
    "ETHNIC": _l("Ethnicity"),
    "DECOM": _l("Date the episode started"),
    "RNE": _l("Reason for the new episode"),
    "LS": _l("Legal status"),
    "CIN": _l("Category of need"),
    "PLACE": _l("Placement type"),
    "PLACE_PROVIDER": _l("Placement provider"),
    "DEC": _l("Date the episode ended"),
    "REC": _l("Reason the episode ended"),
    "REASON_PLACE_CHANGE": _l("Reason for the placement change"),
    "HOME_POST": _l("Child's home postcode"),
    "PL_POST": _l("Placement postcode"),
    "URN": _l("Ofsted unique reference number"),
    "PL_LA": _l("Placement local authority"),
}

Finding = tuple[Episode, str]  # the episode and the item to fix
Check = Callable[[list[Episode], CollectionYear], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    message: object  # a lazy string: what is wrong
    fix: object  # a lazy string: what to do about it
    check: Check
    returns: tuple[str, ...] = (ENGLAND, WALES)
    # What to fix when it depends on the item (``fix`` otherwise).
    fixes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Error:
    rule: Rule
    episode: Episode
    field: str

    @property
    def fix(self):
        return self.rule.fixes.get(self.field, self.rule.fix)

    @property
    def item(self) -> str:
        """``Legal status (LS)``: the item's name and its code in the file."""
        return f"{ITEM_NAMES[self.field]} ({self.field})"


def _by_child(episodes: list[Episode]) -> Iterator[list[Episode]]:
    ordered = sorted(episodes, key=lambda row: (row.CHILD, row.DECOM))
    for _child, rows in groupby(ordered, key=lambda row: row.CHILD):
        yield list(rows)


def _invalid(column: str, allowed: tuple[str, ...]) -> Check:
    """A code that is given but not in its code set (a blank passes, as in the validator)."""

    def check(episodes, _year):
        return [(row, column) for row in episodes if row.value(column) not in (None, *allowed)]

    return check


def _child_invalid(column: str, allowed: tuple[str, ...]) -> Check:
    """A child's item (held once a child, shown on their first episode) blank or not in
    its code set."""

    def check(episodes, _year):
        return [
            (rows[0], column)
            for rows in _by_child(episodes)
            if rows[0].value(column) not in allowed
        ]

    return check


def _required(episodes, _year):
    for row in episodes:
        for column in REQUIRED:
            if row.value(column) is None:
                yield row, column


def _previous_not_ended(episodes, _year):  # 142
    for rows in _by_child(episodes):
        for row in rows[:-1]:
            if row.DEC is None:
                yield row, "DEC"
            elif row.REC is None:
                yield row, "REC"


def _dec_rec_together(episodes, _year):  # 148
    for row in episodes:
        if (row.DEC is None) != (row.REC is None):
            yield row, "REC" if row.REC is None else "DEC"


def _provider_not_required(episodes, _year):  # 213
    return [
        (row, "PLACE_PROVIDER")
        for row in episodes
        if row.PLACE in codes.NO_PROVIDER_PLACE and row.PLACE_PROVIDER is not None
    ]


def _urn_required(episodes, year):  # 218
    return [
        (row, "URN")
        for row in episodes
        if row.URN is None
        and row.PLACE is not None
        and row.PLACE not in codes.NO_URN_PLACE
        and (row.DEC is None or row.DEC >= year.first_day)
    ]


def _reason_for_change(episodes, _year):  # 225
    for rows in _by_child(episodes):
        for row, following in pairwise(rows):
            if (
                row.REC == codes.REC_CONTINUES
                and row.REASON_PLACE_CHANGE is None
                and row.PLACE not in codes.TEMPORARY_PLACE
                and following.RNE in ("P", "B", "T", "U")
                and following.PLACE not in codes.TEMPORARY_PLACE
            ):
                yield row, "REASON_PLACE_CHANGE"


def _before_birth(episodes, _year):  # 302
    for rows in _by_child(episodes):
        if rows[0].DECOM < rows[0].DOB:
            yield rows[0], "DECOM"


def _started_adult(episodes, _year):  # 352
    for row in episodes:
        if row.RNE == codes.RNE_STARTED and _add_years(row.DOB, 18) <= row.DECOM:
            yield row, "DECOM"


def _same_day(episodes, _year):  # 355
    return [(row, "DEC") for row in episodes if row.DEC is not None and row.DEC == row.DECOM]


def _youth_justice_under_ten(episodes, _year):  # 358
    return [
        (row, "LS")
        for row in episodes
        if row.LS in ("J1", "J2", "J3") and row.DECOM <= _add_years(row.DOB, 10)
    ]


def _status_too_long(status: str, most_days: int) -> Check:
    """An unbroken run of episodes under ``status`` lasting more than ``most_days`` (an
    episode open at the year's end counts to 31 March): rules 361, 362 and 363."""

    def check(episodes, year):
        for rows in _by_child(episodes):
            run: list[Episode] = []
            for row in [*rows, None]:
                if row is not None and row.LS == status and (not run or run[-1].DEC == row.DECOM):
                    run.append(row)
                    continue
                if run and ((run[-1].DEC or year.last_day) - run[0].DECOM).days > most_days:
                    yield from ((episode, "LS") for episode in run)
                run = [row] if row is not None and row.LS == status else []

    return check


def _after_death(episodes, _year):  # 437
    for rows in _by_child(episodes):
        for row in rows[:-1]:
            if row.REC in ("E2", "E15"):
                yield row, "REC"


def _ceased_before_start(episodes, _year):  # 356
    return [(row, "DEC") for row in episodes if row.DEC is not None and row.DEC < row.DECOM]


def _first_episode_s(episodes, year):  # 357
    for rows in _by_child(episodes):
        first = rows[0]
        if first.first_ever and first.DECOM >= year.first_day and first.RNE != codes.RNE_STARTED:
            yield first, "RNE"


def _ceased_after_year(episodes, year):  # 385
    return [(row, "DEC") for row in episodes if row.DEC is not None and row.DEC > year.last_day]


def _overlap(episodes, _year):  # 501
    for rows in _by_child(episodes):
        for earlier, row in pairwise(rows):
            if earlier.DEC is not None and row.DECOM < earlier.DEC:
                yield row, "DECOM"


def _missing_provider(episodes, _year):  # 526
    return [
        (row, "PLACE_PROVIDER")
        for row in episodes
        if row.PLACE not in codes.NO_PROVIDER_PLACE and row.PLACE_PROVIDER is None
    ]


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


RULES: tuple[Rule, ...] = (
    Rule(
        "101",
        _l("The child's sex is blank or not a valid code."),
        _l("Record the child's sex on their record as a girl, a boy or another gender."),
        _child_invalid("SEX", codes.SEX),
    ),
    Rule(
        "103",
        _l("The child's ethnicity is blank or not a valid code."),
        _l("Record the child's ethnicity on their record."),
        _child_invalid("ETHNIC", codes.ETHNIC),
    ),
    Rule(
        "142",
        _l("A later episode has started but this episode has no end date or reason."),
        _l("Record when and why this placement ended."),
        _previous_not_ended,
    ),
    Rule(
        "143",
        _l("The reason for the new episode is not a valid code."),
        _l("Check the placement's start date against the one before it."),
        _invalid("RNE", codes.RNE),
    ),
    Rule(
        "144",
        _l("The legal status is not a valid code."),
        _l("Record the child's legal status using one of the return's codes."),
        _invalid("LS", codes.LS),
    ),
    Rule(
        "145",
        _l("The category of need is not a valid code."),
        _l("Record the child's category of need as N1 to N8."),
        _invalid("CIN", codes.CIN),
    ),
    Rule(
        "146",
        _l("The placement type is not a valid code."),
        _l("Check the placement's provider and the child's placement type."),
        _invalid("PLACE", codes.PLACE),
    ),
    Rule(
        "148",
        _l("The episode has an end date without a reason, or a reason without an end date."),
        _l("Record why the placement ended (the reason care ended)."),
        _dec_rec_together,
    ),
    Rule(
        "149",
        _l("The reason the episode ended is not a valid code."),
        _l("Record why the placement ended using one of the return's reasons."),
        _invalid("REC", codes.REC),
    ),
    Rule(
        "178",
        _l("The placement provider is not a valid code."),
        _l("Check the placement's provider in the provider register."),
        _invalid("PLACE_PROVIDER", codes.PLACE_PROVIDER),
    ),
    Rule(
        "213",
        _l("A temporary placement should not have a placement provider."),
        _l("Check the placement type: temporary placements have no provider."),
        _provider_not_required,
    ),
    Rule(
        "218",
        _l("The placement needs an Ofsted unique reference number (URN)."),
        _l("Add the provider's Ofsted URN; the provider register does not hold it yet."),
        _urn_required,
        returns=(ENGLAND,),
    ),
    Rule(
        "225",
        _l("The placement changed but no reason for the change is recorded."),
        _l("Record why the placement ended when the child moved."),
        _reason_for_change,
    ),
    Rule(
        "302",
        _l("The child's first episode starts before their date of birth."),
        _l("Check the child's date of birth and the placement's start date."),
        _before_birth,
    ),
    Rule(
        "352",
        _l("The child started to be looked after aged 18 or over."),
        _l("Check the child's date of birth and the placement's start date."),
        _started_adult,
    ),
    Rule(
        "355",
        _l("The episode lasted less than a day."),
        _l("Check the placement's start and end dates."),
        _same_day,
    ),
    Rule(
        "356",
        _l("The episode ended before it started."),
        _l("Check the placement's start and end dates."),
        _ceased_before_start,
    ),
    Rule(
        "358",
        _l("A child under 10 cannot have a youth justice legal status (J1, J2 or J3)."),
        _l("Check the child's legal status and date of birth."),
        _youth_justice_under_ten,
    ),
    Rule(
        "361",
        _l("Police protection lasted longer than 72 hours."),
        _l("Check the legal status's dates and record the status that followed."),
        _status_too_long("L1", 3),
    ),
    Rule(
        "362",
        _l("An emergency protection order lasted longer than 21 days."),
        _l("Check the legal status's dates and record the status that followed."),
        _status_too_long("L2", 21),
    ),
    Rule(
        "363",
        _l("A child assessment order lasted longer than 7 days."),
        _l("Check the legal status's dates and record the status that followed."),
        _status_too_long("L3", 7),
    ),
    Rule(
        "357",
        _l("The child's first episode does not say they started to be looked after."),
        _l("Check whether an earlier placement is missing from the child's history."),
        _first_episode_s,
    ),
    Rule(
        "385",
        _l("The episode ended after the end of the collection year."),
        _l("Check the placement's end date."),
        _ceased_after_year,
    ),
    Rule(
        "437",
        _l(
            "The episode ended because the child died or was found to be 18 or over,"
            " but later episodes follow."
        ),
        _l("Check the reason the episode ended and the child's later placements."),
        _after_death,
    ),
    Rule(
        "501",
        _l("The episode starts before the previous episode ended."),
        _l("Check the dates of the child's placements: two of them overlap."),
        _overlap,
    ),
    Rule(
        "526",
        _l("The episode has no placement provider."),
        _l("Check the placement's provider in the provider register."),
        _missing_provider,
    ),
    Rule(
        "1009",
        _l("The reason for the placement change is not a valid code."),
        _l("Record why the placement ended using one of the return's reasons."),
        _invalid("REASON_PLACE_CHANGE", codes.REASON_PLACE_CHANGE),
    ),
    Rule(
        "REQ",
        _l("An item the return needs is blank."),
        _l("Add the item to the file before you send it."),
        _required,
        fixes={
            "LS": _l("Record the child's legal status, and the date it started, on their record."),
            "CIN": _l(
                "The service does not record the category of need: add it (N1 to N8) to the"
                " file before you send it."
            ),
            "PLACE": _l(
                "The return has no placement type for this kind of provider here: add it to"
                " the file before you send it."
            ),
        },
    ),
)


# By number, the service's own last.
RULES = tuple(
    sorted(
        RULES,
        key=lambda rule: (not rule.code.isdigit(), int(rule.code) if rule.code.isdigit() else 0),
    )
)


def rules_for(kind: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if kind in rule.returns)


def validate(kind: str, episodes: list[Episode], year: CollectionYear) -> list[Error]:
    """Every error in ``episodes``, by child reference, episode start and rule."""
    errors = [
        Error(rule, episode, column)
        for rule in rules_for(kind)
        for episode, column in rule.check(episodes, year)
    ]
    return sorted(
        errors, key=lambda error: (error.episode.CHILD, error.episode.DECOM, error.rule.code)
    )
