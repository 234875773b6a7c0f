"""English and Welsh: the catalogue is complete and current, placeholders survive
translation, the language is chosen the right way round, and the GOV.UK libraries'
own English comes out in Welsh on a Welsh page."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po

from fostering.models import Role
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_user
from tests.pages import parsed

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "translations" / "messages.pot"
PO = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

# %(name)s and %s in Python strings; %{count} in GOV.UK Frontend's JavaScript messages.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[diouxXeEfFgGcrs]|%\{\w+\}"
)


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _strings(value) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [value]


def _ids(catalog) -> set:
    return {(message.context, message.id) for message in catalog if message.id}


def _describe(keys) -> str:
    return "\n".join(
        f"  - {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
        for ctx, msgid in sorted(keys, key=str)
    )


# Catalogue ------------------------------------------------------------------------


def test_every_message_has_a_welsh_translation():
    catalog = _read(PO)
    missing = [
        message
        for message in catalog
        if message.id and (message.fuzzy or not all(_strings(message.string)))
    ]
    assert not missing, (
        f"{len(missing)} message(s) in {PO.relative_to(ROOT)} have no Welsh translation, or "
        "only a fuzzy guess. Translate them (and remove '#, fuzzy'), then run "
        "`make translations`:\n" + "\n".join(f"  - {_msgid(m)!r}" for m in missing)
    )


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path):
    """Extract afresh, exactly as `make translations` does, and compare messages."""
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    env = {**os.environ, "PYBABEL": str(pybabel) if pybabel.exists() else "pybabel"}
    subprocess.run(
        ["bash", str(ROOT / "bin" / "translate.sh"), "extract", str(fresh)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    in_code, in_pot, in_po = _ids(_read(fresh)), _ids(_read(POT)), _ids(_read(PO))
    added, removed = in_code - in_pot, in_pot - in_code
    assert not (added or removed), (
        "translations/messages.pot does not match the code. Run `make translations` and "
        "translate what it lists.\n"
        + (f"New in the code:\n{_describe(added)}\n" if added else "")
        + (f"No longer in the code:\n{_describe(removed)}\n" if removed else "")
    )
    assert in_po == in_pot, (
        "The Welsh catalogue has not been updated from messages.pot; run `make translations`."
        f"\nMissing from the .po:\n{_describe(in_pot - in_po)}"
        f"\nOnly in the .po:\n{_describe(in_po - in_pot)}"
    )


def test_placeholders_are_the_same_in_english_and_welsh():
    problems = []
    for message in _read(PO):
        if not message.id:
            continue
        wanted = sorted(PLACEHOLDER.findall(_strings(message.id)[-1]))
        for translation in _strings(message.string):
            if translation and sorted(PLACEHOLDER.findall(translation)) != wanted:
                problems.append(f"  - {_msgid(message)!r} -> {translation!r}")
    assert not problems, "Placeholders differ between English and Welsh:\n" + "\n".join(problems)


def test_the_compiled_catalogue_is_current():
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime, (
        "translations/cy/LC_MESSAGES/messages.mo is missing or older than the .po; "
        "run `make compile-translations`"
    )


# Every way the code marks a message is one the extraction knows -------------------

# The gettext family, under any name the code may bind them to.
TRANSLATION_FUNCTIONS = frozenset(
    {
        "gettext",
        "ngettext",
        "pgettext",
        "npgettext",
        "lazy_gettext",
        "lazy_ngettext",
        "lazy_pgettext",
        "lazy_npgettext",
    }
)
TRANSLATION_MODULES = frozenset({"flask_babel", "gettext", "babel.support", "wtforms.i18n"})


def extraction_keywords() -> set[str]:
    """The function names bin/translate.sh passes to pybabel as ``-k`` keywords."""
    script = (ROOT / "bin" / "translate.sh").read_text(encoding="utf-8")
    block = re.search(r"KEYWORDS=\((.*?)\)", script, re.DOTALL).group(1)
    return {spec.split(":")[0] for spec in re.findall(r"-k\s+(\S+)", block)}


def translation_names_bound(tree) -> list[tuple[int, str, str]]:
    """Every name a module binds to a gettext function: ``(line, name, function)``,
    by ``from flask_babel import lazy_ngettext as _nl`` or by ``_n = ngettext``."""
    bound = []
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in TRANSLATION_MODULES:
            for alias in node.names:
                if alias.name in TRANSLATION_FUNCTIONS:
                    name = alias.asname or alias.name
                    imported[name] = alias.name
                    bound.append((node.lineno, name, alias.name))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name | ast.Attribute):
            source = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            function = imported.get(source) or (source if source in TRANSLATION_FUNCTIONS else None)
            if function is None:
                continue
            bound += [
                (node.lineno, target.id, function)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
    return bound


def test_every_alias_of_a_translation_function_is_extracted():
    """A message marked with a name pybabel is not told about (``_nl`` once) is never
    extracted, so it stays English on Welsh pages however complete the catalogue is."""
    keywords = extraction_keywords()
    assert {"_", "_l", "gettext", "lazy_gettext", "lazy_ngettext"} <= keywords
    unknown = []
    for path in sorted((ROOT / "fostering").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        unknown += [
            f"  - {path.relative_to(ROOT)}:{line}: {name} (= {function})"
            for line, name, function in translation_names_bound(tree)
            if name not in keywords
        ]
    assert not unknown, (
        "These names mark messages but bin/translate.sh does not extract them: add each "
        "to its KEYWORDS (with the argument numbers, like -k _nl:1,2) or use a name "
        "that is there:\n" + "\n".join(unknown)
    )


def test_the_alias_check_finds_an_alias_that_is_not_extracted():
    tree = ast.parse(
        "from flask_babel import lazy_ngettext as _plural\n"
        "from flask_babel import gettext as _\n"
        "_n = _plural\n"
    )
    names = {name for _, name, _ in translation_names_bound(tree)}
    assert names == {"_plural", "_", "_n"}
    assert {"_plural", "_n"} - extraction_keywords() == {"_plural", "_n"}


def test_the_plural_messages_of_the_application_rules_are_welsh(app):
    """The five messages once marked with the unextracted ``_nl``: two of them here."""
    from datetime import date
    from types import SimpleNamespace

    from flask_babel import force_locale

    from fostering.recruitment.services.applications import address_summary

    nothing_yet = SimpleNamespace(addresses=[], has_joint_applicant=True)
    with app.test_request_context(), force_locale("cy"):
        problems = [str(p.message) for p in address_summary(nothing_yet, date(2026, 11, 24))]
    assert (
        "Rhaid i'ch cyfeiriadau gwmpasu'r 10 mlynedd diwethaf: mae 10 o flynyddoedd"
        in (problems[1])
    )
    assert problems[3].startswith("Rhaid i gyfeiriadau eich cyd-ymgeisydd")


# Choosing the language --------------------------------------------------------------


def _lang(response) -> str:
    return parsed(response.get_data(as_text=True)).html["lang"]


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        (None, "en"),
        ("cy", "cy"),
        ("cy-GB,cy;q=0.9,en;q=0.8", "cy"),
        ("en-GB,en;q=0.9,cy;q=0.8", "en"),
        ("fr-FR,fr;q=0.9", "en"),
    ],
)
def test_accept_language_chooses_the_language_when_there_is_no_cookie(
    app, client, accept_language, expected
):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert _lang(response) == expected
    assert response.headers["Content-Language"] == expected


@pytest.mark.parametrize(("chosen", "browser"), [("cy", "en-GB,en;q=0.9"), ("en", "cy")])
def test_the_cookie_set_by_the_switch_wins_over_the_browser(app, client, chosen, browser):
    switch = client.get(f"/locale/{chosen}?next=/cookies")
    assert switch.status_code == 302
    assert switch.headers["Location"] == "/cookies"
    cookie = switch.headers["Set-Cookie"]
    assert cookie.startswith(f"locale={chosen};")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    response = client.get("/cookies", headers={"Accept-Language": browser})
    assert _lang(response) == chosen
    assert response.headers["Content-Language"] == chosen


def test_an_unknown_language_is_not_found(app, client):
    response = client.get("/locale/xx")
    assert response.status_code == 404
    assert "locale=" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_the_switch_only_redirects_to_a_local_path(app, client, next_url):
    response = client.get("/locale/cy", query_string={"next": next_url})
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    local = location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert local and not parts.scheme and not parts.netloc, f"redirected to {location!r}"


def test_the_switch_keeps_the_page_and_its_query(app, client):
    response = client.get("/locale/cy", query_string={"next": "/admin/audit?q=x&page=2"})
    assert response.headers["Location"] == "/admin/audit?q=x&page=2"


def test_the_footer_offers_the_other_language_in_that_language(app, client):
    client.get("/locale/cy")
    soup = parsed(client.get("/privacy").get_data(as_text=True))
    link = soup.find(id="language-switch")
    assert link.get_text(strip=True) == "English"
    assert link["lang"] == "en" and link["hreflang"] == "en"
    assert link["href"] == "/locale/en?next=/privacy"

    client.get("/locale/en")
    soup = parsed(client.get("/privacy").get_data(as_text=True))
    link = soup.find(id="language-switch")
    assert link.get_text(strip=True) == "Cymraeg"
    assert link["lang"] == "cy"


# The libraries' English, in Welsh ---------------------------------------------------


def _welsh(client):
    assert client.get("/locale/cy").status_code == 302


def test_a_form_with_errors_is_all_welsh(app, client):
    _welsh(client)
    response = form_post(client, "/sign-in", {"email": "", "password": ""})
    assert response.status_code == 200
    soup = parsed(response.get_data(as_text=True))
    assert soup.html["lang"] == "cy"
    assert soup.title.get_text().startswith("Gwall: Mewngofnodi – Maethu a lleoliadau – ")
    summary = soup.select_one(".govuk-error-summary")
    assert summary.select_one(".govuk-error-summary__title").get_text(strip=True) == ("Mae problem")
    assert [a.get_text(strip=True) for a in summary.select("a")] == [
        "Rhowch eich cyfeiriad e-bost",
        "Rhowch eich cyfrinair",
    ]
    hidden = {p.get_text(strip=True) for p in soup.select(".govuk-error-message span")}
    assert hidden == {"Gwall:"}
    assert soup.select_one(".govuk-skip-link").get_text(strip=True) == "Neidio i'r prif gynnwys"
    password = soup.select_one("[data-module=govuk-password-input]")
    assert password["data-i18n.show-password"] == "Dangos"
    assert password["data-i18n.hide-password"] == "Cuddio"
    assert password.select_one("button").get_text(strip=True) == "Dangos"
    text = page_text(response)
    assert "Cysylltu â'r tîm maethu: ffoniwch 01234 567890" in text
    assert "© Cyngor Sir Enghraifft" in text
    for english in (
        "There is a problem",
        "Error",
        "Skip to main content",
        "Contact the fostering team",
        "Example County Council",
        "Enter your",
        "Show",
        "Support links",
    ):
        assert english not in response.get_data(as_text=True), english


def test_date_inputs_and_their_errors_are_welsh(app, client):
    admin = create_user(role=Role.ADMINISTRATOR)
    sign_in(client, admin)
    _welsh(client)
    response = client.get("/admin/audit")
    soup = parsed(response.get_data(as_text=True))
    labels = [label.get_text(strip=True) for label in soup.select(".govuk-date-input label")]
    assert labels == ["Diwrnod", "Mis", "Blwyddyn"] * 2

    response = client.get(
        "/admin/audit",
        query_string=[("date_from", "31"), ("date_from", "2"), ("date_from", "2024")],
    )
    text = page_text(response)
    assert "Mae problem" in text
    assert "Rhaid i 'O' fod yn ddyddiad go iawn" in text
    assert "must be a real date" not in text


def test_flash_messages_are_welsh(app, client):
    admin = create_user(role=Role.ADMINISTRATOR)
    sign_in(client, admin)
    _welsh(client)
    response = form_post(client, "/sign-out", token_from="/admin/")
    assert response.status_code == 302
    text = page_text(client.get(response.headers["Location"]))
    assert "Llwyddiant" in text
    assert "Rydych wedi allgofnodi." in text


def test_the_sign_in_prompt_is_welsh(app, client):
    _welsh(client)
    response = client.get("/admin/")
    assert response.status_code == 302
    text = page_text(client.get(response.headers["Location"]))
    assert "Mewngofnodwch i weld y dudalen hon." in text
    assert "Please log in" not in text


def test_the_same_pages_are_english_for_an_english_reader(app, client):
    response = form_post(client, "/sign-in", {"email": "", "password": ""})
    soup = parsed(response.get_data(as_text=True))
    assert soup.html["lang"] == "en"
    assert soup.title.get_text().startswith("Error: Sign in")
    assert soup.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "There is a problem"
    )
    assert {p.get_text(strip=True) for p in soup.select(".govuk-error-message span")} == {"Error:"}
    assert "Skip to main content" in page_text(response)


def test_explicit_parameters_win_over_the_translated_defaults(app):
    from fostering.web.i18n import govuk_params

    with app.test_request_context(headers={"Accept-Language": "cy"}):
        params = govuk_params(
            {"errorMessage": {"text": "x"}, "showPasswordText": "Datgelu"}, "password-input"
        )
        assert params["errorMessage"] == {"text": "x", "visuallyHiddenText": "Gwall"}
        assert params["showPasswordText"] == "Datgelu"
        assert params["hidePasswordText"] == "Cuddio"
        words = govuk_params({"maxwords": 10}, "character-count")
        assert words["wordsUnderLimitText"]["other"] == "Mae gennych %{count} gair ar ôl"
        assert "charactersUnderLimitText" not in words
