"""The statutory return pages' form: which return, for which year."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError


class ChooseReturnForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that only chooses a page to show

    kind = RadioField(
        _l("Which return?"),
        widget=GovRadioInput(),
        choices=[],
        validate_choice=False,  # validate_kind says what to do instead
        validators=[InputRequired(message=_l("Choose which return to check"))],
    )
    year = SelectField(
        _l("Collection year"),
        description=_l("Each year runs from 1 April to 31 March."),
        widget=GovSelect(),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(message=_l("Choose a collection year"))],
    )
    submit = SubmitField(_l("Check the return"), widget=GovSubmitInput())

    def __init__(self, *args, kinds, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kinds.items())
        self.year.choices = [(str(year.start_year), label) for year, label in years]

    def validate_kind(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose which return to check"))

    def validate_year(self, field):
        if field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a collection year"))
