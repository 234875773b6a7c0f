"""Form pieces shared by every area: GOV.UK dates with translated labels and errors."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField


class DateInput(GovDateInput):
    """GOV.UK date input whose Day, Month and Year labels follow the page's language."""

    def map_gov_params(self, field, **kwargs):
        raw = field.raw_data
        if raw is not None and len(raw) != 3:
            field.raw_data = None  # the library expects exactly day, month and year
        try:
            params = super().map_gov_params(field, **kwargs)
        finally:
            field.raw_data = raw
        labels = [_("Day"), _("Month"), _("Year")]
        for item, label in zip(params.get("items", []), labels, strict=False):
            item["label"] = label
        return params


class DateFieldGOVUK(DateField):
    """A day/month/year date whose error says what to fix, in the page's language."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not any(part.strip() for part in valuelist):
            self.data = None
            return
        parts = [part.strip() for part in valuelist]
        if len(parts) != 3 or not all(parts):
            self.data = None
            raise ValueError(
                _("%(label)s must include a day, month and year", label=self.label.text)
            )
        try:
            day, month, year = (int(part) for part in parts)
            self.data = date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(_("%(label)s must be a real date", label=self.label.text)) from None
        if year < 1900:
            self.data = None
            raise ValueError(_("%(label)s must include a 4-digit year", label=self.label.text))


def strip_whitespace(value: str | None) -> str | None:
    """WTForms filter: people paste emails and references with spaces around them."""
    return value.strip() if isinstance(value, str) else value
