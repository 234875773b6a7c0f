"""The administrator's form for the council's matching defaults."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from fostering.admin.services.matching_settings import MAX_TIME_LIMIT_SECONDS
from fostering.web.fields import YES_NO, NumberField, WholeNumberField

A_NUMBER = _l("Enter a number, like 10 or 2.5")


def _weight(label, hint):
    return NumberField(
        label,
        message=A_NUMBER,
        description=hint,
        validators=[InputRequired(message=_l("Enter the weight"))],
    )


class MatchingSettingsForm(FlaskForm):
    weight_weekly_cost = _weight(
        _l("Weekly cost"),
        _l("Points for each pound of a placement's weekly cost. With 1, £1 a week is 1 point."),
    )
    weight_km = _weight(
        _l("Distance from home"),
        _l(
            "Points for each kilometre between the child's home and the placement. With 10, "
            "1 kilometre counts the same as £10 a week."
        ),
    )
    weight_school_move = _weight(
        _l("School move"),
        _l(
            "Points added when the placement is further from the child's school than the "
            "school distance below, so the child would probably have to change school."
        ),
    )
    weight_welsh_mismatch = _weight(
        _l("Welsh not spoken"),
        _l("Points added when a Welsh-speaking child is placed where care is not given in Welsh."),
    )
    weight_sibling_split = _weight(
        _l("Brothers and sisters split up"),
        _l(
            "Points added for each extra household a group of brothers and sisters is split "
            "between, when their plan allows them to be split."
        ),
    )
    school_radius_km = NumberField(
        _l("School distance in kilometres"),
        message=A_NUMBER,
        description=_l(
            "A placement further than this from the child's school counts as a school move."
        ),
        validators=[InputRequired(message=_l("Enter the school distance"))],
    )
    max_km = NumberField(
        _l("Maximum distance from home in kilometres (optional)"),
        message=A_NUMBER,
        description=_l(
            "Matching never proposes a placement further than this from the child's home. "
            "Leave it blank for no limit."
        ),
    )
    not_for_profit_only = RadioField(
        _l("Use not-for-profit agencies only?"),
        description=_l(
            "The council's own carers and homes are always used. Choose yes to leave out "
            "agencies that make a profit."
        ),
        widget=GovRadioInput(),
        choices=YES_NO,
        validators=[
            InputRequired(message=_l("Choose whether to use not-for-profit agencies only"))
        ],
    )
    time_limit_seconds = WholeNumberField(
        _l("Time limit in seconds"),
        description=_l(
            "How long matching may search before it gives the best plan found so far, "
            "from 1 to %(most)d seconds.",
            most=MAX_TIME_LIMIT_SECONDS,
        ),
        not_a_number=_l("Enter the time limit as a whole number of seconds, like 30"),
        validators=[
            InputRequired(message=_l("Enter the time limit as a whole number of seconds, like 30"))
        ],
    )
    submit = SubmitField(_l("Save the defaults"), widget=GovSubmitInput())

    NUMBERS = (
        "weight_weekly_cost",
        "weight_km",
        "weight_school_move",
        "weight_welsh_mismatch",
        "weight_sibling_split",
        "school_radius_km",
        "max_km",
    )

    def fill_from(self, settings) -> None:
        for name in self.NUMBERS:
            getattr(self, name).data = getattr(settings, name)
        self.not_for_profit_only.data = "yes" if settings.not_for_profit_only else "no"
        self.time_limit_seconds.data = settings.time_limit_seconds

    def changes(self) -> dict:
        """What to pass to ``update_settings``."""
        values = {name: getattr(self, name).data for name in self.NUMBERS}
        values["not_for_profit_only"] = self.not_for_profit_only.data == "yes"
        values["time_limit_seconds"] = self.time_limit_seconds.data
        return values
