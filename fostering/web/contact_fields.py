"""Form validators for UK phone numbers and postcodes, which also tidy what was typed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation

from fostering.services.contact import normalise_postcode, normalise_uk_phone


class _Normalised:
    """Empty is allowed; anything else must normalise, and is stored normalised.

    What was typed stays in the field when it does not, so the page shows it again.
    """

    normalise = staticmethod(lambda text: text)
    default_message: object = ""

    def __init__(self, message=None):
        self.message = message or self.default_message

    def __call__(self, form, field):
        if not (field.data or "").strip():
            field.data = ""
            return
        normalised = type(self).normalise(field.data)
        if normalised is None:
            raise StopValidation(str(self.message))
        field.data = normalised


class UKPhone(_Normalised):
    """A UK phone number, stored as ``07700 900123``."""

    normalise = staticmethod(normalise_uk_phone)
    default_message = _l(
        "Enter a UK phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
    )


class UKPostcode(_Normalised):
    """A UK postcode, stored as ``CF10 1AA``."""

    normalise = staticmethod(normalise_postcode)
    default_message = _l("Enter a real postcode, like CF10 1AA")


class Honeypot:
    """A field people never see. Bots fill it in; the view fakes success for them."""

    @staticmethod
    def caught(form) -> bool:
        field = getattr(form, "website", None)
        return bool(field is not None and (field.data or "").strip())
