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


# Paths whose last part is a secret: an invitation's token (and any later token links).
SECRET_PATH_PARTS = ("/apply/start/", "/reset-password/")
_SECRET_PATH = re.compile(
    "(" + "|".join(re.escape(part) for part in SECRET_PATH_PARTS) + r')[^\s/?"\x1b]+'
)
# A query string after any path in the line: the request's and the referrer's, whether or
# not the server coloured the line (werkzeug wraps non-200 request lines in ANSI codes,
# which used to stop the pattern matching, so 404s logged their tokens).
_QUERY = re.compile(r'(/[^\s"?\x1b]*)\?[^\s"\x1b]*')


class _RedactRequestLines(logging.Filter):
    """Request lines keep their method, path and status, not their query or tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _QUERY.sub(r"\1?[query]", _SECRET_PATH.sub(r"\1[token]", message))
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True


def configure_logging(app: Flask) -> None:
    app.logger.addFilter(RedactPersonalData())
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error", "fostering"):
        _add_once(logging.getLogger(name), RedactPersonalData)
    # The servers log full request lines; drop query strings and tokens from them.
    for name in ("werkzeug", "gunicorn.access"):
        _add_once(logging.getLogger(name), _RedactRequestLines)


def _add_once(logger: logging.Logger, kind: type[logging.Filter]) -> None:
    """Server loggers are global: each app built (every test builds one) adds no more."""
    if not any(isinstance(existing, kind) for existing in logger.filters):
        logger.addFilter(kind())
