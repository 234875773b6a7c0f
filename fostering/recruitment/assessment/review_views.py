"""A carer's reviews of approval and requests to change the terms: starting one, each of
its steps, and the review's own page. Social workers and team managers only; the
decision is the agency decision maker's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fostering.extensions import db
from fostering.models import CarerReview, FosterCarer
from fostering.models.carer_review import ReviewKind
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.forms import PanelBookingForm
from fostering.recruitment.assessment.review_forms import (
    NoticeForm,
    ReportForm,
    ReviewDecisionForm,
    ReviewPanelForm,
    TermsChangeRequestForm,
    ViewsForm,
)
from fostering.recruitment.assessment.views import _actor, managers, meeting_choices, team
from fostering.recruitment.services import annual_reviews, panels, stage2, terms_history
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.recruitment.services.review_errors import ReviewCode, ReviewError
from fostering.web.forms import ActionForm
from fostering.web.refusals import show_refusal


def _carer_or_404(carer_id: int) -> FosterCarer:
    return db.session.get(FosterCarer, carer_id) or abort(404)


def _review_or_404(carer_id: int, review_id: int) -> CarerReview:
    """The review, which must be this carer's (a review id under another carer is 404)."""
    review = db.session.get(CarerReview, review_id)
    if review is None or review.carer_id != carer_id:
        abort(404)
    return review


def _to_review(review: CarerReview):
    return redirect(
        url_for("assessment.carer_review", carer_id=review.carer_id, review_id=review.id)
    )


def _step(template: str, form, review: CarerReview, step, success: str, **extra):
    """Validate ``form``, run ``step()`` and go back to the review, or show what is wrong
    (with what was typed kept)."""
    if not annual_reviews.may_change(review, _actor()):
        show_refusal(None, ReviewError(ReviewCode.NOT_REVIEWER))
        return _to_review(review)
    if form.validate_on_submit():
        try:
            step()
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(success, "success")
            return _to_review(review)
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template(template, review=review, carer=review.carer, form=form, **extra), status


# --- Starting ------------------------------------------------------------------------


@bp.route("/carers/<int:carer_id>/reviews/start", methods=["GET", "POST"])
@team
def start_carer_review(carer_id: int):
    carer = _carer_or_404(carer_id)
    existing = annual_reviews.open_review(carer)
    if existing is not None and existing.kind == ReviewKind.ANNUAL.value:
        return _to_review(existing)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            review = annual_reviews.start_review(carer, actor=_actor())
        except RecruitmentError as error:
            show_refusal(None, error)
        else:
            flash(_("The annual review has been started."), "success")
            return _to_review(review)
    return render_template(
        "assessment/review_start.html",
        carer=carer,
        form=form,
        existing=existing,
        first_review=annual_reviews.is_first_review(carer),
        children=annual_reviews.children_placed_in_year(carer, office_today()),
        today=office_today(),
    ), (400 if request.method == "POST" else 200)


@bp.route("/carers/<int:carer_id>/terms-change", methods=["GET", "POST"])
@team
def request_terms_change(carer_id: int):
    carer = _carer_or_404(carer_id)
    form = TermsChangeRequestForm()
    if request.method == "GET":
        form.fill_terms(carer)
    if form.validate_on_submit():
        try:
            review = annual_reviews.request_terms_change(
                carer, form.new_terms(carer), reason=form.reason.data, actor=_actor()
            )
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(_("The request to change the terms has been recorded."), "success")
            return _to_review(review)
    return render_template("assessment/review_terms_change.html", carer=carer, form=form), (
        400 if request.method == "POST" else 200
    )


# --- The review's page ----------------------------------------------------------------


@bp.get("/carers/<int:carer_id>/reviews/<int:review_id>")
@team
def carer_review(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    annual_reviews.view_review(review, actor=_actor())
    children = {child.id: child for child in annual_reviews.review_children(review)}
    return render_template(
        "assessment/review.html",
        review=review,
        carer=review.carer,
        children=children,
        needs_panel=annual_reviews.needs_panel(review),
        ready_for_decision=annual_reviews.ready_for_decision(review),
        may_change=annual_reviews.may_change(review, _actor()),
        may_decide=stage2.may_decide(_actor()),
        representations_close=annual_reviews.representations_close(review),
        proposed=annual_reviews.proposed_outcome(review),
        quorum=panels.quorum(),
        today=office_today(),
    )


# --- The steps ------------------------------------------------------------------------


@bp.route("/carers/<int:carer_id>/reviews/<int:review_id>/views", methods=["GET", "POST"])
@team
def carer_review_views(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    if not annual_reviews.may_change(review, _actor()):
        show_refusal(None, ReviewError(ReviewCode.NOT_REVIEWER))
        return _to_review(review)
    children = annual_reviews.review_children(review)
    form = ViewsForm()
    typed = {child.id: request.form.get(f"child-{child.id}", "") for child in children}
    if request.method == "GET":
        form.carer_views.data = review.carer_views
        form.authority_views.data = review.authority_views
        typed = {row["child_id"]: row["views"] for row in review.child_views or []}
    problems = []
    if form.validate_on_submit():
        views = annual_reviews.Views(
            carer=form.carer_views.data or "",
            children=typed,
            authority=form.authority_views.data or "",
        )
        try:
            annual_reviews.record_views(review, views, actor=_actor())
        except RecruitmentError as error:
            if error.field and error.field.startswith("child-"):
                problems.append({"text": str(error.message), "href": f"#{error.field}"})
            else:
                show_refusal(form, error)
        else:
            flash(_("The views have been saved."), "success")
            return _to_review(review)
    if problems or form.errors:
        problems += [
            {"text": message, "href": f"#{name}"}
            for name, messages in form.errors.items()
            for message in messages
        ]
    status = 400 if request.method == "POST" else 200
    return render_template(
        "assessment/review_views.html",
        review=review,
        carer=review.carer,
        form=form,
        children=children,
        typed=typed,
        problems=problems,
        child_errors={p["href"][1:]: p["text"] for p in problems},
    ), status


@bp.route("/carers/<int:carer_id>/reviews/<int:review_id>/report", methods=["GET", "POST"])
@team
def carer_review_report(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    form = ReportForm()
    if request.method == "GET":
        form.report.data = review.report
        form.report_on.data = review.report_on or office_today()
        form.outcome.data = review.outcome
        form.fill_terms(review.proposed_terms or review.carer)
    changing = form.outcome.data == "change_terms"
    return _step(
        "assessment/review_report.html",
        form,
        review,
        lambda: annual_reviews.write_report(
            review,
            actor=_actor(),
            report=form.report.data,
            outcome=form.outcome.data,
            terms=form.new_terms(review.carer) if changing else None,
            report_on=form.report_on.data,
        ),
        _("The report has been saved."),
    )


@bp.route("/carers/<int:carer_id>/reviews/<int:review_id>/panel", methods=["GET", "POST"])
@team
def carer_review_panel(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    meetings = panels.open_meetings(office_today())
    form = PanelBookingForm(data={"meeting": str(review.meeting_id) if review.meeting_id else None})
    form.meeting.choices = meeting_choices(meetings)
    return _step(
        "assessment/review_panel.html",
        form,
        review,
        lambda: annual_reviews.book_panel(review, int(form.meeting.data), actor=_actor()),
        _("The review has been booked into the fostering panel."),
        meetings=meetings,
    )


@bp.route(
    "/carers/<int:carer_id>/reviews/<int:review_id>/panel-recommendation",
    methods=["GET", "POST"],
)
@team
def carer_review_recommendation(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    form = ReviewPanelForm(terms_change=review.kind == ReviewKind.TERMS_CHANGE.value)
    if request.method == "GET":
        form.fill_terms(review.proposed_terms or review.carer)
    changing = form.recommendation.data == "change_terms"
    return _step(
        "assessment/review_recommendation.html",
        form,
        review,
        lambda: annual_reviews.record_panel(
            review,
            actor=_actor(),
            recommendation=form.recommendation.data,
            terms=form.new_terms(review.carer) if changing else None,
            minutes=form.minutes.data,
            reasons=form.reasons.data or "",
        ),
        _("The panel's recommendation has been recorded."),
        quorum=panels.quorum(),
    )


@bp.route("/carers/<int:carer_id>/reviews/<int:review_id>/notice", methods=["GET", "POST"])
@team
def carer_review_notice(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    form = NoticeForm()
    if request.method == "GET":
        form.sent_on.data = office_today()
    return _step(
        "assessment/review_notice.html",
        form,
        review,
        lambda: annual_reviews.give_notice(
            review, actor=_actor(), sent_on=form.sent_on.data, reasons=form.reasons.data
        ),
        _("The notice has been recorded."),
    )


@bp.route("/carers/<int:carer_id>/reviews/<int:review_id>/decision", methods=["GET", "POST"])
@managers
def carer_review_decision(carer_id: int, review_id: int):
    review = _review_or_404(carer_id, review_id)
    try:
        stage2.require_decision_maker(_actor())
    except RecruitmentError as error:
        show_refusal(None, error)
        return _to_review(review)
    form = ReviewDecisionForm(terms_change=review.kind == ReviewKind.TERMS_CHANGE.value)
    if request.method == "GET":
        form.decided_on.data = office_today()
        proposed = annual_reviews.proposed_outcome(review)
        form.decision.data = proposed.value if proposed else None
        form.fill_terms(annual_reviews.suggested_terms(review) or review.carer)
    changing = form.decision.data == "change_terms"
    return _step(
        "assessment/review_decision.html",
        form,
        review,
        lambda: annual_reviews.decide(
            review,
            actor=_actor(),
            decision=form.decision.data,
            terms=form.new_terms(review.carer) if changing else None,
            decided_on=form.decided_on.data,
            effective_from=form.effective_from.data,
            reasons=form.reasons.data or "",
        ),
        _("The decision has been recorded."),
        history=terms_history.history(review.carer),
    )
