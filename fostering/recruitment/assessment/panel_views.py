"""Fostering panel meetings: the list, arranging one, and one meeting with its cases."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fostering.extensions import db
from fostering.models import PanelMeeting
from fostering.recruitment.assessment import bp
from fostering.recruitment.assessment.forms import PanelMeetingForm
from fostering.recruitment.assessment.views import _actor, managers, team
from fostering.recruitment.services import annual_reviews, connected_persons, panels
from fostering.recruitment.services.casework import office_today
from fostering.recruitment.services.errors import RecruitmentError
from fostering.web.pagination import paginate
from fostering.web.refusals import show_refusal


def _meeting_or_404(meeting_id: int) -> PanelMeeting:
    return db.session.get(PanelMeeting, meeting_id) or abort(404)


@bp.get("/panel-meetings")
@team
def panel_meetings():
    past = request.args.get("show") == "past"
    page = paginate(panels.meetings_statement(upcoming=not past, today=office_today()))
    return render_template(
        "assessment/panel_meetings.html",
        page=page,
        past=past,
        counts=panels.case_counts(page.items),
        quorum=panels.quorum(),
    )


def _details(form: PanelMeetingForm) -> panels.MeetingDetails:
    return panels.MeetingDetails(
        meeting_date=form.meeting_date.data,
        starts_at=form.starts_at.data,
        venue=form.venue.data,
        chair=form.chair.data,
        members=form.members.data or "",
    )


def _meeting_form(meeting: PanelMeeting | None):
    """Add a meeting (``meeting`` None) or change one; back to its page when saved."""
    if meeting is not None and request.method == "GET":
        form = PanelMeetingForm(
            data={
                "meeting_date": meeting.meeting_date,
                "starts_at": meeting.starts_at,
                "venue": meeting.venue,
                "chair": meeting.chair,
                "members": "\n".join(meeting.members or []),
            }
        )
    else:
        form = PanelMeetingForm()
    if form.validate_on_submit():
        try:
            if meeting is None:
                meeting = panels.add_meeting(_details(form), actor=_actor())
                message = _("The panel meeting has been added.")
            else:
                panels.change_meeting(meeting, _details(form), actor=_actor())
                message = _("The panel meeting has been saved.")
        except RecruitmentError as error:
            show_refusal(form, error)
        else:
            flash(message, "success")
            return redirect(url_for("assessment.panel_meeting", meeting_id=meeting.id))
    return render_template(
        "assessment/panel_meeting_form.html", form=form, meeting=meeting, quorum=panels.quorum()
    ), (400 if request.method == "POST" else 200)


@bp.route("/panel-meetings/add", methods=["GET", "POST"])
@managers
def add_panel_meeting():
    return _meeting_form(None)


@bp.route("/panel-meetings/<int:meeting_id>/change", methods=["GET", "POST"])
@managers
def change_panel_meeting(meeting_id: int):
    return _meeting_form(_meeting_or_404(meeting_id))


@bp.get("/panel-meetings/<int:meeting_id>")
@team
def panel_meeting(meeting_id: int):
    meeting = _meeting_or_404(meeting_id)
    return render_template(
        "assessment/panel_meeting.html",
        meeting=meeting,
        cases=panels.cases_heard(meeting),
        reviews=annual_reviews.reviews_heard(meeting),
        connected=connected_persons.cases_at_meeting(meeting, _actor()),
        quorum=panels.quorum(),
        quorate=panels.is_quorate(meeting),
    )
