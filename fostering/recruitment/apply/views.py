"""The application to foster: accepting the invitation, the task list, its sections,
check your answers, the declaration, and the read-only view once it has been sent.

Every page finds the application through the signed-in applicant, and every item
through that application, so another applicant's ids give 404.
"""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import public, roles
from fostering.extensions import limiter
from fostering.models import Application, Role
from fostering.models.application import SectionKey, SectionStatus
from fostering.recruitment.apply import bp
from fostering.recruitment.apply import forms as f
from fostering.recruitment.apply.summary import (
    PAGE_BY_SLUG,
    PAGES,
    SectionPage,
    application_sections,
    item_rows,
    item_title,
    section_items,
)
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services import invitations
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.security import start_session
from fostering.web.refusals import show_refusal

applicant_only = roles(Role.APPLICANT)


def _page(slug: str, *, list_only: bool = False) -> SectionPage:
    page = PAGE_BY_SLUG.get(slug)
    if page is None or (list_only and not page.is_list):
        abort(404)
    return page


def _applicant():
    return current_user._get_current_object()


def _my_application() -> Application:
    application = svc.application_for(_applicant())
    if application is None:
        abort(404)
    return application


def _editable_application() -> Application | None:
    """The applicant's application if they may still change it; None once it is sent."""
    application = _my_application()
    if not application.stage_enum.applicant_can_edit:
        flash(_("Your application has been sent, so it can no longer be changed."), "info")
        return None
    return application


def _item_or_404(application: Application, page: SectionPage, item_id: int):
    try:
        return svc.get_item(application, page.key, item_id)
    except svc.NotFound:
        abort(404)


def _show_problems(form, problems: list[svc.Problem], fallback: str) -> None:
    """Put the service's problems on the form's fields (the error summary lists them)."""
    for problem in problems:
        target = getattr(form, problem.field or "", None) or getattr(form, fallback)
        target.errors = [*target.errors, str(problem.message)]


# --- Accepting the invitation ------------------------------------------------------


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


@bp.route("/start/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_public_form_limit, methods=["POST"])
def start(token: str):
    checked = invitations.check_token(token)
    if not checked.ok:
        return render_template("apply/link_not_working.html", state=checked.state.value), 410
    form = f.SetPasswordForm()
    if form.validate_on_submit():
        try:
            applicant = invitations.accept_invitation(token, form.password.data)
        except invitations.InvitationError as error:
            if error.code is RecruitmentCode.LINK_NOT_WORKING:
                return render_template("apply/link_not_working.html", state="used"), 410
            show_refusal(form, error)
        except svc.ApplicationError:
            abort(400)
        else:
            start_session(applicant)
            flash(_("Your password is set. You can now fill in your application."), "success")
            return redirect(url_for("apply.task_list"))
    form.password.data = ""
    form.confirm.data = ""
    return render_template(
        "apply/start.html", form=form, application=checked.invitation.application
    )


# --- The task list -----------------------------------------------------------------


@bp.get("/")
@applicant_only
def task_list():
    application = svc.application_for(_applicant())
    if application is None:
        return render_template("apply/no_application.html")
    statuses = svc.section_statuses(application)
    if not application.stage_enum.applicant_can_edit:
        return render_template("apply/sent.html", application=application)
    completed = sum(1 for status in statuses.values() if status is SectionStatus.COMPLETED)
    return render_template(
        "apply/task_list.html",
        application=application,
        pages=PAGES,
        statuses=statuses,
        completed=completed,
        total=len(PAGES),
    )


# --- Sections ----------------------------------------------------------------------


@bp.route("/<slug>", methods=["GET", "POST"])
@applicant_only
def section(slug: str):
    page = _page(slug)
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    status = application.section_status(page.key)
    if request.method == "POST":
        form = page.form()
        if form.validate_on_submit():
            try:
                svc.save_section(
                    application,
                    page.key,
                    form.values(),
                    completed=form.marked_complete,
                    actor=_applicant(),
                )
            except svc.ApplicationError as error:
                _show_problems(form, error.problems, "completed")
            else:
                return redirect(url_for("apply.task_list"))
    else:
        data = svc.section_values(application, page.key)
        if status is not SectionStatus.NOT_STARTED:
            data["completed"] = "yes" if status is SectionStatus.COMPLETED else "no"
        form = page.form(data=data)
    context = {"application": application, "page": page, "form": form}
    if page.is_list:
        joint = bool(application.has_joint_applicant)
        context["items"] = [
            (item, item_title(page.key, item), item_rows(page.key, item, joint=joint))
            for item in section_items(application, page.key)
        ]
        context["still_needed"] = _still_needed(application, page.key)
        return render_template("apply/list_section.html", **context)
    return render_template("apply/section.html", **context)


def _still_needed(application: Application, key: SectionKey) -> list[str]:
    if key == SectionKey.ADDRESS_HISTORY:
        return [str(p.message) for p in svc.address_summary(application)]
    if key == SectionKey.REFEREES:
        return [str(p.message) for p in svc.referee_problems(application)]
    return []


@bp.route("/<slug>/add", methods=["GET", "POST"])
@applicant_only
def add_item(slug: str):
    return _item_page(slug, None)


@bp.route("/<slug>/<int:item_id>", methods=["GET", "POST"])
@applicant_only
def change_item(slug: str, item_id: int):
    return _item_page(slug, item_id)


def _item_page(slug: str, item_id: int | None):
    page = _page(slug, list_only=True)
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    item = None if item_id is None else _item_or_404(application, page, item_id)
    kwargs = {}
    if page.key in (SectionKey.ADDRESS_HISTORY, SectionKey.EMPLOYMENT):
        kwargs["joint"] = bool(application.has_joint_applicant)
    if request.method == "POST":
        form = page.item_form(**kwargs)
        if form.validate_on_submit():
            try:
                svc.save_item(application, page.key, item_id, form.values(), actor=_applicant())
            except svc.ApplicationError as error:
                _show_problems(form, error.problems, "submit")
            else:
                return redirect(url_for("apply.section", slug=page.slug))
    else:
        form = page.item_form(obj=item, data=_item_data(item), **kwargs)
    return render_template(
        "apply/item.html",
        form=form,
        page=page,
        title=page.add_title if item is None else page.change_title,
    )


def _item_data(item) -> dict | None:
    """Booleans shown as yes/no radios."""
    if item is None:
        return None
    data = {}
    for name in ("lives_here", "works_with_children"):
        if hasattr(item, name):
            data[name] = "yes" if getattr(item, name) else "no"
    return data


@bp.route("/<slug>/<int:item_id>/remove", methods=["GET", "POST"])
@applicant_only
def remove_item(slug: str, item_id: int):
    page = _page(slug, list_only=True)
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    item = _item_or_404(application, page, item_id)
    form = f.RemoveForm()
    if form.validate_on_submit():
        svc.remove_item(application, page.key, item_id, actor=_applicant())
        flash(_("%(name)s has been removed.", name=item_title(page.key, item)), "success")
        return redirect(url_for("apply.section", slug=page.slug))
    return render_template(
        "apply/remove.html", form=form, page=page, name=item_title(page.key, item)
    )


# --- Check answers, declaration, and what happens once it is sent -------------------


@bp.get("/check-answers")
@applicant_only
def check_answers():
    application = _my_application()
    editable = application.stage_enum.applicant_can_edit
    sections = application_sections(application, editable=editable)
    return render_template(
        "apply/check_answers.html",
        application=application,
        sections=sections,
        editable=editable,
        incomplete=svc.incomplete_sections(application),
    )


@bp.route("/declaration", methods=["GET", "POST"])
@applicant_only
def declaration():
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    form = f.DeclarationForm()
    incomplete = svc.incomplete_sections(application)
    if form.validate_on_submit():
        try:
            svc.submit_application(
                application, declaration_agreed=bool(form.agree.data), actor=_applicant()
            )
        except svc.ApplicationError as error:
            _show_problems(form, error.problems, "agree")
        else:
            flash(_("Your application has been sent."), "success")
            return redirect(url_for("apply.task_list"))
    return render_template(
        "apply/declaration.html", form=form, application=application, incomplete=incomplete
    )
