"""Language choice: the ``locale`` cookie set by /locale/<code> (a choice made in this
browser), then the signed-in person's own language (an applicant's is the one they
made their enquiry in), then the language of the person a link was sent to (see
:func:`use_language_of`), then the browser's Accept-Language, then English."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user

LOCALE_COOKIE = "locale"


def _account_language() -> str | None:
    user = current_user
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "language", None)


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.cookies.get(LOCALE_COOKIE)
    if chosen in languages:
        return chosen
    for language in (_account_language(), g.get("link_language")):
        if language in languages:
            return language
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def use_language_of(language: str | None) -> None:
    """Show this page in ``language`` (the person's a link was emailed to) unless the
    reader has chosen a language in this browser: a Welsh invitation opens in Welsh."""
    if language:
        g.link_language = language
        refresh()


# The GOV.UK macros write some English of their own when a parameter is left out: the
# hidden "Error:" before each field's error, the password input's Show and Hide, the
# character count and file upload messages read by JavaScript, and the date input's
# Day, Month and Year. Every field widget from govuk-frontend-wtf renders through one of
# the small templates in web/templates/govuk_frontend_wtf/, which pass the parameters
# through :func:`govuk_params` first, so those words follow the page's language.
# Anything a template or widget sets itself is left alone.
_COMPONENT_DEFAULTS: dict[str, dict[str, object]] = {
    "password-input": {
        "showPasswordText": _l("Show"),
        "hidePasswordText": _l("Hide"),
        "showPasswordAriaLabelText": _l("Show password"),
        "hidePasswordAriaLabelText": _l("Hide password"),
        "passwordShownAnnouncementText": _l("Your password is visible"),
        "passwordHiddenAnnouncementText": _l("Your password is hidden"),
    },
    "file-upload": {
        "chooseFilesButtonText": _l("Choose file"),
        "noFileChosenText": _l("No file chosen"),
        "multipleFilesChosenText": {
            "one": _l("%{count} file chosen"),
            "other": _l("%{count} files chosen"),
        },
        "dropInstructionText": _l("or drop file"),
        "enteredDropZoneText": _l("Entered drop zone"),
        "leftDropZoneText": _l("Left drop zone"),
    },
}

# The character count's messages depend on whether it counts words or characters.
# ``%{count}`` is filled in by GOV.UK Frontend's JavaScript, so it stays as it is.
_CHARACTER_COUNT_DEFAULTS: dict[bool, dict[str, object]] = {
    False: {
        "textareaDescriptionText": _l("You can enter up to %{count} characters"),
        "charactersUnderLimitText": {
            "one": _l("You have %{count} character remaining"),
            "other": _l("You have %{count} characters remaining"),
        },
        "charactersAtLimitText": _l("You have 0 characters remaining"),
        "charactersOverLimitText": {
            "one": _l("You have %{count} character too many"),
            "other": _l("You have %{count} characters too many"),
        },
    },
    True: {
        "textareaDescriptionText": _l("You can enter up to %{count} words"),
        "wordsUnderLimitText": {
            "one": _l("You have %{count} word remaining"),
            "other": _l("You have %{count} words remaining"),
        },
        "wordsAtLimitText": _l("You have 0 words remaining"),
        "wordsOverLimitText": {
            "one": _l("You have %{count} word too many"),
            "other": _l("You have %{count} words too many"),
        },
    },
}

_DATE_LABELS = {"Day": _l("Day"), "Month": _l("Month"), "Year": _l("Year")}


def _text(value: object) -> object:
    if isinstance(value, dict):
        return {key: _text(item) for key, item in value.items()}
    return str(value)


def govuk_params(params: dict, component: str) -> dict:
    """``params`` for a GOV.UK macro, with the macro's English defaults translated."""
    params = dict(params)
    error = params.get("errorMessage")
    if isinstance(error, dict) and "visuallyHiddenText" not in error:
        params["errorMessage"] = {**error, "visuallyHiddenText": _("Error")}
    defaults = _COMPONENT_DEFAULTS.get(component, {})
    if component == "character-count":
        defaults = _CHARACTER_COUNT_DEFAULTS[bool(params.get("maxwords"))]
    for key, value in defaults.items():
        if params.get(key) is None:
            params[key] = _text(value)
    if component == "date-input" and params.get("items"):
        params["items"] = [
            {**item, "label": str(_DATE_LABELS[item["label"]])}
            if isinstance(item, dict) and item.get("label") in _DATE_LABELS
            else item
            for item in params["items"]
        ]
    return params


def init_app(app: Flask) -> None:
    app.add_template_global(govuk_params)
