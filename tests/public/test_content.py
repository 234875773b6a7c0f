"""The public pages' content folder: read and checked at start-up, Markdown rendered
safely, placeholders filled, events that have ended dropped."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fostering.public import content
from fostering.web.markdown import render


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the demo council's content, to break."""
    copy = tmp_path / "content"
    shutil.copytree(content.DEFAULT_FOLDER, copy)
    return copy


def test_the_demo_councils_content_loads_in_both_languages():
    loaded = content.load(content.DEFAULT_FOLDER)
    for language in content.LANGUAGES:
        for slug in content.PAGES:
            assert loaded.page(slug, language).title
    assert loaded.page("who-can-foster", "cy").title == "Pwy all faethu"
    assert [band.from_age for band in loaded.allowances] == [0, 5, 11, 16]
    assert all(isinstance(fee.weekly_pence, int) for fee in loaded.fees)


def test_markdown_shows_html_as_text_and_makes_no_script_links():
    html = render(
        "Hello <script>alert(1)</script> <b onclick=x>bold</b>\n\n"
        "[click](javascript:alert(1)) [call](tel:+441234567890) [web](https://example.org)"
    )
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="tel:+441234567890" class="govuk-link">call</a>' in html
    assert '<a href="https://example.org" class="govuk-link">web</a>' in html


def test_markdown_gets_govuk_classes_and_no_second_h1():
    html = render(
        "# Big\n\n## Section\n\n### Small\n\n- one\n\n1. first\n\n> note\n\n| a |\n|---|\n| 1 |\n"
    )
    assert "<h1" not in html
    assert '<h2 class="govuk-heading-m">Big</h2>' in html
    assert '<h3 class="govuk-heading-s">Small</h3>' in html
    assert 'class="govuk-list govuk-list--bullet"' in html
    assert 'class="govuk-list govuk-list--number"' in html
    assert '<blockquote class="govuk-inset-text">' in html
    assert '<table class="govuk-table">' in html
    assert '<th class="govuk-table__header" scope="col">a</th>' in html


def test_a_missing_page_stops_the_service_naming_the_file(folder):
    (folder / "cy" / "the-process.md").unlink()
    with pytest.raises(content.ContentError, match=r"cy/the-process.md is missing"):
        content.load(folder)


def test_a_page_without_its_title_is_refused(folder):
    (folder / "en" / "home.md").write_text("No heading here\n", encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"en/home.md must start with its title"):
        content.load(folder)


def test_an_unknown_placeholder_is_refused(folder):
    page = folder / "en" / "what-you-get.md"
    page.write_text(page.read_text() + "\nCall {team_fone}.\n", encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"uses \{team_fone\}, which is not one of"):
        content.load(folder)


def test_a_table_placeholder_must_be_on_a_line_of_its_own(folder):
    page = folder / "cy" / "what-you-get.md"
    page.write_text(page.read_text() + "\nDyma {fees} i chi.\n", encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"\{fees\} is a table"):
        content.load(folder)


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ("[[allowance]]\nfrom_age = 0\nto_age = 4\nweekly_pence = 217.5\n", "weekly_pence"),
        ("[[allowance]]\nfrom_age = 9\nto_age = 4\nweekly_pence = 100\n", "from <= to"),
        ("[[fee]]\nname_en = 'Level 1'\nweekly_pence = 100\n", "needs name_cy"),
        ("allowance = [\n", "not valid TOML"),
    ],
)
def test_malformed_figures_are_refused(folder, figures, message):
    (folder / "allowances.toml").write_text(figures, encoding="utf-8")
    with pytest.raises(content.ContentError, match=message):
        content.load(folder)


def test_an_event_must_say_when_and_whether_it_is_online(folder):
    (folder / "events.toml").write_text(
        "[[event]]\ntitle_en = 'A'\ntitle_cy = 'A'\nstarts = 2027-01-01T10:00:00\n"
        "place_en = 'Hall'\nplace_cy = 'Neuadd'\n",
        encoding="utf-8",
    )
    with pytest.raises(content.ContentError, match="needs starts and ends"):
        content.load(folder)


def test_every_problem_is_listed_at_once(folder):
    (folder / "en" / "home.md").unlink()
    (folder / "events.toml").write_text("event = [", encoding="utf-8")
    with pytest.raises(content.ContentError) as refused:
        content.load(folder)
    assert "home.md is missing" in str(refused.value)
    assert "events.toml is not valid TOML" in str(refused.value)


def test_events_that_have_ended_drop_off_and_the_rest_are_soonest_first():
    now = datetime(2027, 2, 1, 12, 0, tzinfo=content.LONDON)

    def event(starts: datetime, hours: int) -> content.Event:
        text = {"en": "x", "cy": "x"}
        return content.Event(text, starts, starts + timedelta(hours=hours), False, text, text)

    ended = event(now - timedelta(hours=3), 2)
    under_way = event(now - timedelta(hours=1), 2)
    later = event(now + timedelta(days=9), 1)
    sooner = event(now + timedelta(days=2), 1)
    loaded = content.Content(Path("."), {}, (), (), (ended, later, under_way, sooner))
    assert loaded.upcoming_events(now) == [under_way, sooner, later]


def test_event_times_without_a_zone_are_local_time(folder):
    loaded = content.load(content.DEFAULT_FOLDER)
    first = loaded.events[0]
    assert first.starts.tzinfo == content.LONDON
    assert first.starts.utcoffset() == timedelta(0)  # 14 January: GMT


def test_a_council_folder_replaces_the_demo_councils(folder):
    (folder / "en" / "home.md").write_text("# Foster with Sir Gâr\n\nHello.\n", encoding="utf-8")
    assert content.load(folder).page("home", "en").title == "Foster with Sir Gâr"
