"""The provider register: in-house carers, council homes and independent providers.

Placement officers add and change homes and agencies, end placements and change their
weekly cost; commissioners may read the register and providers' pages (without
children's names or the buttons).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.admin.services import needs
from fostering.extensions import db
from fostering.models import Agency, ChildrensHome, FosterCarer, Placement, Role
from fostering.placements import bp
from fostering.placements.life_forms import EndPlacementForm
from fostering.placements.providers_forms import (
    AgencyForm,
    HomeForm,
    RateForm,
    RegisterSearchForm,
)
from fostering.placements.services import children as children_service
from fostering.placements.services import providers as register
from fostering.recruitment.services.carers import matching_problems
from fostering.recruitment.services.casework import office_today
from fostering.web.forms import ActionForm
from fostering.web.pagination import requested_page
from fostering.web.refusals import show_refusal

officers = roles(Role.PLACEMENT_OFFICER)
readers = roles(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)


def _actor():
    return current_user._get_current_object()


def _provider_or_404(kind: str, ident: int):
    try:
        provider = register.get_provider(register.Kind(kind), ident)
    except ValueError:
        abort(404)
    return provider or abort(404)


def _provider_url(provider) -> str:
    return url_for(
        "placements.provider", kind=register.kind_of(provider).value, provider_id=provider.id
    )


def _locale() -> str:
    return str(get_locale() or "en")


def _render(template: str, **context):
    return render_template(template, **context)


@bp.get("/providers")
@readers
def providers():
    form = RegisterSearchForm(request.args)
    query = form.query()
    page = register.register_page(query, page=requested_page())
    return _render(
        "placements/providers/register.html",
        search=form,
        page=page,
        searched=bool(query.text or query.kind or query.only),
        can_change=current_user.role == Role.PLACEMENT_OFFICER.value,
    )


@bp.get("/providers/<kind>/<int:provider_id>")
@readers
def provider(kind: str, provider_id: int):
    record = _provider_or_404(kind, provider_id)
    officer = current_user.role == Role.PLACEMENT_OFFICER.value
    if isinstance(record, FosterCarer):
        register.view_carer(record, actor=_actor())
    return _render(
        "placements/providers/provider.html",
        provider=record,
        **register.describe(record),
        placements=register.current_placements(record),
        officer=officer,
        action_form=ActionForm(),
        skill_names=needs.names(list(record.skills or []), _locale()),
        child_page="placements.child" in current_app.view_functions,
        carer_page=officer,
        # Why matching cannot offer an in-house carer a child, if it cannot.
        matching_problems=matching_problems(record) if isinstance(record, FosterCarer) else [],
    )


# --- Homes and independent providers ------------------------------------------------


def _save(form, template: str, save, saved: str, **context):
    """Validate ``form``, call ``save(details)`` and go to the provider's page, or show
    the form again with what was typed and why it was refused."""
    if request.method == "POST" and form.validate_on_submit():
        try:
            record = save(form.details())
        except register.ProviderError as error:
            show_refusal(form, error)
        else:
            flash(saved, "success")
            return redirect(_provider_url(record))
    return _render(template, form=form, **context)


@bp.route("/providers/homes/new", methods=["GET", "POST"])
@officers
def add_home():
    return _save(
        HomeForm(),
        "placements/providers/home_form.html",
        lambda details: register.add_home(details, actor=_actor()),
        _("The home has been added to the register."),
        home=None,
    )


@bp.route("/providers/home/<int:provider_id>/edit", methods=["GET", "POST"])
@officers
def edit_home(provider_id: int):
    home = db.session.get(ChildrensHome, provider_id) or abort(404)
    form = HomeForm(keep_skills=tuple(home.skills or ()))
    if request.method == "GET":
        form.fill_home(home)
    return _save(
        form,
        "placements/providers/home_form.html",
        lambda details: register.update_home(home, details, actor=_actor()),
        _("The home's details have been saved."),
        home=home,
    )


@bp.route("/providers/agencies/new", methods=["GET", "POST"])
@officers
def add_agency():
    return _save(
        AgencyForm(),
        "placements/providers/agency_form.html",
        lambda details: register.add_agency(details, actor=_actor()),
        _("The provider has been added to the register."),
        agency=None,
    )


@bp.route("/providers/agency/<int:provider_id>/edit", methods=["GET", "POST"])
@officers
def edit_agency(provider_id: int):
    agency = db.session.get(Agency, provider_id) or abort(404)
    form = AgencyForm(keep_skills=tuple(agency.skills or ()))
    if request.method == "GET":
        form.fill_agency(agency)
    return _save(
        form,
        "placements/providers/agency_form.html",
        lambda details: register.update_agency(agency, details, actor=_actor()),
        _("The provider's details have been saved."),
        agency=agency,
    )


@bp.post("/providers/<kind>/<int:provider_id>/<any(close, reopen):action>")
@officers
def open_or_close(kind: str, provider_id: int, action: str):
    record = _provider_or_404(kind, provider_id)
    if isinstance(record, FosterCarer) or not ActionForm().validate_on_submit():
        abort(400)
    try:
        register.set_open(record, open_=action == "reopen", actor=_actor())
    except register.ProviderError as error:
        show_refusal(None, error)
    else:
        if action == "reopen":
            flash(_("The provider is open for placements again."), "success")
        else:
            flash(_("The provider is closed to new placements."), "success")
    return redirect(_provider_url(record))


# --- A provider's current placements -------------------------------------------------


def _current_placement_or_404(placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.end_date is not None or placement.stage != "started":
        abort(404)
    return placement


@bp.route("/providers/placements/<int:placement_id>/end", methods=["GET", "POST"])
@officers
def end_placement(placement_id: int):
    placement = _current_placement_or_404(placement_id)
    form = EndPlacementForm()
    if request.method == "GET":
        # The page names the child: a view of their record.
        children_service.record_view(_actor(), placement.child, detail="end placement")
        form.end_date.data = office_today()
    elif form.validate_on_submit():
        back = _provider_url(placement.provider)
        try:
            register.end_placement(
                placement,
                end_date=form.end_date.data,
                child_status=form.child_status.data,
                reason=form.end_reason,
                planned=form.planned.data == "yes",
                actor=_actor(),
            )
        except register.ProviderError as error:
            show_refusal(form, error)
        else:
            flash(_("The placement has ended."), "success")
            return redirect(back)
    return _render(
        "placements/providers/end_placement.html",
        form=form,
        placement=placement,
        back=_provider_url(placement.provider),
    )


@bp.route("/providers/placements/<int:placement_id>/cost", methods=["GET", "POST"])
@officers
def change_rate(placement_id: int):
    placement = _current_placement_or_404(placement_id)
    form = RateForm()
    if request.method == "GET":
        children_service.record_view(_actor(), placement.child, detail="change weekly cost")
    if form.validate_on_submit():
        try:
            register.change_rate(
                placement,
                effective_from=form.effective_from.data,
                weekly_cost_pence=form.weekly_cost.pence,
                actor=_actor(),
            )
        except register.ProviderError as error:
            show_refusal(form, error)
        else:
            flash(_("The new weekly cost has been saved."), "success")
            return redirect(_provider_url(placement.provider))
    return _render(
        "placements/providers/change_rate.html",
        form=form,
        placement=placement,
        back=_provider_url(placement.provider),
    )
