"""The page checker every page test goes through finds each problem it is there for."""

import pytest

from tests.pages import PageProblem, check_page

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
