"""Custom error pages: 400, 403, 404, 413, 429 and 500, in the person's language."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError


def init_app(app: Flask) -> None:
    def page(template: str, status: int):
        def handler(error):
            return render_template(f"errors/{template}.html", error=error), status

        return handler

    app.register_error_handler(400, page("400", 400))
    app.register_error_handler(CSRFError, page("csrf", 400))
    app.register_error_handler(403, page("403", 403))
    app.register_error_handler(404, page("404", 404))
    app.register_error_handler(405, page("404", 405))
    app.register_error_handler(413, page("413", 413))
    app.register_error_handler(429, page("429", 429))
    app.register_error_handler(500, page("500", 500))
