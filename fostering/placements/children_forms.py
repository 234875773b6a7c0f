"""Forms for children needing a placement: the list's search, the referral, siblings,
safeguarding and closing a referral."""

from __future__ import annotations

from datetime import date

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
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from fostering.models.carer import PlacementType
from fostering.models.child import ChildStatus, Setting, Urgency
from fostering.models.child_profile import (
    RISKS_TO_OTHERS,
    RISKS_TO_SELF,
    Alongside,
    Communication,
    ContactFrequency,
    Ethnicity,
    LearningNeeds,
    LegalStatus,
    Pets,
    Religion,
)
from fostering.placements.services import children as children_service
from fostering.placements.services.children import Profile, Referral
from fostering.web.fields import YES_NO, YES_NO_IS, DateFieldGOVUK, PostcodeField
from fostering.web.forms import strip_whitespace

# A child's sex as recorded on the referral (the carer's terms use plural labels).
SEX_CHOICES = [("F", _l("Female")), ("M", _l("Male")), ("X", _l("Another gender"))]
OLDEST = 17
NAME_LIMIT = 100
REFERENCE_LIMIT = 20
TEXT_LIMIT = 2000
TEXT_TOO_LONG = _l("This must be %(count)d characters or fewer", count=TEXT_LIMIT)


class ChildSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by name or reference"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=254)],
    )
    status = SelectField(_l("Status"), widget=GovSelect(), choices=[], validators=[Optional()])
    setting = SelectField(_l("Setting"), widget=GovSelect(), choices=[], validators=[Optional()])
    urgency = SelectField(_l("Urgency"), widget=GovSelect(), choices=[], validators=[Optional()])
    placement_type = SelectField(
        _l("Placement type"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    welsh = SelectField(
        _l("Welsh speaker"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [("any", _l("Any status")), *ChildStatus.choices()]
        self.setting.choices = [("", _l("Any setting")), *Setting.choices()]
        self.urgency.choices = [("", _l("Any urgency")), *Urgency.choices()]
        self.placement_type.choices = [("", _l("Any placement type")), *PlacementType.choices()]
        self.welsh.choices = [
            ("", _l("Welsh or not")),
            ("yes", _l("Welsh speakers")),
            ("no", _l("Not Welsh speakers")),
        ]
        if not self.status.data:
            self.status.data = ChildStatus.AWAITING.value

    def filters(self) -> children_service.ChildFilters:
        def valid(field) -> str:
            values = {value for value, _label in field.choices}
            return field.data if field.data in values else ""

        status = valid(self.status)
        return children_service.ChildFilters(
            text=(self.q.data or "").strip()[:254],
            status="" if status in ("", "any") else status,
            setting=valid(self.setting),
            urgency=valid(self.urgency),
            placement_type=valid(self.placement_type),
            welsh=valid(self.welsh),
        )

    def narrowed(self) -> bool:
        """True when the person searched or changed a filter from the defaults."""
        f = self.filters()
        return bool(
            f.text
            or f.status != ChildStatus.AWAITING.value
            or f.setting
            or f.urgency
            or f.placement_type
            or f.welsh
        )


def _name(label, message):
    return StringField(
        label,
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=message),
            Length(
                max=NAME_LIMIT,
                message=_l("This must be %(count)d characters or fewer", count=NAME_LIMIT),
            ),
        ],
    )


class ReferralForm(FlaskForm):
    given_name = _name(_l("Given name"), _l("Enter the child's given name"))
    family_name = _name(_l("Family name"), _l("Enter the child's family name"))
    reference = StringField(
        _l("Reference (optional)"),
        description=_l(
            "The case system's reference. Leave empty to have one made, like LAC01234567"
        ),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            Optional(),
            Length(
                max=REFERENCE_LIMIT,
                message=_l(
                    "The reference must be %(count)d characters or fewer", count=REFERENCE_LIMIT
                ),
            ),
            Regexp(
                r"^[A-Za-z0-9/-]+$",
                message=_l("The reference can only include letters, numbers, hyphens and slashes"),
            ),
        ],
    )
    date_of_birth = DateFieldGOVUK(
        _l("Date of birth"),
        description=_l("For example, 27 3 2015"),
        validators=[InputRequired(message=_l("Enter the child's date of birth"))],
    )
    sex = RadioField(
        _l("Sex"),
        widget=GovRadioInput(),
        choices=SEX_CHOICES,
        validators=[InputRequired(message=_l("Choose the child's sex"))],
    )
    welsh_speaking = RadioField(
        _l("Does the child speak Welsh?"),
        widget=GovRadioInput(),
        # Welsh answers with the question's verb: "Ydy'r plentyn...?" → Ydy / Nac ydy.
        choices=YES_NO_IS,
        validators=[InputRequired(message=_l("Say whether the child speaks Welsh"))],
    )
    setting = RadioField(
        _l("Setting"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a foster family or a residential home"))],
    )
    placement_type = RadioField(
        _l("Placement type"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the placement type"))],
    )
    urgency = RadioField(
        _l("Urgency"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose how soon a placement is needed"))],
    )
    date_needed = DateFieldGOVUK(
        _l("Date needed (optional)"),
        description=_l("Leave empty for as soon as possible. For example, 1 9 2026"),
        # No Optional(): it would hide "must include a day" when only the day is empty.
    )
    needs = SelectMultipleField(
        _l("Needs (choose all that apply)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    home_postcode = PostcodeField(
        _l("Home postcode"),
        description=_l("Where the child lived before coming into care. For example, CF10 1AA"),
        required=_l("Enter the child's home postcode"),
        malformed=_l("Enter a real home postcode, like CF10 1AA"),
        not_found=_l("We cannot find that home postcode. Check it and enter it again"),
    )
    school_postcode = PostcodeField(
        _l("School postcode (optional)"),
        description=_l("Leave empty if the child is not at school"),
        malformed=_l("Enter a real school postcode, like CF10 1AA, or leave it empty"),
        not_found=_l("We cannot find that school postcode. Check it or leave it empty"),
    )
    school_name = StringField(
        _l("School name (optional)"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=120, message=_l("Enter 120 characters or fewer"))],
    )
    keep_school = RadioField(
        _l("Must the child stay at this school?"),
        description=_l("Matching then counts a placement too far from the school as a move"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[Optional()],
    )
    # --- Identity, culture and language (s.78 of the 2014 Act) ---
    ethnicity = SelectField(
        _l("Ethnicity (optional)"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    religion = SelectField(
        _l("Religion (optional)"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    communication = SelectMultipleField(
        _l("Communication (choose all that apply)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    other_languages = StringField(
        _l("Other languages the child speaks (optional)"),
        description=_l("For example, Polish and Arabic"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=200, message=_l("Enter 200 characters or fewer"))],
    )
    interpreter_needed = RadioField(
        _l("Does the child need an interpreter?"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[Optional()],
    )
    # --- Health, learning and risks (the placements standard's domains) ---
    health_needs = TextAreaField(
        _l("Health needs (optional)"),
        description=_l("Conditions, medication and appointments a carer must know about"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=TEXT_LIMIT, message=TEXT_TOO_LONG)],
    )
    learning_needs = RadioField(
        _l("Additional learning needs"),
        widget=GovRadioInput(),
        choices=[],
        validators=[Optional()],
    )
    risks_to_self = SelectMultipleField(
        _l("Risks to the child (choose all that are present)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    risks_to_others = SelectMultipleField(
        _l("Risks to others or property (choose all that are present)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    risk_notes = TextAreaField(
        _l("About the risks (optional)"),
        description=_l("Other risks, and what keeps the child and others safe"),
        widget=GovTextArea(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=TEXT_LIMIT, message=TEXT_TOO_LONG)],
    )
    # --- The home the child needs ---
    alongside = RadioField(
        _l("Who can the child live alongside?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[Optional()],
    )
    pets = RadioField(
        _l("Can the child live with pets?"), widget=GovRadioInput(), choices=[],
        validators=[Optional()],
    )  # fmt: skip
    smoke_free = RadioField(
        _l("Does the child need a smoke-free home?"),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[Optional()],
    )
    # --- The legal status on referral (changes later are kept as history) ---
    legal_status = SelectField(
        _l("Legal status (optional)"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    legal_status_from = DateFieldGOVUK(
        _l("Legal status since"),
        description=_l("For example, 14 8 2026"),
    )
    social_worker = SelectField(
        _l("Allocated social worker"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    submit = SubmitField(_l("Save the referral"), widget=GovSubmitInput())

    def set_choices(
        self,
        need_choices: list[tuple[str, str]],
        social_workers: list[tuple[str, str]] | None = None,
    ) -> None:
        self.needs.choices = need_choices
        self.setting.choices = Setting.choices()
        self.placement_type.choices = PlacementType.choices()
        self.urgency.choices = Urgency.choices()
        not_recorded = ("", _l("Not recorded"))
        self.ethnicity.choices = [not_recorded, *Ethnicity.choices()]
        self.religion.choices = [not_recorded, *Religion.choices()]
        self.communication.choices = Communication.choices()
        self.learning_needs.choices = LearningNeeds.choices()
        self.risks_to_self.choices = [(r.value, r.label) for r in RISKS_TO_SELF]
        self.risks_to_others.choices = [(r.value, r.label) for r in RISKS_TO_OTHERS]
        self.alongside.choices = Alongside.choices()
        self.pets.choices = Pets.choices()
        if "legal_status" in self._fields:
            self.legal_status.choices = [not_recorded, *LegalStatus.choices()]
        if social_workers is None:  # a social worker's referral is their own
            del self.social_worker
        else:
            self.social_worker.choices = [("", _l("Not allocated yet")), *social_workers]

    def for_edit(self) -> None:
        """Changing a referral leaves the legal status to its own page, which keeps the
        history."""
        del self.legal_status
        del self.legal_status_from

    def validate_legal_status_from(self, field) -> None:
        if "legal_status" not in self._fields:
            return
        if self.legal_status.data and field.data is None and not field.errors:
            raise ValidationError(_l("Enter the date the legal status started"))
        if field.data is not None and not self.legal_status.data:
            raise ValidationError(_l("Choose the legal status, or leave the date empty"))
        if field.data is not None and field.data > date.today():
            raise ValidationError(_l("The legal status must have started today or earlier"))

    def validate_date_of_birth(self, field) -> None:
        if field.data is None:
            return
        today = date.today()
        if field.data > today:
            raise ValidationError(_l("The date of birth must be today or in the past"))
        years = (
            today.year
            - field.data.year
            - ((today.month, today.day) < (field.data.month, field.data.day))
        )
        if years > OLDEST:
            raise ValidationError(_l("The child must be under 18. Check the date of birth"))

    def fill_from(self, child) -> None:
        self.given_name.data = child.given_name
        self.family_name.data = child.family_name
        self.reference.data = child.reference
        self.date_of_birth.data = child.date_of_birth
        self.sex.data = child.sex
        self.needs.data = list(child.needs or [])
        self.setting.data = child.setting
        self.placement_type.data = child.placement_type
        self.urgency.data = child.urgency
        self.date_needed.data = child.date_needed
        self.home_postcode.data = child.home_postcode
        self.school_postcode.data = child.school_postcode or ""
        self.welsh_speaking.data = "yes" if child.welsh_speaking else "no"
        self.school_name.data = child.school_name or ""
        self.keep_school.data = {True: "yes", False: "no"}.get(child.keep_school)
        self.ethnicity.data = child.ethnicity or ""
        self.religion.data = child.religion or ""
        self.communication.data = list(child.communication or [])
        self.other_languages.data = child.other_languages or ""
        self.interpreter_needed.data = "yes" if child.interpreter_needed else "no"
        self.health_needs.data = child.health_needs or ""
        self.learning_needs.data = child.learning_needs
        risks = set(child.risks or [])
        self.risks_to_self.data = [r.value for r in RISKS_TO_SELF if r.value in risks]
        self.risks_to_others.data = [r.value for r in RISKS_TO_OTHERS if r.value in risks]
        self.risk_notes.data = child.risk_notes or ""
        self.alongside.data = child.alongside
        self.pets.data = child.pets
        self.smoke_free.data = "yes" if child.smoke_free else "no"
        if "social_worker" in self._fields:
            self.social_worker.data = str(child.social_worker_id or "")

    def profile(self) -> Profile:
        return Profile(
            ethnicity=self.ethnicity.data or None,
            religion=self.religion.data or None,
            communication=list(self.communication.data or []),
            other_languages=self.other_languages.data or None,
            interpreter_needed=self.interpreter_needed.data == "yes",
            health_needs=self.health_needs.data or None,
            learning_needs=self.learning_needs.data or None,
            risks=[*(self.risks_to_self.data or []), *(self.risks_to_others.data or [])],
            risk_notes=self.risk_notes.data or None,
            school_name=self.school_name.data or None,
            keep_school={"yes": True, "no": False}.get(self.keep_school.data or ""),
            alongside=self.alongside.data or None,
            pets=self.pets.data or None,
            smoke_free=self.smoke_free.data == "yes",
        )

    def referral(self) -> Referral:
        return Referral(
            given_name=self.given_name.data,
            family_name=self.family_name.data,
            reference=self.reference.data or "",
            date_of_birth=self.date_of_birth.data,
            sex=self.sex.data,
            needs=list(self.needs.data or []),
            setting=self.setting.data,
            placement_type=self.placement_type.data,
            urgency=self.urgency.data,
            date_needed=self.date_needed.data,
            home=self.home_postcode.location,
            school=self.school_postcode.location,
            welsh_speaking=self.welsh_speaking.data == "yes",
            profile=self.profile(),
            legal_status=self.legal_status.data if "legal_status" in self._fields else None,
            legal_status_from=(
                self.legal_status_from.data if "legal_status_from" in self._fields else None
            ),
            social_worker_id=(
                int(self.social_worker.data)
                if "social_worker" in self._fields and self.social_worker.data
                else None
            ),
        )


class CloseForm(FlaskForm):
    reason = RadioField(
        _l("Why is the referral closing?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose why the referral is closing"))],
    )
    submit = SubmitField(_l("Close the referral"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = list(children_service.CLOSE_REASONS.items())


class FindChildForm(FlaskForm):
    """The GOV.UK search for another child by name or reference (a GET: changes nothing)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search by name or reference"),
        description=_l("For example, Megan Price or LAC01234567"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Optional(), Length(max=100, message=_l("Enter 100 characters or fewer"))],
    )
    search = SubmitField(_l("Search"), widget=GovSubmitInput())


class SiblingForm(FlaskForm):
    """Choose one of the search's results to join this child's sibling group."""

    child = RadioField(
        _l("Choose the brother or sister"),
        widget=GovRadioInput(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message=_l("Choose the other child from the search results"))],
    )
    submit = SubmitField(_l("Add to the sibling group"), widget=GovSubmitInput())


class ExclusionForm(FlaskForm):
    """Choose one or more of the search's results this child must not live with."""

    child = SelectMultipleField(
        _l("Choose who this child must not live with"),
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message=_l("Choose the other child from the search results"))],
    )
    submit = SubmitField(_l("Keep these children apart"), widget=GovSubmitInput())


def result_choices(results) -> list[tuple[int, str]]:
    return [(c.id, f"{c.given_name} {c.family_name} ({c.reference})") for c in results]


class MaySplitForm(FlaskForm):
    may_split = RadioField(
        _l("May the siblings be placed apart if no placement fits them all?"),
        widget=GovRadioInput(),
        choices=[
            ("no", _l("No, keep them together")),
            ("yes", _l("Yes, they may be placed apart")),
        ],
        validators=[InputRequired(message=_l("Choose whether the siblings may be placed apart"))],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class LegalStatusForm(FlaskForm):
    legal_status = SelectField(
        _l("New legal status"),
        widget=GovSelect(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the legal status"))],
    )
    legal_status_from = DateFieldGOVUK(
        _l("Since"),
        description=_l("For example, 14 8 2026. The current status ends the day before"),
        validators=[InputRequired(message=_l("Enter the date the legal status started"))],
    )
    submit = SubmitField(_l("Record the legal status"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_status.choices = [("", _l("Choose a legal status")), *LegalStatus.choices()]


class ContactForm(FlaskForm):
    who = StringField(
        _l("Who the child sees"),
        description=_l("For example, Mother, or Brother Tom"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter who the child has contact with")),
            Length(max=100, message=_l("Enter 100 characters or fewer")),
        ],
    )
    place = StringField(
        _l("Where"),
        description=_l("For example, the family centre in Barry"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter where the contact happens")),
            Length(max=100, message=_l("Enter 100 characters or fewer")),
        ],
    )
    frequency = RadioField(
        _l("How often"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose how often the contact happens"))],
    )
    submit = SubmitField(_l("Add the contact arrangement"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = ContactFrequency.choices()
