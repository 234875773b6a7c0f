"""What the statutory return pages call: check a return for a year, and export it.

Both read children's records, so each is audited (ids and codes only, no names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from fostering.models import User
from fostering.placements.returns import codes
from fostering.placements.returns.episodes import CollectionYear, Episode, year_episodes
from fostering.placements.returns.rules import ENGLAND, WALES, Error, rules_for, validate
from fostering.services import audit
from fostering.services.transactions import transactional

KINDS = {
    WALES: _l("Children looked after census (Welsh Government)"),
    ENGLAND: _l("SSDA903 episodes (Department for Education)"),
}
COLUMNS = {WALES: codes.WALES_COLUMNS, ENGLAND: codes.EPISODE_COLUMNS}
YEARS_KEPT = 5


@dataclass
class Report:
    kind: str
    year: CollectionYear
    episodes: list[Episode]
    errors: list[Error]
    by_rule: list[tuple[object, int]] = field(default_factory=list)

    @property
    def children(self) -> int:
        return len({episode.child_id for episode in self.episodes})


def years(today: date) -> list[CollectionYear]:
    """The collection years a person may choose: this one and the four before, newest first."""
    current = today.year if today.month >= 4 else today.year - 1
    return [CollectionYear(current - back) for back in range(YEARS_KEPT)]


def known(kind: str, start_year: int, today: date) -> bool:
    return kind in KINDS and CollectionYear(start_year) in years(today)


def build(kind: str, start_year: int) -> Report:
    year = CollectionYear(start_year)
    episodes = year_episodes(year)
    errors = validate(kind, episodes, year)
    counts = Counter(error.rule.code for error in errors)
    by_rule = [(rule, counts[rule.code]) for rule in rules_for(kind) if counts[rule.code]]
    return Report(kind, year, episodes, errors, by_rule)


def _audited(kind: str, start_year: int) -> tuple[str, str]:
    """The audit trail's name for a return and year (no child in it)."""
    return ("statutory_returns", f"{kind}-{start_year}")


@transactional
def check(actor: User, kind: str, start_year: int) -> Report:
    """The return's episodes and errors, for the error report page: audited."""
    report = build(kind, start_year)
    detail = f"episodes={len(report.episodes)} errors={len(report.errors)}"
    audit.record(actor, "statutory_return_checked", _audited(kind, start_year), detail=detail)
    return report


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")  # the return's dates: dd/mm/yyyy
    return str(value)


@transactional
def export_rows(actor: User, kind: str, start_year: int) -> list[list[str]]:
    """The return as a CSV's rows (its column names first): audited."""
    report = build(kind, start_year)
    columns = COLUMNS[kind]
    detail = f"file=return episodes={len(report.episodes)} errors={len(report.errors)}"
    audit.record(actor, "statutory_return_exported", _audited(kind, start_year), detail=detail)
    return [list(columns)] + [
        [_cell(episode.value(column)) for column in columns] for episode in report.episodes
    ]


@transactional
def error_rows(actor: User, kind: str, start_year: int, headings: list[str]) -> list[list[str]]:
    """The error report as a CSV's rows: audited."""
    report = build(kind, start_year)
    detail = f"file=errors errors={len(report.errors)}"
    audit.record(actor, "statutory_return_exported", _audited(kind, start_year), detail=detail)
    return [headings] + [
        [
            error.episode.CHILD,
            _cell(error.episode.DECOM),
            error.rule.code,
            error.item,
            str(error.rule.message),
            str(error.fix),
        ]
        for error in report.errors
    ]
