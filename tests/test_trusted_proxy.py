"""Behind the council's proxy (TRUSTED_PROXIES=1) each client is limited on its own."""

from __future__ import annotations

import pytest

from tests.test_rate_limit import attempts_from


@pytest.fixture
def app_config():
    return {"SIGN_IN_RATE_LIMIT": "3 per minute", "TRUSTED_PROXIES": 1}


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(app, client):
    assert attempts_from(client, ["203.0.113.1"] * 3 + ["203.0.113.2"]) == [200] * 4
    assert attempts_from(client, ["203.0.113.1"]) == [429]
