from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional

from fostering.models.user import STAFF_ROLES
from fostering.web.fields import DateFieldGOVUK
from fostering.web.forms import strip_whitespace


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in STAFF_ROLES]


class StaffForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the person's full name")),
            Length(max=120, message=_l("Full name must be 120 characters or fewer")),
        ],
    )
    email = EmailField(
        _l("Work email address"),
        filters=[strip_whitespace],
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter a work email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com")
            ),
        ],
    )
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a role"))],
    )
    password = PasswordField(
        _l("Temporary password"),
        description=_l("At least 12 characters. Give it to the person in a safe way."),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a temporary password")),
            Length(max=1024, message=_l("Password must be 1,024 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Add member of staff"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ChangeRoleForm(FlaskForm):
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose a role"))],
    )
    submit = SubmitField(_l("Change role"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class StaffSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("Search by name or email"), widget=GovTextInput(), validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        _l("Person or record id"),
        description=_l("A name, an email address or the id of a record"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=254, message=_l("Person or record id must be 254 characters or fewer")),
        ],
    )
    action = SelectField(_l("Action"), widget=GovSelect(), choices=[], validators=[Optional()])
    object_type = SelectField(
        _l("Record type"), widget=GovSelect(), choices=[], validators=[Optional()]
    )
    date_from = DateFieldGOVUK(_l("From"), validators=[Optional()])
    date_to = DateFieldGOVUK(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())
