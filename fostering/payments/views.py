"""The payments pages: administrators keep each year's payment table; team managers set
a carer's payment terms; placement officers agree extras on a placement."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.extensions import db
from fostering.models import FosterCarer, Placement, Role
from fostering.models.payments import (
    FEE_LEVELS,
    FIGURE_COLUMNS,
    PaymentKind,
    financial_year_of,
    year_starts,
)
from fostering.models.placement import PlacementStage
from fostering.payments import bp
from fostering.payments.forms import EditTableForm, ExtraForm, TableForm, TermsForm
from fostering.payments.services import extras, rates, tables, terms
from fostering.payments.services.errors import PaymentError
from fostering.placements.services import children
from fostering.recruitment.services import carers
from fostering.web.refusals import show_refusal

admin_only = roles(Role.ADMINISTRATOR)
terms_readers = roles(
    Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.PLACEMENT_OFFICER, Role.COMMISSIONER
)
managers = roles(Role.TEAM_MANAGER)
officers = roles(Role.PLACEMENT_OFFICER)


def _actor():
    return current_user._get_current_object()


# --- The payment tables (administrators) ---------------------------------------------


@bp.get("/tables")
@admin_only
def payment_tables():
    return render_template(
        "payments/tables.html",
        tables=tables.every_table(),
        figure_rows=figure_rows,
        year_label=_year_label,
        this_year=rates.Tables.load().on(date.today()),
    )


@bp.route("/tables/new", methods=["GET", "POST"])
@admin_only
def add_table():
    form = TableForm()
    if request.method == "GET":
        latest = next(iter(tables.every_table()), None)
        if latest is not None:  # a new year usually starts from last year's figures
            form.financial_year.data = latest.financial_year + 1
            form.fill(latest.figures())
    if form.validate_on_submit():
        try:
            table = tables.save_table(_actor(), form.financial_year.data, form.figures())
        except PaymentError as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "The payment table for %(year)s has been saved.",
                    year=_year_label(table.financial_year),
                ),
                "success",
            )
            return redirect(url_for("payments.payment_tables"))
    return render_template(
        "payments/table_form.html", form=form, table=None, year_label=_year_label
    )


@bp.route("/tables/<int:year>/edit", methods=["GET", "POST"])
@admin_only
def edit_table(year: int):
    table = tables.table_for(year) or abort(404)
    form = EditTableForm()
    if request.method == "GET":
        form.fill(table.figures())
    if form.validate_on_submit():
        try:
            tables.save_table(_actor(), year, form.figures(), table=table)
        except PaymentError as error:
            show_refusal(form, error)
        else:
            flash(
                _("The payment table for %(year)s has been saved.", year=_year_label(year)),
                "success",
            )
            return redirect(url_for("payments.payment_tables"))
    return render_template(
        "payments/table_form.html",
        form=form,
        table=table,
        year_label=_year_label,
        figure_rows=figure_rows,
    )


def figure_rows(figures: dict[str, int]) -> list[tuple[str, int]]:
    """Each figure's name on the page, and its weekly pence."""
    names = {
        "allowance_0_4_pence": _("Allowance, aged 0 to 4"),
        "allowance_5_10_pence": _("Allowance, aged 5 to 10"),
        "allowance_11_15_pence": _("Allowance, aged 11 to 15"),
        "allowance_16_17_pence": _("Allowance, aged 16 to 17"),
        "salary_pence": _("Salary, per salaried household"),
    }
    for level in FEE_LEVELS:
        names[f"fee_level_{level}_pence"] = _("Fee, level %(level)d, per child", level=level)
    return [(names[column], figures[column]) for column in FIGURE_COLUMNS]


def _year_label(year: int) -> str:
    return f"{year}–{(year + 1) % 100:02d}"


# --- A carer's payment terms (team managers) -----------------------------------------


def _carer_or_404(carer_id: int) -> FosterCarer:
    return db.session.get(FosterCarer, carer_id) or abort(404)


@bp.get("/carers/<int:carer_id>")
@terms_readers
def carer_terms(carer_id: int):
    carer = _carer_or_404(carer_id)
    carers.view_carer(carer, actor=_actor())
    today = date.today()
    next_april = year_starts(financial_year_of(today) + 1)
    return render_template(
        "payments/carer.html",
        carer=carer,
        history=terms.history(carer),
        current=terms.terms_on(carer, today),
        weekly=rates.carer_weekly_costs([carer], today)[carer.id],
        priced_at=rates.representative_age(carer),
        table=rates.Tables.load().on(today),
        by_band=rates.costs_by_band(carer, today),
        next_april=next_april,
        by_band_next=rates.costs_by_band(carer, next_april),
        can_change=current_user.role == Role.TEAM_MANAGER.value,
    )


@bp.route("/carers/<int:carer_id>/terms", methods=["GET", "POST"])
@managers
def change_terms(carer_id: int):
    carer = _carer_or_404(carer_id)
    form = TermsForm()
    if request.method == "GET":
        current = terms.terms_on(carer, date.today())
        if current is not None:
            form.kind.data = current.kind
            form.fee_level.data = str(current.fee_level) if current.fee_level else None
    if form.validate_on_submit():
        try:
            terms.set_terms(
                _actor(),
                carer,
                effective_from=form.effective_from.data,
                kind=PaymentKind(form.kind.data),
                fee_level=form.level(),
            )
        except PaymentError as error:
            show_refusal(form, error)
        else:
            flash(_("The carer's payment terms have been saved."), "success")
            return redirect(url_for("payments.carer_terms", carer_id=carer.id))
    return render_template("payments/terms_form.html", form=form, carer=carer)


# --- Agreed extras on a placement (placement officers) -------------------------------


@bp.route("/placements/<int:placement_id>/extra", methods=["GET", "POST"])
@officers
def agree_extra(placement_id: int):
    placement = db.session.get(Placement, placement_id) or abort(404)
    if placement.carer_id is None or placement.stage != PlacementStage.STARTED.value:
        abort(404)
    form = ExtraForm()
    back = url_for("placements.provider", kind="carer", provider_id=placement.carer_id)
    if request.method == "GET":
        children.record_view(_actor(), placement.child, detail="agree an extra payment")
    if form.validate_on_submit():
        try:
            extras.agree_extra(
                _actor(),
                placement,
                effective_from=form.effective_from.data,
                weekly_pence=form.weekly.pence or 0,
                reason=form.reason.data,
            )
        except PaymentError as error:
            show_refusal(form, error)
        else:
            flash(_("The extra payment has been saved."), "success")
            return redirect(back)
    return render_template(
        "payments/extra_form.html",
        form=form,
        placement=placement,
        extras=extras.extras_of(placement),
        back=back,
    )
