"""Form validators for UK phone numbers and postcodes, which also tidy what was typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

from fostering.services.contact import normalise_postcode, normalise_uk_phone


class UKPhone:
    """A UK phone number. Stores it in one form (``07700 900123``); empty is allowed."""

    def __init__(self, message=None):
        self.message = message or _l(
            "Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )

    def __call__(self, form, field):
        if not (field.data or "").strip():
            field.data = ""
            return
        normalised = normalise_uk_phone(field.data)
        if normalised is None:
            raise StopValidation(str(self.message))
        field.data = normalised


class UKPostcode:
    """A UK postcode. Stores it as ``CF10 1AA``; empty is allowed."""

    def __init__(self, message=None):
        self.message = message or _l("Enter a real postcode, like CF10 1AA")

    def __call__(self, form, field):
        if not (field.data or "").strip():
            field.data = ""
            return
        normalised = normalise_postcode(field.data)
        if normalised is None:
            raise ValidationError(str(self.message))
        field.data = normalised


class Honeypot:
    """A field people never see. Bots fill it in; the view fakes success for them."""

    @staticmethod
    def caught(form) -> bool:
        field = getattr(form, "website", None)
        return bool(field is not None and (field.data or "").strip())
