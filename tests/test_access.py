"""Every route declares who may use it, and nobody else gets in.

The walk builds a URL for every registered rule (with placeholder arguments), requests
it as an anonymous visitor and as each role, and checks the answer against the rule's
declaration: refused means a redirect to sign-in (anonymous) or 403 (signed in).

Whether a role gets in is decided by the route's declaration before any query, and the
queries behind the pages it reaches are tested on both backends by their own tests, so
the walk runs on SQLite alone.
"""

from __future__ import annotations

import pytest

from fostering.access import ACCESS_ATTR, EXEMPT_ENDPOINTS, PUBLIC, SIGNED_IN, allows
from fostering.models import Role
from tests.conftest import sign_in
from tests.factories import create_user

pytestmark = pytest.mark.backend_independent

PLACEHOLDERS = {"int": 1, "string": "x", "default": "x", "any": None, "path": "x", "uuid": "0" * 32}


def _url_for_rule(app, rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        if kind == "any":
            values[name] = next(iter(converter.items))
        elif kind == "unicode":
            values[name] = "en" if name == "code" else "x"
        else:
            values[name] = PLACEHOLDERS.get(kind, "1")
    with app.test_request_context():
        return rule.build(values, append_unknown=False)[1]


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in EXEMPT_ENDPOINTS:
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule, method


def test_every_route_declares_access(app):
    undeclared = [
        rule.endpoint
        for rule, _ in _routes(app)
        if getattr(app.view_functions[rule.endpoint], ACCESS_ATTR, None) is None
    ]
    assert undeclared == []


def test_anonymous_visitors_reach_only_public_routes(app, client):
    for rule, method in _routes(app):
        url = _url_for_rule(app, rule)
        response = client.open(url, method=method)
        declared = getattr(app.view_functions[rule.endpoint], ACCESS_ATTR)
        if declared == PUBLIC:
            assert response.status_code != 403, url
        else:
            assert response.status_code == 302, url
            assert "/sign-in" in response.headers["Location"], url


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_what_it_is_allowed(app, client, role):
    user = create_user(role=role)
    sign_in(client, user)
    for rule, method in _routes(app):
        if rule.endpoint == "auth.sign_out":
            continue  # would end the session mid-walk; covered in test_auth
        url = _url_for_rule(app, rule)
        response = client.open(url, method=method)
        declared = getattr(app.view_functions[rule.endpoint], ACCESS_ATTR)
        if allows(declared, user) or declared in (PUBLIC, SIGNED_IN):
            assert response.status_code != 403, f"{role} refused {url}"
        else:
            assert response.status_code == 403, f"{role} reached {url}"
