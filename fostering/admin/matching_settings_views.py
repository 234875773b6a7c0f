"""Administrator pages: the council's matching defaults."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import roles
from fostering.admin import bp
from fostering.admin.matching_settings_forms import MatchingSettingsForm
from fostering.admin.services.matching_settings import (
    MatchingSettingsError,
    current_settings,
    update_settings,
)
from fostering.models import Role
from fostering.web.refusals import show_refusal


@bp.route("/matching", methods=["GET", "POST"])
@roles(Role.ADMINISTRATOR)
def matching_settings():
    form = MatchingSettingsForm()
    if request.method == "GET":
        form.fill_from(current_settings())  # the row is made on first use
    elif form.validate_on_submit():
        try:
            update_settings(actor=current_user._get_current_object(), **form.changes())
        except MatchingSettingsError as error:
            show_refusal(form, error)
        else:
            flash(_("The matching defaults have been saved."), "success")
            return redirect(url_for("admin.matching_settings"))
    # A refused form is shown again with 200, as on every form page here.
    return render_template("admin/matching_settings.html", form=form)
