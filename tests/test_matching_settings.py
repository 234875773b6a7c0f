"""The council's matching defaults: one row, the spec's policy object, checked changes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from fostering.admin.services.matching_settings import (
    MatchingSettingsError,
    get_settings,
    policy_from,
    update_settings,
)
from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.models.matching_run import MatchingSettings
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_user

SPEC_DEFAULT_POLICY = {
    "max_home_beds": 5,
    "not_for_profit_only": False,
    "school_radius_km": 15,
    "max_km": None,
    "weights": {
        "weekly_cost": 1,
        "km": 10,
        "school_move": 500,
        "welsh_mismatch": 200,
        "sibling_split": 2000,
    },
}


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(MatchingSettings))


def test_settings_are_created_once_with_the_spec_defaults(app):
    first = get_settings()
    db.session.commit()
    assert get_settings().id == first.id
    assert _rows() == 1
    assert first.time_limit_seconds == 30
    assert policy_from(first) == SPEC_DEFAULT_POLICY


def test_get_settings_joins_the_callers_transaction(app):
    get_settings()
    db.session.rollback()
    assert _rows() == 0


def test_policy_overrides_apply_to_one_run_only(app):
    settings = get_settings()
    policy = policy_from(
        settings, max_km=25.0, not_for_profit_only=True, weights={"km": 4}, weight_sibling_split=9
    )
    assert policy["max_km"] == 25
    assert policy["not_for_profit_only"] is True
    assert policy["weights"] == {**SPEC_DEFAULT_POLICY["weights"], "km": 4, "sibling_split": 9}
    assert policy_from(settings) == SPEC_DEFAULT_POLICY
    with pytest.raises(TypeError):
        policy_from(settings, speed=3)
    with pytest.raises(TypeError):
        policy_from(settings, weights={"speed": 3})


def test_decimal_overrides_become_json_numbers(app):
    policy = policy_from(get_settings(), max_km=Decimal("25.0"), weights={"km": Decimal("2.5")})
    assert policy["max_km"] == 25 and isinstance(policy["max_km"], int)
    assert policy["weights"]["km"] == 2.5 and isinstance(policy["weights"]["km"], float)
    json.dumps(policy)


def test_fractional_weights_survive_into_the_policy(app):
    admin = create_user()
    settings = update_settings(actor=admin, weight_km=2.5, max_km=40)
    assert policy_from(settings)["weights"]["km"] == 2.5
    assert policy_from(settings)["max_km"] == 40


def test_update_is_checked_saved_and_audited(app):
    admin = create_user()
    update_settings(
        actor=admin,
        weight_weekly_cost=0,
        school_radius_km=12.5,
        max_km=60,
        not_for_profit_only=True,
        time_limit_seconds=600,
    )
    db.session.commit()
    settings = get_settings()
    assert settings.weight_weekly_cost == 0
    assert settings.school_radius_km == 12.5
    assert settings.max_km == 60
    assert settings.not_for_profit_only is True
    assert settings.time_limit_seconds == 600
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "matching_settings_updated")
    )
    assert event.user_id == admin.id
    assert event.object_type == "matching_settings"
    assert "max_km" in event.detail and "time_limit_seconds" in event.detail


def test_an_unchanged_save_writes_no_audit_record(app):
    update_settings(actor=None, time_limit_seconds=30)
    db.session.commit()
    assert db.session.query(AuditEvent).count() == 0


def test_max_km_can_be_cleared(app):
    update_settings(actor=None, max_km=30)
    update_settings(actor=None, max_km=None)
    assert get_settings().max_km is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weight_km", -1),
        ("weight_km", float("nan")),
        ("weight_km", "10"),
        ("weight_school_move", True),
        ("school_radius_km", 0),
        ("school_radius_km", -3),
        ("max_km", 0),
        ("max_km", float("inf")),
        ("time_limit_seconds", 0),
        ("time_limit_seconds", 601),
        ("time_limit_seconds", 2.5),
        ("not_for_profit_only", "yes"),
    ],
)
def test_bad_values_are_refused_and_nothing_changes(app, field, value):
    with pytest.raises(MatchingSettingsError) as refused:
        update_settings(actor=None, weight_welsh_mismatch=3, **{field: value})
    assert refused.value.field == field
    assert get_settings().weight_welsh_mismatch == 200


# --- The administrator's page ----------------------------------------------------------

SETTINGS_FORM = {
    "weight_weekly_cost": "1",
    "weight_km": "2.5",
    "weight_school_move": "500",
    "weight_welsh_mismatch": "0",
    "weight_sibling_split": "2000",
    "school_radius_km": "12",
    "max_km": "",
    "not_for_profit_only": "yes",
    "time_limit_seconds": "60",
}


@pytest.fixture
def administrator(client):

    user = create_user(role=Role.ADMINISTRATOR)
    sign_in(client, user)
    return user


def test_the_page_shows_the_defaults_with_hints(client, administrator):

    response = client.get("/admin/matching")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="weight_km" type="text" value="10"' in html or 'value="10"' in html
    assert "Leave it blank for no limit" in page_text(response)
    assert "Matching defaults" in page_text(client.get("/admin/"))


def test_an_administrator_saves_the_defaults(client, administrator):

    response = form_post(client, "/admin/matching", SETTINGS_FORM)
    assert response.status_code == 302
    db.session.expire_all()
    settings = get_settings()
    assert (settings.weight_km, settings.weight_welsh_mismatch) == (2.5, 0)
    assert (settings.school_radius_km, settings.max_km) == (12, None)
    assert settings.not_for_profit_only is True and settings.time_limit_seconds == 60
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "matching_settings_updated")
    )
    assert event.user_id == administrator.id


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("weight_km", "-1", "Each weight must be a number of 0 or more"),
        ("weight_km", "ten", "Enter a number, like 10 or 2.5"),
        ("school_radius_km", "0", "The school distance must be more than 0 kilometres"),
        ("max_km", "-4", "The maximum distance must be more than 0 kilometres, or left blank"),
        ("time_limit_seconds", "601", "The time limit must be a whole number of seconds"),
        ("time_limit_seconds", "1.5", "Enter the time limit as a whole number of seconds"),
    ],
)
def test_bad_defaults_are_refused_and_what_was_typed_stays(
    client, administrator, field, typed, message
):

    response = form_post(client, "/admin/matching", {**SETTINGS_FORM, field: typed})
    assert response.status_code == 200
    assert message in page_text(response)
    assert f'value="{typed}"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert get_settings().time_limit_seconds == 30


@pytest.mark.parametrize("role", ["placement_officer", "commissioner", "social_worker"])
def test_only_administrators_may_change_the_defaults(client, role):

    sign_in(client, create_user(role=Role(role)))
    assert client.get("/admin/matching").status_code == 403
