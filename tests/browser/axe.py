"""Run axe-core on the page a test is looking at, and fail on any violation.

axe is loaded only into a page about to be checked, and from the test's own server
(``SCRIPT_PATH``, served beside the app by ``serve_script``), never from the app. The
app's Content-Security-Policy runs scripts from its own origin or carrying the page's
nonce, so a script tag pointing there is allowed, and Chromium caches the half megabyte.
Giving every document axe as an init script cost Chromium 14 of the 67 CPU seconds it
spent rendering the browser tests' pages, though most documents are never checked;
sending the source with ``page.evaluate`` for each page checked cost more still.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from functools import cache
from pathlib import Path

from fostering.config import PROJECT_ROOT

AXE_SOURCE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# No rule is disabled. One best-practice rule is narrowed where it conflicts with the
# Design System: "region" wants all content inside landmarks, but GOV.UK's guidance is
# to put the back link before <main>, so that "Skip to main content" skips it too. We
# follow the guidance and let the back link count as a region of its own, as axe
# already does for dialogs and SVGs; everything else must still sit in a landmark.
DISABLED_RULES: dict[str, str] = {}
REGION_MATCHER = "dialog, [role=dialog], [role=alertdialog], svg, a.govuk-back-link"
CONFIGURE = (
    "axe.configure({checks: [{id: 'region', options: {regionMatcher: "
    + json.dumps(REGION_MATCHER)
    + "}}]})"
)


@cache
def _axe_source() -> str:
    if not AXE_SOURCE.exists():
        raise AssertionError(
            f"{AXE_SOURCE} is missing: run `make test` (or `npm ci`) to install axe-core"
        )
    return AXE_SOURCE.read_text(encoding="utf-8")


def _describe(violation: dict) -> str:
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"]:
        target = " ".join(str(part) for part in node["target"])
        lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


# Where the test's server serves axe, configured; the app has no such path.
SCRIPT_PATH = "/__tests__/axe.js"


@cache
def _script() -> bytes:
    return (_axe_source() + "\n;" + CONFIGURE + ";\n").encode()


def serve_script(app):
    """``app`` as a WSGI app, with axe at ``SCRIPT_PATH`` for the browser to cache."""

    def serve(environ, start_response):
        if environ.get("PATH_INFO") != SCRIPT_PATH:
            return app(environ, start_response)
        body = _script()
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/javascript; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=86400, immutable"),
            ],
        )
        return [body]

    return serve


# Adds axe to the page from the test's server and takes the script element out again,
# so that the page's markup is as the app sent it.
LOAD = """(url) => new Promise((resolve, reject) => {
  const script = document.createElement("script");
  script.src = url;
  script.onload = () => { script.remove(); resolve(); };
  script.onerror = () => reject(new Error("axe could not be loaded from " + url));
  document.head.append(script);
})"""


# What axe's rules judge on a page, without what changes from one record to the next:
# each kind of element (tag, classes, role, type, which aria-* attributes, whether it
# has text, its inline style) with the kind of its parent, which kinds of heading
# follow which, how many landmarks of each kind, whether any id repeats, whether the
# page's language is English or Welsh, and the width. Two pages with the same shape
# differ only in their text (English or Welsh), their order and how many rows they
# have, which no rule under our tags judges differently. (An element left without text
# in Welsh has a different shape, so it is checked.)
SHAPE = """() => {
  // Which elements have text: each text node that is not blank marks its ancestors, so
  // the page is walked once. Asking each element for its textContent copied each
  // subtree's text again: the shapes took about 8 CPU seconds of Chromium's rendering
  // over the browser tests that way, and about 1.5 this way.
  const withText = new Set();
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/\\S/.test(node.data)) continue;
    for (let e = node.parentElement; e && !withText.has(e); e = e.parentElement) withText.add(e);
  }
  const known = new Map();
  const kind = (e) => {
    if (!known.has(e)) {
      known.set(e, [e.tagName, [...e.classList].sort().join("."),
        e.getAttribute("role") || "", e.getAttribute("type") || "",
        [...e.attributes].map((a) => a.name).filter((n) => n.startsWith("aria-")).sort().join(","),
        withText.has(e) ? "text" : "", e.getAttribute("style") || ""].join("|"));
    }
    return known.get(e);
  };
  const kinds = new Set(), landmarks = {}, headings = new Set(), ids = new Set();
  let previous = "H0", repeated = false;
  for (const e of document.querySelectorAll("*")) {
    kinds.add(kind(e) + "<" + (e.parentElement ? kind(e.parentElement) : ""));
    if (/^H[1-6]$/.test(e.tagName)) { headings.add(previous + e.tagName); previous = e.tagName; }
    if (/^(MAIN|NAV|HEADER|FOOTER|ASIDE)$/.test(e.tagName) || e.hasAttribute("role")) {
      const name = e.getAttribute("role") || e.tagName;
      landmarks[name] = (landmarks[name] || 0) + 1;
    }
    if (e.id) { repeated ||= ids.has(e.id); ids.add(e.id); }
  }
  return JSON.stringify([[...kinds].sort(), [...headings].sort(), landmarks, repeated,
    /^(en|cy)$/.test(document.documentElement.lang), window.innerWidth]);
}"""
# Colour contrast is most of axe's time (70 % of it on the recruitment, casework and
# matching journeys): axe works out the background behind every element with text, and a
# page of a few hundred elements took it up to 0.9 s. Yet what it decides depends only
# on the text's colour, size, weight, opacity and shadow and on what lies behind it: in
# these pages the backgrounds, images, opacities and positions of its ancestors. So
# each element with text (or a form control, whose value is text) gets a contrast kind:
# those properties, its tag and classes, and the same for each ancestor. axe judges the
# contrast of one element of each kind not yet judged; 14,596 elements with text on 105
# pages of those three journeys were 361 kinds. Elements the browser does not render
# (in a closed <details>, say) are left out, as axe leaves them out.
CONTRAST_KINDS = """() => {
  const chains = new Map();
  const style = (e) => getComputedStyle(e);
  const chain = (e) => {
    if (!e) return "";
    if (!chains.has(e)) {
      const s = style(e);
      chains.set(e, [e.tagName, [...e.classList].sort().join("."), s.backgroundColor,
        s.backgroundImage, s.opacity, s.position, s.mixBlendMode, s.filter].join(" ")
        + " | " + chain(e.parentElement));
    }
    return chains.get(e);
  };
  const hasText = (e) => /^(INPUT|SELECT|TEXTAREA)$/.test(e.tagName)
    || [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const kinds = new Map();
  for (const e of document.body.querySelectorAll("*")) {
    if (!hasText(e) || !e.checkVisibility()) continue;
    const s = style(e);
    const kind = [s.color, s.fontSize, s.fontWeight, s.opacity, s.textShadow,
      s.webkitTextStrokeColor, s.visibility, e.getAttribute("type") || "", chain(e)].join(" ");
    if (!kinds.has(kind)) kinds.set(kind, e);
  }
  window.__contrastKinds = [...kinds.values()];
  return [...kinds.keys()];
}"""
# Every rule but colour contrast on the whole page, then colour contrast on the given
# elements (an element of each new contrast kind) and what is inside them.
RUN = """async ([options, fresh]) => {
  const rest = await axe.run(document, {...options,
    rules: {...options.rules, "color-contrast": {enabled: false}}});
  if (!fresh.length) return rest.violations;
  const elements = fresh.map((index) => window.__contrastKinds[index]);
  const contrast = await axe.run({include: elements},
    {...options, runOnly: {type: "rule", values: ["color-contrast"]}});
  return [...rest.violations, ...contrast.violations];
}"""


class Checked:
    """What has been checked and found clean, by hash: the shapes of pages and the
    contrast kinds of elements. ``share`` adds a file that every test process of the
    run reads and appends to, so a page one process has checked is not checked again
    by another."""

    def __init__(self) -> None:
        self._known: set[str] = set()
        self._path: Path | None = None
        self._read = 0

    def share(self, path: Path) -> None:
        self._path, self._read = path, 0
        path.touch()

    def _catch_up(self) -> None:
        if self._path is None:
            return
        with open(self._path, "rb") as file:
            file.seek(self._read)
            lines = file.read()
        complete = lines[: lines.rfind(b"\n") + 1]
        self._read += len(complete)
        self._known.update(complete.decode().split())

    def __contains__(self, key: str) -> bool:
        return not self.unknown([key])

    def unknown(self, keys: list[str]) -> list[str]:
        """The keys not known to be clean, reading what other processes have added at
        most once."""
        if any(key not in self._known for key in keys):
            self._catch_up()
        return [key for key in keys if key not in self._known]

    def add(self, keys) -> None:
        fresh = [key for key in keys if key not in self._known]
        self._known.update(fresh)
        if fresh and self._path is not None:
            with open(self._path, "ab") as file:
                fcntl.flock(file, fcntl.LOCK_EX)
                file.write("".join(f"{key}\n" for key in fresh).encode())


# What this test process (and, with ``share``, the run) has checked, and how many
# checks axe has run and how many elements it has judged the contrast of.
_CHECKED = Checked()
RUNS = [0]
CONTRAST_JUDGED = [0]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _shape(page) -> str:
    return "page:" + _hash(page.evaluate(SHAPE))


def _check_problems(page) -> None:
    """Fail if the page has so far logged a console error or thrown."""
    problems = getattr(page, "problems", None)
    if problems is not None:
        problems.check()


def check_accessibility(page) -> None:
    """Fail if axe finds a WCAG 2.2 AA or best-practice violation, or the page has so
    far logged a console error or thrown.

    Waits for the page's load event first: a check started while a navigation is
    still parsing the new document would judge half a page (no main, no h1).

    A page whose shape (``SHAPE``) has already been checked and found clean is not
    checked again: a journey comes back to the same pages with a row more or a status
    changed, and the Welsh pass of each journey shows the pages it has just checked in
    English: 447 checks became 336. On a page that is checked, colour contrast is
    judged for the elements of contrast kinds (``CONTRAST_KINDS``) not yet judged."""
    page.wait_for_load_state("load")
    shape = _shape(page)
    if shape in _CHECKED:
        _check_problems(page)
        return
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(LOAD, SCRIPT_PATH)
    kinds = ["contrast:" + _hash(kind) for kind in page.evaluate(CONTRAST_KINDS)]
    unknown = set(_CHECKED.unknown(kinds))
    fresh = [index for index, kind in enumerate(kinds) if kind in unknown]
    options = {
        "runOnly": {"type": "tag", "values": TAGS},
        "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
        "resultTypes": ["violations"],
        # Only media, not the style sheets: axe fetches and parses every style sheet
        # for its one rule that reads them (css-orientation-lock), which is experimental
        # and so never runs under these tags; parsing them cost a fifth of each check.
        "preload": {"assets": ["media"]},
    }
    RUNS[0] += 1
    CONTRAST_JUDGED[0] += len(fresh)
    violations = page.evaluate(RUN, [options, fresh])
    _check_problems(page)
    assert not violations, f"axe found problems on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in violations
    )
    _CHECKED.add([shape, *(kinds[index] for index in fresh)])
