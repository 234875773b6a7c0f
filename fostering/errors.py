"""Custom error pages: 400, 403, 404, 413, 429, 500 and 503, in the person's language."""

from __future__ import annotations

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc

# The database cannot be reached (restarting, failing over, out of connections) or
# is busy: the service is unavailable for a while, not broken.
DATABASE_UNAVAILABLE = (exc.OperationalError, exc.InterfaceError, exc.TimeoutError)
RETRY_AFTER_SECONDS = 30


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

    def unavailable(error):
        app.logger.error("database unavailable: %s", type(error).__name__)
        # The page must not need the database: show it as to someone signed out (the
        # navigation would load the signed-in person's account from the database).
        g._login_user = app.login_manager.anonymous_user()
        body = render_template("errors/503.html", error=error)
        return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, unavailable)
