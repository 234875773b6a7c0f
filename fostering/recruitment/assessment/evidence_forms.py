"""The form for adding a document to a case or one of its checks."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional

from fostering.models.evidence import EvidenceKind
from fostering.web.fields import DateFieldGOVUK

WHOLE_CASE = ""


class EvidenceUploadForm(FlaskForm):
    kind = RadioField(
        _l("What is the document?"),
        widget=GovRadioInput(),
        choices=[],
        validators=[InputRequired(message=_l("Choose what the document is"))],
    )
    check = SelectField(
        _l("Which check is it for?"),
        widget=GovSelect(),
        choices=[],
        validators=[Optional()],
    )
    file = FileField(
        _l("Upload a file"),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Select a file to upload"))],
    )
    expires_on = DateFieldGOVUK(
        _l("Date it runs out (optional)"),
        description=_l(
            "For proof of identity and DBS certificates: the date it expires or must be "
            "renewed. For example, 27 3 2029"
        ),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Upload the document"), widget=GovSubmitInput())

    def __init__(self, *args, checks=(), describe=str, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = EvidenceKind.choices()
        self.check.choices = [(WHOLE_CASE, _("The case as a whole"))] + [
            (str(check.id), describe(check)) for check in checks
        ]
        self.file.description = _(
            "A PDF, JPEG, PNG or Word (DOCX) file, smaller than %(size)d MB.", size=max_mb
        )

    @property
    def check_id(self) -> int | None:
        value = self.check.data or WHOLE_CASE
        return None if value == WHOLE_CASE else int(value)
