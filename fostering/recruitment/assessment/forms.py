"""Forms for the fostering team's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from fostering.models.assessment import (
    CheckStatus,
    FormFStatus,
    Recommendation,
    Stage1Outcome,
)
from fostering.models.carer import (
    MAX_AGE,
    MAX_PLACES,
    CarerSkill,
    CarerStatus,
    ChildSex,
    PlacementType,
)
from fostering.models.payments import FEE_LEVELS
from fostering.recruitment.services.terms import Terms
from fostering.web.fields import (
    YES_NO,
    DateFieldGOVUK,
    KnownPostcode,
    PostcodeField,
    PoundsField,
    WholeNumberField,
)

REASONS_LIMIT = 5000
MINUTES_LIMIT = 20000


def _reasons(label, message, description=None, limit=REASONS_LIMIT):
    return TextAreaField(
        label,
        description=description,
        widget=GovTextArea(),
        validators=[
            InputRequired(message=message),
            Length(
                max=limit,
                message=_l("This must be %(count)d characters or fewer", count=limit),
            ),
        ],
    )


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing


class InboxSearchForm(SearchForm):
    q = StringField(
        _l("Search by name, reference, email or postcode"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    show = SelectField(_l("Show"), widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())


class CaseSearchForm(SearchForm):
    q = StringField(
        _l("Search by name or reference"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    stage = SelectField(_l("Stage"), widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())


class CarerSearchForm(SearchForm):
    q = StringField(
        _l("Search by household name, reference or postcode"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    status = SelectField(_l("Status"), widget=GovSelect(), choices=[], validators=[Optional()])
    matching = SelectField(_l("Matching"), widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("", _l("Any status")), *CarerStatus.choices()]
        self.matching.choices = [
            ("", _l("Matchable or not")),
            ("yes", _l("Can be matched")),
            ("no", _l("Cannot be matched")),
        ]


class CarerPostcodeForm(FlaskForm):
    postcode = PostcodeField(
        _l("The household's postcode"),
        required=_l("Enter the household's postcode"),
        description=_l("It must be in the postcode directory, so that matching can find the home"),
    )
    submit = SubmitField(_l("Save the postcode"), widget=GovSubmitInput())


class VisitForm(FlaskForm):
    visit_date = DateFieldGOVUK(
        _l("Date of the initial visit"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date of the initial visit"))],
    )
    visit_time = StringField(
        _l("Time of the visit"),
        description=_l("Use the 24-hour clock, for example 14:30"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the time of the visit, like 14:30"))],
    )
    book_visit = SubmitField(_l("Book the visit"), widget=GovSubmitInput())

    def validate_visit_time(self, field):
        parts = (field.data or "").strip().replace(".", ":").split(":")
        try:
            hour, minute = int(parts[0]), int(parts[1])
        except (IndexError, ValueError):
            raise ValidationError(_l("Enter the time of the visit, like 14:30")) from None
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValidationError(_l("Enter a real time, like 14:30"))
        field.parsed = (hour, minute)


class VisitOutcomeForm(FlaskForm):
    outcome = RadioField(
        _l("What happens next?"),
        widget=GovRadioInput(),
        choices=[
            ("invite", _l("Invite the household to apply")),
            ("close", _l("Close the enquiry")),
        ],
        validators=[InputRequired(message=_l("Choose what happens next"))],
    )
    outcome_reason = TextAreaField(
        _l("Reason for closing (if closing)"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASONS_LIMIT)],
    )
    record_outcome = SubmitField(_l("Record the outcome"), widget=GovSubmitInput())

    def validate_outcome_reason(self, field):
        if self.outcome.data == "close" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the reason for closing the enquiry"))


class CloseEnquiryForm(FlaskForm):
    reason = _reasons(
        _l("Why is the enquiry being closed?"), _l("Enter the reason for closing the enquiry")
    )
    close_enquiry = SubmitField(_l("Close the enquiry"), widget=GovSubmitInput())


class AllocateForm(FlaskForm):
    worker = RadioField(
        _l("Assessing social worker"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a social worker"))],
    )
    submit = SubmitField(_l("Allocate"), widget=GovSubmitInput())


class CheckForm(FlaskForm):
    status = RadioField(
        _l("Status"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the status of the check"))],
    )
    received_on = DateFieldGOVUK(
        _l("Date received"),
        description=_l("Leave empty for today. For example, 27 3 2026"),
        validators=[Optional()],
    )
    notes = TextAreaField(
        _l("Notes"), widget=GovTextArea(), validators=[Optional(), Length(max=REASONS_LIMIT)]
    )
    # Shown for a DBS check only.
    dbs_certificate_number = StringField(
        _l("DBS certificate number"),
        description=_l("12 digits, at the top right of the certificate"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=30)],
    )
    dbs_issued_on = DateFieldGOVUK(
        _l("Date the certificate was issued"),
        description=_l("For example, 27 3 2026"),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save the check"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = CheckStatus.choices()


class Stage1RecommendationForm(FlaskForm):
    outcome = RadioField(
        _l("Your recommendation"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose your recommendation"))],
    )
    reasons = _reasons(_l("Reasons"), _l("Enter the reasons for the decision"))
    submit = SubmitField(_l("Send for sign-off"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome.choices = Stage1Outcome.choices()


class Stage1SignOffForm(FlaskForm):
    decision = RadioField(
        _l("Do you sign off this recommendation?"),
        widget=GovRadioInput(),
        choices=[
            ("sign_off", _l("Yes, sign it off: it becomes the Stage 1 decision")),
            ("return", _l("No, return it to the social worker")),
        ],
        validators=[InputRequired(message=_l("Choose whether to sign off the recommendation"))],
    )
    return_reason = TextAreaField(
        _l("Why are you returning it?"),
        description=_l("The social worker reads this before making a new recommendation"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASONS_LIMIT)],
    )
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())

    def validate_return_reason(self, field):
        if self.decision.data == "return" and not (field.data or "").strip():
            raise ValidationError(_l("Enter why the recommendation is being returned"))


class ReallocateForm(FlaskForm):
    worker = RadioField(
        _l("New assessing social worker"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a social worker"))],
    )
    reason = _reasons(
        _l("Why is the case being reallocated?"),
        _l("Enter the reason for reallocating the case"),
        _l("This is kept in the case's history."),
    )
    submit = SubmitField(_l("Reallocate"), widget=GovSubmitInput())


class MyCasesSearchForm(SearchForm):
    q = StringField(
        _l("Search by name or reference"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    show = SelectField(_l("Show"), widget=GovSelect(), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.show.choices = [
            ("live", _l("Live cases")),
            ("closed", _l("Closed cases")),
            ("all", _l("All my cases")),
        ]


class FormFSectionForm(FlaskForm):
    status = RadioField(
        _l("Progress"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the progress of the section"))],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = FormFStatus.choices()


class TrainingForm(FlaskForm):
    attended_on = DateFieldGOVUK(
        _l("Date Skills to Foster was completed"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date Skills to Foster was completed"))],
    )
    submit = SubmitField(_l("Record the training"), widget=GovSubmitInput())


class ReportForm(FlaskForm):
    recommendation = RadioField(
        _l("The assessing social worker's recommendation"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the recommendation"))],
    )
    summary = _reasons(_l("Summary of the assessment"), _l("Enter a summary of the assessment"))
    completed_on = DateFieldGOVUK(
        _l("Date the report was completed"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date the report was completed"))],
    )
    submit = SubmitField(_l("Complete the report"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation.choices = Recommendation.choices()


class PanelBookingForm(FlaskForm):
    meeting = RadioField(
        _l("Which panel meeting will hear the case?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a panel meeting from the list"))],
    )
    submit = SubmitField(_l("Book the panel"), widget=GovSubmitInput())


class PanelMeetingForm(FlaskForm):
    meeting_date = DateFieldGOVUK(
        _l("Date of the meeting"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date of the meeting"))],
    )
    starts_at = StringField(
        _l("Start time"),
        description=_l("Use the 24-hour clock, for example 10:00"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the start time in the 24-hour clock, like 10:00"))
        ],
    )
    venue = StringField(
        _l("Where the panel meets"),
        description=_l("A room and address, or how to join online"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter where the panel meets")), Length(max=200)],
    )
    chair = StringField(
        _l("Chair"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the name of the panel's chair")),
            Length(max=200),
        ],
    )
    members = TextAreaField(
        _l("Members who sit on the panel"),
        description=_l(
            "One name on each line, not the chair. Record who actually sat once the panel has met."
        ),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASONS_LIMIT)],
    )
    submit = SubmitField(_l("Save the meeting"), widget=GovSubmitInput())


def _number(label, message, low, high, range_message):
    return WholeNumberField(
        label,
        not_a_number=message,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=message),
            NumberRange(min=low, max=high, message=range_message),
        ],
    )


class TermsFormMixin:
    """The terms of approval, as the panel recommends them or the decision maker sets them."""

    places = _number(
        _l("Number of places"),
        _l("Enter the number of places as a whole number, like 2"),
        1,
        MAX_PLACES,
        _l("Number of places must be between 1 and %(most)d", most=MAX_PLACES),
    )
    min_age = _number(
        _l("Youngest age"),
        _l("Enter the youngest age as a whole number, like 0"),
        0,
        MAX_AGE,
        _l("Ages must be between 0 and %(oldest)d", oldest=MAX_AGE),
    )
    max_age = _number(
        _l("Oldest age"),
        _l("Enter the oldest age as a whole number, like 18"),
        0,
        MAX_AGE,
        _l("Ages must be between 0 and %(oldest)d", oldest=MAX_AGE),
    )
    sexes = SelectMultipleField(
        _l("Sexes (leave empty for any)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    placement_types = SelectMultipleField(
        _l("Placement types"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose at least one placement type"))],
    )
    skills = SelectMultipleField(
        _l("Skills"), widget=GovCheckboxesInput(), choices=[], validators=[Optional()]
    )
    welsh_speaking = RadioField(
        _l("Does the household speak Welsh?"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Say whether the household speaks Welsh"))],
    )
    postcode = StringField(
        _l("The household's postcode"),
        widget=GovTextInput(),
        description=_l("It must be in the postcode directory, so that matching can find the home"),
        validators=[InputRequired(message=_l("Enter the household's postcode")), KnownPostcode()],
    )
    weekly_allowance = PoundsField(
        _l("Weekly fostering allowance for one placement, in pounds"),
        message=_l("Enter the weekly allowance in pounds, like 325.50"),
        description=_l(
            "Used only for days before the council's first payment table. For example, 325.50"
        ),
        validators=[Optional()],
    )

    payment = RadioField(
        _l("How will the household be paid?"),
        widget=GovRadioInput(),
        description=_l("Leave it unchosen to set it later on the carer's payment terms page"),
        choices=[
            *((f"fee_paid:{level}", _l("Fee-paid, level %(level)d", level=level))
              for level in FEE_LEVELS),
            ("salaried", _l("Salaried")),
            ("allowance_only", _l("Allowance only (for example, connected persons)")),
        ],
        validators=[Optional()],
    )  # fmt: skip

    TERMS_FIELDS = (
        "places",
        "min_age",
        "max_age",
        "sexes",
        "placement_types",
        "skills",
        "welsh_speaking",
        "postcode",
        "weekly_allowance",
        "payment",
    )

    def validate_terms_if(self, approving: bool, valid: bool) -> bool:
        """Terms are only needed for approval: otherwise their errors do not count."""
        if approving:
            return valid
        for name in self.TERMS_FIELDS:
            getattr(self, name).errors = []
        return not any(field.errors for field in self)

    def set_choices(self) -> None:
        self.sexes.choices = ChildSex.choices()
        self.placement_types.choices = PlacementType.choices()
        self.skills.choices = CarerSkill.choices()

    def fill_from(self, terms: Terms | None) -> None:
        if terms is None:
            return
        self.places.data = terms.places
        self.min_age.data = terms.min_age
        self.max_age.data = terms.max_age
        self.sexes.data = list(terms.sexes)
        self.placement_types.data = list(terms.placement_types)
        self.skills.data = list(terms.skills)
        self.welsh_speaking.data = "yes" if terms.welsh_speaking else "no"
        self.postcode.data = terms.postcode
        if terms.weekly_allowance_pence:
            self.weekly_allowance.show_pence(terms.weekly_allowance_pence)
        self.payment.data = terms.payment or None

    def terms(self) -> Terms:
        from fostering.services.contact import normalise_postcode

        return Terms(
            places=self.places.data,
            min_age=self.min_age.data,
            max_age=self.max_age.data,
            sexes=tuple(self.sexes.data or ()),
            placement_types=tuple(self.placement_types.data or ()),
            skills=tuple(self.skills.data or ()),
            welsh_speaking=self.welsh_speaking.data == "yes",
            postcode=normalise_postcode(self.postcode.data) or self.postcode.data,
            weekly_allowance_pence=self.weekly_allowance.pence or 0,
            payment=self.payment.data or "",
        )


class PanelRecommendationForm(TermsFormMixin, FlaskForm):
    recommendation = RadioField(
        _l("The panel's recommendation"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the panel's recommendation"))],
    )
    reasons = TextAreaField(
        _l("The panel's reasons"),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASONS_LIMIT)],
    )
    minutes = _reasons(
        _l("The panel's minutes for this case"),
        _l("Enter the panel's minutes for this case"),
        _l("What the panel discussed, the questions it asked and the answers it heard"),
        limit=MINUTES_LIMIT,
    )
    submit = SubmitField(_l("Record the recommendation"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommendation.choices = Recommendation.choices()
        self.set_choices()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return self.validate_terms_if(self.recommendation.data == "approve", valid)


class DecisionForm(TermsFormMixin, FlaskForm):
    decision = RadioField(
        _l("The decision maker's decision"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the decision"))],
    )
    decided_on = DateFieldGOVUK(
        _l("Date of the decision"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date of the decision"))],
    )
    reasons = TextAreaField(
        _l("Reasons"),
        description=_l(
            "Needed when the household is not approved, or when the decision differs from "
            "the panel's recommendation"
        ),
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASONS_LIMIT)],
    )
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = Recommendation.choices()
        self.set_choices()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        return self.validate_terms_if(self.decision.data == "approve", valid)


class WithdrawForm(FlaskForm):
    reason = _reasons(
        _l("Why is the application being withdrawn?"),
        _l("Enter the reason the application was withdrawn"),
    )
    submit = SubmitField(_l("Withdraw the application"), widget=GovSubmitInput())
