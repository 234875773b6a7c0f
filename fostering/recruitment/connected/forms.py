"""Forms for the connected persons pages."""

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
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from fostering.models.assessment import Recommendation
from fostering.models.carer import MAX_PLACES
from fostering.models.connected import ConnectedOutcome
from fostering.recruitment.assessment.forms import MyCasesSearchForm
from fostering.recruitment.services import connected_deadlines as deadlines
from fostering.recruitment.services.connected_persons import (
    NAMES_LIMIT,
    RELATION_LIMIT,
    TEXT_LIMIT,
)
from fostering.web.fields import YES_NO, DateFieldGOVUK, PoundsField, UKPostcode, WholeNumberField

DATE_HINT = _l("For example, 27 3 2026")


def _limit(count: int) -> Length:
    return Length(max=count, message=_l("This must be %(count)d characters or fewer", count=count))


def _text(label, message, *, limit=TEXT_LIMIT, description=None):
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        validators=[InputRequired(message=message), _limit(limit)],
    )


def _choice(label, message):
    """Radios whose choices the form sets."""
    return RadioField(
        label, widget=GovRadioInput(), choices=[], validators=[InputRequired(message=message)]
    )


def _date(label, message):
    return DateFieldGOVUK(label, description=DATE_HINT, validators=[InputRequired(message=message)])


class CaseSearchForm(MyCasesSearchForm):
    """The same search box and filter as "My cases", with the time limits to show."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.show.choices = [
            (deadlines.SHOW_OPEN, _l("Open cases")),
            (deadlines.SHOW_ENDING, _l("Temporary approval ending within 14 days")),
            (deadlines.SHOW_BREACH, _l("Temporary approval ended without a decision")),
            (deadlines.SHOW_VIABILITY, _l("Viability assessment outstanding")),
            (deadlines.SHOW_ALL, _l("All cases")),
        ]


class StartForm(FlaskForm):
    names = StringField(
        _l("Name of the connected person or people"),
        description=_l("For a couple, give both names, like Ann and Huw Jones"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the name of the connected person or people")),
            _limit(NAMES_LIMIT),
        ],
    )
    relation = StringField(
        _l("Relationship to the child"),
        description=_l("For example, grandmother, aunt, family friend"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter their relationship to the child")),
            _limit(RELATION_LIMIT),
        ],
    )
    address = _text(_l("Address"), _l("Enter their address"), limit=1000)
    postcode = StringField(
        _l("Postcode"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter their postcode")), UKPostcode()],
    )
    household_adults = TextAreaField(
        _l("Other adults in the household (optional)"),
        description=_l("Everyone else aged 18 or over who lives there: one a line"),
        widget=GovTextArea(),
        validators=[Optional(), _limit(TEXT_LIMIT)],
    )
    submit = SubmitField(_l("Start the assessment"), widget=GovSubmitInput())


class ViabilityForm(FlaskForm):
    outcome = _choice(
        _l("Outcome of the viability assessment"),
        _l("Choose the outcome of the viability assessment"),
    )
    reasons = TextAreaField(
        _l("Reasons"),
        description=_l("Needed when the outcome is negative"),
        widget=GovTextArea(),
        validators=[Optional(), _limit(TEXT_LIMIT)],
    )
    assessed_on = _date(
        _l("Date of the viability assessment"), _l("Enter the date of the viability assessment")
    )
    submit = SubmitField(_l("Record the viability assessment"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = ConnectedOutcome.choices()


class TemporaryApprovalForm(FlaskForm):
    starts_on = _date(
        _l("Date temporary approval starts"), _l("Enter the date temporary approval starts")
    )
    submit = SubmitField(_l("Give temporary approval"), widget=GovSubmitInput())


class ExtensionForm(FlaskForm):
    until = _date(
        _l("New last day of temporary approval"),
        _l("Enter the new last day of temporary approval"),
    )
    reason = _text(
        _l("Why is the extension in the child's interests?"),
        _l(
            "Enter why the extension is in the child's interests and why the assessment is "
            "not finished"
        ),
        description=_l("Say why the full assessment is not finished and why the child should stay"),
    )
    submit = SubmitField(_l("Extend temporary approval"), widget=GovSubmitInput())


class AssessmentForm(FlaskForm):
    summary = _text(
        _l("Summary of the full assessment"),
        _l("Enter a summary of the full assessment"),
        description=_l(
            "The household's suitability to care for the child, and the support they need"
        ),
    )
    completed_on = _date(
        _l("Date the assessment was completed"), _l("Enter the date the assessment was completed")
    )
    submit = SubmitField(_l("Complete the assessment"), widget=GovSubmitInput())


class PanelRecommendationForm(FlaskForm):
    recommendation = _choice(
        _l("The panel's recommendation"), _l("Choose the panel's recommendation")
    )
    minutes = _text(
        _l("The panel's minutes for this case"),
        _l("Enter the panel's minutes for this case"),
        limit=4 * TEXT_LIMIT,
    )
    submit = SubmitField(_l("Record the recommendation"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation.choices = Recommendation.choices()


class DecisionForm(FlaskForm):
    decision = _choice(_l("The decision maker's decision"), _l("Choose the decision"))
    decided_on = _date(_l("Date of the decision"), _l("Enter the date of the decision"))
    reasons = TextAreaField(
        _l("Reasons"),
        description=_l(
            "Needed when the household is not approved, or when the decision differs from "
            "the panel's recommendation"
        ),
        widget=GovTextArea(),
        validators=[Optional(), _limit(TEXT_LIMIT)],
    )
    places = WholeNumberField(
        _l("Number of places"),
        description=_l("The named child and any brothers and sisters who may live there"),
        not_a_number=_l("Enter the number of places as a whole number, like 2"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_PLACES,
                message=_l("Number of places must be between 1 and %(most)d", most=MAX_PLACES),
            ),
        ],
    )
    weekly_allowance = PoundsField(
        _l("Weekly fostering allowance for one placement, in pounds"),
        message=_l("Enter the weekly allowance in pounds, like 325.50"),
        description=_l("For example, 325.50"),
        validators=[Optional()],
    )
    welsh_speaking = RadioField(
        _l("Does the household speak Welsh?"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[Optional()],
    )
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = Recommendation.choices()
