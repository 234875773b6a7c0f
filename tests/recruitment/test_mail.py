"""The email outbox: memory for tests, .eml files in development, SMTP in production."""

from __future__ import annotations

import email
import logging

import pytest

from fostering.services import mail
from tests.factories import create_enquiry


def test_memory_backend_collects_messages(app):
    mail.send("someone@example.com", "Hello", "Body text\n", locale="en")
    [message] = mail.outbox()
    assert (message.to, message.subject, message.body_text) == (
        "someone@example.com",
        "Hello",
        "Body text\n",
    )


def test_template_renders_in_the_recipients_language(db_session):
    enquiry = create_enquiry(first_name="Elin")
    english = mail.send_template("a@example.com", "enquiry_received", locale="en", enquiry=enquiry)
    welsh = mail.send_template("a@example.com", "enquiry_received", locale="cy", enquiry=enquiry)
    assert english.body_text.startswith("Hello,")
    assert welsh.body_text.startswith("Helo,")
    assert welsh.locale == "cy"


def test_file_backend_writes_eml_and_logs_no_personal_data(app, tmp_path, caplog):
    app.config.update(MAIL_BACKEND="file", MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    caplog.set_level(logging.INFO, logger="fostering.services.mail")
    mail.send("private.person@example.com", "Your enquiry", "Dear Private,\n", locale="cy")
    [path] = (tmp_path / "outbox").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "private.person@example.com"
    assert message["Subject"] == "Your enquiry"
    assert message["Content-Language"] == "cy"
    assert "Dear Private" in message.get_payload(decode=True).decode()
    assert "email queued" in caplog.text
    assert "private.person" not in caplog.text
    assert "Dear Private" not in caplog.text
    assert mail.outbox() == []


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.calls = [("connect", host, port)]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.calls.append(("starttls",))

    def login(self, username, password):
        self.calls.append(("login", username))

    def send_message(self, message):
        FakeSMTP.sent.append((self.calls, message))


def test_smtp_backend_uses_tls_and_login(app, monkeypatch):
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=2525,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="mailer",
        MAIL_PASSWORD="pw",
    )
    FakeSMTP.sent = []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    mail.send("x@example.com", "Subject", "Body", locale="en")
    [(calls, message)] = FakeSMTP.sent
    assert calls == [("connect", "127.0.0.1", 2525), ("starttls",), ("login", "mailer")]
    assert message["To"] == "x@example.com"


def test_smtp_failure_is_raised_by_send_and_logged_by_send_safely(db_session, caplog, monkeypatch):
    from flask import current_app

    current_app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9)

    class Refused:
        def __init__(self, *args, **kwargs):
            raise ConnectionRefusedError("no server")

    monkeypatch.setattr(mail.smtplib, "SMTP", Refused)
    with pytest.raises(mail.MailError):
        mail.send("x@example.com", "Subject", "Body", locale="en")
    enquiry = create_enquiry()
    assert (
        mail.send_safely("x@example.com", "enquiry_received", locale="en", enquiry=enquiry) is False
    )
    assert "email not sent: enquiry_received" in caplog.text
