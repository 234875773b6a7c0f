"""Forms for matching runs: which children, and the policy for this run."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import BooleanField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from fostering.admin.services.matching_settings import MAX_TIME_LIMIT_SECONDS
from fostering.web.fields import NumberField

KEEP_SCHOOL_WEIGHT = 5000.0  # "prefer keeping schools": ten times the usual weight


def _weight(label):
    message = _l("Each weight must be a number of 0 or more")
    return NumberField(
        label,
        message=message,
        validators=[InputRequired(message=message), NumberRange(min=0, message=message)],
        render_kw={"inputmode": "decimal", "class": "govuk-input--width-5"},
    )


class StartRunForm(FlaskForm):
    children = SelectMultipleField(
        _l("Children to match"),
        description=_l("Everyone waiting for a placement is ticked to start with."),
        widget=GovCheckboxesInput(),
        coerce=int,
        choices=[],
        validators=[InputRequired(message=_l("Choose at least one child to match"))],
    )
    weight_weekly_cost = _weight(_l("Weight for each pound of weekly cost"))
    weight_km = _weight(_l("Weight for each kilometre from home"))
    weight_school_move = _weight(_l("Weight for a change of school"))
    weight_welsh_mismatch = _weight(_l("Weight for a Welsh speaker placed in English"))
    weight_sibling_split = _weight(_l("Weight for each split of a sibling group"))
    keep_schools = BooleanField(
        _l("Prefer keeping each child at their school"),
        description=_l(
            "Makes the weight for a change of school at least 5,000 (ten times the usual), "
            "so a child moves school only when no placement near it fits. The run's review "
            "shows how many children keep their school, against the baseline search."
        ),
        widget=GovCheckboxInput(),
    )
    max_km = NumberField(
        _l("Maximum distance from home in kilometres (optional)"),
        message=_l("The maximum distance must be more than 0 kilometres, or left blank"),
        validators=[
            Optional(),
            NumberRange(
                min=0.1,
                message=_l("The maximum distance must be more than 0 kilometres, or left blank"),
            ),
        ],
        render_kw={"inputmode": "decimal", "class": "govuk-input--width-5"},
    )
    not_for_profit_only = BooleanField(
        _l("Use not-for-profit agencies only"), widget=GovCheckboxInput()
    )
    time_limit_seconds = NumberField(
        _l("Time limit in seconds"),
        message=_l(
            "The time limit must be a whole number of seconds from 1 to %(most)d",
            most=MAX_TIME_LIMIT_SECONDS,
        ),
        validators=[
            InputRequired(
                message=_l(
                    "The time limit must be a whole number of seconds from 1 to %(most)d",
                    most=MAX_TIME_LIMIT_SECONDS,
                )
            ),
            NumberRange(
                min=1,
                max=MAX_TIME_LIMIT_SECONDS,
                message=_l(
                    "The time limit must be a whole number of seconds from 1 to %(most)d",
                    most=MAX_TIME_LIMIT_SECONDS,
                ),
            ),
        ],
        render_kw={"inputmode": "numeric", "class": "govuk-input--width-4"},
    )
    submit = SubmitField(_l("Start the matching run"), widget=GovSubmitInput())

    WEIGHTS = ("weekly_cost", "km", "school_move", "welsh_mismatch", "sibling_split")

    def policy_overrides(self) -> dict:
        weights = {name: self[f"weight_{name}"].data for name in self.WEIGHTS}
        if self.keep_schools.data:
            weights["school_move"] = max(weights["school_move"] or 0, KEEP_SCHOOL_WEIGHT)
        return {
            "weights": weights,
            "max_km": self.max_km.data,
            "not_for_profit_only": bool(self.not_for_profit_only.data),
        }


class ReviewFilterForm(FlaskForm):
    """The review page's filter: a GET that changes nothing, kept in the URL."""

    class Meta:
        csrf = False

    decision = SelectField(_l("Decision"), widget=GovSelect(), validators=[Optional()])
    provider = SelectField(_l("Provider"), widget=GovSelect(), validators=[Optional()])
    submit = SubmitField(_l("Show proposals"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = [
            ("", _l("Any decision")),
            ("pending", _l("Waiting for a decision")),
            ("accepted", _l("Accepted")),
            ("rejected", _l("Rejected")),
        ]
        self.provider.choices = [
            ("", _l("Any provider")),
            ("in_house", _l("In-house: council carers and homes")),
            ("agency", _l("Independent: agencies and private homes")),
        ]
