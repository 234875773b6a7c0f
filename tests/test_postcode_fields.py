"""KnownPostcode / PostcodeField: normalised, known to the directory, row left on the field."""

from __future__ import annotations

import io

import pytest
from flask_wtf import FlaskForm
from wtforms import StringField

from fostering.services import postcodes
from fostering.web.fields import KnownPostcode, PostcodeField

DIRECTORY = (
    "pcds,oseast1m,osnrth1m,oslaua\n"
    "CF10 1AA,318000,176000,W06000015\n"
    "SA1 1XY,265600,193000,W06000011\n"
)


class _Form(FlaskForm):
    class Meta:
        csrf = False

    home = PostcodeField("Home postcode", required="Enter the home postcode")
    school = PostcodeField("School postcode (optional)")


class _PlainForm(FlaskForm):
    class Meta:
        csrf = False

    postcode = StringField("Postcode", validators=[KnownPostcode()])


@pytest.fixture
def directory(app):
    postcodes.load_directory(io.StringIO(DIRECTORY))


def _form(app, cls=_Form, **data):
    with app.test_request_context(method="POST", data=data):
        form = cls()
        valid = form.validate()
        return form, valid


def test_a_known_postcode_is_normalised_and_its_row_left_on_the_field(app, directory):
    form, valid = _form(app, home=" cf101aa ", school="sa1 1xy")
    assert valid, form.errors
    assert form.home.data == "CF10 1AA"
    assert (form.home.location.easting, form.home.location.northing) == (318000, 176000)
    assert form.home.location.local_authority == "W06000015"
    assert form.school.data == "SA1 1XY"
    assert form.school.location.local_authority == "W06000011"


def test_optional_postcode_may_be_left_empty(app, directory):
    form, valid = _form(app, home="CF10 1AA", school="  ")
    assert valid, form.errors
    assert form.school.data == ""
    assert form.school.location is None


def test_required_postcode_left_empty(app, directory):
    form, valid = _form(app, home="")
    assert not valid
    assert form.home.errors == ["Enter the home postcode"]
    assert form.home.location is None


def test_a_malformed_postcode_keeps_what_was_typed(app, directory):
    form, valid = _form(app, home="not a postcode")
    assert not valid
    assert form.home.errors == ["Enter a real postcode, like CF10 1AA"]
    assert form.home.data == "not a postcode"
    assert form.home.location is None


def test_a_postcode_missing_from_the_directory(app, directory):
    form, valid = _form(app, home="CF99 9ZZ")
    assert not valid
    assert form.home.errors == ["We cannot find that postcode. Check it and enter it again"]
    assert form.home.data == "CF99 9ZZ"
    assert form.home.location is None


def test_validator_on_a_plain_string_field(app, directory):
    form, valid = _form(app, _PlainForm, postcode="cf10 1aa")
    assert valid
    assert form.postcode.location.postcode == "CF10 1AA"
    form, valid = _form(app, _PlainForm, postcode="")
    assert valid
    assert form.postcode.location is None


def test_messages_in_welsh(app, directory):
    with app.test_request_context(method="POST", data={"home": "zzz"}, headers={"Cookie": ""}):
        from flask_babel import force_locale

        with force_locale("cy"):
            form = _Form()
            assert not form.validate()
            assert form.home.errors[0] != "Enter a real postcode, like CF10 1AA"
