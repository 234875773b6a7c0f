"""Rate limits on sign-in (a low limit here so the test stays quick)."""

from __future__ import annotations

import pytest

from tests.conftest import form_post, page_text


def _attempt(client, email, password):
    return form_post(client, "/sign-in", {"email": email, "password": password})


@pytest.fixture
def app_config():
    return {"SIGN_IN_RATE_LIMIT": "3 per minute"}


def test_sign_in_is_rate_limited(app, client):
    statuses = [
        _attempt(client, "someone@council.example", "guess number").status_code for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    response = client.post("/sign-in", data={})
    assert "too many attempts" in page_text(response)
