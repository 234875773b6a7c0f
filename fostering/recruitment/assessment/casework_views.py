"""A worker's own cases, reallocating a case, and the letters to the household."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from fostering.models.casework import LetterKind
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.forms import MyCasesSearchForm, ReallocateForm
from fostering.recruitment.assessment.views import (
    _actor,
    _case_or_404,
    managers,
    team,
    worker_choices,
)
from fostering.recruitment.services import allocation, case_lists, casework, letters
from fostering.recruitment.services.errors import RecruitmentError
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

LETTER_KINDS = ", ".join(kind.value for kind in LetterKind)


@bp.get("/my-cases")
@team
def my_cases():
    form = MyCasesSearchForm(request.args)
    text, show = "", case_lists.SHOW_LIVE
    if form.validate():
        text, show = (form.q.data or "").strip(), form.show.data or case_lists.SHOW_LIVE
    page = paginate(case_lists.my_cases(current_user.id, text, show))
    return render_template(
        "assessment/my_cases.html",
        search=form,
        page=page,
        searched=bool(text) or show != case_lists.SHOW_LIVE,
    )


@bp.route("/applications/<int:application_id>/reallocate", methods=["GET", "POST"])
@managers
def reallocate(application_id: int):
    application = _case_or_404(application_id)
    form = ReallocateForm()
    form.worker.choices = worker_choices(leave_out=application.assessing_worker_id)
    if form.validate_on_submit():
        try:
            allocation.reallocate(
                application, int(form.worker.data), reason=form.reason.data, actor=_actor()
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(
                _(
                    "The case has been reallocated to %(name)s.",
                    name=application.assessing_worker.name,
                ),
                "success",
            )
            return redirect(url_for("assessment.case", application_id=application.id))
    return render_template(
        "assessment/reallocate.html",
        application=application,
        form=form,
        limit=allocation.CASELOAD_LIMIT,
    ), (400 if request.method == "POST" else 200)


@bp.get(f"/applications/<int:application_id>/letters/<any({LETTER_KINDS}):kind>")
@team
def letter(application_id: int, kind: str):
    application = _case_or_404(application_id)
    try:
        built = letters.build(application, kind)
    except RecruitmentError as error:
        show_refusal(None, error)
        return redirect(url_for("assessment.case", application_id=application.id))
    casework.view_case(application, actor=_actor(), detail=f"letter={kind}")
    return render_template(
        "assessment/letter.html",
        application=application,
        letter=built,
        recipients=letters.recipients(application),
        action_form=ActionForm(formdata=None),
    )


@bp.post(f"/applications/<int:application_id>/letters/<any({LETTER_KINDS}):kind>/send")
@team
def send_letter(application_id: int, kind: str):
    application = _case_or_404(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        letters.send(application, kind, actor=_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
        return redirect(url_for("assessment.letter", application_id=application.id, kind=kind))
    flash(_("The letter has been emailed to the household."), "success")
    return redirect(url_for("assessment.case", application_id=application.id))
