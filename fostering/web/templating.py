"""What every template can see: navigation for the signed-in role, the language switch,
and formatting helpers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from fostering.access import allows, rule_for
from fostering.config import council_logo, council_name
from fostering.web.contact import email_link, phone_link
from fostering.web.formatting import money


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    text: object
    # Left out for anyone who may open this endpoint (its own menu item covers them).
    unless: str | None = None


NAVIGATION = (
    NavItem("assessment.dashboard", _l("Fostering team")),
    NavItem("placements.dashboard", _l("Placements")),
    # Social workers refer children but do not see the placement officers' area.
    NavItem("placements.children", _l("Children"), unless="placements.dashboard"),
    NavItem("commissioning.dashboard", _l("Commissioning")),
    NavItem("admin.dashboard", _l("Administration")),
    NavItem("public.your_application", _l("Your application")),
)


# The pages of each area, shown as a row of links under the header on that area's pages.
# An endpoint that does not exist (yet) or that the user may not open is left out.
SECTION_NAVIGATION: dict[str, tuple[NavItem, ...]] = {
    "placements": (
        NavItem("placements.dashboard", _l("Overview")),
        NavItem("placements.children", _l("Children")),
        NavItem("placements.providers", _l("Providers")),
        NavItem("placements.runs", _l("Matching runs")),
        NavItem("commissioning.scenarios", _l("Scenarios")),
        NavItem("placements.stability_dashboard", _l("Stability")),
        NavItem("placements.imports", _l("Imports")),
        NavItem("placements.returns", _l("Statutory returns")),
    ),
    "commissioning": (
        NavItem("commissioning.dashboard", _l("Spend")),
        NavItem("commissioning.ledger", _l("Placement ledger")),
        NavItem("commissioning.sufficiency", _l("Sufficiency")),
        NavItem("commissioning.scenarios", _l("Scenarios")),
        NavItem("commissioning.plans", _l("Sufficiency plan")),
        NavItem("placements.stability_dashboard", _l("Stability")),
        NavItem("commissioning.imports", _l("Imports")),
        NavItem("placements.returns", _l("Statutory returns")),
    ),
}


def section_navigation() -> list[dict]:
    """Links for the current area's pages, with ``current`` on the page's own link."""
    items = SECTION_NAVIGATION.get(request.blueprint or "", ())
    if not current_user.is_authenticated:
        return []
    links = []
    for item in items:
        if item.endpoint not in current_app.view_functions:
            continue
        if not allows(rule_for(item.endpoint), current_user):
            continue
        href = url_for(item.endpoint)
        links.append(
            {
                "href": href,
                "text": str(item.text),
                "current": request.path == href
                or (request.path.startswith(href + "/") and item is not items[0]),
            }
        )
    return links if len(links) > 1 else []


def navigation() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    items = []
    for item in NAVIGATION:
        if item.unless and allows(rule_for(item.unless), current_user):
            continue
        if allows(rule_for(item.endpoint), current_user):
            href = url_for(item.endpoint)
            items.append(
                {
                    "href": href,
                    "text": str(item.text),
                    # "current" on the item's own page (aria-current="page"), "active"
                    # on the pages below it (aria-current="true").
                    "current": request.path == href,
                    "active": request.path.startswith(href) and request.path != href,
                }
            )
    return items


def language_switch() -> dict:
    """The link to the other language, written in that language."""
    current = str(get_locale() or "en")
    target = "en" if current == "cy" else "cy"
    return {
        "code": target,
        "text": "English" if target == "en" else "Cymraeg",
        "href": url_for("public.set_locale", code=target, next=request.full_path.rstrip("?")),
    }


def council_logo_url() -> str | None:
    """Where the header's logo is, in the page's language; None when there is none."""
    locale = str(get_locale() or "en")
    if council_logo(current_app.config, locale) is None:
        return None
    return url_for("public.council_logo_file", code=locale)


def feedback_url() -> str:
    """Where the Beta banner's feedback link goes: the configured address in the page's
    language, or an email to the fostering team."""
    config = current_app.config
    if str(get_locale() or "en") == "cy" and config["FEEDBACK_URL_CY"]:
        return config["FEEDBACK_URL_CY"]
    return config["FEEDBACK_URL"] or f"mailto:{config['TEAM_EMAIL']}"


def file_size(size: int) -> str:
    """``348160`` → ``"340 KB"``, ``1572864`` → ``"1.5 MB"`` (in the page's language)."""
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(max(1, math.ceil(size / 1024))))
    return _("%(size)s MB", size=format_decimal(round(size / (1024 * 1024), 1), "#,##0.0"))


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject() -> dict:
        locale = str(get_locale() or "en")
        return {
            "service_name": app.config["SERVICE_NAME"],
            "council_name": council_name(app.config, locale),
            "minimum_age": app.config["FOSTER_MINIMUM_AGE"],
            "council_logo_url": council_logo_url,
            "feedback_url": feedback_url,
            "current_locale": locale,
            "navigation": navigation,
            "section_navigation": section_navigation,
            "language_switch": language_switch,
        }

    # Money is whole pence everywhere: ``{{ money(pence) }}`` or ``{{ pence | money }}``.
    app.jinja_env.globals["money"] = money
    # The fostering team's (or anyone's) phone and email as tel: and mailto: links.
    app.jinja_env.globals["phone_link"] = phone_link
    app.jinja_env.globals["email_link"] = email_link
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = lambda value, fmt="d MMMM yyyy": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["datetime"] = lambda value, fmt="d MMMM yyyy, HH:mm": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["file_size"] = file_size
