"""Rate limits on sign-in (a low limit here so the test stays quick)."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from, page_text
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


def attempts_from(client, addresses: list[str]) -> list[int]:
    """Sign-in attempts, each claiming (by X-Forwarded-For) to come from an address."""
    token = csrf_token_from(client.get("/sign-in").get_data(as_text=True))
    return [
        client.post(
            "/sign-in",
            data={"csrf_token": token, "email": "someone@council.example", "password": "x"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in addresses
    ]


def test_a_client_cannot_dodge_the_limit_with_its_own_forwarded_for(app, client):
    # No proxy is trusted by default: the header is the client's own word, and ignored.
    addresses = ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]
    assert attempts_from(client, addresses) == [200, 200, 200, 429]
