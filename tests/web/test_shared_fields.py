"""The shared web pieces: the one date reader, money from pence, pounds typed in a box,
and where ``?next=`` may send a person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fostering.services.contact import normalise_phone
from fostering.services.money import parse_pence
from fostering.web.contact import email_link, phone_link, tel_href
from fostering.web.dates import DATE_PARTS, DateProblem, DateProblemCode, read_date_parts
from fostering.web.formatting import money, money_from_pounds, pence_as_input
from fostering.web.redirects import safe_next


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("27", "3", "2026"), date(2026, 3, 27)),
        ((" 1 ", "04", "2025"), date(2025, 4, 1)),
        (("", "", ""), None),
        (("", "3", "2026"), DateProblem(DateProblemCode.MISSING, ("day",))),
        (("", "", "2026"), DateProblem(DateProblemCode.MISSING, ("day", "month"))),
        (("1", "", ""), DateProblem(DateProblemCode.MISSING, ("month", "year"))),
        (("31", "2", "2026"), DateProblem(DateProblemCode.NOT_REAL, DATE_PARTS)),
        (("x", "2", "2026"), DateProblem(DateProblemCode.NOT_REAL, DATE_PARTS)),
        (("-1", "2", "2026"), DateProblem(DateProblemCode.NOT_REAL, DATE_PARTS)),
        (("1", "2", "26"), DateProblem(DateProblemCode.YEAR_DIGITS, ("year",))),
        (("1", "2", "20260"), DateProblem(DateProblemCode.YEAR_DIGITS, ("year",))),
    ],
)
def test_one_reader_reads_every_date_typed_in_boxes(typed, expected):
    assert read_date_parts(*typed) == expected


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (None, ""),
        (0, "£0.00"),
        (5, "£0.05"),
        (32_550, "£325.50"),
        (123_456_789, "£1,234,567.89"),
        (Decimal("100.5"), "£1.01"),  # exact pence from a sum: half a penny rounds up
    ],
)
def test_money_is_shown_from_whole_pence_without_a_float(pence, shown):
    assert money(pence) == shown


def test_money_can_show_something_for_no_amount():
    assert money(None, empty="–") == "–"
    assert money_from_pounds(Decimal("3800.5")) == "£3,800.50"


@pytest.mark.parametrize(("pence", "typed"), [(None, ""), (0, "0.00"), (380_050, "3800.50")])
def test_a_form_box_shows_stored_pence_as_pounds(pence, typed):
    assert pence_as_input(pence) == typed


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("950", 95_000), ("£1,234.50", 123_450), (" 0.5 ", 50), ("10.05", 1005), (12.5, 1250)],
)
def test_pounds_are_read_into_exact_pence(typed, pence):
    assert parse_pence(typed) == pence


@pytest.mark.parametrize("typed", ["", "-1", "1.234", "12abc", "1e3", "£", True])
def test_anything_but_pounds_and_pence_is_refused(typed):
    with pytest.raises(ValueError):
        parse_pence(typed)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/placements/runs?page=2", "/placements/runs?page=2"),
        (None, "/home"),
        ("", "/home"),
        ("https://evil.example/", "/home"),
        ("//evil.example/", "/home"),
        ("javascript:alert(1)", "/home"),
        ("relative/path", "/home"),
    ],
)
def test_next_only_ever_leads_to_a_page_on_this_site(target, expected):
    assert safe_next(target, "/home") == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("1", "", "2020", "Date of birth must include a day, month and year"),
        ("31", "2", "2020", "Date of birth must be a real date"),
        ("1", "2", "20", "Date of birth must include a 4-digit year"),
        ("1", "2", "1850", "Date of birth must include a 4-digit year"),
    ],
)
def test_a_form_date_says_what_to_fix_and_keeps_what_was_typed(app, day, month, year, error):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from fostering.web.fields import DateFieldGOVUK

    class Form(FlaskForm):
        born = DateFieldGOVUK("Date of birth")

    with app.test_request_context(method="POST"):
        form = Form(
            formdata=MultiDict([("born", day), ("born", month), ("born", year)]),
            meta={"csrf": False},
        )
        assert not form.validate()
        assert form.born.errors == [error]
        assert form.born.raw_data == [day, month, year]
        assert form.born.data is None


@pytest.mark.parametrize(
    ("typed", "number", "error"),
    [
        ("2.5", 2.5, None),
        ("1,000", 1000.0, None),
        ("", None, None),
        ("ten", None, "Enter a number"),
        ("nan", None, "Enter a number"),  # a float() reader let these through
        ("inf", None, "Enter a number"),
    ],
)
def test_a_number_box_reads_only_finite_numbers(app, typed, number, error):
    from flask_wtf import FlaskForm
    from werkzeug.datastructures import MultiDict

    from fostering.web.fields import NumberField

    class Form(FlaskForm):
        weight = NumberField("Weight", message="Enter a number")

    with app.test_request_context(method="POST"):
        form = Form(formdata=MultiDict([("weight", typed)]), meta={"csrf": False})
        form.validate()
        assert form.weight.data == number
        assert form.weight.errors == ([error] if error else [])
        assert form.weight._value() == typed


# --- Phone numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("07700 900123", "07700 900123"),  # Ofcom's drama range: the project's UK rule
        ("+44 7700 900123", "07700 900123"),
        ("(029) 2087 2087", "029 2087 2087"),
        ("+353 1 234 5678", "+353 1 234 5678"),
        ("0033 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("12345", None),
        ("+44 123", None),
        ("+353 1", None),
        ("353 1 234 5678", None),  # no + or 00: read as a UK number, which it is not
        ("", None),
    ],
)
def test_phone_numbers_from_the_uk_and_abroad(typed, kept):
    assert normalise_phone(typed) == kept


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("01234 567890", "tel:+441234567890"),
        ("029 2087 2087", "tel:+442920872087"),
        ("+353 1 234 5678", "tel:+35312345678"),
    ],
)
def test_phone_links_dial_the_number_in_full(number, href):
    assert tel_href(number) == href
    assert f'href="{href}"' in phone_link(number)
    assert phone_link(None) == ""


def test_email_links_escape_the_address():
    link = email_link('a"b@example.com')
    assert 'href="mailto:a&#34;b@example.com"' in link
    assert email_link("") == ""
