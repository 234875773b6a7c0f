from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import Email, InputRequired, Length

from fostering.web.forms import strip_whitespace


class SignInForm(FlaskForm):
    email = EmailField(
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
