"""The enquiry's question pages: one question, or a small group, per page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from fostering.models.enquiry import HeardFrom, PlacementInterest, SpareBedroom
from fostering.web.fields import NotBlank, Phone, UKPostcode, WholeNumberField
from fostering.web.forms import strip_whitespace

EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.com")


class EnquiryStepForm(FlaskForm):
    # The honeypot: hidden from people (and screen readers), filled in by bots.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def answers(self) -> dict:
        """What this page adds to the enquiry, ready to keep until it is sent."""
        skip = {"website", "submit", "csrf_token"}
        return {name: field.data for name, field in self._fields.items() if name not in skip}


class NameForm(EnquiryStepForm):
    first_name = StringField(
        _l("First name"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            NotBlank(message=_l("Enter your first name")),
            Length(max=100, message=_l("First name must be 100 characters or fewer")),
        ],
    )
    last_name = StringField(
        _l("Last name"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            NotBlank(message=_l("Enter your last name")),
            Length(max=100, message=_l("Last name must be 100 characters or fewer")),
        ],
    )


class ContactForm(EnquiryStepForm):
    email = EmailField(
        _l("Email address"),
        description=_l("We will send a copy of your enquiry to this address"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(message=EMAIL_FORMAT),
        ],
    )
    phone = StringField(
        _l("Phone number"),
        description=_l("For international numbers include the country code"),
        widget=GovTextInput(),
        validators=[Phone()],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.email.errors.append(str(_l("Enter an email address or a phone number, or both")))
            return False
        return valid

    def answers(self) -> dict:
        return {
            "email": (self.email.data or "").strip().lower(),
            "phone": (self.phone.data or "").strip(),
        }


class PostcodeForm(EnquiryStepForm):
    postcode = StringField(
        _l("What is your postcode?"),
        description=_l("For example, CF10 1AA"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[NotBlank(message=_l("Enter your postcode")), UKPostcode()],
    )


class HouseholdForm(EnquiryStepForm):
    household = TextAreaField(
        _l("Who lives in your home?"),
        description=_l(
            "Tell us about the people who live with you, for example a partner, "
            "children, a lodger or a parent."
        ),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[
            NotBlank(message=_l("Tell us who lives in your home")),
            Length(max=2000, message=_l("Your answer must be 2,000 characters or fewer")),
        ],
    )
    adults_at_home = WholeNumberField(
        _l("How many adults (aged 18 or over) live in your home, including you?"),
        not_a_number=_l("Number of adults must be a whole number, like 2"),
        validators=[
            NotBlank(message=_l("Enter how many adults live in your home")),
            NumberRange(min=1, max=20, message=_l("Number of adults must be between 1 and 20")),
        ],
    )
    children_at_home = WholeNumberField(
        _l("How many children (under 18) live in your home?"),
        not_a_number=_l("Number of children must be a whole number, like 0"),
        validators=[
            NotBlank(message=_l("Enter how many children live in your home")),
            NumberRange(min=0, max=20, message=_l("Number of children must be between 0 and 20")),
        ],
    )


class BedroomForm(EnquiryStepForm):
    spare_bedroom = RadioField(
        _l("Do you have a spare bedroom?"),
        description=_l("A child who is fostered needs a bedroom of their own."),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Select yes if you have a spare bedroom"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spare_bedroom.choices = SpareBedroom.choices()


class InterestsForm(EnquiryStepForm):
    interests = SelectMultipleField(
        _l("What kinds of fostering are you interested in?"),
        description=_l("Select all that apply. You can change your mind later."),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[
            InputRequired(message=_l("Select the kinds of fostering you are interested in"))
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.interests.choices = PlacementInterest.choices()


class HeardFromForm(EnquiryStepForm):
    heard_from = RadioField(
        _l("How did you hear about fostering with us?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Select how you heard about fostering with us"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.heard_from.choices = HeardFrom.choices()


class ConsentForm(EnquiryStepForm):
    consent_to_contact = BooleanField(
        _l("I agree to the fostering team contacting me about fostering"),
        widget=GovCheckboxInput(),
        validators=[
            InputRequired(
                message=_l("Agree to be contacted so that the fostering team can reply to you")
            )
        ],
    )


class SendForm(EnquiryStepForm):
    submit = SubmitField(_l("Send enquiry"), widget=GovSubmitInput())
