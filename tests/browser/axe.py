"""Run axe-core on the page a test is looking at, and fail on any violation.

axe is injected through the DevTools protocol rather than a script tag: the app's
Content-Security-Policy only runs scripts carrying the page's nonce, which is exactly
what it should do, so a tag added by a test would be blocked. ``install`` gives a
browser context axe as an init script, which Chromium runs in each new document; sending
its half a megabyte again with ``page.evaluate`` for every page checked took a seventh
of the browser tests' time. A page without it (none should be) gets it that way still.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

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


def install(context) -> None:
    """Have axe, configured, in every document this browser context opens."""
    context.add_init_script(script=_axe_source() + "\n;" + CONFIGURE + ";")


# What axe's rules judge on a page, without what changes from one record to the next:
# each kind of element (tag, classes, role, type, which aria-* attributes, whether it
# has text, its inline style) with the kind of its parent, which kinds of heading
# follow which, how many landmarks of each kind, whether any id repeats, whether the
# page's language is English or Welsh, and the width. Two pages with the same shape
# differ only in their text (English or Welsh), their order and how many rows they
# have, which no rule under our tags judges differently. (An element left without text
# in Welsh has a different shape, so it is checked.)
SHAPE = """() => {
  const kind = (e) => [e.tagName, [...e.classList].sort().join("."),
    e.getAttribute("role") || "", e.getAttribute("type") || "",
    [...e.attributes].map((a) => a.name).filter((n) => n.startsWith("aria-")).sort().join(","),
    e.textContent.trim() ? "text" : "", e.getAttribute("style") || ""].join("|");
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
# The shapes of the pages this test process has already checked and found clean, and
# how many checks axe has run.
_CHECKED: set[str] = set()
RUNS = [0]


def _shape(page) -> str:
    return hashlib.sha256(page.evaluate(SHAPE).encode()).hexdigest()


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

    A page whose shape (``SHAPE``) this process has already checked and found clean
    is not checked again: a journey comes back to the same pages with a row more or a
    status changed, and the Welsh pass of each journey shows the pages it has just
    checked in English: 447 checks became 336."""
    page.wait_for_load_state("load")
    shape = _shape(page)
    if shape in _CHECKED:
        _check_problems(page)
        return
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;" + CONFIGURE + ";undefined")
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
    violations = page.evaluate(
        "async (options) => (await axe.run(document, options)).violations", options
    )
    _check_problems(page)
    assert not violations, f"axe found problems on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in violations
    )
    _CHECKED.add(shape)
