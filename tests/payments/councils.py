"""Small hand-computed councils for the payments tests.

Two payment tables (weekly pence):

| year    | 0-4    | 5-10   | 11-15  | 16-17  | L1     | L2     | L3     | L4     | salary |
| 2025-26 | 15,000 | 17,000 | 21,000 | 26,000 | 10,000 | 15,000 | 20,000 | 30,000 | 70,000 |
| 2026-27 | 15,500 | 17,500 | 21,700 | 26,800 | 10,300 | 15,500 | 20,600 | 31,000 | 72,000 |
"""

from __future__ import annotations

from datetime import date

from fostering.models.payments import FIGURE_COLUMNS
from fostering.payments.services import tables

FIGURES = {
    2025: (15_000, 17_000, 21_000, 26_000, 10_000, 15_000, 20_000, 30_000, 70_000),
    2026: (15_500, 17_500, 21_700, 26_800, 10_300, 15_500, 20_600, 31_000, 72_000),
}
APPROVED = date(2024, 1, 1)


def figures(year: int) -> dict[str, int]:
    return dict(zip(FIGURE_COLUMNS, FIGURES[year], strict=True))


def add_tables(*years: int, actor=None) -> None:
    for year in years or tuple(FIGURES):
        tables.save_table(actor, year, figures(year))
