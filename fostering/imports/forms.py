"""Forms for importing files: choose the kind, upload, confirm."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, FileSize
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

# 10,000 rows of the widest kind is about 3 MB as CSV; this leaves room for XLSX and more.
MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024


class UploadForm(FlaskForm):
    kind = RadioField(
        _l("What does the file hold?"),
        choices=[],
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select what the file holds"))],
    )
    file = FileField(
        _l("Upload a file"),
        description=_l("A CSV or XLSX file, smaller than %(size)s MB.", size=MAX_UPLOAD_MB),
        widget=GovFileInput(),
        validators=[
            FileRequired(message=_l("Select a CSV or XLSX file")),
            FileAllowed(["csv", "xlsx"], message=_l("The file must be a CSV or XLSX file")),
            FileSize(
                max_size=MAX_UPLOAD_BYTES,
                message=_l("The file must be smaller than %(size)s MB", size=MAX_UPLOAD_MB),
            ),
        ],
    )
    submit = SubmitField(_l("Check the file"), widget=GovSubmitInput())

    def __init__(self, kinds, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.key, str(kind.title)) for kind in kinds]
        if len(kinds) == 1 and not self.kind.data:
            self.kind.data = kinds[0].key


class ConfirmForm(FlaskForm):
    """Only a CSRF token and a button: the batch is in the URL."""
