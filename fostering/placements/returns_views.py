"""The statutory returns: choose a return and a year, work through its errors, download it.

Placement officers and commissioners use them; only placement officers get links to a
child's page (commissioners do not see children's records).
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import allows, roles, rule_for
from fostering.models import Role
from fostering.placements import bp
from fostering.placements.returns import service
from fostering.placements.returns.episodes import CollectionYear
from fostering.placements.returns_forms import ChooseReturnForm
from fostering.recruitment.services.casework import office_today
from fostering.web.pagination import paginate_list
from fostering.web.spreadsheets import csv_response

readers = roles(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
PER_PAGE = 25


def _user():
    return current_user._get_current_object()


def _year_label(year: CollectionYear) -> str:
    return _(
        "%(first)s to %(last)s",
        first=format_date(year.first_day, "d MMMM y"),
        last=format_date(year.last_day, "d MMMM y"),
    )


def _known_or_404(kind: str, year: int) -> None:
    if not service.known(kind, year, office_today()):
        abort(404)


@bp.get("/returns")
@readers
def returns():
    form = ChooseReturnForm(
        request.args,
        kinds=service.KINDS,
        years=[(year, _year_label(year)) for year in service.years(office_today())],
    )
    if request.args and form.validate():
        return redirect(
            url_for("placements.return_report", kind=form.kind.data, year=int(form.year.data))
        )
    return render_template("placements/returns/choose.html", form=form, errors=bool(form.errors))


@bp.get("/returns/<kind>/<int:year>")
@readers
def return_report(kind: str, year: int):
    _known_or_404(kind, year)
    report = service.check(_user(), kind, year)
    rule = request.args.get("rule", "")
    if rule not in {found.code for found, _count in report.by_rule}:
        rule = ""
    errors = [error for error in report.errors if not rule or error.rule.code == rule]
    page = paginate_list(errors, per_page=PER_PAGE)
    return render_template(
        "placements/returns/report.html",
        report=report,
        kind=kind,
        kind_label=service.KINDS[kind],
        year_label=_year_label(report.year),
        page=page,
        rule=rule,
        child_links=allows(rule_for("placements.child"), _user()),
    )


@bp.get("/returns/<kind>/<int:year>/return.csv")
@readers
def return_download(kind: str, year: int):
    _known_or_404(kind, year)
    rows = service.export_rows(_user(), kind, year)
    return csv_response(rows, f"{kind}-{year}-{year + 1}.csv")


@bp.get("/returns/<kind>/<int:year>/errors.csv")
@readers
def return_errors_download(kind: str, year: int):
    _known_or_404(kind, year)
    headings = [
        _("Child reference"),
        _("Episode start"),
        _("Rule"),
        _("Item"),
        _("What is wrong"),
        _("What to fix"),
    ]
    rows = service.error_rows(_user(), kind, year, headings)
    return csv_response(rows, f"{kind}-{year}-{year + 1}-errors.csv")
