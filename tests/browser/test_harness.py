"""The browser checks can fail: axe reports a real violation, and a script the
Content-Security-Policy blocks is reported as a page error."""

from __future__ import annotations

import pytest

from tests.browser.axe import check_accessibility

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_its_rule_and_target(page):
    page.goto("/")
    page.evaluate(
        """() => {
          const image = document.createElement("img");
          image.id = "no-alt-text";
          image.src = "/assets/favicon.svg";
          document.querySelector("main").append(image);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page)
    assert "image-alt" in str(failure.value)
    assert "#no-alt-text" in str(failure.value)


def test_a_page_is_checked_again_only_when_its_shape_changes(page):
    from tests.browser import axe

    axe._CHECKED.clear()
    page.goto("/")
    runs = axe.RUNS[0]
    check_accessibility(page)
    page.reload()
    check_accessibility(page)
    assert axe.RUNS[0] == runs + 1, "the same page was checked twice"
    # Text coloured too pale to read: the same kinds of element, but an inline style.
    page.evaluate("() => { document.querySelector('main p').style.color = '#eeeeee'; }")
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page)
    assert "color-contrast" in str(failure.value)
    assert axe.RUNS[0] == runs + 2


def test_a_script_blocked_by_the_content_security_policy_fails_the_page(page):
    page.goto("/")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(
            """() => {
              const script = document.createElement("script");
              script.textContent = "window.injected = true";
              document.body.append(script);
            }"""
        )
    assert page.evaluate("window.injected") is None
    with pytest.raises(AssertionError) as failure:
        page.problems.check()
    assert "Content Security Policy" in str(failure.value)
    page.problems.check()  # reported once, then cleared


def test_no_host_but_127_0_0_1_can_be_reached(page):
    from playwright.sync_api import Error

    with pytest.raises(Error, match="ERR_NAME_NOT_RESOLVED"):
        page.goto("http://fonts.example.com/")
