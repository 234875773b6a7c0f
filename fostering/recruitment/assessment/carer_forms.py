"""Forms for an approved household's life: supervision, visits, status, adults, checks."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from fostering.models.carer_life import AdultRole, ChildrenSeen, TrainingCourse
from fostering.recruitment.assessment.forms import MyCasesSearchForm
from fostering.web.fields import YES_NO_WAS, DateFieldGOVUK

TEXT_LIMIT = 5000
NOTES_LIMIT = 10000


def _too_long(limit: int):
    return Length(max=limit, message=_l("This must be %(count)d characters or fewer", count=limit))


SHOW_OVERDUE = "overdue"


class HouseholdSearchForm(MyCasesSearchForm):
    """ "My households": the search box and whether to show only overdue visits."""

    q = StringField(
        _l("Search by household name or reference"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.show.choices = [("", _l("All my households")), (SHOW_OVERDUE, _l("Visit overdue"))]


class SupervisorForm(FlaskForm):
    worker = RadioField(
        _l("Supervising social worker"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a supervising social worker"))],
    )
    reason = TextAreaField(
        _l("Why is the supervising social worker changing?"),
        description=_l("Needed when the household already has one. It is kept in its history."),
        widget=GovTextArea(),
        validators=[Optional(), _too_long(TEXT_LIMIT)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class SupervisoryVisitForm(FlaskForm):
    visited_on = DateFieldGOVUK(
        _l("Date of the visit"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date of the visit"))],
    )
    announced = RadioField(
        _l("Was the visit announced?"),
        widget=GovRadioInput(),
        choices=YES_NO_WAS,
        validators=[InputRequired(message=_l("Say whether the visit was announced"))],
    )
    carer_seen_alone = RadioField(
        _l("Was the carer seen alone?"),
        widget=GovRadioInput(),
        choices=YES_NO_WAS,
        validators=[InputRequired(message=_l("Say whether the carer was seen alone"))],
    )
    children_seen = RadioField(
        _l("Were the children placed seen?"),
        widget=GovRadioInput(),
        choices=ChildrenSeen.choices(),
        validators=[InputRequired(message=_l("Choose whether the children placed were seen"))],
    )
    notes = TextAreaField(
        _l("Notes of the visit"),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter notes of the visit")),
            _too_long(NOTES_LIMIT),
        ],
    )
    submit = SubmitField(_l("Record the visit"), widget=GovSubmitInput())


class StatusForm(FlaskForm):
    effective_on = DateFieldGOVUK(
        _l("From what date?"),
        description=_l("Leave empty for today. For example, 27 3 2026"),
        validators=[Optional()],
    )
    reason = TextAreaField(
        _l("Reason"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Enter the reason")), _too_long(TEXT_LIMIT)],
    )
    # For a hold only.
    review_on = DateFieldGOVUK(
        _l("When will the hold be reviewed?"),
        description=_l("For example, 27 3 2027"),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class AdultForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the adult's full name")), _too_long(200)],
    )
    role = RadioField(
        _l("Who are they?"),
        widget=GovRadioInput(),
        choices=AdultRole.choices(),
        validators=[InputRequired(message=_l("Choose who they are"))],
    )
    joined_on = DateFieldGOVUK(
        _l("When did they join the household?"),
        description=_l("Leave empty for today. For example, 27 3 2026"),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Add the adult"), widget=GovSubmitInput())


class AdultLeftForm(FlaskForm):
    left_on = DateFieldGOVUK(
        _l("When did they leave the household?"),
        description=_l("Leave empty for today. For example, 27 3 2026"),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Record that they have left"), widget=GovSubmitInput())


class CheckRecordForm(FlaskForm):
    adult = RadioField(
        _l("Who is it for?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose an adult who lives in the household"))],
    )
    course = RadioField(
        _l("Course"),
        widget=GovRadioInput(),
        choices=TrainingCourse.choices(),
        validators=[Optional()],
    )
    completed_on = DateFieldGOVUK(
        _l("Date it was done"),
        description=_l(
            "For a DBS check, the date the certificate was issued. For example, 27 3 2026"
        ),
        validators=[InputRequired(message=_l("Enter the date it was done"))],
    )
    expires_on = DateFieldGOVUK(
        _l("Date it runs out (optional)"),
        description=_l("Leave empty to use the council's usual interval"),
        validators=[Optional()],
    )
    dbs_certificate_number = StringField(
        _l("DBS certificate number"),
        description=_l("12 digits, at the top right of the certificate"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=30)],
    )
    notes = TextAreaField(
        _l("Notes (optional)"), widget=GovTextArea(), validators=[Optional(), _too_long(TEXT_LIMIT)]
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
