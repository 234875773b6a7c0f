"""Paging for long lists: a page of rows plus the links GOV.UK pagination needs."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from flask import request
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from fostering.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.page * self.per_page)

    def govuk_params(self) -> dict | None:
        """Parameters for the govukPagination macro, keeping the current filters."""
        if self.pages <= 1:
            return None
        # The current filters, every value of each (a multi-choice filter repeats its
        # name), as query text: never as url_for arguments, where a "_method" or
        # "_external" in the URL would mean something else.
        kept = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
        here = request.script_root + request.path

        def link(number: int) -> str:
            return f"{here}?{urlencode([*kept, ('page', str(number))])}"

        # The macro's own words are English, so every label is given here.
        params: dict = {"items": [], "landmarkLabel": _("Pagination")}
        if self.page > 1:
            params["previous"] = {
                "href": link(self.page - 1),
                "text": _("Previous"),
                "attributes": {"aria-label": _("Previous page")},
            }
        if self.page < self.pages:
            params["next"] = {
                "href": link(self.page + 1),
                "text": _("Next"),
                "attributes": {"aria-label": _("Next page")},
            }
        for number in range(1, self.pages + 1):
            if number in (1, self.pages) or abs(number - self.page) <= 1:
                params["items"].append(
                    {
                        "number": number,
                        "href": link(number),
                        "current": number == self.page,
                        "visuallyHiddenText": _("Page %(number)d", number=number),
                    }
                )
            elif params["items"] and not params["items"][-1].get("ellipsis"):
                params["items"].append({"ellipsis": True})
        return params


def requested_page() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


def _within(page: int | None, total: int, per_page: int) -> int:
    """The page asked for (or in the URL), a page past the end being the last."""
    return min(page or requested_page(), max(1, ceil(total / per_page)))


def paginate(stmt: Select, *, per_page: int = 25, page: int | None = None) -> Page:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    page = _within(page, total or 0, per_page)
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, page=page, per_page=per_page, total=total or 0)


def paginate_list(items: list, *, per_page: int = 25, page: int | None = None) -> Page:
    """``paginate`` for rows already in memory."""
    page = _within(page, len(items), per_page)
    start = (page - 1) * per_page
    return Page(
        items=items[start : start + per_page], page=page, per_page=per_page, total=len(items)
    )
