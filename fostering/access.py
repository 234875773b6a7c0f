"""Who may use each route. Every view declares it; anything undeclared is refused.

``@public`` for anyone, ``@signed_in`` for any account, ``@roles(Role.X, ...)`` for the
named roles. The check runs before every request (see :func:`enforce`), so a view that
forgets its declaration fails closed with 403 rather than leaking data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, current_app, request
from flask_login import current_user

from fostering.models import Role
from fostering.models.user import STAFF_ROLES

F = TypeVar("F", bound=Callable)

PUBLIC = "public"
SIGNED_IN = "signed_in"
ACCESS_ATTR = "access_rule"

# Flask's own static route serves only the built front-end files.
EXEMPT_ENDPOINTS = frozenset({"static"})


def public(view: F) -> F:
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def signed_in(view: F) -> F:
    setattr(view, ACCESS_ATTR, SIGNED_IN)
    return view


def roles(*allowed: Role) -> Callable[[F], F]:
    if not allowed:
        raise ValueError("roles() needs at least one role")

    def decorate(view: F) -> F:
        setattr(view, ACCESS_ATTR, frozenset(allowed))
        return view

    return decorate


def staff(view: F) -> F:
    """Any member of staff (not applicants)."""
    return roles(*STAFF_ROLES)(view)


def rule_for(endpoint: str):
    view = current_app.view_functions.get(endpoint)
    return getattr(view, ACCESS_ATTR, None)


def allows(rule, user) -> bool:
    if rule == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if rule == SIGNED_IN:
        return True
    if isinstance(rule, frozenset):
        return Role(user.role) in rule
    return False


def enforce():
    """``before_request`` hook: refuse what the route's declaration does not allow."""
    endpoint = request.endpoint
    if endpoint is None or endpoint in EXEMPT_ENDPOINTS:
        return None
    rule = rule_for(endpoint)
    if rule is None:
        current_app.logger.error("Route %s declares no access rule; refused", endpoint)
        abort(403)
    if rule == PUBLIC or allows(rule, current_user):
        return None
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    abort(403)


def home_endpoint_for(user) -> str:
    """Where a signed-in person starts."""
    role = Role(user.role)
    return {
        Role.SOCIAL_WORKER: "assessment.dashboard",
        Role.TEAM_MANAGER: "assessment.dashboard",
        Role.PLACEMENT_OFFICER: "placements.dashboard",
        Role.COMMISSIONER: "commissioning.dashboard",
        Role.ADMINISTRATOR: "admin.dashboard",
        Role.APPLICANT: "public.your_application",
    }[role]
