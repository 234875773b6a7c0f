"""Forms for the administrator's needs list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from fostering.admin.services.needs import NAME_LIMIT
from fostering.web.forms import strip_whitespace

_TOO_LONG = _l("The name must be %(count)d characters or fewer", count=NAME_LIMIT)


class NeedForm(FlaskForm):
    name_en = StringField(
        _l("Name in English"),
        description=_l("For example, Complex health needs"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter the need's name in English")),
            Length(max=NAME_LIMIT, message=_TOO_LONG),
        ],
    )
    name_cy = StringField(
        _l("Name in Welsh"),
        description=_l("For example, Anghenion iechyd cymhleth"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter the need's name in Welsh")),
            Length(max=NAME_LIMIT, message=_TOO_LONG),
        ],
    )
    submit = SubmitField(_l("Save the need"), widget=GovSubmitInput())
