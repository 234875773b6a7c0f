"""The Flask extensions, created once and bound to an app by :func:`init_app`."""

from __future__ import annotations

from flask import Flask
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from fostering.config import PROJECT_ROOT


class Base(DeclarativeBase):
    """Declarative base for every model: SQLAlchemy 2 typed mappings."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate(directory=str(PROJECT_ROOT / "migrations"))
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    """Bind every extension to ``app``."""
    from fostering.web.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "strong"
    # Flask-Login's own message is English; flash ours, in the page's language.
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.localize_callback = str
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
