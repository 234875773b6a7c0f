"""Forms for the provider register: search, homes, agencies, and a placement's end or cost."""

from __future__ import annotations

from flask_babel import get_locale
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
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from fostering.admin.services import needs
from fostering.models.carer import ChildSex, PlacementType
from fostering.models.provider import MAX_HOME_BEDS, AgencyKind, LegalForm
from fostering.placements.services import providers as register
from fostering.web.fields import (
    YES_NO_CAN,
    DateFieldGOVUK,
    PostcodeField,
    PoundsField,
    WholeNumberField,
)
from fostering.web.forms import strip_whitespace

WEEKLY_COST_FORMAT = _l("Enter the weekly cost in pounds, like 3800 or 3800.50")


class RegisterSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(
        _l("Search by name, reference or postcode"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200)],
    )
    # Unknown values in a hand-edited URL are ignored rather than refused.
    kind = SelectField(
        _l("Kind of provider"), widget=GovSelect(), choices=[], validate_choice=False
    )
    only = SelectMultipleField(
        _l("Show only"), widget=GovCheckboxesInput(), choices=[], validate_choice=False
    )
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [
            ("", _l("All kinds")),
            *((kind.value, label) for kind, label in register.KIND_LABELS.items()),
        ]
        self.only.choices = [(only.value, label) for only, label in register.ONLY_LABELS.items()]

    def query(self) -> register.RegisterQuery:
        if not self.validate():
            return register.RegisterQuery()
        kinds = {kind.value for kind in register.Kind}
        return register.RegisterQuery(
            text=(self.q.data or "").strip(),
            kind=self.kind.data if self.kind.data in kinds else "",
            only=frozenset(self.only.data or ()) & {only.value for only in register.Only},
        )


def _age(label, message):
    return WholeNumberField(
        label,
        not_a_number=message,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=message),
            NumberRange(
                min=0,
                max=register.MAX_AGE,
                message=_l("Ages must be between 0 and %(oldest)d", oldest=register.MAX_AGE),
            ),
        ],
    )


class _ProviderForm(FlaskForm):
    """The fields homes and agencies share: name, postcode and terms."""

    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter the provider's name")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    postcode = PostcodeField(_l("Postcode"), required=_l("Enter the postcode"))
    min_age = _age(_l("Youngest age"), _l("Enter the youngest age as a whole number, like 0"))
    max_age = _age(_l("Oldest age"), _l("Enter the oldest age as a whole number, like 17"))
    sexes = SelectMultipleField(
        _l("Sexes (leave empty for any)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    placement_types = SelectMultipleField(
        _l("Placement types (leave empty for any)"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
    )
    skills = SelectMultipleField(
        _l("Needs it can meet"), widget=GovCheckboxesInput(), choices=[], validators=[Optional()]
    )
    welsh_speaking = RadioField(
        _l("Can children be cared for in Welsh?"),
        widget=GovRadioInput(),
        # Welsh answers with the question's verb: "A ellir...?" → Gellir / Na ellir.
        choices=YES_NO_CAN,
        validators=[InputRequired(message=_l("Say whether children can be cared for in Welsh"))],
    )
    weekly_cost = PoundsField(
        _l("Weekly cost for one child, in pounds"),
        message=WEEKLY_COST_FORMAT,
        description=_l("For example, 3800 or 3800.50"),
        validators=[InputRequired(message=_l("Enter the weekly cost"))],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
    # The questions a subclass asks before these, in the order its page asks them: WTForms
    # puts a subclass's fields last, and the error summary must follow the page.
    asked_first: tuple[str, ...] = ()

    def __init__(self, *args, keep_skills=(), **kwargs):
        super().__init__(*args, **kwargs)
        first = {name: self._fields[name] for name in self.asked_first}
        self._fields = first | {k: v for k, v in self._fields.items() if k not in first}
        self.sexes.choices = ChildSex.choices()
        self.placement_types.choices = PlacementType.choices()
        self.skills.choices = needs.choices(str(get_locale() or "en"), keep_skills)

    def validate_max_age(self, field) -> None:
        if self.min_age.data is not None and field.data is not None:
            if self.min_age.data > field.data:
                raise ValidationError(_l("The youngest age must not be more than the oldest age"))

    def fill_terms(self, provider) -> None:
        """Show a saved provider's details (on GET)."""
        self.name.data = provider.name
        self.postcode.data = provider.postcode
        self.min_age.data = provider.min_age
        self.max_age.data = provider.max_age
        self.sexes.data = list(provider.sexes or [])
        self.placement_types.data = list(provider.placement_types or [])
        self.skills.data = list(provider.skills or [])
        self.welsh_speaking.data = "yes" if provider.welsh_speaking else "no"
        self.weekly_cost.show_pence(provider.weekly_cost_pence)

    def location(self) -> register.Location:
        found = self.postcode.location
        return register.Location(
            postcode=self.postcode.data,
            easting=found.easting if found else None,
            northing=found.northing if found else None,
            local_authority=found.local_authority if found else None,
        )

    def terms(self) -> register.Terms:
        return register.Terms(
            min_age=self.min_age.data,
            max_age=self.max_age.data,
            sexes=tuple(self.sexes.data or ()),
            placement_types=tuple(self.placement_types.data or ()),
            skills=tuple(self.skills.data or ()),
            welsh_speaking=self.welsh_speaking.data == "yes",
            weekly_cost_pence=self.weekly_cost.pence or 0,
        )


BEDS_MESSAGE = _l("Enter the number of beds as a whole number, like 4")


class HomeForm(_ProviderForm):
    asked_first = ("name", "beds")
    name = StringField(
        _l("Name of the home"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter the name of the home")),
            Length(max=200, message=_l("The name must be 200 characters or fewer")),
        ],
    )
    beds = WholeNumberField(
        _l("Number of beds"),
        description=_l("A council children's home has 1 to %(most)d beds", most=MAX_HOME_BEDS),
        not_a_number=BEDS_MESSAGE,
        widget=GovTextInput(),
        validators=[InputRequired(message=BEDS_MESSAGE)],
    )

    def fill_home(self, home) -> None:
        self.fill_terms(home)
        self.beds.data = home.beds

    def validate_beds(self, field) -> None:
        if field.data > MAX_HOME_BEDS:
            raise ValidationError(
                _l("A council children's home can have at most %(most)d beds", most=MAX_HOME_BEDS)
            )
        if field.data < 1:
            raise ValidationError(_l("A council children's home must have at least 1 bed"))

    def details(self) -> register.HomeDetails:
        return register.HomeDetails(
            name=self.name.data, location=self.location(), beds=self.beds.data, terms=self.terms()
        )


PLACES_MESSAGE = _l("Enter the number of places as a whole number, like 12, or leave it blank")


class AgencyForm(_ProviderForm):
    asked_first = ("name", "kind", "legal_form", "places")
    kind = RadioField(
        _l("Kind of provider"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the kind of provider"))],
    )
    legal_form = RadioField(
        _l("Legal form"),
        description=_l(
            "From 1 April 2026 only the first four may register a new fostering service or "
            "children's home in Wales (Health and Social Care (Wales) Act 2025). Whether the "
            "provider is not-for-profit follows from its legal form."
        ),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose the provider's legal form"))],
    )
    places = WholeNumberField(
        _l("Places offered to the council (optional)"),
        description=_l("Leave this blank if there is no agreed limit."),
        not_a_number=PLACES_MESSAGE,
        widget=GovTextInput(),
        validators=[Optional(), NumberRange(min=0, message=PLACES_MESSAGE)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = AgencyKind.choices()
        self.legal_form.choices = [(form.value, form.label) for form in LegalForm.for_agencies()]

    def fill_agency(self, agency) -> None:
        self.fill_terms(agency)
        self.kind.data = agency.kind
        self.legal_form.data = agency.legal_form
        self.places.data = agency.places

    def details(self) -> register.AgencyDetails:
        return register.AgencyDetails(
            name=self.name.data,
            kind=self.kind.data,
            legal_form=self.legal_form.data,
            places=self.places.data,
            location=self.location(),
            terms=self.terms(),
        )


class RateForm(FlaskForm):
    effective_from = DateFieldGOVUK(
        _l("Date the new cost starts"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the date the new cost starts"))],
    )
    weekly_cost = PoundsField(
        _l("New weekly cost, in pounds"),
        message=WEEKLY_COST_FORMAT,
        description=_l("For example, 3800 or 3800.50"),
        validators=[InputRequired(message=_l("Enter the weekly cost"))],
    )
    submit = SubmitField(_l("Change the weekly cost"), widget=GovSubmitInput())
