"""Rate limits on sign-in (a low limit here so the test stays quick)."""

from __future__ import annotations

import pytest

from tests.conftest import page_text
from tests.test_auth import _attempt


@pytest.fixture
def app_config():
    return {"SIGN_IN_RATE_LIMIT": "3 per minute"}


def test_sign_in_is_rate_limited(app, client):
    responses = [_attempt(client, "someone@council.example", "guess number") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert "too many attempts" in page_text(responses[3])
    # Reading the page is not limited, only attempts to sign in.
    assert client.get("/sign-in").status_code == 200
