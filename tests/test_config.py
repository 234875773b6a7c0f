"""Configuration from the environment."""

from __future__ import annotations

import pytest

from fostering.config import ConfigError, load_config


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
    monkeypatch.setenv("FOSTERING_ENV", "development")
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
