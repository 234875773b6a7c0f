"""The application to foster: accepting an invitation, the task list, its sections,
check your answers, each applicant's declaration, a household member's consent to
their DBS check, and the read-only view (with where the application has got to) once
it has been sent.

Every page finds the application through the signed-in applicant (main or joint), and
every item through that application, so another applicant's ids give 404; an adult
asking for the other adult's own sections gets 404 too.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fostering.access import public, roles
from fostering.extensions import limiter
from fostering.models import Application, Role
from fostering.models.application import Person, SectionKey, SectionStatus
from fostering.recruitment.apply import bp
from fostering.recruitment.apply import forms as f
from fostering.recruitment.apply.summary import item_rows, item_title, section_rows
from fostering.recruitment.services import adults, invitations, progress
from fostering.recruitment.services import applications as svc
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.security import start_session
from fostering.web.forms import ActionForm
from fostering.web.i18n import use_language_of
from fostering.web.refusals import show_refusal

applicant_only = roles(Role.APPLICANT)


@dataclass(frozen=True)
class SectionPage:
    key: SectionKey
    form: type
    # For list sections: the item form, and the texts of its pages.
    item_form: type | None = None
    add_text: object = None
    add_title: object = None
    change_title: object = None
    intro: object = None

    @property
    def slug(self) -> str:
        return self.key.value.replace("_", "-")

    @property
    def is_list(self) -> bool:
        return self.item_form is not None

    def title_for(self, person: Person | None) -> str:
        """The section's name: to a joint applicant their own sections are simply
        "Health", "Consent to checks"..., to everyone else "Joint applicant's health"."""
        if person is Person.JOINT and self.key.owner is Person.JOINT:
            return self.key.own_version.label
        return self.key.label


# Every section, in task-list order. Each adult sees their own and the shared ones
# (svc.visible_sections); the fostering team sees every one the application needs
# (required_pages).
PAGES = (
    SectionPage(SectionKey.ABOUT_YOU, f.AboutYouForm),
    SectionPage(SectionKey.JOINT_APPLICANT, f.JointApplicantForm),
    SectionPage(
        SectionKey.HOUSEHOLD,
        f.ListSectionForm,
        f.HouseholdMemberForm,
        _l("Add a person"),
        _l("Add someone who lives with you"),
        _l("Change the details of someone who lives with you"),
        _l(
            "Tell us about everyone else who lives in your home or stays often, including "
            "children. Do not include yourself or your joint applicant. Adults need an "
            "enhanced DBS check."
        ),
    ),
    SectionPage(
        SectionKey.ADDRESS_HISTORY,
        f.ListSectionForm,
        f.AddressForm,
        _l("Add an address"),
        _l("Add an address"),
        _l("Change an address"),
        _l(
            "Tell us every address you have lived at in the last 10 years, starting with "
            "where you live now, with no gaps."
        ),
    ),
    SectionPage(
        SectionKey.EMPLOYMENT,
        f.ListSectionForm,
        f.EmploymentForm,
        _l("Add a job"),
        _l("Add a job"),
        _l("Change a job"),
        _l(
            "Tell us about your jobs now and in the past, including volunteering. We ask "
            "each current employer for a reference."
        ),
    ),
    SectionPage(SectionKey.FINANCES, f.FinancesForm),
    SectionPage(SectionKey.HEALTH, f.HealthForm),
    SectionPage(SectionKey.JOINT_HEALTH, f.HealthForm),
    SectionPage(SectionKey.DISCLOSURES, f.DisclosuresForm),
    SectionPage(SectionKey.JOINT_DISCLOSURES, f.DisclosuresForm),
    SectionPage(SectionKey.PREVIOUS_FOSTERING, f.PreviousFosteringForm),
    SectionPage(
        SectionKey.REFEREES,
        f.RefereesSectionForm,
        f.RefereeForm,
        _l("Add a referee"),
        _l("Add a referee"),
        _l("Change a referee"),
        _l(
            "We need at least 2 personal referees who are not related to you, a referee "
            "from each current employer, one for every former partner you have lived with, "
            "and one from any fostering service you have fostered for."
        ),
    ),
    SectionPage(SectionKey.YOUR_HOME, f.YourHomeForm),
    SectionPage(SectionKey.CONSENTS, f.ConsentsForm),
    SectionPage(SectionKey.JOINT_CONSENTS, f.ConsentsForm),
)
PAGE_BY_SLUG = {page.slug: page for page in PAGES}


def required_pages(application: Application) -> list[SectionPage]:
    """Every section this application needs (the joint applicant's only with one)."""
    keys = set(svc.required_sections(application))
    return [page for page in PAGES if page.key in keys]


def visible_pages(application: Application, person: Person | None) -> list[SectionPage]:
    return [page for page in PAGES if svc.may_edit(application, page.key, person)]


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


def _me(application: Application) -> Person:
    return svc.person_in(application, _applicant())


def _editable_application() -> Application | None:
    """The applicant's application if they may still change it; None once it is sent."""
    application = _my_application()
    if not application.stage_enum.applicant_can_edit:
        flash(_("Your application has been sent, so it can no longer be changed."), "info")
        return None
    return application


def _section_page(application: Application, slug: str, *, list_only: bool = False):
    """The section at ``slug`` if this adult may fill it in (404 for the other's own)."""
    page = _page(slug, list_only=list_only)
    if not svc.may_edit(application, page.key, _me(application)):
        abort(404)
    return page


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
    if checked.invitation is not None:
        use_language_of(invitations.invited_person(checked.invitation).language)
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
        "apply/start.html",
        form=form,
        application=checked.invitation.application,
        person=invitations.invited_person(checked.invitation),
    )


# --- The task list -----------------------------------------------------------------


@bp.get("/")
@applicant_only
def task_list():
    application = svc.application_for(_applicant())
    if application is None:
        return render_template("apply/no_application.html")
    person = _me(application)
    if not application.stage_enum.applicant_can_edit:
        return render_template(
            "apply/sent.html", application=application, timeline=progress.timeline(application)
        )
    statuses = svc.section_statuses(application)
    pages = visible_pages(application, person)
    completed = sum(1 for page in pages if statuses[page.key] is SectionStatus.COMPLETED)
    return render_template(
        "apply/task_list.html",
        application=application,
        person=person,
        pages=pages,
        statuses=statuses,
        completed=completed,
        total=len(pages),
        people=adults.people(application, person),
        own_done=not svc.own_sections_incomplete(application, person),
        waiting=adults.waiting_for_others(application),
    )


@bp.post("/send-link-again/<who>")
@applicant_only
@limiter.limit(_public_form_limit)
def resend_link(who: str):
    """The main applicant sends a joint applicant or household member their link again."""
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    if ActionForm().validate_on_submit():
        member_id = None if who == "joint" else (int(who) if who.isdigit() else -1)
        try:
            adults.resend_link(application, actor=_applicant(), member_id=member_id)
        except svc.NotFound:
            abort(404)
        flash(_("We have sent the link again."), "success")
    return redirect(url_for("apply.task_list"))


# --- Sections ----------------------------------------------------------------------


@bp.route("/<slug>", methods=["GET", "POST"])
@applicant_only
def section(slug: str):
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    page = _section_page(application, slug)
    person = _me(application)
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
                _say_who_was_invited(application, page)
                return redirect(url_for("apply.task_list"))
    else:
        data = svc.section_values(application, page.key)
        if status is not SectionStatus.NOT_STARTED:
            data["completed"] = "yes" if status is SectionStatus.COMPLETED else "no"
        form = page.form(data=data)
    context = {
        "application": application,
        "page": page,
        "form": form,
        "title": page.title_for(person),
        "signed": person is Person.JOINT and application.joint_declaration_agreed_at,
    }
    if page.is_list:
        joint = bool(application.has_joint_applicant)
        context["items"] = [
            (item, item_title(page.key, item), _rows(page.key, item, joint))
            for item in _items(application, page.key)
        ]
        context["still_needed"] = _still_needed(application, page.key)
        return render_template("apply/list_section.html", **context)
    return render_template("apply/section.html", **context)


def _say_who_was_invited(application: Application, page: SectionPage) -> None:
    joint = application.joint_applicant
    if page.key == SectionKey.JOINT_APPLICANT and joint and joint.password_hash is None:
        flash(
            _(
                "We have emailed %(name)s an invitation to sign in and fill in their own "
                "part of the application.",
                name=application.joint_applicant_name,
            ),
            "success",
        )


def _rows(key: SectionKey, item, joint: bool) -> list[dict]:
    """An item's rows on the applicants' own pages: what a household member disclosed
    on their consent page is for the fostering team only."""
    return item_rows(key, item, joint=joint, include_private=False)


def _items(application: Application, key: SectionKey) -> list:
    return {
        SectionKey.HOUSEHOLD: application.household_members,
        SectionKey.ADDRESS_HISTORY: application.addresses,
        SectionKey.EMPLOYMENT: application.employment,
        SectionKey.REFEREES: application.referees,
    }[key]


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
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    page = _section_page(application, slug, list_only=True)
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
    for name in ("lives_here", "works_with_children", "related"):
        if hasattr(item, name):
            data[name] = "yes" if getattr(item, name) else "no"
    return data


@bp.route("/<slug>/<int:item_id>/remove", methods=["GET", "POST"])
@applicant_only
def remove_item(slug: str, item_id: int):
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    page = _section_page(application, slug, list_only=True)
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
    person = _me(application)
    editable = application.stage_enum.applicant_can_edit
    joint = bool(application.has_joint_applicant)
    sections = [
        {
            "page": page,
            "title": page.title_for(person),
            "status": application.section_status(page.key),
            "rows": section_rows(application, page.key, editable=editable),
            "items": [
                (item_title(page.key, item), _rows(page.key, item, joint))
                for item in (_items(application, page.key) if page.is_list else [])
            ],
        }
        for page in visible_pages(application, person)
    ]
    return render_template(
        "apply/check_answers.html",
        application=application,
        person=person,
        sections=sections,
        editable=editable,
        incomplete=svc.incomplete_sections(application, person),
    )


@bp.route("/declaration", methods=["GET", "POST"])
@applicant_only
def declaration():
    application = _editable_application()
    if application is None:
        return redirect(url_for("apply.task_list"))
    if _me(application) is Person.JOINT:
        return _joint_declaration(application)
    form = f.DeclarationForm()
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
    incomplete = [
        key for key in svc.incomplete_sections(application) if key.owner is not Person.JOINT
    ]
    return render_template(
        "apply/declaration.html",
        form=form,
        application=application,
        incomplete=incomplete,
        waiting=adults.waiting_for_others(application),
    )


def _joint_declaration(application: Application):
    form = f.JointDeclarationForm()
    if form.validate_on_submit():
        try:
            svc.sign_joint_declaration(
                application, declaration_agreed=bool(form.agree.data), actor=_applicant()
            )
        except svc.ApplicationError as error:
            _show_problems(form, error.problems, "agree")
        else:
            flash(
                _(
                    "Your declaration is signed. %(name)s will send the application once "
                    "everyone has done their part.",
                    name=application.applicant_name,
                ),
                "success",
            )
            return redirect(url_for("apply.task_list"))
    return render_template(
        "apply/declaration.html",
        form=form,
        application=application,
        incomplete=svc.own_sections_incomplete(application, Person.JOINT),
        waiting=[],
        joint=True,
    )


# --- A household member's consent to their DBS check ----------------------------------


@bp.route("/consent/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_public_form_limit, methods=["POST"])
def consent(token: str):
    """The page an adult in the household reaches from their email: their own consent
    to an enhanced DBS check, and any convictions they disclose."""
    checked = invitations.check_token(token, consent=True)
    if checked.invitation is not None:
        application = checked.invitation.application
        use_language_of(application.language_of(application.applicant))
    if checked.state is invitations.TokenState.USED:
        return render_template(
            "apply/consent_given.html", member=checked.invitation.household_member
        )
    if not checked.ok or not checked.invitation.application.stage_enum.applicant_can_edit:
        return render_template(
            "apply/link_not_working.html", state=checked.state.value, consent=True
        ), 410
    invitation = checked.invitation
    form = f.DbsConsentForm()
    if form.validate_on_submit():
        answers = adults.ConsentAnswers(
            agreed=bool(form.agree.data),
            has_convictions=form.has_convictions.data,
            convictions_details=form.convictions_details.data,
        )
        try:
            adults.give_consent(token, answers)
        except invitations.InvitationError:
            return render_template("apply/link_not_working.html", state="used", consent=True), 410
        except svc.ApplicationError as error:
            _show_problems(form, error.problems, "agree")
        else:
            return redirect(url_for("apply.consent", token=token))
    return render_template(
        "apply/consent.html",
        form=form,
        member=invitation.household_member,
        application=invitation.application,
    )
