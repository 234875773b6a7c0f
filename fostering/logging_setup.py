"""Logging that keeps personal data out: no query strings, form bodies or emails."""

from __future__ import annotations

import logging
import re

from flask import Flask

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


class RedactPersonalData(logging.Filter):
    """Masks anything that looks like an email address in every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _EMAIL.search(message):
            record.msg = _EMAIL.sub("[email]", message)
            record.args = ()
        return True


def configure_logging(app: Flask) -> None:
    redact = RedactPersonalData()
    app.logger.addFilter(redact)
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "fostering"):
        logging.getLogger(name).addFilter(redact)
    # The development server logs full request lines; drop query strings from them.
    logging.getLogger("werkzeug").addFilter(_StripQueryStrings())


class _StripQueryStrings(logging.Filter):
    _QUERY = re.compile(r'("(?:GET|POST|PUT|DELETE|PATCH|HEAD) [^ ?"]*)\?[^ "]*')

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._QUERY.sub(r"\1?[query]", message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True
