"""Showing a service's refusal on the page it came from.

A service error (``fostering.services.errors.ServiceError``) names the form field it is
about; the sentence goes under that field, or in a banner when the form has no such
field (or there is no form). The text is never read to decide where it goes.
"""

from __future__ import annotations

from flask import flash

from fostering.services.errors import ServiceError


def show_refusal(form, error: ServiceError) -> None:
    """Put ``error.message`` at ``error.field`` of ``form``, else flash it as an error."""
    fields = getattr(form, "_fields", {}) if form is not None else {}
    field = fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error.message)]
    else:
        flash(str(error.message), "error")
