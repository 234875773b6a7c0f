"""Forms for the payment tables, a carer's payment terms and a placement's extras."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from fostering.models.payments import FEE_LEVELS, FIGURE_COLUMNS, FIRST_YEAR, LAST_YEAR, PaymentKind
from fostering.payments.services.extras import REASON_LIMIT
from fostering.web.fields import DateFieldGOVUK, PoundsField, WholeNumberField
from fostering.web.forms import strip_whitespace

_AMOUNT = _l("Enter an amount in pounds, like 217 or 217.50")
_YEAR = _l("Enter the year the financial year starts in, like 2027")


def _pounds(label):
    return PoundsField(
        label,
        message=_AMOUNT,
        validators=[InputRequired(message=_l("Enter an amount in pounds for each figure"))],
    )


class TableForm(FlaskForm):
    """One financial year's figures. The year is asked for only when adding a table."""

    financial_year = WholeNumberField(
        _l("Financial year starting in"),
        description=_l("For example, 2027 for 1 April 2027 to 31 March 2028"),
        not_a_number=_YEAR,
        validators=[
            InputRequired(message=_YEAR),
            NumberRange(min=FIRST_YEAR, max=LAST_YEAR, message=_YEAR),
        ],
    )
    allowance_0_4_pence = _pounds(_l("Aged 0 to 4"))
    allowance_5_10_pence = _pounds(_l("Aged 5 to 10"))
    allowance_11_15_pence = _pounds(_l("Aged 11 to 15"))
    allowance_16_17_pence = _pounds(_l("Aged 16 to 17"))
    fee_level_1_pence = _pounds(_l("Level 1"))
    fee_level_2_pence = _pounds(_l("Level 2"))
    fee_level_3_pence = _pounds(_l("Level 3"))
    fee_level_4_pence = _pounds(_l("Level 4"))
    salary_pence = _pounds(_l("Weekly salary of a salaried household"))
    submit = SubmitField(_l("Save the payment table"), widget=GovSubmitInput())

    def figure_fields(self):
        return [self[column] for column in FIGURE_COLUMNS]

    def fill(self, figures: dict[str, int]) -> None:
        for column in FIGURE_COLUMNS:
            self[column].show_pence(figures[column])

    def figures(self) -> dict[str, int | None]:
        return {column: self[column].pence for column in FIGURE_COLUMNS}


class EditTableForm(TableForm):
    financial_year = None


class TermsForm(FlaskForm):
    effective_from = DateFieldGOVUK(
        _l("Date the new terms start"),
        description=_l("For example, 1 4 2027"),
        validators=[InputRequired(message=_l("Enter the date the new terms start"))],
    )
    kind = RadioField(
        _l("How is the carer paid?"),
        widget=GovRadioInput(),
        choices=[(kind.value, kind.label) for kind in PaymentKind],
        validators=[InputRequired(message=_l("Choose how the carer is paid"))],
    )
    fee_level = RadioField(
        _l("Fee level (fee-paid carers only)"),
        widget=GovRadioInput(),
        choices=[(str(level), _l("Level %(level)d", level=level)) for level in FEE_LEVELS],
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save the payment terms"), widget=GovSubmitInput())

    def level(self) -> int | None:
        return int(self.fee_level.data) if self.fee_level.data else None


class ExtraForm(FlaskForm):
    effective_from = DateFieldGOVUK(
        _l("Date the extra starts"),
        description=_l("For example, 1 5 2027"),
        validators=[InputRequired(message=_l("Enter the date the extra starts"))],
    )
    weekly = PoundsField(
        _l("Extra a week, in pounds"),
        message=_AMOUNT,
        description=_l("0 ends an earlier extra"),
        validators=[InputRequired(message=_l("Enter the extra a week in pounds"))],
    )
    reason = StringField(
        _l("What the extra is for"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter what the extra payment is for")),
            Length(
                max=REASON_LIMIT,
                message=_l("Use %(count)d characters or fewer", count=REASON_LIMIT),
            ),
        ],
    )
    submit = SubmitField(_l("Save the extra"), widget=GovSubmitInput())
