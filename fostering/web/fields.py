"""Form fields and validators shared by every area, each in one place.

Dates (GOV.UK day, month and year boxes), whole numbers, pounds and pence, answers
that must not be blank, phone numbers and postcodes (with the postcode directory), and
the yes/no answers. Each field's error says what to fix, in the page's language, and
what was typed is kept when it is refused.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovTextInput
from wtforms import DateField, FloatField, IntegerField, StringField
from wtforms.validators import InputRequired, StopValidation, ValidationError

from fostering.services import postcodes
from fostering.services.contact import normalise_phone, normalise_postcode, normalise_uk_phone
from fostering.services.money import parse_pence
from fostering.web.dates import DateProblem, DateProblemCode, read_date_parts
from fostering.web.formatting import pence_as_input
from fostering.web.forms import strip_whitespace

# --- Yes or no -----------------------------------------------------------------------

# Welsh answers a yes/no question with the question's own verb, so each answer list is
# defined once per verb, with its one Welsh translation:
# "Oes / Nac oes" (is there, has), "Ydy / Nac ydy" (is it), "Gellir / Na ellir" (can it),
# "Ydw / Nac ydw" (do I, am I, have I been), "Ydyn / Nac ydyn" (are they).
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
YES_NO_IS = [("yes", lazy_pgettext("answer-is", "Yes")), ("no", lazy_pgettext("answer-is", "No"))]
YES_NO_AM = [("yes", lazy_pgettext("answer-am", "Yes")), ("no", lazy_pgettext("answer-am", "No"))]
YES_NO_ARE_THEY = [
    ("yes", lazy_pgettext("answer-are-they", "Yes")),
    ("no", lazy_pgettext("answer-are-they", "No")),
]
YES_NO_CAN = [
    ("yes", lazy_pgettext("answer-can", "Yes")),
    ("no", lazy_pgettext("answer-can", "No")),
]
# "Was the ending planned?" is answered Oedd / Nac oedd in Welsh.
YES_NO_WAS = [
    ("yes", lazy_pgettext("answer-was", "Yes")),
    ("no", lazy_pgettext("answer-was", "No")),
]


# --- Dates ---------------------------------------------------------------------------


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
        self.data = None
        if len(valuelist) != 3:
            if any(part.strip() for part in valuelist):
                raise ValueError(self._problem(DateProblemCode.MISSING))
            return
        result = read_date_parts(*valuelist)
        if isinstance(result, DateProblem):
            raise ValueError(self._problem(result.code))
        if result is not None and result.year < 1900:
            raise ValueError(self._problem(DateProblemCode.YEAR_DIGITS))
        self.data = result

    def _problem(self, code: DateProblemCode) -> str:
        label = self.label.text
        if code is DateProblemCode.MISSING:
            return _("%(label)s must include a day, month and year", label=label)
        if code is DateProblemCode.YEAR_DIGITS:
            return _("%(label)s must include a 4-digit year", label=label)
        return _("%(label)s must be a real date", label=label)


# --- Numbers and money ---------------------------------------------------------------


class WholeNumberField(IntegerField):
    """A whole number typed in a text box, with an error that says what to fix."""

    def __init__(self, label=None, validators=None, *, not_a_number, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, validators, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(str(self.not_a_number)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data)


class NumberField(FloatField):
    """A number typed in a text box (``2.5``, ``1,000``), read with Decimal; ``data`` is a
    float or None. Anything else, "nan" and "inf" included, gets the field's own sentence.
    """

    def __init__(self, label=None, validators=None, *, message, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            value = Decimal(valuelist[0].strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(str(self.message)) from None
        if not value.is_finite():
            raise ValueError(str(self.message))
        self.data = float(value)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"


class PoundsField(StringField):
    """An amount in pounds and pence, read exactly with Decimal into ``field.pence``."""

    def __init__(self, label=None, validators=None, *, message, **kwargs):
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(label, validators, filters=[strip_whitespace], **kwargs)
        self.message = message
        self.pence: int | None = None

    def pre_validate(self, form) -> None:
        self.pence = None
        if not self.data:
            return
        try:
            self.pence = parse_pence(self.data)
        except ValueError:
            raise ValidationError(str(self.message)) from None

    def show_pence(self, value: int | None) -> None:
        """Fill the box from stored pence (``380050`` → ``"3800.50"``)."""
        if value is not None:
            self.data = pence_as_input(value)


# --- Text that must be given ----------------------------------------------------------


class NotBlank:
    """Required, and more than spaces: ``"   "`` is refused like an empty box (which
    ``InputRequired`` alone lets through), as is a number box left with only spaces.
    Give text fields ``filters=[strip_whitespace]`` so what is kept has no stray spaces."""

    field_flags = {"required": True}

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field) -> None:
        if field.errors:  # what was typed could not be read, and its error says so
            raise StopValidation()
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            raise StopValidation(str(self.message))


# --- Phone numbers and postcodes -----------------------------------------------------


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


class Phone(_Normalised):
    """A UK phone number, stored as ``07700 900123``, or another country's with its
    country code, stored as ``+353 1 234 5678``."""

    normalise = staticmethod(normalise_phone)
    default_message = _l(
        "Enter a phone number, like 01632 960 001 or 07700 900 982, or a number from "
        "another country with its country code, like +353 1 234 5678"
    )


class UKPostcode(_Normalised):
    """A UK postcode, stored as ``CF10 1AA``."""

    normalise = staticmethod(normalise_postcode)
    default_message = _l("Enter a real postcode, like CF10 1AA")


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
