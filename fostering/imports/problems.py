"""What a dry run finds: each problem's row, column and a translatable message.

Problems are stored as plain ``[row, column, code, params]`` lists (in the import batch)
and turned into sentences when shown, so the report reads in the viewer's language.
Columns are named as the file's header names them, which are the same in both languages.

This is the imports' one place for sentences: the cell problems' ``MESSAGES`` and,
for a file that cannot be read at all, :class:`FileCode`'s ``FILE_SENTENCES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

# Row 1 is the header, so the file-level problems (a missing column) are reported there.
HEADER_ROW = 1
# A dry run stops collecting (but keeps counting) problems after this many.
STORED_PROBLEMS = 20_000

MESSAGES = {
    "missing": _l("enter a value"),
    "too_long": _l("enter %(max)s characters or fewer"),
    "real_date": _l("enter a real date, like 27/03/2016"),
    "future_date": _l("the date cannot be in the future"),
    "past_date": _l("the date cannot be in the past for a child still waiting"),
    "before_birth": _l("the date cannot be before the child was born"),
    "unknown_worker": _l("no active social worker has the email %(value)s"),
    "money": _l("enter an amount in pounds, like 950 or £1,234.50"),
    "whole_number": _l("enter a whole number"),
    "number_range": _l("enter a number from %(low)s to %(high)s"),
    "home_beds": _l(
        "a council children's home has at most %(high)s beds, so %(value)s beds is refused"
    ),
    "yes_no": _l("enter yes or no"),
    "legal_form_conflict": _l(
        "the legal form and the not-for-profit answer disagree: give one or make them agree"
    ),
    "choice": _l("“%(value)s” is not one of: %(choices)s"),
    "bad_postcode": _l("“%(value)s” is not a postcode"),
    "unknown_postcode": _l("%(value)s is not in the postcode directory"),
    "unknown_need": _l("“%(value)s” is not a need on the council's list"),
    "duplicate_in_file": _l("%(value)s is also on row %(other)s"),
    "exists": _l("%(value)s is already in the service"),
    "unknown_child": _l("no child has the reference %(value)s"),
    "unknown_provider": _l("no carer, home or agency has the reference %(value)s"),
    "ambiguous_provider": _l("%(value)s is the reference of more than one provider"),
    "over_capacity": _l(
        "%(value)s has %(places)s places, and %(taken)s are taken already: "
        "this file would place %(count)s more"
    ),
    "age_range": _l("the child would be %(age)s years old; children must be 0 to 17"),
    "ages_order": _l("the youngest age is older than the oldest age"),
    "already_placed": _l("%(value)s already has a current placement"),
    "end_before_start": _l("the end date must be on or after the start date"),
    "rate_outside": _l("a rate must start within the placement's dates"),
    "rate_duplicate": _l("there is already a rate from this date for %(value)s"),
    "first_rate": _l("the first row of a placement must have its rate start on the start date"),
    "rate_needs_date": _l("enter the date this rate starts (this placement is on row %(other)s)"),
    "row_disagrees": _l("this row disagrees with row %(other)s about the placement"),
    "group_split": _l(
        "rows in sibling group %(value)s disagree about whether the siblings may be split"
    ),
    "self_exclusion": _l("a child cannot be kept apart from themself"),
    "together_and_apart": _l(
        "%(value)s and %(other)s are in a sibling group that must stay together, so they "
        "cannot also be kept apart. Change the sibling group first"
    ),
    "no_column": _l("the file has no “%(column)s” column"),
}


class FileCode(StrEnum):
    """Why an uploaded file cannot be read at all (``reading.FileError``)."""

    NOT_TEXT = "not_text"
    NOT_CSV_OR_XLSX = "not_csv_or_xlsx"
    CSV_UNREADABLE = "csv_unreadable"
    XLSX_UNREADABLE = "xlsx_unreadable"
    EMPTY = "empty"
    NO_HEADER = "no_header"
    NO_ROWS = "no_rows"
    REPEATED_COLUMN = "repeated_column"
    SHEET_TOO_LARGE = "sheet_too_large"
    WORKBOOK_TOO_LARGE = "workbook_too_large"


FILE_SENTENCES = {
    FileCode.NOT_TEXT: _l("The file is not a CSV file saved as text. Save it as CSV UTF-8."),
    FileCode.NOT_CSV_OR_XLSX: _l("The file is not a CSV or XLSX file."),
    FileCode.CSV_UNREADABLE: _l("The file is not a CSV file that can be read."),
    FileCode.XLSX_UNREADABLE: _l("The file is not an XLSX workbook that can be read."),
    FileCode.EMPTY: _l("The file is empty."),
    FileCode.NO_HEADER: _l("The file has no header row. Row 1 must name the columns."),
    FileCode.NO_ROWS: _l("The file has no rows under its header."),
    FileCode.REPEATED_COLUMN: _l(
        "The file has more than one column called “%(column)s”. Delete "
        "the extra column, or give each column a different name."
    ),
    FileCode.SHEET_TOO_LARGE: _l(
        "The first sheet goes down to row %(rows)s and across to column "
        "%(columns)s, which is more than can be imported. Delete the empty rows "
        "and columns after your data, or split the file."
    ),
    FileCode.WORKBOOK_TOO_LARGE: _l(
        "The workbook is too large once unpacked. Save its first sheet as a CSV file "
        "and upload that, or split it into smaller files."
    ),
}


@dataclass
class Problems:
    """Problems in the order found, capped at ``STORED_PROBLEMS`` but always counted."""

    items: list[list] = field(default_factory=list)
    count: int = 0
    rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, code: str, /, **params) -> None:
        self.count += 1
        self.rows.add(row)
        if len(self.items) < STORED_PROBLEMS:
            self.items.append([row, column, code, {k: str(v) for k, v in params.items()}])

    def sorted_items(self) -> list[list]:
        return sorted(self.items, key=lambda item: (item[0], item[1]))


class ImportRefused(ValueError):
    """The file has problems; nothing was written."""

    def __init__(self, problems: Problems) -> None:
        super().__init__(f"{problems.count} problems")
        self.problems = problems


def describe(problem: list) -> str:
    """``[14, "date of birth", "real_date", {}]`` → "enter a real date, like 27/03/2016"."""
    _row, _column, code, params = problem
    message = MESSAGES.get(code)
    if message is None:  # a code from a newer version: say something rather than fail
        return code
    return str(message) % params if params else str(message)


def sentence(problem: list) -> str:
    """The whole sentence: "Row 14, date of birth: enter a real date, like 27/03/2016"."""
    row, column, _code, _params = problem
    return _(
        "Row %(row)s, %(column)s: %(problem)s",
        row=f"{row:,}",
        column=column,
        problem=describe(problem),
    )
