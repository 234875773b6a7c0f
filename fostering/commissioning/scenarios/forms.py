"""Forms for scenarios: its name, and one form for each kind of change.

Forms read what was typed (whole numbers, pounds, choices); the rules (five beds at most,
a postcode the directory knows, counts from 1) are the service's, in ``changes``, so a
refusal reads the same wherever it comes from.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from fostering.admin.services import needs
from fostering.commissioning.scenarios.changes import FEE_LEVEL_LIMIT, RateKind
from fostering.models.carer import ChildSex, PlacementType
from fostering.models.provider import MAX_HOME_BEDS
from fostering.services.local_authorities import named_choices
from fostering.web.fields import YES_NO_CAN, PoundsField, WholeNumberField
from fostering.web.forms import strip_whitespace

COST_MESSAGE = _l("Enter the weekly cost in pounds, like 3800 or 3800.50")


class ScenarioForm(FlaskForm):
    name = StringField(
        _l("Name of the scenario"),
        description=_l("For example, Five homes of five beds in Cardiff"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=400)],
    )
    include_placed = BooleanField(
        _l("Also re-match children placed out of county or with agencies"),
        description=_l(
            "As if they could move: shows how many the changes would bring back. Without "
            "it, only children waiting for a placement (and those of providers the "
            "scenario closes) are matched."
        ),
        widget=GovCheckboxInput(),
    )
    submit = SubmitField(_l("Save the scenario"), widget=GovSubmitInput())


def _number(label, message, **kwargs):
    return WholeNumberField(label, not_a_number=message, widget=GovTextInput(), **kwargs)


class _NewPlacesForm(FlaskForm):
    """What new homes and new carers share: how many, where, ages, needs, cost."""

    count = _number(_l("How many"), _l("Enter how many as a whole number, like 5"))
    postcode = StringField(
        _l("Postcode"),
        description=_l("All of them at this postcode. Or leave it empty and choose an area."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=12)],
    )
    area = SelectField(
        _l("Or an area"),
        description=_l(
            "They are spread over the area: each at the middle of an equal share of its "
            "postcodes, from west to east."
        ),
        widget=GovSelect(),
        choices=[],
        validate_choice=False,
    )
    min_age = _number(_l("Youngest age"), _l("Enter the youngest age as a whole number, like 0"))
    max_age = _number(_l("Oldest age"), _l("Enter the oldest age as a whole number, like 17"))
    skills = SelectMultipleField(
        _l("Needs they can meet"), widget=GovCheckboxesInput(), choices=[],
        validators=[Optional()], validate_choice=False,
    )  # fmt: skip
    welsh_speaking = RadioField(
        _l("Can children be cared for in Welsh?"),
        widget=GovRadioInput(),
        choices=YES_NO_CAN,
        validators=[InputRequired(message=_l("Say whether children can be cared for in Welsh"))],
    )
    weekly_cost = PoundsField(
        _l("Weekly cost for one child, in pounds"),
        message=COST_MESSAGE,
        description=_l("For example, 3800 or 3800.50"),
        validators=[InputRequired(message=_l("Enter the weekly cost"))],
    )
    submit = SubmitField(_l("Add the change"), widget=GovSubmitInput())
    asked_first: tuple[str, ...] = ("count",)

    def __init__(self, *args, areas: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        first = {name: self._fields[name] for name in self.asked_first}
        self._fields = first | {k: v for k, v in self._fields.items() if k not in first}
        self.area.choices = [("", _l("Choose an area")), *named_choices(areas)]
        self.skills.choices = needs.choices(str(get_locale() or "en"))

    def common(self) -> dict:
        return {
            "count": self.count.data,
            "postcode": self.postcode.data,
            "area": self.area.data,
            "min_age": self.min_age.data,
            "max_age": self.max_age.data,
            "skills": self.skills.data or [],
            "welsh_speaking": self.welsh_speaking.data == "yes",
            "weekly_cost_pence": self.weekly_cost.pence,
        }


class OpenHomesForm(_NewPlacesForm):
    count = _number(_l("How many homes"), _l("Enter how many homes as a whole number, like 5"))
    beds = _number(
        _l("Beds in each home"),
        _l("Enter the number of beds as a whole number, like 4"),
        description=_l("A council children's home has 1 to %(most)d beds", most=MAX_HOME_BEDS),
    )
    asked_first = ("count", "beds")


class RecruitCarersForm(_NewPlacesForm):
    count = _number(
        _l("How many households"), _l("Enter how many households as a whole number, like 20")
    )
    places = _number(
        _l("Places in each household"), _l("Enter the number of places as a whole number, like 2")
    )
    sexes = SelectMultipleField(
        _l("Sexes (leave empty for any)"), widget=GovCheckboxesInput(), choices=[],
        validators=[Optional()], validate_choice=False,
    )  # fmt: skip
    placement_types = SelectMultipleField(
        _l("Placement types (leave empty for any)"), widget=GovCheckboxesInput(), choices=[],
        validators=[Optional()], validate_choice=False,
    )  # fmt: skip
    fee_level = StringField(
        _l("Fee level (optional)"),
        description=_l("The name of the fee level the weekly cost stands for, like Level 3"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=FEE_LEVEL_LIMIT)],
    )
    asked_first = ("count", "places")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sexes.choices = ChildSex.choices()
        self.placement_types.choices = PlacementType.choices()


class CloseProvidersForm(FlaskForm):
    providers = SelectMultipleField(
        _l("Council homes and independent providers"),
        widget=GovCheckboxesInput(),
        choices=[],
        validators=[Optional()],
        validate_choice=False,
    )
    references = TextAreaField(
        _l("Or references (for carers too)"),
        description=_l("For example FC-DEMO0012, AG-DEMO03. Separate them with commas or spaces."),
        widget=GovTextArea(),
        validators=[Length(max=4000)],
    )
    submit = SubmitField(_l("Add the change"), widget=GovSubmitInput())


class ChangeRatesForm(FlaskForm):
    rate_kind = RadioField(
        _l("Whose weekly rates change"), widget=GovRadioInput(), choices=[],
        validate_choice=False,
    )  # fmt: skip
    percent = StringField(
        _l("Change in per cent"),
        description=_l("For example 10 for a rise of 10%, or -5 for a fall of 5%"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[Length(max=12)],
    )
    submit = SubmitField(_l("Add the change"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rate_kind.choices = RateKind.choices()


class CompareForm(FlaskForm):
    class Meta:
        csrf = False  # a GET: it changes nothing

    ids = SelectMultipleField(
        _l("Scenarios to compare"), widget=GovCheckboxesInput(), choices=[],
        validate_choice=False,
    )  # fmt: skip
    submit = SubmitField(_l("Compare"), widget=GovSubmitInput())
