from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from fostering.web.forms import strip_whitespace


def _email_field() -> EmailField:
    return EmailField(
        _l("Email address"),
        filters=[strip_whitespace],
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com")
            ),
        ],
    )


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=1024, message=_l("Password must be 1,024 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class SignOutForm(FlaskForm):
    submit = SubmitField(_l("Sign out"), widget=GovSubmitInput())


def _new_password_fields():
    password = PasswordField(
        _l("New password"),
        description=_l("Use 12 characters or more. A few words you will remember work well."),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a new password")),
            Length(max=1024, message=_l("Password must be 1,024 characters or fewer")),
        ],
    )
    confirm = PasswordField(
        _l("Confirm the new password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the new password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )
    return password, confirm


class ForgottenPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Set the password"), widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )
    password, confirm = _new_password_fields()
    submit = SubmitField(_l("Change the password"), widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
        filters=[strip_whitespace],
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the code from your authenticator app")),
            Length(max=20, message=_l("A code is 20 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())
