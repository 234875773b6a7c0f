"""The public pages' words, the allowances and fees, and the information events: the
council's to edit, in English and Welsh, as files in one folder.

The demo council's folder is ``fostering/public/content``; a council points
``CONTENT_DIR`` at a copy of it and edits that (see the README). The folder holds:

- ``en/<page>.md`` and ``cy/<page>.md`` for each page in :data:`PAGES`: Markdown
  (rendered safely by :mod:`fostering.web.markdown`) whose first line is ``# Title``;
- ``allowances.toml``: the weekly allowance for each age band and the weekly fees, in
  pence, the only place these figures are written;
- ``events.toml``: the information events, each with its start and end (local time),
  whether it is online, and its place, title and details in both languages.

A page may name the council's own figures in braces, filled in when it is shown:
``{council_name}``, ``{minimum_age}``, ``{team_phone}`` and ``{team_email}`` (as links),
``{retention_enquiry}`` and friends, and, alone on a line, ``{allowances}`` and ``{fees}``
(tables). The folder is read once, when the service starts, and a missing file, a
malformed one or an unknown placeholder stops it starting with a message naming the
file, so a mistake never reaches the public.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from markupsafe import Markup, escape

from fostering.config import ConfigError
from fostering.web.markdown import render

DEFAULT_FOLDER = Path(__file__).resolve().parent / "content"
LANGUAGES = ("en", "cy")
# The pages about fostering, in the order the home page and each page list them.
GUIDE = ("types-of-fostering", "who-can-foster", "what-you-get", "the-process")
PAGES = ("home", *GUIDE, "privacy", "accessibility")
TEXT_PLACEHOLDERS = frozenset(
    {
        "council_name",
        "minimum_age",
        "team_phone",
        "team_email",
        "retention_enquiry",
        "retention_application",
        "retention_audit",
    }
)
# Tables: each must be a paragraph of its own.
BLOCK_PLACEHOLDERS = frozenset({"allowances", "fees"})
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
LONDON = ZoneInfo("Europe/London")


class ContentError(ConfigError):
    """The content folder cannot be shown: each problem names its file."""


@dataclass(frozen=True)
class Page:
    title: str
    body: Markup  # placeholders still in braces: see :func:`fill`


@dataclass(frozen=True)
class Allowance:
    from_age: int
    to_age: int
    weekly_pence: int


@dataclass(frozen=True)
class Fee:
    name: dict[str, str]
    weekly_pence: int


@dataclass(frozen=True)
class Event:
    title: dict[str, str]
    starts: datetime
    ends: datetime
    online: bool
    place: dict[str, str]
    details: dict[str, str]
    booking_url: str | None = None


@dataclass(frozen=True)
class Content:
    folder: Path
    pages: dict[tuple[str, str], Page]
    allowances: tuple[Allowance, ...]
    fees: tuple[Fee, ...]
    events: tuple[Event, ...] = field(default=())

    def page(self, slug: str, language: str) -> Page:
        return self.pages[(language if language in LANGUAGES else "en", slug)]

    def upcoming_events(self, now: datetime) -> list[Event]:
        """Events that have not yet ended, soonest first: past ones drop off by themselves."""
        return sorted((e for e in self.events if e.ends > now), key=lambda e: e.starts)


# Reading the folder ------------------------------------------------------------------


def _read_page(path: Path, problems: list[str]) -> Page | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path} is missing")
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path} cannot be read as UTF-8 text ({type(error).__name__})")
        return None
    first, _, rest = text.lstrip("\ufeff").lstrip().partition("\n")
    if not first.startswith("# ") or not first[2:].strip():
        problems.append(f"{path} must start with its title, as a line like '# Who can foster'")
        return None
    title, body = first[2:].strip(), render(rest)
    for name in PLACEHOLDER.findall(title):
        if name not in TEXT_PLACEHOLDERS:
            problems.append(f"{path}: its title may not use {{{name}}}")
    for name in PLACEHOLDER.findall(body):
        if name not in TEXT_PLACEHOLDERS | BLOCK_PLACEHOLDERS:
            known = ", ".join("{" + n + "}" for n in sorted(TEXT_PLACEHOLDERS | BLOCK_PLACEHOLDERS))
            problems.append(f"{path} uses {{{name}}}, which is not one of {known}")
    for name in BLOCK_PLACEHOLDERS:
        alone = f'<p class="govuk-body">{{{name}}}</p>'
        if body.count("{" + name + "}") != body.count(alone):
            problems.append(f"{path}: {{{name}}} is a table, so it must be on a line of its own")
    return Page(title=title, body=body)


def _read_toml(path: Path, problems: list[str]) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.append(f"{path} is missing")
    except (OSError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{path} is not valid TOML: {error}")
    return {}


def _pence(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _both(entry: dict, key: str, where: str, problems: list[str], *, required=True) -> dict:
    texts = {language: entry.get(f"{key}_{language}", "") for language in LANGUAGES}
    for language, text in texts.items():
        if not isinstance(text, str) or (required and not text.strip()):
            problems.append(f"{where} needs {key}_{language}, a piece of text")
    return {language: str(text).strip() for language, text in texts.items()}


def _read_figures(path: Path, problems: list[str]) -> tuple[tuple, tuple]:
    data = _read_toml(path, problems)
    allowances, fees = [], []
    for number, entry in enumerate(data.get("allowance", []), 1):
        where = f"{path}, allowance {number}"
        ages = (entry.get("from_age"), entry.get("to_age"))
        if not all(_pence(age) for age in ages) or ages[0] > ages[1]:
            problems.append(f"{where} needs from_age and to_age, whole numbers, from <= to")
        elif not _pence(entry.get("weekly_pence")):
            problems.append(f"{where} needs weekly_pence, a whole number of pence")
        else:
            allowances.append(Allowance(ages[0], ages[1], entry["weekly_pence"]))
    for number, entry in enumerate(data.get("fee", []), 1):
        where = f"{path}, fee {number}"
        name = _both(entry, "name", where, problems)
        if not _pence(entry.get("weekly_pence")):
            problems.append(f"{where} needs weekly_pence, a whole number of pence")
        else:
            fees.append(Fee(name, entry["weekly_pence"]))
    if not allowances and not problems:
        problems.append(f"{path} has no [[allowance]]: give at least one age band")
    return tuple(sorted(allowances, key=lambda a: a.from_age)), tuple(fees)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=LONDON) if value.tzinfo is None else value


def _read_events(path: Path, problems: list[str]) -> tuple[Event, ...]:
    events = []
    for number, entry in enumerate(_read_toml(path, problems).get("event", []), 1):
        where = f"{path}, event {number}"
        starts, ends = _moment(entry.get("starts")), _moment(entry.get("ends"))
        online = entry.get("online")
        booking = entry.get("booking_url")
        title = _both(entry, "title", where, problems)
        place = _both(entry, "place", where, problems, required=not online)
        details = _both(entry, "details", where, problems, required=False)
        if starts is None or ends is None or ends < starts:
            problems.append(
                f"{where} needs starts and ends, dates with times like 2027-01-14T18:30:00, "
                "ending after it starts"
            )
            continue
        if not isinstance(online, bool):
            problems.append(f"{where} needs online = true or online = false")
            continue
        if booking is not None and not (
            isinstance(booking, str) and booking.startswith(("https://", "http://", "mailto:"))
        ):
            problems.append(f"{where}: booking_url must be a web address or a mailto: address")
            continue
        events.append(Event(title, starts, ends, online, place, details, booking))
    return tuple(events)


def load(folder: Path) -> Content:
    """Read and check every file in ``folder``; :class:`ContentError` lists what is wrong."""
    problems: list[str] = []
    if not folder.is_dir():
        raise ContentError(f"CONTENT_DIR {folder} is not a folder")
    pages = {}
    for language in LANGUAGES:
        for slug in PAGES:
            page = _read_page(folder / language / f"{slug}.md", problems)
            if page is not None:
                pages[(language, slug)] = page
    allowances, fees = _read_figures(folder / "allowances.toml", problems)
    events = _read_events(folder / "events.toml", problems)
    if problems:
        raise ContentError(
            "The public pages' content cannot be shown:\n" + "\n".join(f"- {p}" for p in problems)
        )
    return Content(folder, pages, allowances, fees, events)


def init_app(app: Flask) -> None:
    folder = app.config.get("CONTENT_DIR")
    app.extensions["content"] = load(Path(folder) if folder else DEFAULT_FOLDER)


def current() -> Content:
    return current_app.extensions["content"]


def fill(page: Page, values: dict[str, object]) -> tuple[str, Markup]:
    """``page``'s title and body with each placeholder replaced by its value (escaped
    unless Markup). Tables replace the whole paragraph that holds them.
    """

    def value(name: str) -> str:
        return str(escape(values[name]))

    body = str(page.body)
    for name in BLOCK_PLACEHOLDERS:
        alone = f'<p class="govuk-body">{{{name}}}</p>'
        if alone in body:
            body = body.replace(alone, value(name))
    body = PLACEHOLDER.sub(lambda match: value(match.group(1)), body)
    return fill_title(page, values), Markup(body)  # noqa: S704 - each value escaped above


def fill_title(page: Page, values: dict[str, object]) -> str:
    """``page``'s title (plain text) with its placeholders replaced."""
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), page.title)


def title_placeholders(page: Page) -> set[str]:
    return set(PLACEHOLDER.findall(page.title))


def placeholders_in(page: Page) -> set[str]:
    return set(PLACEHOLDER.findall(page.title)) | set(PLACEHOLDER.findall(page.body))
