"""The fostering service: carer recruitment, placement matching and commissioning."""

from __future__ import annotations

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from fostering.config import PROJECT_ROOT, load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the application. ``config`` overrides what the environment says."""
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        static_url_path="/assets",
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config(config))
    (PROJECT_ROOT / "instance").mkdir(exist_ok=True)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(PROJECT_ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]

    from fostering import access, errors, extensions, i18n, security, templating
    from fostering.logging_setup import configure_logging

    configure_logging(app)
    # The access check runs first, before CSRF and everything else, so a refused
    # request is refused whatever else is wrong with it.
    app.before_request(security.expire_idle_session)
    app.before_request(access.enforce)
    extensions.init_app(app)
    WTFormsHelpers(app)
    security.init_app(app)
    templating.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)

    from fostering.services.accounts import load_user

    extensions.login_manager.user_loader(load_user)

    from fostering.admin import bp as admin_bp
    from fostering.apply import bp as apply_bp
    from fostering.assessment import bp as assessment_bp
    from fostering.auth import bp as auth_bp
    from fostering.commissioning import bp as commissioning_bp
    from fostering.enquiry import bp as enquiry_bp
    from fostering.placements import bp as placements_bp
    from fostering.public import bp as public_bp

    for blueprint in (public_bp, auth_bp, assessment_bp, placements_bp, commissioning_bp, admin_bp):
        app.register_blueprint(blueprint)
    # Recruitment, the public side: the enquiry and the application to foster.
    for blueprint in (enquiry_bp, apply_bp):
        app.register_blueprint(blueprint)

    from fostering.cli import register_commands

    register_commands(app)
    import fostering.models  # noqa: F401  (so migrations see every table)

    return app
