"""Email to the public and staff, through an outbox whose backend the config chooses.

``MAIL_BACKEND``:

* ``memory`` (tests): messages collect in :func:`outbox` for a test to read;
* ``file`` (development): each message is written as an ``.eml`` file under
  ``MAIL_OUTBOX_DIR`` (``instance/outbox/``);
* ``smtp``: sent with :mod:`smtplib` to ``MAIL_SERVER``.

Logs say only that an email was queued and which template it used: never the address
or the text, which hold personal data.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from fostering.config import council_name

log = logging.getLogger(__name__)

BACKENDS = ("memory", "file", "smtp")


class MailError(RuntimeError):
    """The email could not be handed to the mail server."""


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body_text: str
    locale: str

    def as_email(self, sender: str) -> EmailMessage:
        email = EmailMessage()
        email["From"] = sender
        email["To"] = self.to
        email["Subject"] = self.subject
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
        email.set_content(self.body_text)
        email["Content-Language"] = self.locale  # after set_content, which resets it
        return email


def outbox() -> list[Message]:
    """Messages sent with the memory backend in this app (tests read this)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def _deliver(message: Message) -> None:
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(message)
    elif backend == "file":
        directory = Path(config["MAIL_OUTBOX_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{formatdate(usegmt=True)[5:25].replace(' ', '-').replace(':', '')}"
        path = directory / f"{name}-{secrets.token_hex(4)}.eml"
        path.write_bytes(bytes(message.as_email(config["MAIL_FROM"])))
    elif backend == "smtp":
        email = message.as_email(config["MAIL_FROM"])
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls()
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(type(error).__name__) from error
    else:
        raise MailError(f"unknown MAIL_BACKEND {backend!r}; choose one of {BACKENDS}")


def send(to: str, subject: str, body_text: str, *, locale: str) -> Message:
    """Send a plain-text email that is already written in the recipient's language."""
    message = Message(to=to, subject=str(subject), body_text=body_text, locale=locale)
    _deliver(message)
    log.info("email queued (%s backend)", current_app.config["MAIL_BACKEND"])
    return message


def send_template(to: str, template: str, *, locale: str, **context) -> Message:
    """Render ``templates/emails/<template>.txt`` in ``locale`` and send it.

    The template's first line is ``Subject: ...``; a blank line follows, then the body.
    """
    with force_locale(locale):
        rendered = render_template(
            f"emails/{template}.txt",
            team_email=current_app.config["TEAM_EMAIL"],
            team_phone=current_app.config["TEAM_PHONE"],
            council_name=council_name(current_app.config, locale),
            service_name=current_app.config["SERVICE_NAME"],
            **context,
        )
    head, _, body = rendered.lstrip().partition("\n")
    if not head.startswith("Subject:"):
        raise ValueError(f"emails/{template}.txt must start with a 'Subject:' line")
    message = Message(
        to=to, subject=head[len("Subject:") :].strip(), body_text=body.strip() + "\n", locale=locale
    )
    _deliver(message)
    log.info("email queued: %s (%s backend)", template, current_app.config["MAIL_BACKEND"])
    return message


def send_safely(to: str, template: str, *, locale: str, **context) -> bool:
    """Like :func:`send_template`, but a failed send is logged rather than raised.

    For emails that follow a change already committed (an enquiry received): the change
    stands, and the team can see and follow it up even if the email did not go.
    """
    try:
        send_template(to, template, locale=locale, **context)
    except MailError as error:
        log.error("email not sent: %s (%s)", template, error)
        return False
    return True
