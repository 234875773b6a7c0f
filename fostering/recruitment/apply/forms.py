"""Forms for the application to foster.

Section forms check only the format of what is typed: whether a section is complete is
the service's rule (``services.applications.section_problems``), so an applicant can
save half a section and come back later.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from fostering.auth.passwords import MIN_PASSWORD_LENGTH
from fostering.models.application import Person, RefereeKind
from fostering.recruitment.enquiry.forms import EMAIL_FORMAT
from fostering.web.fields import (
    YES_NO,
    YES_NO_AM,
    YES_NO_ARE_THEY,
    DateFieldGOVUK,
    UKPhone,
    UKPostcode,
    WholeNumberField,
)

NINO = re.compile(r"^[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]$")
# Language names are written in their own language, in both languages (not translated).
LANGUAGE_CHOICES = [("en", "English"), ("cy", "Cymraeg")]


class OptionalRadioField(RadioField):
    """Radios that may be left unanswered while a section is in progress."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", GovRadioInput())
        kwargs.setdefault("choices", YES_NO)
        super().__init__(label, validators, **kwargs)

    def pre_validate(self, form):
        if self.data:
            super().pre_validate(form)


def text(label, *, max_length: int = 200, description=None, required=None, **kwargs):
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(
        Length(
            max=max_length,
            message=_l("Must be %(count)d characters or fewer", count=max_length),
        )
    )
    return StringField(
        label, description=description, widget=GovTextInput(), validators=validators, **kwargs
    )


def long_text(label, *, description=None, required=None):
    validators = [InputRequired(message=required)] if required else [Optional()]
    validators.append(Length(max=4000, message=_l("Your answer must be 4,000 characters or fewer")))
    return TextAreaField(
        label, description=description, widget=GovTextArea(), validators=validators
    )


def date_field(label, *, description=None, required=None):
    validators = [InputRequired(message=required)] if required else [Optional()]
    return DateFieldGOVUK(label, description=description, validators=validators)


class NationalInsuranceNumber:
    """QQ 12 34 56 C, stored without spaces in capitals."""

    def __call__(self, form, field):
        value = "".join((field.data or "").split()).upper()
        if not value:
            field.data = ""
            return
        if not NINO.match(value):
            raise ValidationError(
                str(
                    _l(
                        "Enter a National Insurance number in the correct format, "
                        "like QQ 12 34 56 C"
                    )
                )
            )
        field.data = value


class SectionForm(FlaskForm):
    """A section page: its questions, "Have you completed this section?" and the buttons."""

    completed = RadioField(
        _l("Have you completed this section?"),
        widget=GovRadioInput(),
        choices=[
            ("yes", _l("Yes, I’ve completed this section")),
            ("no", _l("No, I’ll come back to it later")),
        ],
        validate_choice=False,
    )
    submit = SubmitField(_l("Save and continue"), widget=GovSubmitInput())
    later = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())

    CONTROL_FIELDS = frozenset({"completed", "submit", "later", "csrf_token"})

    def question_fields(self):
        return [field for name, field in self._fields.items() if name not in self.CONTROL_FIELDS]

    def values(self) -> dict:
        return {field.name: field.data for field in self.question_fields()}

    @property
    def saving_for_later(self) -> bool:
        return bool(self.later.data)

    @property
    def marked_complete(self) -> bool:
        return not self.saving_for_later and self.completed.data == "yes"

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.saving_for_later and self.completed.data not in ("yes", "no"):
            self.completed.errors = [
                *self.completed.errors,
                str(_l("Select whether you have completed this section")),
            ]
            return False
        return valid


class AboutYouForm(SectionForm):
    first_name = text(_l("First name"), max_length=100)
    last_name = text(_l("Last name"), max_length=100)
    other_names = text(
        _l("Any other names you have been known by (optional)"),
        description=_l("For example, a name before marriage"),
    )
    date_of_birth = date_field(_l("Date of birth"), description=_l("For example, 27 3 1985"))
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[UKPhone()])
    national_insurance_number = StringField(
        _l("National Insurance number"),
        description=_l(
            "It’s on your National Insurance card, payslip or P60. For example, QQ 12 34 56 C."
        ),
        widget=GovTextInput(),
        validators=[NationalInsuranceNumber()],
    )
    speaks_welsh = OptionalRadioField(_l("Do you speak Welsh?"))
    language = OptionalRadioField(
        _l("Which language should we write to you in?"),
        description=_l("Our emails to you, and this service once you sign in, use it."),
        choices=LANGUAGE_CHOICES,
    )


class JointApplicantForm(SectionForm):
    has_joint_applicant = OptionalRadioField(
        _l("Are you applying with a partner?"),
        description=_l("A husband, wife or partner who lives with you applies with you."),
    )
    joint_first_name = text(_l("Their first name"), max_length=100)
    joint_last_name = text(_l("Their last name"), max_length=100)
    joint_other_names = text(_l("Any other names they have been known by (optional)"))
    joint_date_of_birth = date_field(_l("Their date of birth"))
    joint_email = EmailField(
        _l("Their email address"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254), Email(message=EMAIL_FORMAT)],
    )
    joint_phone = StringField(
        _l("Their phone number (optional)"), widget=GovTextInput(), validators=[UKPhone()]
    )
    joint_relationship = text(
        _l("Their relationship to you"), max_length=100, description=_l("For example, wife")
    )
    joint_language = OptionalRadioField(
        _l("Which language should we write to them in?"),
        description=_l(
            "When you complete this section we email them an invitation to sign in and "
            "fill in their own part: their health, convictions, consent to checks and "
            "declaration."
        ),
        choices=LANGUAGE_CHOICES,
    )


class HealthForm(SectionForm):
    has_health_conditions = OptionalRadioField(
        _l("Do you have a health condition or disability that affects your daily life?"),
        description=_l("Having one does not stop you fostering. The medical will look at it."),
    )
    health_details = long_text(_l("If yes, tell us about it"))
    smokes = OptionalRadioField(
        _l("Do you smoke or vape?"),
        choices=YES_NO_AM,
        description=_l("Children under 5 cannot be placed with carers who smoke or vape."),
    )
    gp_name = text(
        _l("Your GP surgery"),
        description=_l("We will ask your GP for a medical report, with your consent."),
    )


def convictions_questions():
    """The self-disclosure every adult answers (applicants and household members)."""
    return (
        OptionalRadioField(
            _l(
                "Have you ever been convicted of an offence, or received a caution, "
                "reprimand or final warning, in the UK or abroad?"
            ),
            description=_l(
                "Include spent ones: fostering is exempt from the Rehabilitation of "
                "Offenders Act, so your DBS check will show them. Having one does not "
                "always stop you fostering."
            ),
            choices=YES_NO_AM,
        ),
        long_text(_l("If yes, tell us what each was for, and when")),
    )


class DisclosuresForm(SectionForm):
    has_convictions, convictions_details = convictions_questions()
    child_protection = OptionalRadioField(
        _l(
            "Have you ever been involved with children's services because of concerns "
            "about a child's safety or welfare?"
        ),
        description=_l(
            "For example, a child protection investigation or plan, or care proceedings, "
            "about a child of yours or about you as a child."
        ),
        choices=YES_NO_AM,
    )
    child_protection_details = long_text(_l("If yes, tell us what happened, and when"))


class FinancesForm(SectionForm):
    income_sources = long_text(
        _l("Where does your household's income come from?"),
        description=_l(
            "For example, wages, self-employment, a pension or benefits. An outline is enough."
        ),
    )
    money_difficulties = OptionalRadioField(
        _l(
            "Do you have debts you are struggling to repay, rent or mortgage arrears, a "
            "county court judgment, or a bankruptcy or debt relief order?"
        ),
        description=_l(
            "Having debts does not stop you fostering. We need to know your household can manage."
        ),
    )
    money_difficulties_details = long_text(_l("If yes, tell us about it"))


PREVIOUS_OUTCOMES = [
    ("approved", _l("I was approved")),
    ("not_approved", _l("I was not approved")),
    ("withdrew", _l("I withdrew")),
    ("in_progress", _l("It has not finished yet")),
]


class PreviousFosteringForm(SectionForm):
    fostered_before = OptionalRadioField(
        _l("Have you fostered before, for us or for another fostering service?")
    )
    fostering_details = long_text(
        _l("If yes, who did you foster for, and when?"),
        description=_l("We will ask that service for a reference."),
    )
    adopted_before = OptionalRadioField(
        _l("Have you adopted, or applied to adopt or foster, before?")
    )
    previous_agency = text(
        _l("If yes, which fostering service, adoption agency or council was it with?")
    )
    previous_outcome = OptionalRadioField(
        _l("If yes, what happened to the application?"),
        choices=PREVIOUS_OUTCOMES,
    )
    adoption_details = long_text(_l("If yes, tell us about it, and when"))


TENURE_CHOICES = [
    ("owned", _l("I own it (with or without a mortgage)")),
    ("rented_social", _l("I rent it from the council or a housing association")),
    ("rented_private", _l("I rent it from a private landlord")),
    ("other", _l("Something else")),
]


class YourHomeForm(SectionForm):
    tenure = OptionalRadioField(_l("Do you own or rent your home?"), choices=TENURE_CHOICES)
    bedrooms = WholeNumberField(
        _l("How many bedrooms does your home have?"),
        not_a_number=_l("Number of bedrooms must be a whole number, like 3"),
        validators=[
            Optional(),
            NumberRange(min=1, max=30, message=_l("Number of bedrooms must be between 1 and 30")),
        ],
    )
    spare_bedrooms = WholeNumberField(
        _l("How many of those bedrooms are free for a child who is fostered?"),
        not_a_number=_l("Number of spare bedrooms must be a whole number, like 1"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=30, message=_l("Number of spare bedrooms must be between 0 and 30")
            ),
        ],
    )
    has_pets = OptionalRadioField(_l("Do you have any pets?"))
    pets_details = long_text(
        _l("If yes, tell us about them"),
        description=_l("What they are, how many, and for dogs their breed."),
    )
    others_smoke = OptionalRadioField(
        _l("Does anyone else who lives in your home smoke or vape?"),
    )


CONSENT_CHOICES = [
    ("dbs", _l("An enhanced DBS check on me")),
    ("local_authority", _l("Checks with the councils I have lived in")),
    ("medical", _l("A medical report from my GP")),
    ("references", _l("Contacting my referees, employers and former partners")),
]


class ConsentsForm(SectionForm):
    consents = SelectMultipleField(
        _l("I agree to these checks"),
        description=_l("Select all that apply. We need every one to assess your application."),
        widget=GovCheckboxesInput(),
        choices=CONSENT_CHOICES,
        validators=[Optional()],
    )


class ListSectionForm(SectionForm):
    """The completion question on a section that is a list (household, addresses...)."""


class RefereesSectionForm(SectionForm):
    former_partners = WholeNumberField(
        _l("How many former partners have you lived with?"),
        description=_l("Enter 0 if there are none. We ask each of them for a reference."),
        not_a_number=_l("Number of former partners must be a whole number, like 0"),
        validators=[
            Optional(),
            NumberRange(
                min=0, max=20, message=_l("Number of former partners must be between 0 and 20")
            ),
        ],
    )


# --- Items in the list sections: saved whole, so their questions are required -------


class ItemForm(FlaskForm):
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def question_fields(self):
        return [f for name, f in self._fields.items() if name not in {"submit", "csrf_token"}]

    def values(self) -> dict:
        return {field.name: field.data for field in self.question_fields()}


class HouseholdMemberForm(ItemForm):
    full_name = text(_l("Full name"), required=_l("Enter their full name"))
    relationship_to_applicant = text(
        _l("Their relationship to you"),
        max_length=100,
        description=_l("For example, son, mother or lodger"),
        required=_l("Enter their relationship to you"),
    )
    date_of_birth = date_field(
        _l("Date of birth"),
        description=_l("For example, 27 3 2010"),
        required=_l("Enter their date of birth"),
    )
    lives_here = RadioField(
        _l("Do they live with you all the time?"),
        description=_l("Choose no if they stay often but live somewhere else."),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[InputRequired(message=_l("Select yes if they live with you all the time"))],
    )
    email = EmailField(
        _l("Their email address (adults only)"),
        description=_l(
            "Everyone aged 18 or over who lives with you consents to their own DBS check. "
            "We email them a link."
        ),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254), Email(message=EMAIL_FORMAT)],
    )

    def values(self) -> dict:
        values = super().values()
        values["lives_here"] = values["lives_here"] == "yes"
        return values


class DatedItemForm(ItemForm):
    person = RadioField(
        _l("Whose is this?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Select whose this is"))],
    )

    def __init__(self, *args, joint: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = [(p.value, p.label) for p in Person]
        if not joint:
            del self.person

    def values(self) -> dict:
        values = super().values()
        values.setdefault("person", Person.APPLICANT.value)
        return values


class AddressForm(DatedItemForm):
    address_line_1 = text(
        _l("Address line 1"), required=_l("Enter address line 1, typically the building and street")
    )
    address_line_2 = text(_l("Address line 2 (optional)"))
    town = text(_l("Town or city"), max_length=100, required=_l("Enter the town or city"))
    postcode = StringField(
        _l("Postcode"),
        description=_l("Leave blank if the address is outside the UK"),
        widget=GovTextInput(),
        validators=[UKPostcode()],
    )
    country = text(_l("Country"), max_length=100, description=_l("If not the UK"))
    date_from = date_field(
        _l("When did you move in?"),
        description=_l("For example, 1 9 2018"),
        required=_l("Enter the date you moved in"),
    )
    date_to = date_field(
        _l("When did you move out?"),
        description=_l("Leave this blank if you live here now"),
    )


class EmploymentForm(DatedItemForm):
    employer = text(_l("Employer"), required=_l("Enter the employer's name"))
    job_title = text(_l("Job title"), required=_l("Enter the job title"))
    works_with_children = RadioField(
        _l("Does the job involve working with children?"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[
            InputRequired(message=_l("Select yes if the job involves working with children"))
        ],
    )
    date_from = date_field(
        _l("Start date"),
        description=_l("For example, 1 9 2018"),
        required=_l("Enter the start date"),
    )
    date_to = date_field(_l("End date"), description=_l("Leave this blank if it is your job now"))

    def values(self) -> dict:
        values = super().values()
        values["works_with_children"] = values["works_with_children"] == "yes"
        return values


class RefereeForm(ItemForm):
    kind = RadioField(
        _l("What kind of referee is this?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Select what kind of referee this is"))],
    )
    full_name = text(_l("Full name"), required=_l("Enter the referee's full name"))
    relationship_to_applicant = text(
        _l("How do they know you?"),
        description=_l("For example, friend, neighbour, manager or former partner"),
        required=_l("Enter how the referee knows you"),
    )
    related = RadioField(
        _l("Are they related to you or your joint applicant, or do they live with you?"),
        description=_l("Referees must not be family or people who live with you."),
        widget=GovRadioInput(),
        choices=YES_NO_ARE_THEY,
        validators=[
            InputRequired(message=_l("Select yes if they are related to you or live with you"))
        ],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254), Email(message=EMAIL_FORMAT)],
    )
    phone = StringField(_l("Phone number"), widget=GovTextInput(), validators=[UKPhone()])
    address = long_text(_l("Address (optional)"))
    years_known = WholeNumberField(
        _l("How many years have they known you? (optional)"),
        not_a_number=_l("Years known must be a whole number, like 5"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Years known must be between 0 and 100")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = RefereeKind.choices()

    def values(self) -> dict:
        values = super().values()
        values["related"] = values["related"] == "yes"
        return values


class RemoveForm(FlaskForm):
    submit = SubmitField(_l("Yes, remove it"), widget=GovSubmitInput())


class DeclarationForm(FlaskForm):
    agree = BooleanField(
        _l("I confirm that the information I have given is true and complete"),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Send application"), widget=GovSubmitInput())


class JointDeclarationForm(DeclarationForm):
    submit = SubmitField(_l("Sign your declaration"), widget=GovSubmitInput())


class DbsConsentForm(FlaskForm):
    """A household member's own consent to their DBS check (checked by the service)."""

    has_convictions, convictions_details = convictions_questions()
    agree = BooleanField(
        _l(
            "I agree to an enhanced DBS check, with the children's barred list, as part "
            "of this application to foster"
        ),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Give my consent"), widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Create a password"),
        description=_l("Use %(count)d characters or more.", count=MIN_PASSWORD_LENGTH),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a password")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "Password must be %(count)d characters or more", count=MIN_PASSWORD_LENGTH
                ),
            ),
            Length(max=1024, message=_l("Password must be 1,024 characters or fewer")),
        ],
    )
    confirm = PasswordField(
        _l("Confirm your password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the password again")),
            EqualTo(
                "password", message=_l("The passwords do not match: enter the same password twice")
            ),
        ],
    )
    submit = SubmitField(_l("Set password and continue"), widget=GovSubmitInput())
