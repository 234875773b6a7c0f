"""The commissioning pages' filter forms: GET forms whose values live in the URL."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import Field, SelectField, StringField, SubmitField

from fostering.commissioning.services.filters import DATE_PARTS, TypedDate
from fostering.models.placement import ProviderType
from fostering.services.local_authorities import named_choices
from fostering.web.fields import DateInput


class _GetForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing


class RangeDateInput(DateInput):
    """GOV.UK date input whose boxes are named ``from-day``, ``from-month`` and
    ``from-year`` (for a field named ``from``), so the URL reads plainly.

    Only the boxes a problem is about are marked in red, as the Design System asks.
    """

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["id"] = field.name  # the fieldset; field.id names the box to fix first
        for item, part in zip(params["items"], DATE_PARTS, strict=True):
            item["id"] = item["name"] = f"{field.name}-{part}"
            if field.errors and part not in field.marked:
                item["classes"] = item["classes"].replace("govuk-input--error", "").strip()
        return params


class RangeDateField(Field):
    """A day in a filter's range. The view fills it from what the URL gave: the filter
    service reads the URL (old ``from=2025-04-01`` links too), this only shows it."""

    widget = RangeDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("id", f"{kwargs['name']}-day")
        super().__init__(label, validators, **kwargs)
        self.marked: tuple[str, ...] = ()

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors, self.raw_data, self.data = [], None, None

    def show(self, typed: TypedDate | None, default: date | None = None) -> None:
        """Show what was typed (kept as typed), or else ``default``."""
        if typed is not None:
            self.raw_data = list(typed.parts)
        else:
            self.data = default

    def mark(self, message: str, parts: tuple[str, ...]) -> None:
        """Report ``message``; the error summary links to the first box marked."""
        self.errors = [message]
        self.marked = parts or DATE_PARTS
        self.id = f"{self.name}-{self.marked[0]}"

    def _value(self) -> str:
        return ""


LAST_DAY_HINT = _l("The last day counted, for example 31 3 2026")


class SpendFilterForm(_GetForm):
    start = RangeDateField(
        _l("From"), name="from", description=_l("The first day counted, for example 1 4 2025")
    )
    end = RangeDateField(_l("To"), name="to", description=LAST_DAY_HINT)
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
        self.area.choices = [("", _l("Anywhere")), *named_choices(areas)]


class SufficiencyFilterForm(_GetForm):
    run = SelectField(_l("Matching run"), widget=GovSelect(), choices=[])
    start = RangeDateField(
        _l("Or every run started from"), name="from", description=_l("For example 1 4 2025")
    )
    end = RangeDateField(_l("To"), name="to", description=_l("For example 31 3 2026"))
    area = SelectField(
        _l("Area (the child's home local authority)"), widget=GovSelect(), choices=[]
    )
    submit = SubmitField(_l("Show"), widget=GovSubmitInput())
