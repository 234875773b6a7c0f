"""Pages anyone can see, and the language switch."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import (
    abort,
    current_app,
    get_template_attribute,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_number, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from fostering.access import public, roles
from fostering.config import LOGO_TYPES, council_logo, council_name
from fostering.models import Role
from fostering.public import bp, content
from fostering.web.contact import email_link, phone_link
from fostering.web.formatting import money
from fostering.web.i18n import LOCALE_COOKIE
from fostering.web.redirects import safe_next


def _language() -> str:
    return str(get_locale() or "en")


def retention_period(days: int) -> str:
    """``1096`` → "1,096 days (about 3 years)", in the page's language."""
    if days < 365:
        return ngettext("%(num)d day", "%(num)d days", days)
    years = round(days / 365.25)
    return ngettext(
        "%(days)s days (about %(num)d year)",
        "%(days)s days (about %(num)d years)",
        years,
        days=format_number(days),
    )


def _age_band(band: content.Allowance) -> str:
    if band.from_age == band.to_age:
        return _("Aged %(age)d", age=band.from_age)
    return _("Aged %(youngest)d to %(oldest)d", youngest=band.from_age, oldest=band.to_age)


def _table(table_id: str, caption: str, first: str, rows: list[tuple[str, int]]) -> Markup:
    """The allowances or fees as a GOV.UK table: each row's name and its weekly amount,
    shown as money from the configured pence."""
    table = get_template_attribute("govuk_frontend_jinja/components/table/macro.html", "govukTable")
    return table(
        {
            "caption": caption,
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": [{"text": first}, {"text": _("Each week"), "format": "numeric"}],
            "rows": [
                [{"text": name}, {"text": money(pence), "format": "numeric"}]
                for name, pence in rows
            ],
            "attributes": {"id": table_id},
        }
    )


def _placeholder(name: str, language: str) -> object:
    """The value a content page's ``{name}`` stands for (see ``content``)."""
    config = current_app.config
    figures = content.current()
    if name == "allowances":
        return _table(
            "allowances",
            _("Allowance for each child you foster"),
            _("Age of the child"),
            [(_age_band(band), band.weekly_pence) for band in figures.allowances],
        )
    if name == "fees":
        return _table(
            "fees",
            _("Fees for foster carers"),
            _("Fee"),
            [(fee.name[language], fee.weekly_pence) for fee in figures.fees],
        )
    return {
        "council_name": lambda: council_name(config, language),
        "minimum_age": lambda: config["FOSTER_MINIMUM_AGE"],
        "team_phone": lambda: phone_link(config["TEAM_PHONE"]),
        "team_email": lambda: email_link(config["TEAM_EMAIL"]),
        "retention_enquiry": lambda: retention_period(config["RETENTION_ENQUIRY_DAYS"]),
        "retention_application": lambda: retention_period(config["RETENTION_APPLICATION_DAYS"]),
        "retention_audit": lambda: retention_period(config["RETENTION_AUDIT_DAYS"]),
    }[name]()


def _content_page(slug: str) -> tuple[str, Markup]:
    """A content page's title and body in the reader's language, placeholders filled in."""
    language = _language()
    page = content.current().page(slug, language)
    values = {name: _placeholder(name, language) for name in content.placeholders_in(page)}
    return content.fill(page, values)


def _title(page: content.Page, language: str) -> str:
    """A page's title alone, its placeholders filled in (for the lists of pages)."""
    names = content.title_placeholders(page)
    return content.fill_title(page, {name: _placeholder(name, language) for name in names})


def guide_links() -> list[dict]:
    """The pages about fostering and the events page, for the home page and each page."""
    language = _language()
    links = [
        {
            "slug": slug,
            "href": url_for("public.guide", slug=slug),
            "text": _title(content.current().page(slug, language), language),
        }
        for slug in content.GUIDE
    ]
    links.append(
        {
            "slug": "information-events",
            "href": url_for("public.events"),
            "text": _("Information events"),
        }
    )
    return links


def _now() -> datetime:
    return datetime.now(content.LONDON)


@bp.get("/")
@public
def index():
    title, body = _content_page("home")
    upcoming = content.current().upcoming_events(_now())
    return render_template(
        "public/index.html",
        title=title,
        body=body,
        guide=guide_links(),
        next_event=upcoming[0] if upcoming else None,
    )


@bp.get("/fostering/<any(" + ", ".join(f'"{slug}"' for slug in content.GUIDE) + "):slug>")
@public
def guide(slug: str):
    title, body = _content_page(slug)
    return render_template(
        "public/guide.html", title=title, body=body, slug=slug, guide=guide_links()
    )


@bp.get("/fostering/information-events")
@public
def events():
    return render_template(
        "public/events.html",
        events=content.current().upcoming_events(_now()),
        language=_language(),
        guide=guide_links(),
        slug="information-events",
    )


@bp.get("/council-logo/<any(en, cy):code>")
@public
def council_logo_file(code: str):
    path = council_logo(current_app.config, code)
    if not path:
        abort(404)
    return send_file(Path(path), mimetype=LOGO_TYPES[Path(path).suffix.lower()], max_age=3600)


@bp.get("/locale/<code>")
@public
def set_locale(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    target = safe_next(request.args.get("next"), url_for("public.index"))
    response = redirect(target)
    response.set_cookie(
        LOCALE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.get("/accessibility")
@public
def accessibility():
    title, body = _content_page("accessibility")
    return render_template("public/content_page.html", title=title, body=body)


@bp.get("/privacy")
@public
def privacy():
    title, body = _content_page("privacy")
    return render_template("public/content_page.html", title=title, body=body)


@bp.get("/cookies")
@public
def cookies():
    return render_template("public/cookies.html")


@bp.get("/healthz")
@public
def healthz():
    return {"status": "ok"}


@bp.get("/your-application")
@roles(Role.APPLICANT)
def your_application():
    # The applicant's home: the application's task list (see fostering/apply).
    from fostering.recruitment.apply.views import task_list

    return task_list()
