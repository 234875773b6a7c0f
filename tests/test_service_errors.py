"""Coded errors: each domain's codes have one sentence each, an error carries its code,
field and values, and its sentence reads in the language of the page showing it."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms import StringField

from fostering.admin.services.errors import AdminCode, AdminError
from fostering.auth.errors import AccountCode, AccountError
from fostering.imports.problems import FileCode
from fostering.imports.reading import FileError
from fostering.payments.services.errors import PaymentCode, PaymentError
from fostering.placements.services.errors import PlacementCode, PlacementsError, RunFailure
from fostering.placements.services.providers import ProviderError
from fostering.recruitment.services.errors import RecruitmentCode, RecruitmentError
from fostering.recruitment.services.review_errors import ReviewCode, ReviewError
from fostering.web.refusals import show_refusal

DOMAINS = [
    (PlacementsError, [PlacementCode, RunFailure]),
    (RecruitmentError, [RecruitmentCode]),
    (ReviewError, [ReviewCode]),
    (AdminError, [AdminCode]),
    (AccountError, [AccountCode]),
    (FileError, [FileCode]),
    (PaymentError, [PaymentCode]),
]


@pytest.mark.parametrize(("error", "enums"), DOMAINS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_code_has_exactly_one_sentence_in_its_domain(error, enums):
    codes = {code for enum in enums for code in enum}
    assert set(error.sentences) == codes


def test_an_error_carries_its_code_field_and_values():
    error = ProviderError(PlacementCode.BEDS_UNDER_CHILDREN, field="beds", count=2)
    assert isinstance(error, PlacementsError)
    assert (error.code, error.field, error.params) == (
        PlacementCode.BEDS_UNDER_CHILDREN,
        "beds",
        {"count": 2},
    )
    assert str(error) == "The home has 2 children living there, so it needs at least 2 beds"


def test_the_sentence_is_translated_when_it_is_shown_not_when_raised(app):
    with app.test_request_context():
        error = ProviderError(PlacementCode.BEDS_UNDER_CHILDREN, field="beds", count=3)
        with force_locale("en"):
            english = str(error.message)
        with force_locale("cy"):
            welsh = str(error.message)
    assert english.startswith("The home has 3 children")
    assert welsh != english and "3" in welsh


def test_a_missing_value_fails_where_the_error_is_raised():
    with pytest.raises(KeyError):
        ProviderError(PlacementCode.BEDS_UNDER_CHILDREN, field="beds")


def test_a_code_from_another_domain_has_no_sentence_here():
    with pytest.raises(KeyError):
        AccountError(PlacementCode.NAME_MISSING)


class _Form(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def test_a_refusal_goes_to_the_field_it_names_else_to_a_banner(app):
    from flask import get_flashed_messages

    with app.test_request_context():
        form = _Form()
        show_refusal(form, ProviderError(PlacementCode.NAME_MISSING, field="name"))
        show_refusal(form, ProviderError(PlacementCode.CLOSE_WITH_CHILDREN))
        show_refusal(form, AdminError(AdminCode.WEIGHT, field="weight_km"))  # not on this form
        assert form.name.errors == ["Enter the provider's name"]
        assert get_flashed_messages(with_categories=True) == [
            ("error", "End the current placements before closing this provider"),
            ("error", "Each weight must be a number of 0 or more"),
        ]
