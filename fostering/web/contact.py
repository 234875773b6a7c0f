"""Phone numbers and email addresses as links a phone can call or write to."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from fostering.services.contact import dialling_form


def tel_href(number: str) -> str:
    """``"01234 567890"`` → ``"tel:+441234567890"`` (digits alone if it cannot be read)."""
    return "tel:" + (dialling_form(number) or re.sub(r"[^\d+]", "", number))


def phone_link(number: str | None) -> Markup:
    """A ``tel:`` link showing ``number`` as it is written; nothing when there is none."""
    if not number:
        return Markup("")
    return Markup('<a class="govuk-link app-contact-link" href="{}">{}</a>').format(
        tel_href(number), number
    )


def email_link(address: str | None) -> Markup:
    """A ``mailto:`` link showing ``address``; nothing when there is none."""
    if not address:
        return Markup("")
    return Markup('<a class="govuk-link app-contact-link" href="mailto:{}">{}</a>').format(
        address, escape(address)
    )
