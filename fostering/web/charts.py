"""Charts drawn on the server as accessible SVG, with no scripts, fonts or inline styles.

Each chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``
(``aria-labelledby``), uses presentation attributes only (the Content-Security-Policy
allows no inline styles), and labels its bars directly with their values, so nothing is
told by colour alone. Where two series share a column, one is solid and one hatched, and
the legend says which is which. The page puts a table of the same figures under each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

# GOV.UK colours: both have at least 4.5:1 contrast against white.
BLUE = "#1d70b8"
DARK = "#0b0c0c"
GREY = "#505a5f"
FONT = 'font-family="GDS Transport, arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    text: str  # the value as the page writes it


def _frame(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> Markup:
    """Horizontal bars, one per row, each with its label on the left and value on the right."""
    label_width, bar_width, value_width, row = 260, 380, 140, 34
    width = label_width + bar_width + value_width
    height = max(row * len(bars), row) + 8
    top = max((Decimal(bar.value) for bar in bars), default=Decimal(0))
    parts = [_frame(chart_id, title, description, width, height)]
    for index, bar in enumerate(bars):
        y = 4 + index * row
        length = 0 if top <= 0 else int(Decimal(bar.value) / top * bar_width)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 21}" text-anchor="end" fill="{DARK}" '
            f'font-size="15" {FONT}>{escape(_clip(bar.label, 32))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{max(length, 1)}" height="{row - 10}" '
            f'fill="{BLUE}"/>'
            f'<text x="{label_width + max(length, 1) + 6}" y="{y + 21}" fill="{DARK}" '
            f'font-size="15" {FONT}>{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


@dataclass(frozen=True)
class Column:
    label: str  # under the column (may be left blank to thin out crowded labels)
    lower: Decimal | int  # the solid part
    upper: Decimal | int  # the hatched part stacked on top


def stacked_columns(
    chart_id: str,
    title: str,
    description: str,
    columns: Sequence[Column],
    legend: tuple[str, str],
    top_text: str,
) -> Markup:
    """Columns of two stacked parts (solid below, hatched above) with a legend."""
    width, height, left, bottom, top_pad = 800, 320, 10, 60, 40
    plot_height = height - bottom - top_pad
    step = (width - 2 * left) / max(len(columns), 1)
    highest = max((Decimal(c.lower) + Decimal(c.upper) for c in columns), default=Decimal(0))
    pattern = f"{chart_id}-hatch"
    parts = [
        _frame(chart_id, title, description, width, height),
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{DARK}" stroke-width="3"/></pattern></defs>',
        # Legend: a solid and a hatched swatch, each with its words.
        f'<rect x="{left}" y="6" width="18" height="18" fill="{BLUE}"/>'
        f'<text x="{left + 24}" y="21" fill="{DARK}" font-size="15" {FONT}>'
        f"{escape(legend[0])}</text>"
        f'<rect x="{left + 300}" y="6" width="18" height="18" fill="url(#{pattern})" '
        f'stroke="{DARK}"/>'
        f'<text x="{left + 324}" y="21" fill="{DARK}" font-size="15" {FONT}>'
        f"{escape(legend[1])}</text>"
        f'<text x="{width - left}" y="21" text-anchor="end" fill="{GREY}" font-size="14" '
        f"{FONT}>{escape(top_text)}</text>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        f'stroke="{DARK}"/>',
    ]
    label_every = max(1, round(len(columns) / 12))
    for index, column in enumerate(columns):
        x = left + index * step + step * 0.15
        bar = step * 0.7
        lower = _scale(column.lower, highest, plot_height)
        upper = _scale(column.upper, highest, plot_height)
        base = height - bottom
        if lower:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - lower:.1f}" width="{bar:.1f}" '
                f'height="{lower:.1f}" fill="{BLUE}"/>'
            )
        if upper:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - lower - upper:.1f}" width="{bar:.1f}" '
                f'height="{upper:.1f}" fill="url(#{pattern})" stroke="{DARK}" '
                f'stroke-width="0.5"/>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{base + 18}" text-anchor="middle" '
                f'fill="{DARK}" font-size="13" {FONT}>{escape(column.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _scale(value: Decimal | int, highest: Decimal, size: int) -> float:
    if highest <= 0 or not value:
        return 0.0
    return float(Decimal(value) / highest * size)


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
