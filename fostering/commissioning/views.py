"""The commissioners' area: the spend dashboard, the placement ledger and sufficiency.

Administrators may look too (everything here is read-only). Filters live in the URL;
every table on a page downloads as CSV or XLSX with the same figures.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import allows, roles, rule_for
from fostering.commissioning import bp
from fostering.commissioning.forms import SpendFilterForm, SufficiencyFilterForm
from fostering.extensions import db
from fostering.models import Role
from fostering.models.matching_run import MatchingRun, RunStatus
from fostering.pagination import Page, requested_page
from fostering.services import audit
from fostering.services.commissioning import dashboard as dashboard_service
from fostering.services.commissioning import filters as filter_service
from fostering.services.commissioning import ledger as ledger_service
from fostering.services.commissioning import sufficiency as sufficiency_service
from fostering.services.commissioning.tables import Table, to_csv, to_xlsx

READERS = (Role.COMMISSIONER, Role.ADMINISTRATOR)
FORMATS = {
    "csv": ("text/csv", to_csv),  # Flask adds "; charset=utf-8"
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx),
}


def _spend_filters() -> tuple[filter_service.Filters, SpendFilterForm, bool]:
    """Filters from the URL, the form showing them, and whether they were all valid."""
    filters, errors = filter_service.parse(request.args, date.today())
    form = SpendFilterForm(formdata=request.args)
    form.set_choices(filter_service.area_choices())
    if not request.args.get("from"):
        form.start.data = filters.start.isoformat()
    if not request.args.get("to"):
        form.end.data = filters.end.isoformat()
    for key, message in errors.items():
        field = {"from": form.start, "to": form.end}.get(key) or form[key]
        field.errors = [message]
    return filters, form, not errors


def _download(table: Table, fmt: str, name: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    mimetype, write = FORMATS[fmt]
    return Response(
        write(table),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@bp.get("/")
@roles(*READERS)
def dashboard():
    filters, form, valid = _spend_filters()
    if not valid:
        return render_template("commissioning/dashboard.html", form=form, board=None), 400
    board = dashboard_service.build(filters, link_runs=_may_open_runs())
    return render_template(
        "commissioning/dashboard.html", form=form, board=board, export_args=filters.args()
    )


def _may_open_runs() -> bool:
    """Whether the run page exists and this person may open it (officers only, today)."""
    endpoint = "placements.run"
    return endpoint in current_app.view_functions and allows(rule_for(endpoint), current_user)


@bp.get("/export/<table>.<fmt>")
@roles(*READERS)
def dashboard_export(table: str, fmt: str):
    filters, _form, valid = _spend_filters()
    if not valid:
        abort(400)
    board = dashboard_service.build(filters)
    if table not in board.tables:
        abort(404)
    return _download(board.tables[table], fmt, f"spend-{table}-{filters.start}-{filters.end}")


@bp.get("/ledger")
@roles(*READERS)
def ledger():
    filters, form, valid = _spend_filters()
    if not valid:
        return render_template("commissioning/ledger.html", form=form, table=None), 400
    search = (request.args.get("q") or "").strip()[:100] or None
    total = ledger_service.count(filters, search)
    pages = max(1, -(-total // ledger_service.PER_PAGE))
    number = min(requested_page(), pages)
    table = ledger_service.page_table(filters, search, number)
    page = Page(items=table.rows, page=number, per_page=ledger_service.PER_PAGE, total=total)
    export_args = filters.args() | ({"q": search} if search else {})
    return render_template(
        "commissioning/ledger.html", form=form, table=table, page=page, export_args=export_args
    )


@bp.get("/ledger.<fmt>")
@roles(*READERS)
def ledger_export(fmt: str):
    filters, _form, valid = _spend_filters()
    if not valid or fmt not in FORMATS:
        abort(400 if not valid else 404)
    search = (request.args.get("q") or "").strip()[:100] or None
    table = ledger_service.full_table(filters, search)
    # The ledger lists children by reference: record who took a copy away.
    audit.record(current_user, "placement_ledger_exported", "placement_ledger", commit=True)
    return _download(table, fmt, f"placement-ledger-{filters.start}-{filters.end}")


def _sufficiency_choice():
    form = SufficiencyFilterForm(formdata=request.args)
    runs = sufficiency_service.finished_runs()
    form.run.choices = [
        ("", _("The latest run")),
        *(
            (
                str(run.id),
                _(
                    "Run %(number)d, %(date)s",
                    number=run.id,
                    date=run.created_at.strftime("%Y-%m-%d"),
                ),
            )
            for run in runs
        ),
    ]
    areas = sufficiency_service.areas()
    form.area.choices = [("", _("Anywhere")), *((code, code) for code in areas)]
    errors: dict = {}
    run = None
    raw_run = (request.args.get("run") or "").strip()
    if raw_run:
        run = db.session.get(MatchingRun, int(raw_run)) if raw_run.isdigit() else None
        if run is None or run.status != RunStatus.COMPLETED.value:
            errors[form.run] = _("Choose a finished matching run from the list")
            run = None
    dated: dict = {}
    for key, field in (("from", form.start), ("to", form.end)):
        raw = (request.args.get(key) or "").strip()
        if raw:
            try:
                dated[key] = date.fromisoformat(raw)
            except ValueError:
                errors[field] = _("Enter a real date as year-month-day, like 2025-04-01")
    if "from" in dated and "to" in dated and dated["to"] < dated["from"]:
        errors[form.end] = _("The end date must be the same as or after the start date")
    area = (request.args.get("area") or "").strip().upper() or None
    if area and area not in areas:
        errors[form.area] = _("Choose an area from the list")
    for field, message in errors.items():
        field.errors = [message]
    if run is None and not dated and runs and not errors:
        run = runs[0]
    choice = sufficiency_service.Choice(
        run=run, start=dated.get("from"), end=dated.get("to"), area=area
    )
    return choice, form, not errors, bool(runs)


@bp.get("/sufficiency")
@roles(*READERS)
def sufficiency():
    choice, form, valid, has_runs = _sufficiency_choice()
    if not valid:
        return render_template("commissioning/sufficiency.html", form=form, report=None), 400
    report = sufficiency_service.build(choice) if has_runs else None
    args = {key: value for key, value in request.args.items() if value}
    return render_template(
        "commissioning/sufficiency.html",
        form=form,
        report=report,
        choice=choice,
        has_runs=has_runs,
        export_args=args,
    )


@bp.get("/sufficiency/<table>.<fmt>")
@roles(*READERS)
def sufficiency_export(table: str, fmt: str):
    choice, _form, valid, has_runs = _sufficiency_choice()
    if not valid or not has_runs:
        abort(400)
    report = sufficiency_service.build(choice)
    if table not in report.tables:
        abort(404)
    return _download(report.tables[table], fmt, f"sufficiency-{table}")
