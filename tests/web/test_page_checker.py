"""The page checker every page test goes through finds each problem it is there for."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.pages import PageProblem, check_page, text_of

GOOD = """<!DOCTYPE html><html lang="en"><head><title>Your carers – Fostering</title></head>
<body><span class="govuk-caption-l">Team</span><h1 class="govuk-heading-l">Your
<span>carers</span></h1><form method="post" action="/x"><input name="csrf_token" value="t">
</form><form action="/search"><input name="q"></form><p id="a">A</p></body></html>"""


def test_a_good_page_passes():
    check_page(GOOD, content_language="en")
    check_page(GOOD.replace("<title>", "<title>Error: "), content_language="en")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('<p id="a">A</p>', "<h1>Again</h1>"), "expected exactly one h1, found 2"),
        (("<title>Your carers – Fostering</title>", ""), "the page has no <title>"),
        (("<title>Your carers", "<title>Carers"), "does not start with the h1"),
        (('<p id="a">', '<p id="a"><b id="a">B</b>'), "duplicate ids: ['a']"),
        (('<input name="csrf_token" value="t">', ""), "a POST form to '/x' has no CSRF token"),
    ],
)
def test_each_problem_is_reported(change, problem):
    with pytest.raises(PageProblem) as raised:
        check_page(GOOD.replace(*change), content_language="en")
    assert problem in str(raised.value)


def test_the_language_must_be_the_one_served():
    with pytest.raises(PageProblem) as raised:
        check_page(GOOD, content_language="cy")
    assert "<html lang='en'> but the page was served in 'cy'" in str(raised.value)


def test_a_pages_text_is_what_a_reader_sees_as_beautifulsoup_gives_it():
    page = GOOD.replace(
        '<p id="a">A</p>',
        "<script>var hidden = 1;</script><style>p {}</style><!-- a note -->"
        "<template><p>Later</p></template><p>Two\n   <b>words</b>,\tthen <i>more</i></p>",
    )
    words = text_of(page)
    assert words == "Your carers – Fostering Team Your carers Two words , then more"
    soup = BeautifulSoup(page, "lxml")
    assert words == re.sub(r"\s+", " ", soup.get_text(" ", strip=True))
