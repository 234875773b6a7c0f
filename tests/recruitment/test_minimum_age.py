"""The minimum age to foster: one configured value (FOSTER_MINIMUM_AGE, 21 unless set),
checked on the application and stated on every page (see tests/public/test_pages.py)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from fostering.models.application import SectionKey
from fostering.recruitment.services.applications import section_problems, years_ago
from tests.factories import create_application

TODAY = date(2027, 3, 10)


def age_problems(date_of_birth: date) -> list[str]:
    application = create_application()
    application.date_of_birth = date_of_birth
    return [
        str(problem.message)
        for problem in section_problems(application, SectionKey.ABOUT_YOU, TODAY)
        if problem.field == "date_of_birth"
    ]


def test_the_default_minimum_age_is_21_and_counts_from_the_birthday(app):
    assert app.config["FOSTER_MINIMUM_AGE"] == 21
    assert age_problems(years_ago(TODAY, 21)) == []  # 21 today
    assert age_problems(date(2006, 3, 11)) == ["You must be 21 or over to apply to foster"]
    assert age_problems(date(2009, 1, 1)) == ["You must be 21 or over to apply to foster"]


class TestACouncilThatTakes18YearOlds:
    @pytest.fixture
    def app_config(self):
        return {"FOSTER_MINIMUM_AGE": 18}

    def test_the_application_checks_the_configured_age(self, app):
        assert age_problems(date(2008, 3, 10)) == []  # 19
        assert age_problems(years_ago(TODAY, 18)) == []
        assert age_problems(date(2009, 3, 11)) == ["You must be 18 or over to apply to foster"]
        with force_locale("cy"):
            assert age_problems(date(2010, 1, 1)) == [
                "Rhaid i chi fod yn 18 oed neu'n hŷn i wneud cais i faethu"
            ]
