"""Configuration from the environment."""

from __future__ import annotations

import pytest

from fostering.config import ConfigError, council_name, load_config


def test_secret_key_is_required_outside_development_and_tests(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FOSTERING_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config()


def test_development_runs_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FOSTERING_ENV", "development")
    assert load_config()["SECRET_KEY"]


def test_database_url_defaults_to_sqlite_under_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("FOSTERING_ENV", "development")
    url = load_config()["SQLALCHEMY_DATABASE_URI"]
    assert url.startswith("sqlite:///") and url.endswith("instance/fostering.sqlite")


@pytest.mark.parametrize("given", ["postgres://u:p@db/fostering", "postgresql://u:p@db/fostering"])
def test_postgres_urls_use_psycopg_3(monkeypatch, given):
    monkeypatch.setenv("FOSTERING_ENV", "test")
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_config()["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/fostering"


def test_redis_is_optional(monkeypatch):
    monkeypatch.setenv("FOSTERING_ENV", "development")
    monkeypatch.delenv("REDIS_URL", raising=False)
    config = load_config()
    assert config["REDIS_URL"] is None
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_create_app_fails_clearly_without_secret_key(monkeypatch):
    from fostering import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("FOSTERING_ENV", "production")
    with pytest.raises(ConfigError):
        create_app()


def _production(monkeypatch, **env):
    monkeypatch.setenv("FOSTERING_ENV", "production")
    values = {
        "SECRET_KEY": "k" * 64,
        "PUBLIC_BASE_URL": "https://fostering.council.example",
        "DATABASE_URL": "postgresql://u:p@db/fostering",
        **env,
    }
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_a_safe_production_set_up_starts(monkeypatch):
    _production(monkeypatch)
    assert load_config()["PUBLIC_BASE_URL"] == "https://fostering.council.example"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "dev-only-not-secret"}, "SECRET_KEY is the development key"),
        ({"SECRET_KEY": "short"}, "shorter than 32 characters"),
        ({"PUBLIC_BASE_URL": "http://127.0.0.1:5000"}, "PUBLIC_BASE_URL must be"),
        ({"PUBLIC_BASE_URL": "https://localhost"}, "PUBLIC_BASE_URL must be"),
        ({"PUBLIC_BASE_URL": "http://fostering.council.example"}, "public https://"),
        ({"WEB_CONCURRENCY": "4", "REDIS_URL": None}, "Set REDIS_URL so they share counts"),
    ],
)
def test_production_refuses_an_unsafe_set_up_at_start(monkeypatch, env, message):
    _production(monkeypatch, **env)
    with pytest.raises(ConfigError, match=message):
        load_config()


def test_several_workers_share_limits_through_redis(monkeypatch):
    _production(monkeypatch, WEB_CONCURRENCY="4", REDIS_URL="redis://127.0.0.1:6379/0")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_development_against_postgresql_is_refused(monkeypatch):
    monkeypatch.setenv("FOSTERING_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db/fostering")
    with pytest.raises(ConfigError, match="FOSTERING_ENV=development is for a laptop"):
        load_config()


@pytest.mark.commits
def test_production_will_not_serve_a_database_holding_the_demo_accounts(app, monkeypatch):
    from fostering.demo import refuse_demo_accounts_in_production
    from tests.factories import create_user

    monkeypatch.setitem(app.config, "TESTING", False)  # as a production server
    refuse_demo_accounts_in_production(app)  # no demo accounts: it starts
    create_user(email="administrator@demo.example")
    with pytest.raises(ConfigError, match="demo council's accounts"):
        refuse_demo_accounts_in_production(app)


def test_two_factor_is_on_by_default_in_production_and_off_for_the_demo(monkeypatch):
    _production(monkeypatch, STAFF_TWO_FACTOR=None)
    assert load_config()["STAFF_TWO_FACTOR"] is True
    monkeypatch.setenv("FOSTERING_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///x.sqlite")
    assert load_config()["STAFF_TWO_FACTOR"] is False


# --- The council's own name, logo, minimum age ------------------------------------------


def test_the_demo_council_has_a_name_in_each_language(monkeypatch):
    monkeypatch.setenv("FOSTERING_ENV", "test")
    for name in ("COUNCIL_NAME", "COUNCIL_NAME_CY", "FOSTER_MINIMUM_AGE"):
        monkeypatch.delenv(name, raising=False)
    config = load_config()
    assert council_name(config, "en") == "Example County Council"
    assert council_name(config, "cy") == "Cyngor Sir Enghraifft"
    assert config["FOSTER_MINIMUM_AGE"] == 21


def test_a_council_that_names_itself_once_has_that_name_in_both_languages(monkeypatch):
    monkeypatch.setenv("FOSTERING_ENV", "test")
    monkeypatch.setenv("COUNCIL_NAME", "Cardiff Council")
    monkeypatch.delenv("COUNCIL_NAME_CY", raising=False)
    assert council_name(load_config(), "cy") == "Cardiff Council"
    monkeypatch.setenv("COUNCIL_NAME_CY", "Cyngor Caerdydd")
    assert council_name(load_config(), "cy") == "Cyngor Caerdydd"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FOSTER_MINIMUM_AGE": "twenty-one"}, "FOSTER_MINIMUM_AGE must be a whole number"),
        ({"FOSTER_MINIMUM_AGE": "12"}, "FOSTER_MINIMUM_AGE must be an age between 16 and 99"),
        ({"COUNCIL_LOGO": "/nowhere/logo.svg"}, "COUNCIL_LOGO must name an .svg or .png file"),
        ({"SUPERVISION_VISIT_WEEKS": "0"}, "SUPERVISION_VISIT_WEEKS must be a whole number from"),
        ({"DBS_RENEWAL_YEARS": "three"}, "DBS_RENEWAL_YEARS must be a whole number"),
    ],
)
def test_a_bad_council_setting_stops_the_start(monkeypatch, env, message):
    monkeypatch.setenv("FOSTERING_ENV", "test")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        load_config()


def test_a_logo_that_is_not_svg_or_png_is_refused(monkeypatch, tmp_path):
    logo = tmp_path / "logo.gif"
    logo.write_bytes(b"GIF89a")
    monkeypatch.setenv("FOSTERING_ENV", "test")
    monkeypatch.setenv("COUNCIL_LOGO_CY", str(logo))
    with pytest.raises(ConfigError, match=r"COUNCIL_LOGO_CY must name an \.svg or \.png file"):
        load_config()


def test_a_content_folder_with_a_mistake_stops_the_app_starting(tmp_path):
    from fostering import create_app
    from fostering.public.content import ContentError

    (tmp_path / "en").mkdir()
    with pytest.raises(ContentError, match=r"en/home\.md is missing"):
        create_app({"TESTING": True, "CONTENT_DIR": str(tmp_path)})
