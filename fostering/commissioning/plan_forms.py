"""The sufficiency plan's forms: choosing a year, and editing a draft."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from fostering.commissioning.sufficiency_plan.drafts import (
    MAX_ADDED,
    MAX_NOTE,
    MAX_SECTION,
    MAX_STEPS,
    SECTIONS,
    DraftInput,
)
from fostering.commissioning.sufficiency_plan.plan import Steps
from fostering.web.fields import WholeNumberField


class YearForm(FlaskForm):
    class Meta:
        csrf = False  # a GET choice changes nothing

    year = SelectField(_l("Financial year"), widget=GovSelect(), choices=[])
    submit = SubmitField(_l("Open the plan"), widget=GovSubmitInput())


ADDED_MESSAGE = _l("Enter a whole number, like 6, or leave it blank")
SECTION_LONG = _l("Each section must be %(most)d characters or fewer", most=MAX_SECTION)


def _section(section) -> TextAreaField:
    return TextAreaField(
        section.title,
        description=section.hint,
        widget=GovTextArea(),
        validators=[Length(max=MAX_SECTION, message=SECTION_LONG)],
    )


class DraftForm(FlaskForm):
    scenario = SelectField(
        _l("Scenario the steps come from"),
        description=_l("Its new homes and recruitment become the plan's steps."),
        widget=GovSelect(),
        choices=[],
        validate_choice=False,  # the service refuses a scenario that is not there
    )
    step_list = TextAreaField(
        _l("Steps, one a line"),
        description=_l("Used when no scenario is chosen. For example: Open a two-bed home in Ely"),
        widget=GovTextArea(),
        validators=[
            Length(
                max=MAX_STEPS,
                message=_l("The steps must be %(most)d characters or fewer", most=MAX_STEPS),
            )
        ],
    )
    places = WholeNumberField(
        _l("Foster places the steps add in the year (optional)"),
        not_a_number=ADDED_MESSAGE,
        validators=[Optional(), NumberRange(min=0, max=MAX_ADDED, message=ADDED_MESSAGE)],
    )
    beds = WholeNumberField(
        _l("Children's home beds the steps add in the year (optional)"),
        not_a_number=ADDED_MESSAGE,
        validators=[Optional(), NumberRange(min=0, max=MAX_ADDED, message=ADDED_MESSAGE)],
    )
    summary = _section(SECTIONS[0])
    demand = _section(SECTIONS[1])
    accommodation = _section(SECTIONS[2])
    location = _section(SECTIONS[3])
    supplementary = _section(SECTIONS[4])
    steps = _section(SECTIONS[5])
    note = StringField(
        _l("What changed in this version (optional)"),
        widget=GovTextInput(),
        validators=[
            Length(
                max=MAX_NOTE,
                message=_l("The note must be %(most)d characters or fewer", most=MAX_NOTE),
            )
        ],
    )
    submit = SubmitField(_l("Save a new version"), widget=GovSubmitInput())

    def fill(self, draft) -> None:
        if draft is None:
            return
        self.scenario.data = "" if draft.scenario_id is None else str(draft.scenario_id)
        self.step_list.data = draft.steps
        self.places.data = draft.planned_places or None
        self.beds.data = draft.planned_beds or None
        for section in SECTIONS:
            self[section.key].data = (draft.sections or {}).get(section.key, "")
        self.note.data = ""

    def draft_input(self) -> DraftInput:
        raw = (self.scenario.data or "").strip()
        return DraftInput(
            sections={section.key: self[section.key].data or "" for section in SECTIONS},
            steps=Steps(
                # Anything but a listed id (a number too big, or not one) is refused.
                scenario_id=(int(raw) if raw.isdigit() and len(raw) < 10 else -1) if raw else None,
                typed=self.step_list.data or "",
                places=self.places.data or 0,
                beds=self.beds.data or 0,
            ),
            note=self.note.data or "",
        )
