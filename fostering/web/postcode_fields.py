"""Postcodes that must be in the postcode directory, for forms that place people on a map.

``KnownPostcode`` normalises what was typed ("cf101aa" → "CF10 1AA"), refuses a
malformed postcode and one the directory does not hold, and leaves the directory's
:class:`~fostering.models.postcode.Postcode` row on ``field.location`` so a service can
copy its easting, northing and local authority. ``PostcodeField`` is a GOV.UK text input
with the validator already attached (and ``required`` for the "Enter a postcode" case;
``malformed`` and ``not_found`` name the postcode when a form has more than one).

Usage::

    home_postcode = PostcodeField(_l("Home postcode"), required=_l("Enter the home postcode"))
    school_postcode = PostcodeField(_l("School postcode (optional)"))
    ...
    form.home_postcode.location.easting
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import InputRequired, StopValidation

from fostering.services import postcodes

MALFORMED = _l("Enter a real postcode, like CF10 1AA")
NOT_FOUND = _l("We cannot find that postcode. Check it and enter it again")


class KnownPostcode:
    """Empty is allowed (add ``InputRequired`` to require one); anything else must be a
    postcode in the directory. Sets ``field.data`` to the normalised postcode and
    ``field.location`` to its directory row (None when empty). What was typed stays in
    the field when it is refused, so the page shows it again.
    """

    def __init__(self, malformed=None, not_found=None):
        self.malformed = malformed or MALFORMED
        self.not_found = not_found or NOT_FOUND

    def __call__(self, form, field) -> None:
        field.location = None
        if not (field.data or "").strip():
            field.data = ""
            return
        normalised = postcodes.normalise(field.data)
        if normalised is None:
            raise StopValidation(str(self.malformed))
        row = postcodes.lookup(normalised)
        if row is None:
            raise StopValidation(str(self.not_found))
        field.data = normalised
        field.location = row


class PostcodeField(StringField):
    """A postcode text box checked against the directory; ``location`` after validation.

    ``required``: the message shown when it is left empty; leave it out for an optional
    postcode. ``malformed`` / ``not_found``: messages that say which postcode is wrong,
    for a form with more than one (the error summary lists them side by side).
    """

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        required=None,
        malformed=None,
        not_found=None,
        **kwargs,
    ):
        kwargs.setdefault("widget", GovTextInput())
        chain = list(validators or [])
        if required is not None:
            chain.insert(0, InputRequired(message=required))
        chain.append(KnownPostcode(malformed=malformed, not_found=not_found))
        super().__init__(label, chain, **kwargs)
        self.location = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if isinstance(self.data, str):
            self.data = self.data.strip()
