"""Children needing a placement: the list, referrals, a child's page, siblings and
safeguarding. Placement officers see every child; social workers only their own."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from fostering.access import allows, roles, rule_for
from fostering.admin.services import needs as needs_service
from fostering.models import Role
from fostering.models.carer import PlacementType
from fostering.models.child import Child, ChildStatus, Setting, Urgency
from fostering.models.child_profile import ContactFrequency
from fostering.placements import bp
from fostering.placements.children_forms import (
    SEX_CHOICES,
    ChildSearchForm,
    CloseForm,
    ContactForm,
    ExclusionForm,
    FindChildForm,
    LegalStatusForm,
    MaySplitForm,
    ReferralForm,
    SiblingForm,
    result_choices,
)
from fostering.placements.services import children as service
from fostering.placements.services import matching_review, stability
from fostering.placements.services.provider_kinds import kind_label
from fostering.recruitment.services import connected_persons
from fostering.recruitment.services.casework import office_today
from fostering.web.forms import ActionForm
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal

child_workers = roles(Role.PLACEMENT_OFFICER, Role.SOCIAL_WORKER)


def _user():
    return current_user._get_current_object()


def _locale() -> str:
    return str(get_locale() or "en")


def _child_or_404(child_id: int) -> Child:
    child = service.child_for(_user(), child_id)
    if child is None:
        abort(404)
    return child


def _to_child(child: Child, anchor: str = ""):
    return redirect(url_for("placements.child", child_id=child.id) + anchor)


@bp.get("/children")
@child_workers
def children():
    form = ChildSearchForm(request.args)
    page = paginate(service.search(_user(), form.filters()))
    return render_template(
        "placements/children/list.html",
        search=form,
        page=page,
        narrowed=form.narrowed(),
        today=date.today(),
        labels=_labels(),
        no_date_needed=service.no_date_needed,
    )


def _labels() -> dict:
    return {
        "setting": dict(Setting.choices()),
        "urgency": dict(Urgency.choices()),
        "placement_type": dict(PlacementType.choices()),
        "status": dict(ChildStatus.choices()),
        "sex": dict(SEX_CHOICES),
    }


def _referral_page(form: ReferralForm, child: Child | None):
    return render_template(
        "placements/children/referral.html", form=form, child=child, labels=_labels()
    )


def _worker_choices(child: Child | None) -> list[tuple[str, str]] | None:
    """Whom a placement officer may allocate the child to (None for a social worker,
    whose referrals are their own). A worker no longer active stays offered."""
    if service.sees_every_child(_user()) is False:
        return None
    workers = service.social_workers()
    if child is not None and child.social_worker and child.social_worker not in workers:
        workers.append(child.social_worker)
    return [(str(w.id), w.name) for w in workers]


@bp.route("/children/new", methods=["GET", "POST"])
@child_workers
def add_child():
    form = ReferralForm()
    form.set_choices(
        needs_service.choices(_locale(), keep=form.needs.data or []), _worker_choices(None)
    )
    if form.validate_on_submit():
        try:
            child = service.refer(_user(), form.referral())
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(
                _("The referral for %(reference)s has been saved.", reference=child.reference),
                "success",
            )
            return _to_child(child)
    return _referral_page(form, None)


@bp.get("/children/<int:child_id>")
@child_workers
def child(child_id: int):
    record = _child_or_404(child_id)
    service.record_view(_user(), record)
    outcomes = service.matching_history(record)
    moves = stability.moves_in_year([record.id], date.today()).get(record.id, 0)
    return render_template(
        "placements/children/child.html",
        moves_in_year=moves,
        flagged=moves >= stability.FLAG_AT,
        child=record,
        today=date.today(),
        need_names=needs_service.names(list(record.needs or []), _locale()),
        siblings=service.siblings(record),
        exclusions=service.exclusions(record),
        profile=service.profile_lines(record),
        frequencies=dict(ContactFrequency.choices()),
        outcomes=outcomes,
        why_unplaced=matching_review.why_unplaced,
        run_links=allows(rule_for("placements.run"), _user()),
        kind_label=kind_label,
        no_date_needed=service.no_date_needed,
        placements=list(record.placements),
        close_reason=service.close_reason(record)
        if record.status == ChildStatus.CLOSED.value
        else None,
        labels=_labels(),
        action_form=ActionForm(),
        connected_cases=connected_persons.cases_for_child(record),
        may_view_connected=lambda case: connected_persons.may_view(case, _user()),
        may_start_connected=_user().role == Role.SOCIAL_WORKER.value,
        connected_breach=lambda case: connected_persons.in_breach(case, office_today()),
    )


@bp.route("/children/<int:child_id>/edit", methods=["GET", "POST"])
@child_workers
def edit_child(child_id: int):
    record = _child_or_404(child_id)
    form = ReferralForm()
    form.for_edit()
    # A retired need the child already has stays offered, so saving does not drop it.
    keep = list(record.needs or []) + list(form.needs.data or [])
    form.set_choices(needs_service.choices(_locale(), keep=keep), _worker_choices(record))
    if request.method == "GET":
        form.fill_from(record)
        service.record_view(_user(), record, detail="edit form")
    form.submit.label.text = _("Save the changes")
    if form.validate_on_submit():
        try:
            service.update(_user(), record, form.referral())
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The referral has been updated."), "success")
            return _to_child(record)
    return _referral_page(form, record)


@bp.route("/children/<int:child_id>/close", methods=["GET", "POST"])
@child_workers
def close_child(child_id: int):
    record = _child_or_404(child_id)
    if request.method == "GET":
        service.record_view(_user(), record, detail="close form")
    form = CloseForm()
    if form.validate_on_submit():
        try:
            service.close(_user(), record, form.reason.data)
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The referral has been closed."), "success")
            return _to_child(record)
    return render_template("placements/children/close.html", form=form, child=record)


@bp.post("/children/<int:child_id>/reopen")
@child_workers
def reopen_child(child_id: int):
    record = _child_or_404(child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.reopen(_user(), record)
    except service.ChildError as error:
        show_refusal(None, error)
    else:
        flash(_("The referral has been reopened."), "success")
    return _to_child(record)


def _found(record: Child) -> tuple[FindChildForm, list[Child]]:
    """The name search's form (from the query string) and the children it finds."""
    find = FindChildForm(request.args)
    text = (find.q.data or "") if find.validate() else ""
    return find, service.find_others(_user(), record, text)


@bp.route("/children/<int:child_id>/siblings", methods=["GET", "POST"])
@child_workers
def siblings(child_id: int):
    record = _child_or_404(child_id)
    if request.method == "GET":
        service.record_view(_user(), record, detail="siblings page")
    find, results = _found(record)
    form = SiblingForm()
    form.child.choices = result_choices(results)
    split_form = MaySplitForm(
        formdata=None,
        data={
            "may_split": "yes" if record.sibling_group and record.sibling_group.may_split else "no"
        },
    )
    if form.validate_on_submit():
        try:
            service.link_sibling(
                _user(), record, form.child.data, split_form.may_split.data == "yes"
            )
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The sibling group has been changed."), "success")
            return _to_child(record, "#siblings")
    return render_template(
        "placements/children/siblings.html",
        child=record,
        find=find,
        results=results,
        form=form,
        split_form=split_form,
        siblings=service.siblings(record),
        action_form=ActionForm(),
    )


@bp.post("/children/<int:child_id>/siblings/may-split")
@child_workers
def siblings_may_split(child_id: int):
    record = _child_or_404(child_id)
    split_form = MaySplitForm()
    if record.sibling_group is None:
        abort(404)
    if not split_form.validate_on_submit():
        flash(_("Choose whether the siblings may be placed apart."), "error")
        return redirect(url_for("placements.siblings", child_id=record.id))
    try:
        service.set_may_split(_user(), record.sibling_group, split_form.may_split.data == "yes")
    except service.ChildError as error:
        show_refusal(None, error)
        return redirect(url_for("placements.siblings", child_id=record.id))
    flash(_("The sibling group has been changed."), "success")
    return _to_child(record, "#siblings")


@bp.post("/children/<int:child_id>/siblings/leave")
@child_workers
def leave_sibling_group(child_id: int):
    record = _child_or_404(child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        service.leave_group(_user(), record)
    except service.ChildError as error:
        show_refusal(None, error)
    else:
        flash(_("The child has been taken out of the sibling group."), "success")
    return _to_child(record, "#siblings")


@bp.route("/children/<int:child_id>/safeguarding", methods=["GET", "POST"])
@child_workers
def safeguarding(child_id: int):
    record = _child_or_404(child_id)
    if request.method == "GET":
        service.record_view(_user(), record, detail="safeguarding page")
    find, results = _found(record)
    form = ExclusionForm()
    form.child.choices = result_choices(results)
    if form.validate_on_submit():
        try:
            service.add_exclusions(_user(), record, list(form.child.data or []))
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The children will not be placed together."), "success")
            return _to_child(record, "#safeguarding")
    return render_template(
        "placements/children/safeguarding.html",
        child=record,
        find=find,
        results=results,
        form=form,
        exclusions=service.exclusions(record),
    )


@bp.post("/children/<int:child_id>/safeguarding/<int:exclusion_id>/remove")
@child_workers
def remove_exclusion(child_id: int, exclusion_id: int):
    record = _child_or_404(child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not service.remove_exclusion(_user(), record, exclusion_id):
        abort(404)
    flash(_("The safeguarding exclusion has been removed."), "success")
    return _to_child(record, "#safeguarding")


@bp.route("/children/<int:child_id>/legal-status", methods=["GET", "POST"])
@child_workers
def legal_status(child_id: int):
    record = _child_or_404(child_id)
    if request.method == "GET":
        service.record_view(_user(), record, detail="legal status page")
    form = LegalStatusForm()
    if form.validate_on_submit():
        try:
            service.record_legal_status(
                _user(), record, form.legal_status.data, form.legal_status_from.data
            )
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The legal status has been recorded."), "success")
            return _to_child(record, "#legal-status")
    return render_template(
        "placements/children/legal_status.html", child=record, form=form, today=date.today()
    )


@bp.route("/children/<int:child_id>/contact", methods=["GET", "POST"])
@child_workers
def contact(child_id: int):
    record = _child_or_404(child_id)
    if request.method == "GET":
        service.record_view(_user(), record, detail="contact page")
    form = ContactForm()
    if form.validate_on_submit():
        try:
            service.add_contact(
                _user(), record, form.who.data, form.place.data, form.frequency.data
            )
        except service.ChildError as error:
            show_refusal(form, error)
        else:
            flash(_("The contact arrangement has been added."), "success")
            return _to_child(record, "#contact")
    return render_template(
        "placements/children/contact.html",
        child=record,
        form=form,
        frequencies=dict(ContactFrequency.choices()),
    )


@bp.post("/children/<int:child_id>/contact/<int:contact_id>/remove")
@child_workers
def remove_contact(child_id: int, contact_id: int):
    record = _child_or_404(child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not service.remove_contact(_user(), record, contact_id):
        abort(404)
    flash(_("The contact arrangement has been removed."), "success")
    return _to_child(record, "#contact")
