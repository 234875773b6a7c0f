"""Form pieces shared by every area: a button's form, filters, and the honeypot."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """A form that is only a button that POSTs (accept, cancel, remove, reopen): CSRF only."""


def strip_whitespace(value: str | None) -> str | None:
    """WTForms filter: people paste emails and references with spaces around them."""
    return value.strip() if isinstance(value, str) else value


class Honeypot:
    """A field people never see. Bots fill it in; the view fakes success for them."""

    @staticmethod
    def caught(form) -> bool:
        field = getattr(form, "website", None)
        return bool(field is not None and (field.data or "").strip())
