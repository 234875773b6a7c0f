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


@pytest.fixture
def nothing_checked_yet(monkeypatch):
    """What this test checks, as if no page had been checked before it in the run."""
    from tests.browser import axe

    monkeypatch.setattr(axe, "_CHECKED", axe.Checked())


def test_a_page_is_checked_again_only_when_its_shape_changes(page, nothing_checked_yet):
    from tests.browser import axe

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


def test_contrast_is_judged_once_per_kind_of_text_and_background(page, nothing_checked_yet):
    from tests.browser import axe

    page.goto("/")
    check_accessibility(page)
    judged = axe.CONTRAST_JUDGED[0]
    # A new paragraph like the others: a new page shape, but no new kind of text.
    page.evaluate(
        """() => {
          const paragraph = document.querySelector("main p");
          paragraph.after(paragraph.cloneNode(true));
          paragraph.after(document.createElement("hr"));
        }"""
    )
    runs = axe.RUNS[0]
    check_accessibility(page)
    assert axe.RUNS[0] == runs + 1
    assert axe.CONTRAST_JUDGED[0] == judged, "text of a kind already judged was judged again"
    # The same text on a dark background behind it is a new kind, and fails.
    page.evaluate(
        """() => {
          const box = document.createElement("div");
          box.className = "govuk-!-margin-top-2";
          box.style.backgroundColor = "#505a5f";
          const paragraph = document.querySelector("main p");
          box.append(paragraph.cloneNode(true));
          paragraph.after(box);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        check_accessibility(page)
    assert "color-contrast" in str(failure.value)
    assert axe.CONTRAST_JUDGED[0] > judged


def test_what_one_test_process_found_clean_another_does_not_check_again(tmp_path):
    from tests.browser import axe

    first, second = axe.Checked(), axe.Checked()
    first.share(tmp_path / "checked.txt")
    second.share(tmp_path / "checked.txt")
    assert "page:1" not in second
    first.add(["page:1", "contrast:2"])
    assert "page:1" in second
    assert "contrast:2" in second
    assert "page:3" not in first


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


def test_axe_is_loaded_only_into_a_page_being_checked(page, nothing_checked_yet):
    from tests.browser import axe

    page.goto("/")
    assert page.evaluate("typeof window.axe") == "undefined"
    check_accessibility(page)
    assert page.evaluate("typeof window.axe") == "object"
    # The script element is taken out again: the page's markup is as the app sent it.
    assert page.locator(f"script[src='{axe.SCRIPT_PATH}']").count() == 0
    page.goto("/")
    check_accessibility(page)  # the same shape, already found clean
    assert page.evaluate("typeof window.axe") == "undefined"
