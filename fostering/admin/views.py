"""Administration: staff accounts and the audit trail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from fostering.access import roles
from fostering.admin import bp
from fostering.admin.forms import AuditSearchForm, ChangeRoleForm, StaffForm, StaffSearchForm
from fostering.auth import accounts, resets, two_factor
from fostering.extensions import db
from fostering.models import Role, User
from fostering.models.user import STAFF_ROLES
from fostering.services import audit
from fostering.services.audit_labels import action_label, object_label
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

admin_only = roles(Role.ADMINISTRATOR)


def _staff_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.role_enum.is_staff:
        abort(404)
    return user


@bp.get("/")
@admin_only
def dashboard():
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return render_template("admin/dashboard.html", counts=counts, staff_roles=STAFF_ROLES)


@bp.get("/staff")
@admin_only
def staff():
    form = StaffSearchForm(request.args)
    stmt = select(User).where(User.role.in_([r.value for r in STAFF_ROLES]))
    text = (form.q.data or "").strip().lower()
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(func.lower(User.name).like(like), func.lower(User.email).like(like)))
    page = paginate(stmt.order_by(User.name, User.id))
    return render_template("admin/staff.html", form=form, page=page, searched=bool(text))


@bp.route("/staff/new", methods=["GET", "POST"])
@admin_only
def add_staff():
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_staff(
                current_user._get_current_object(),
                name=form.name.data,
                email=form.email.data,
                role=Role(form.role.data),
                password=form.password.data,
            )
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            flash(_("%(name)s can now sign in.", name=user.name), "success")
            return redirect(url_for("admin.staff_member", user_id=user.id))
    form.password.data = ""
    return render_template("admin/add_staff.html", form=form)


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@admin_only
def staff_member(user_id: int):
    user = _staff_or_404(user_id)
    form = ChangeRoleForm(data={"role": user.role})
    if form.validate_on_submit():
        try:
            accounts.change_role(current_user._get_current_object(), user, Role(form.role.data))
        except accounts.AccountError as error:
            show_refusal(form, error)
        else:
            flash(_("The role has been changed."), "success")
            return redirect(url_for("admin.staff_member", user_id=user.id))
    holds_cases = user.role_enum in accounts.CASE_HOLDING_ROLES
    return render_template(
        "admin/staff_member.html",
        user=user,
        form=form,
        action_form=ActionForm(),
        live_cases=accounts.live_cases(user) if holds_cases else None,
    )


@bp.post("/staff/<int:user_id>/<any(activate, deactivate, unlock):action>")
@admin_only
def account_action(user_id: int, action: str):
    user = _staff_or_404(user_id)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    actor = current_user._get_current_object()
    try:
        if action == "unlock":
            accounts.unlock(actor, user)
            flash(_("The account has been unlocked."), "success")
        else:
            accounts.set_active(actor, user, action == "activate")
            flash(
                _("The account has been reactivated.")
                if action == "activate"
                else _("The account has been deactivated."),
                "success",
            )
    except accounts.AccountError as error:
        show_refusal(None, error)
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.post("/staff/<int:user_id>/send-password-reset")
@admin_only
def send_password_reset(user_id: int):
    """Email the member of staff a reset link: the administrator never sees a password."""
    user = _staff_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    resets.send_reset(
        user, locale=str(get_locale() or "en"), actor=current_user._get_current_object()
    )
    flash(_("We have emailed them a link to choose a new password."), "success")
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.post("/staff/<int:user_id>/reset-two-factor")
@admin_only
def reset_two_factor(user_id: int):
    """For a lost phone: they set two-factor sign-in up again when they next sign in."""
    user = _staff_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    two_factor.reset(current_user._get_current_object(), user)
    flash(_("Their two-factor sign-in has been reset. They will set it up again."), "success")
    return redirect(url_for("admin.staff_member", user_id=user.id))


@bp.get("/audit")
@admin_only
def audit_log():
    form = AuditSearchForm(request.args)
    actions = sorted(((a, action_label(a)) for a in audit.known_actions()), key=lambda c: c[1])
    form.action.choices = [("", _("Any action")), *actions]
    form.object_type.choices = [("", _("Any record type"))] + [
        (t, object_label(t)) for t in audit.known_object_types()
    ]
    query = audit.AuditQuery()
    if request.args and form.validate():
        query = audit.AuditQuery(
            text=(form.q.data or "").strip(),
            action=form.action.data or "",
            object_type=form.object_type.data or "",
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
    page = paginate(audit.search_statement(query), per_page=50)
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        action_label=action_label,
        object_label=object_label,
    )
