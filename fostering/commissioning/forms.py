"""The commissioning pages' filter forms: GET forms whose values live in the URL."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField

from fostering.models.placement import ProviderType


class _GetForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing


def _day(label, name: str, hint) -> StringField:
    """A date typed as year-month-day, kept in the URL under ``name``."""
    return StringField(label, name=name, widget=GovTextInput(), description=hint)


LAST_DAY_HINT = _l("The last day counted, for example 2026-03-31")


class SpendFilterForm(_GetForm):
    start = _day(
        _l("From"),
        "from",
        _l("The first day counted, as year-month-day, for example 2025-04-01"),
    )
    end = _day(_l("To"), "to", LAST_DAY_HINT)
    type = SelectField(_l("Provider type"), widget=GovSelect(), choices=[])
    provider = StringField(
        _l("Provider reference"),
        widget=GovTextInput(),
        description=_l("For example AG00012. Leave it empty for every provider."),
    )
    area = SelectField(
        _l("Area (where the provider is)"),
        widget=GovSelect(),
        choices=[],
        description=_l("The local authority the carer, home or agency is in."),
    )
    q = StringField(
        _l("Search by child reference, provider name or provider reference"),
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Apply filters"), widget=GovSubmitInput())

    def set_choices(self, areas: list[str]) -> None:
        self.type.choices = [("", _l("Any provider type")), *ProviderType.choices()]
        self.area.choices = [("", _l("Anywhere")), *((code, code) for code in areas)]


class SufficiencyFilterForm(_GetForm):
    run = SelectField(_l("Matching run"), widget=GovSelect(), choices=[])
    start = _day(
        _l("Or every run started from"), "from", _l("As year-month-day, for example 2025-04-01")
    )
    end = _day(_l("To"), "to", LAST_DAY_HINT)
    area = SelectField(
        _l("Area (the child's home local authority)"), widget=GovSelect(), choices=[]
    )
    submit = SubmitField(_l("Show"), widget=GovSubmitInput())
