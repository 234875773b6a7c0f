"""Forms for reviews of approval and changes of terms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from fostering.models import FosterCarer
from fostering.models.carer_review import ReviewOutcome
from fostering.recruitment.assessment.forms import MINUTES_LIMIT, REASONS_LIMIT, TermsFormMixin
from fostering.recruitment.services.terms import Terms
from fostering.web.fields import DateFieldGOVUK

TEXT_LIMIT = 20000


def _text(label, message=None, description=None, limit=TEXT_LIMIT):
    required = [InputRequired(message=message)] if message else [Optional()]
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        validators=[
            *required,
            Length(
                max=limit, message=_l("This must be %(count)d characters or fewer", count=limit)
            ),
        ],
    )


def _date(label, message, description=None):
    return DateFieldGOVUK(
        label,
        description=description or _l("For example, 27 3 2026"),
        validators=[InputRequired(message=message)],
    )


class ReviewTermsMixin(TermsFormMixin):
    """The terms matching reads: the household's postcode and allowance are not changed
    by a review."""

    postcode = None
    weekly_allowance = None
    TERMS_FIELDS = (
        "places",
        "min_age",
        "max_age",
        "sexes",
        "placement_types",
        "skills",
        "welsh_speaking",
    )

    def fill_terms(self, values: dict | FosterCarer | None) -> None:
        if values is None:
            return
        get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
        self.places.data = get("places")
        self.min_age.data = get("min_age")
        self.max_age.data = get("max_age")
        self.sexes.data = list(get("sexes") or [])
        self.placement_types.data = list(get("placement_types") or [])
        self.skills.data = list(get("skills") or [])
        self.welsh_speaking.data = "yes" if get("welsh_speaking") else "no"

    def new_terms(self, carer: FosterCarer) -> Terms:
        return Terms(
            places=self.places.data,
            min_age=self.min_age.data,
            max_age=self.max_age.data,
            sexes=tuple(self.sexes.data or ()),
            placement_types=tuple(self.placement_types.data or ()),
            skills=tuple(self.skills.data or ()),
            welsh_speaking=self.welsh_speaking.data == "yes",
            postcode=carer.postcode,
        )


class ViewsForm(FlaskForm):
    """The carer's and the authority's views; each child's are read from the request."""

    carer_views = _text(
        _l("The foster carer's views"),
        _l("Enter the foster carer's views"),
        _l("What the carers said about the year, their support and their approval"),
    )
    authority_views = _text(
        _l("The placing authority's views"),
        description=_l(
            "The views of the children's social workers for the authority that placed them"
        ),
    )
    submit = SubmitField(_l("Save the views"), widget=GovSubmitInput())


class ReportForm(ReviewTermsMixin, FlaskForm):
    report = _text(
        _l("The reviewing officer's report"),
        _l("Enter the reviewing officer's report"),
        _l(
            "Whether the carers and their household are still suitable, and whether the terms "
            "of approval are still right"
        ),
    )
    report_on = _date(_l("Date of the report"), _l("Enter the date of the report"))
    outcome = RadioField(
        _l("What does the review propose?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose what the review proposes"))],
    )
    submit = SubmitField(_l("Save the report"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = ReviewOutcome.choices()
        self.set_choices()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return self.validate_terms_if(self.outcome.data == ReviewOutcome.CHANGE_TERMS, valid)


class TermsChangeRequestForm(ReviewTermsMixin, FlaskForm):
    reason = _text(
        _l("Why does the carer ask for the change?"),
        _l("Enter why the carer asks for the change"),
    )
    submit = SubmitField(_l("Send the request to panel"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices()


def _outcome_choices(terms_change: bool) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in ReviewOutcome.choices()
        if not (terms_change and value == ReviewOutcome.TERMINATE)
    ]


class ReviewPanelForm(ReviewTermsMixin, FlaskForm):
    recommendation = RadioField(
        _l("The panel's recommendation"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the panel's recommendation"))],
    )
    reasons = _text(_l("The panel's reasons"), limit=REASONS_LIMIT)
    minutes = _text(
        _l("The panel's minutes for this case"),
        _l("Enter the panel's minutes for this case"),
        _l("What the panel discussed, the questions it asked and the answers it heard"),
        limit=MINUTES_LIMIT,
    )
    submit = SubmitField(_l("Record the recommendation"), widget=GovSubmitInput())

    def __init__(self, *args, terms_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation.choices = _outcome_choices(terms_change)
        self.set_choices()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        changing = self.recommendation.data == ReviewOutcome.CHANGE_TERMS
        return self.validate_terms_if(changing, valid)


class NoticeForm(FlaskForm):
    sent_on = _date(_l("Date the notice was sent"), _l("Enter the date the notice was sent"))
    reasons = _text(
        _l("The reasons given in the notice"),
        _l("Enter the reasons given in the notice"),
        limit=REASONS_LIMIT,
    )
    submit = SubmitField(_l("Record the notice"), widget=GovSubmitInput())


class ReviewDecisionForm(ReviewTermsMixin, FlaskForm):
    decision = RadioField(
        _l("The decision maker's decision"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the decision"))],
    )
    decided_on = _date(_l("Date of the decision"), _l("Enter the date of the decision"))
    effective_from = DateFieldGOVUK(
        _l("Date the new terms come into force"),
        description=_l("Leave empty for the date of the decision. For example, 1 4 2027"),
        validators=[Optional()],
    )
    reasons = _text(
        _l("Reasons"),
        description=_l("Needed when the decision differs from what was recommended"),
        limit=REASONS_LIMIT,
    )
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())

    def __init__(self, *args, terms_change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = _outcome_choices(terms_change)
        self.set_choices()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        changing = self.decision.data == ReviewOutcome.CHANGE_TERMS
        if not changing:
            self.effective_from.errors = []
        return self.validate_terms_if(changing, valid)
