"""Administrator pages: the needs list that referrals and providers' skills draw on."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.admin import bp
from fostering.admin.needs_forms import NeedForm
from fostering.admin.services import needs as service
from fostering.extensions import db
from fostering.models import Role
from fostering.models.needs import Need
from fostering.web.forms import ActionForm
from fostering.web.refusals import show_refusal

admin_only = roles(Role.ADMINISTRATOR)


def _need_or_404(need_id: int) -> Need:
    need = db.session.get(Need, need_id)
    if need is None:
        abort(404)
    return need


@bp.get("/needs")
@admin_only
def needs():
    return render_template("admin/needs.html", needs=service.ordered(), action_form=ActionForm())


@bp.route("/needs/new", methods=["GET", "POST"])
@admin_only
def add_need():
    form = NeedForm()
    if form.validate_on_submit():
        try:
            need = service.add(
                current_user._get_current_object(), form.name_en.data, form.name_cy.data
            )
        except service.NeedError as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "%(name)s has been added to the needs list.",
                    name=need.name(str(get_locale() or "en")),
                ),
                "success",
            )
            return redirect(url_for("admin.needs"))
    return render_template("admin/needs_form.html", form=form, need=None)


@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_need(need_id: int):
    need = _need_or_404(need_id)
    form = NeedForm(data={"name_en": need.name_en, "name_cy": need.name_cy})
    if form.validate_on_submit():
        try:
            service.rename(
                current_user._get_current_object(), need, form.name_en.data, form.name_cy.data
            )
        except service.NeedError as error:
            show_refusal(form, error)
        else:
            flash(_("The need has been renamed."), "success")
            return redirect(url_for("admin.needs"))
    return render_template("admin/needs_form.html", form=form, need=need)


@bp.post("/needs/<int:need_id>/<any(retire, reactivate, up, down):action>")
@admin_only
def need_action(need_id: int, action: str):
    need = _need_or_404(need_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if action in ("retire", "reactivate"):
        service.set_active(user, need, action == "reactivate")
        if action == "retire":
            flash(
                _(
                    "%(name)s is retired: referral forms no longer offer it.",
                    name=need.name(str(get_locale() or "en")),
                ),
                "success",
            )
        else:
            flash(
                _(
                    "%(name)s is offered on referral forms again.",
                    name=need.name(str(get_locale() or "en")),
                ),
                "success",
            )
    else:
        service.move(user, need, -1 if action == "up" else 1)
    return redirect(url_for("admin.needs") + f"#need-{need.id}")
