"""The fostering service: carer recruitment, placement matching and commissioning."""

from __future__ import annotations

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from fostering.config import PROJECT_ROOT, load_config

PACKAGE_ROOT = PROJECT_ROOT / "fostering"
# Each domain keeps its own templates; shared layout, macros and error pages are in web/.
# A template's name keeps its area's folder (``placements/runs/list.html``), so two
# domains never shadow each other's pages.
TEMPLATE_FOLDERS = (
    "web",
    "public",
    "auth",
    "recruitment",
    "placements",
    "imports",
    "commissioning",
    "commissioning/scenarios",
    "admin",
    "payments",
)


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
            FileSystemLoader([str(PACKAGE_ROOT / name / "templates") for name in TEMPLATE_FOLDERS]),
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
    if proxies := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )

    from fostering import access, errors, extensions, security
    from fostering.logging_setup import configure_logging
    from fostering.web import assets, i18n, templating

    configure_logging(app)
    # The access check runs first, before CSRF and everything else, so a refused
    # request is refused whatever else is wrong with it.
    app.before_request(security.expire_idle_session)
    app.before_request(access.enforce)
    app.before_request(security.apply_body_limit)
    app.before_request(security.require_new_password)
    extensions.init_app(app)
    WTFormsHelpers(app)
    security.init_app(app)
    templating.init_app(app)
    assets.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)

    from fostering.public import content

    # The public pages' words are read and checked once, here: a council's mistake in
    # them stops the service starting, with a message naming the file.
    content.init_app(app)

    from fostering.auth.accounts import load_user

    extensions.login_manager.user_loader(load_user)

    from fostering.web.converters import DatabaseIdConverter

    # Before any route is added: every <int:...> in a URL is bounded like a database id.
    app.url_map.converters["int"] = DatabaseIdConverter

    from fostering import admin, auth, commissioning, payments, placements, public
    from fostering.recruitment import apply, assessment, enquiry

    # Recruitment's public side (the enquiry and the application) comes last.
    for area in (
        public,
        auth,
        assessment,
        placements,
        commissioning,
        admin,
        payments,
        enquiry,
        apply,
    ):
        app.register_blueprint(area.load_views())

    from fostering.cli import register_commands

    register_commands(app)
    import fostering.models  # noqa: F401  (so migrations see every table)

    return app
