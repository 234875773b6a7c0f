"""Demo data: a fictional council with one account for each role.

Loading is idempotent (running it twice changes nothing the second time) and refuses
to touch a database that holds anything that is not demo data, unless forced.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from fostering.auth.passwords import hash_password, verify_password
from fostering.extensions import db
from fostering.models import Role, User
from fostering.services import audit
from fostering.services.transactions import transaction

DEMO_DOMAIN = "demo.example"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - a published demo password, not a secret


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    name: str
    email: str


DEMO_ACCOUNTS = (
    DemoAccount(Role.SOCIAL_WORKER, "Siân Evans", f"social.worker@{DEMO_DOMAIN}"),
    DemoAccount(Role.TEAM_MANAGER, "Gareth Jones", f"team.manager@{DEMO_DOMAIN}"),
    DemoAccount(Role.PLACEMENT_OFFICER, "Alys Morgan", f"placement.officer@{DEMO_DOMAIN}"),
    DemoAccount(Role.COMMISSIONER, "Rhodri Price", f"commissioner@{DEMO_DOMAIN}"),
    DemoAccount(Role.ADMINISTRATOR, "Megan Thomas", f"administrator@{DEMO_DOMAIN}"),
    DemoAccount(Role.APPLICANT, "Dafydd Hughes", f"applicant@{DEMO_DOMAIN}"),
)


class RealDataError(RuntimeError):
    """The database holds records that are not demo data."""


def holds_real_data() -> bool:
    """True when any account is outside the demo domain (asked of the database)."""
    outside = select(User.id).where(~User.email.endswith("@" + DEMO_DOMAIN)).exists()
    return bool(db.session.scalar(select(outside)))


def load(*, force: bool = False) -> list[DemoAccount]:
    if holds_real_data() and not force:
        raise RealDataError(
            "This database holds accounts that are not demo accounts. Demo data was not "
            "loaded. Use --force only if you are sure this is not a live database."
        )
    with transaction():
        for account in DEMO_ACCOUNTS:
            user = db.session.scalar(select(User).where(User.email == account.email))
            if user is None:
                user = User(email=account.email, name=account.name, role=account.role.value)
                db.session.add(user)
                db.session.flush()
                audit.record(None, "demo_account_created", user)
            user.name = account.name
            user.role = account.role.value
            user.active = True
            user.failed_sign_ins = 0
            user.locked_until = None
            if not verify_password(user.password_hash, DEMO_PASSWORD):
                user.password_hash = hash_password(DEMO_PASSWORD)
    from fostering.services.postcodes import load_demo_postcodes

    # Made-up postcodes around real Welsh towns, loaded only into an empty directory;
    # first, so that the carers the recruitment demo approves are placed on the map.
    load_demo_postcodes()
    from fostering.demo import assessment as demo_assessment

    demo_assessment.load(
        {
            account.role.value: db.session.scalar(select(User).where(User.email == account.email))
            for account in DEMO_ACCOUNTS
            if account.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
        }
    )
    from fostering.demo.recruitment import load_recruitment_demo

    load_recruitment_demo()
    from fostering.demo.placements import load_placements_demo

    # Children, carers, homes, agencies and five years of placements (once).
    load_placements_demo()
    from fostering.demo.reviews import load_reviews_demo

    # Carers' terms over time, a few completed reviews (the overdue ones stay).
    load_reviews_demo()
    from fostering.demo.payments import load_payments_demo

    # This year's and next year's payment tables, and each carer's payment terms.
    load_payments_demo()
    from fostering.demo.scenarios import load_scenarios_demo

    # Two what-if scenarios for the commissioner, saved but not run.
    load_scenarios_demo()
    from fostering.demo.sufficiency_plan import load_sufficiency_plan_demo

    # Next year's sufficiency plan, a first draft (once).
    load_sufficiency_plan_demo()
    from fostering.demo.connected import load_connected_demo

    # Connected persons cases at three stages, for placed children of the demo worker.
    with transaction():
        load_connected_demo()
    from fostering.demo.carer_life import load_carer_life_demo

    # Approved households' lives (the connected carers' too): supervising workers,
    # visits, checks, holds (once).
    load_carer_life_demo()
    return list(DEMO_ACCOUNTS)


def refuse_demo_accounts_in_production(app) -> None:
    """Stop a production server that holds the demo's accounts (their password is public).

    Run where the server starts (``wsgi.py``), not in ``create_app``: the migrations
    build an app too, before any table exists.
    """
    from sqlalchemy import inspect, select

    from fostering.config import ConfigError
    from fostering.extensions import db
    from fostering.models import User

    if app.config["DEVELOPMENT"] or app.config["TESTING"]:
        return
    with app.app_context():
        if not inspect(db.engine).has_table(User.__tablename__):
            return
        demo = db.session.scalar(
            select(User.email).where(User.email.like(f"%@{DEMO_DOMAIN}")).limit(1)
        )
        db.session.remove()
    if demo is not None:
        raise ConfigError(
            f"The database holds the demo council's accounts (@{DEMO_DOMAIN}), whose "
            "password is published: remove them before serving real records."
        )
