"""Forms for a placement's life: the agreement, starting, cancelling, ending, rejecting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from fostering.models.child import ChildStatus
from fostering.models.matching_run import RejectReason
from fostering.models.placement import EndReason
from fostering.placements.services.placements import Agreement
from fostering.web.fields import YES_NO_IS, YES_NO_WAS, DateFieldGOVUK, NotBlank, PostcodeField


class AgreementForm(FlaskForm):
    start_date = DateFieldGOVUK(
        _l("Planned start date"),
        description=_l("The day the child is to move in. For example, 27 3 2027"),
        validators=[InputRequired(message=_l("Enter the planned start date"))],
    )
    agreed_on = DateFieldGOVUK(
        _l("Date the placement agreement was made"),
        description=_l("For example, 27 3 2027"),
        validators=[InputRequired(message=_l("Enter the date the placement agreement was made"))],
    )
    agreed_with = StringField(
        _l("Who agreed it for the carer or provider"),
        description=_l("Their name and role, for example Ceri Jones, registered manager"),
        widget=GovTextInput(),
        validators=[
            NotBlank(_l("Enter who agreed the placement for the carer or provider")),
            Length(max=200, message=_l("Who agreed it must be 200 characters or fewer")),
        ],
    )
    information_shared = TextAreaField(
        _l("Information shared with the carer or provider"),
        description=_l(
            "Which documents or what you told them, for example the care plan, health "
            "assessment and risk assessment"
        ),
        widget=GovTextArea(),
        validators=[
            NotBlank(_l("Enter what information about the child was shared with them")),
            Length(max=1000, message=_l("The information shared must be 1000 characters or fewer")),
        ],
    )
    information_shared_on = DateFieldGOVUK(
        _l("Date the information was shared"),
        description=_l("For example, 27 3 2027"),
        validators=[InputRequired(message=_l("Enter the date the information was shared"))],
    )
    approval_reference = StringField(
        _l("Supplementary placement approval reference (for-profit providers only)"),
        description=_l(
            "The reference of the Welsh Ministers' approval. A placement with a for-profit "
            "provider needs one from the date the Health and Social Care (Wales) Act 2025 "
            "sets; leave it empty otherwise."
        ),
        widget=GovTextInput(),
        validators=[
            Length(max=100, message=_l("The approval reference must be 100 characters or fewer"))
        ],
    )
    submit = SubmitField(_l("Save the agreement"), widget=GovSubmitInput())

    def agreement(self) -> Agreement:
        return Agreement(
            agreed_on=self.agreed_on.data,
            agreed_with=self.agreed_with.data or "",
            information_shared=self.information_shared.data or "",
            information_shared_on=self.information_shared_on.data,
            approval_reference=self.approval_reference.data or "",
        )


class StartForm(FlaskForm):
    start_date = DateFieldGOVUK(
        _l("Day the child moved in"),
        description=_l("For example, 27 3 2027"),
        validators=[InputRequired(message=_l("Enter the day the child moved in"))],
    )
    school_change = RadioField(
        _l("Does the child change school with this placement?"),
        widget=GovRadioInput(),
        choices=YES_NO_IS[::-1],  # No, then Yes
        validators=[InputRequired(message=_l("Choose whether the child changes school"))],
    )
    new_school_postcode = PostcodeField(
        _l("New school's postcode"),
        description=_l("Only if the child changes school. For example, CF10 1AA"),
        malformed=_l("Enter a real school postcode, like CF10 1AA"),
        not_found=_l("We cannot find that school postcode. Check it and enter it again"),
    )
    submit = SubmitField(_l("Start the placement"), widget=GovSubmitInput())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.school_change.data == "yes" and not self.new_school_postcode.data:
            self.new_school_postcode.errors = [
                *self.new_school_postcode.errors,
                _l("Enter the new school's postcode"),
            ]
            return False
        return valid

    @property
    def new_school(self):
        return self.new_school_postcode.location if self.school_change.data == "yes" else None


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the planned placement cancelled?"),
        widget=GovTextArea(),
        validators=[
            NotBlank(_l("Enter why the planned placement is cancelled")),
            Length(max=500, message=_l("The reason must be 500 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Cancel the planned placement"), widget=GovSubmitInput())


class EndPlacementForm(FlaskForm):
    end_date = DateFieldGOVUK(
        _l("Last day of the placement"),
        description=_l("For example, 27 3 2026"),
        validators=[InputRequired(message=_l("Enter the last day of the placement"))],
    )
    reason = RadioField(
        _l("Why did the placement end?"),
        widget=GovRadioInput(),
        choices=EndReason.choices(),
        validators=[InputRequired(message=_l("Choose why the placement ended"))],
    )
    planned = RadioField(
        _l("Was the ending planned?"),
        widget=GovRadioInput(),
        choices=YES_NO_WAS,
        validators=[InputRequired(message=_l("Choose whether the ending was planned"))],
    )
    child_status = RadioField(
        _l("What happens to the child next?"),
        widget=GovRadioInput(),
        choices=[
            (ChildStatus.AWAITING.value, _l("They need another placement")),
            (ChildStatus.CLOSED.value, _l("They have left care, or the case is closed")),
        ],
        validators=[InputRequired(message=_l("Choose what happens to the child next"))],
    )
    submit = SubmitField(_l("End the placement"), widget=GovSubmitInput())

    @property
    def end_reason(self) -> EndReason:
        return EndReason(self.reason.data)


class RejectForm(FlaskForm):
    reason = RadioField(
        _l("Why is the proposal rejected?"),
        widget=GovRadioInput(),
        choices=RejectReason.choices(),
        validators=[InputRequired(message=_l("Choose why the proposal is rejected"))],
    )
    submit = SubmitField(_l("Reject the proposal"), widget=GovSubmitInput())
