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
    GovTextInput,
)
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from fostering.models.carer import PlacementType
from fostering.models.child import ChildStatus, Setting, Urgency
from fostering.placements.services import children as children_service
from fostering.placements.services.children import Referral
from fostering.web.fields import YES_NO_IS, DateFieldGOVUK, PostcodeField
from fostering.web.forms import strip_whitespace

# A child's sex as recorded on the referral (the carer's terms use plural labels).
SEX_CHOICES = [("F", _l("Female")), ("M", _l("Male")), ("X", _l("Another gender"))]
OLDEST = 17
NAME_LIMIT = 100
REFERENCE_LIMIT = 20


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
    submit = SubmitField(_l("Save the referral"), widget=GovSubmitInput())

    def set_choices(self, need_choices: list[tuple[str, str]]) -> None:
        self.needs.choices = need_choices
        self.setting.choices = Setting.choices()
        self.placement_type.choices = PlacementType.choices()
        self.urgency.choices = Urgency.choices()

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
        validators=[Optional(), Length(max=100)],
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
