"""Sufficiency: where demand went unmet in matching, and the in-house places it would take.

A child counts as unmet demand when a run left them unplaced or proposed an independent
provider (agency or private home). Children are grouped by age band, needs (the exact
set, so one in-house place serves each child), placement type and area, where "area" is
the child's home local authority as recorded in the run. SQL picks the outcomes (one per
child: its latest among the chosen runs); the grouping by the needs lists, which are
JSON and differ between databases, is done on that run-sized set (a few thousand rows).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from fostering.commissioning.services.tables import Column, Kind, Table
from fostering.extensions import db
from fostering.models.carer import PlacementType
from fostering.models.matching_run import MatchingOutcome, MatchingRun, RunStatus
from fostering.models.needs import Need
from fostering.services import local_authorities

AGE_BANDS = ((0, 4), (5, 10), (11, 15), (16, 17))
UNPLACED, INDEPENDENT = "unplaced", "independent"


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if age <= high:
            return f"{low}–{high}"
    return f"{AGE_BANDS[-1][0]}–{AGE_BANDS[-1][1]}"


def band_order(band: str) -> tuple[int, str]:
    """Sorts age bands by their youngest age (0–4 before 11–15), not as text."""
    low = band.split("–", 1)[0]
    return (int(low), band) if low.isdigit() else (10_000, band)


@dataclass(frozen=True)
class Choice:
    """Which runs the report reads: one run, or every run started in a date range."""

    run: MatchingRun | None = None
    start: date | None = None
    end: date | None = None
    area: str | None = None


def export_name(choice: Choice, table: str) -> str:
    """``sufficiency-groups-run-12``, ``sufficiency-age-2026-04-01-to-2027-03-31-w06000015``."""
    parts = ["sufficiency", table]
    if choice.run is not None:
        parts += ["run", str(choice.run.id)]
    else:
        parts += [
            choice.start.isoformat() if choice.start else "start",
            "to",
            choice.end.isoformat() if choice.end else "today",
        ]
    if choice.area:
        parts.append(choice.area.lower())
    return "-".join(parts)


def export_title(choice: Choice, caption: str) -> str:
    """The download's first row: the table and the runs and area it was made from."""
    if choice.run is not None:
        title = _(
            "%(what)s, matching run %(number)d started %(date)s",
            what=caption,
            number=choice.run.id,
            date=format_date(choice.run.created_at.date(), "d MMMM yyyy"),
        )
    elif choice.start or choice.end:
        title = _(
            "%(what)s, matching runs started %(start)s to %(end)s",
            what=caption,
            start=format_date(choice.start, "d MMMM yyyy") if choice.start else "–",
            end=format_date(choice.end, "d MMMM yyyy") if choice.end else "–",
        )
    else:
        title = _("%(what)s, every finished matching run", what=caption)
    if choice.area:
        name = local_authorities.names().get(choice.area, choice.area)
        title = _("%(title)s, area %(area)s", title=title, area=name)
    return title


def finished_runs(limit: int = 50) -> list[MatchingRun]:
    return list(
        db.session.scalars(
            select(MatchingRun)
            .where(MatchingRun.status == RunStatus.COMPLETED.value)
            .order_by(MatchingRun.created_at.desc(), MatchingRun.id.desc())
            .limit(limit)
        )
    )


def _outcomes(choice: Choice):
    """The latest outcome per child among the chosen runs, as rows of snapshot fields."""
    chosen = select(func.max(MatchingOutcome.id)).join(MatchingRun)
    if choice.run is not None:
        chosen = chosen.where(MatchingOutcome.run_id == choice.run.id)
    else:
        chosen = chosen.where(MatchingRun.status == RunStatus.COMPLETED.value)
        if choice.start:
            chosen = chosen.where(
                MatchingRun.created_at >= datetime.combine(choice.start, time.min, UTC)
            )
        if choice.end:
            chosen = chosen.where(
                MatchingRun.created_at
                < datetime.combine(choice.end + timedelta(days=1), time.min, UTC)
            )
    chosen = chosen.group_by(MatchingOutcome.child_id)
    stmt = select(
        MatchingOutcome.age,
        MatchingOutcome.placement_type,
        MatchingOutcome.area,
        MatchingOutcome.needs,
        MatchingOutcome.carer_id.is_(None)
        & MatchingOutcome.home_id.is_(None)
        & MatchingOutcome.agency_id.is_(None),
    ).where(
        MatchingOutcome.id.in_(chosen),
        (MatchingOutcome.agency_id.is_not(None))
        | (
            MatchingOutcome.carer_id.is_(None)
            & MatchingOutcome.home_id.is_(None)
            & MatchingOutcome.agency_id.is_(None)
        ),
    )
    if choice.area:
        stmt = stmt.where(MatchingOutcome.area == choice.area)
    return db.session.execute(stmt).all()


def need_names() -> dict[str, str]:
    locale = str(get_locale() or "en")
    return {need.code: need.name(locale) for need in db.session.scalars(select(Need))}


@dataclass
class Report:
    tables: dict[str, Table]
    unmet: int


def build(choice: Choice, area_codes: bool = False) -> Report:
    """The report; ``area_codes`` (for exports) keeps each area's code beside its name."""
    rows = _outcomes(choice)
    names = need_names()
    area_names = local_authorities.names()

    def area_name(code: str) -> str:
        return area_names.get(code, code) if code else _("Not known")

    types = {t.value: str(t.label) for t in PlacementType}

    def needs_text(codes) -> str:
        if not codes:
            return _("none")
        return ", ".join(names.get(code, code) for code in sorted(codes))

    groups: Counter = Counter()
    by: dict[str, Counter] = {key: Counter() for key in ("age", "need", "type", "area")}
    for age, kind, area, codes, unplaced in rows:
        status = UNPLACED if unplaced else INDEPENDENT
        band = age_band(age)
        codes = tuple(sorted(codes or ()))
        groups[(band, codes, kind, area or "", status)] += 1
        by["age"][(band, status)] += 1
        by["type"][(types.get(kind, kind), status)] += 1
        by["area"][(area or "", status)] += 1
        for code in codes or ("",):
            by["need"][(names.get(code, code) if code else _("No particular needs"), status)] += 1

    counts = [
        Column(_("Unplaced"), Kind.COUNT),
        Column(_("Proposed to independent providers"), Kind.COUNT),
        Column(_("In-house places needed"), Kind.COUNT),
    ]
    keys = sorted({key[:4] for key in groups}, key=lambda k: (band_order(k[0]), k[1], k[2], k[3]))
    main_rows = []
    for band, codes, kind, area in keys:
        unplaced = groups[(band, codes, kind, area, UNPLACED)]
        independent = groups[(band, codes, kind, area, INDEPENDENT)]
        needed = unplaced + independent
        main_rows.append(
            [
                ngettext(
                    "%(ages)s-year-olds (needs: %(needs)s): %(num)d more in-house place",
                    "%(ages)s-year-olds (needs: %(needs)s): %(num)d more in-house places",
                    needed,
                    ages=band,
                    needs=needs_text(codes),
                ),
                band,
                needs_text(codes),
                types.get(kind, kind),
                area_name(area),
                *([area] if area_codes else []),
                unplaced,
                independent,
                needed,
            ]
        )
    main_rows.sort(key=lambda row: (-row[-1], band_order(row[1]), row[0]))
    tables = {
        "groups": Table(
            "groups",
            _("In-house places it would take"),
            [
                Column(_("What to recruit")),
                Column(_("Age band")),
                Column(_("Needs")),
                Column(_("Placement type")),
                Column(_("Area")),
                *([Column(_("Area code"))] if area_codes else []),
                *counts,
            ],
            main_rows,
            # The page's first column says the age band and needs in words.
            hidden=frozenset({1, 2}),
        )
    }
    for key, caption, heading in (
        ("age", _("By age band"), _("Age band")),
        ("need", _("By need (a child with several needs counts under each)"), _("Need")),
        ("type", _("By placement type"), _("Placement type")),
        ("area", _("By area (the child's home local authority)"), _("Area")),
    ):
        labels = sorted({label for label, _status in by[key]})
        if key == "age":
            labels.sort(key=band_order)
        coded = key == "area" and area_codes
        if key == "area":  # by name, as the page shows them
            labels.sort(key=lambda code: (not code, area_name(code).casefold()))
        tables[key] = Table(
            key,
            caption,
            [Column(heading), *([Column(_("Area code"))] if coded else []), *counts],
            [
                [
                    area_name(label) if key == "area" else label,
                    *([label] if coded else []),
                    by[key][(label, UNPLACED)],
                    by[key][(label, INDEPENDENT)],
                    by[key][(label, UNPLACED)] + by[key][(label, INDEPENDENT)],
                ]
                for label in labels
            ],
        )
    return Report(tables, unmet=len(rows))


def areas() -> list[str]:
    """Home areas recorded in any run's outcomes, sorted."""
    stmt = select(MatchingOutcome.area).where(MatchingOutcome.area.is_not(None)).distinct()
    return sorted(db.session.scalars(stmt))
