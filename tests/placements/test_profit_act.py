"""The Health and Social Care (Wales) Act 2025 in the register and the ledger: an
agency's legal form decides whether it is not-for-profit, and from the Act's date a
placement with a for-profit provider is a supplementary placement that needs the Welsh
Ministers' approval reference."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fostering import imports
from fostering.extensions import db
from fostering.imports.problems import sentence
from fostering.imports.runner import ImportRefused
from fostering.models import Agency, Placement, Role
from fostering.models.provider import LegalForm
from fostering.placements.services import placements
from fostering.placements.services.errors import PlacementCode
from fostering.placements.services.placements import Agreement, PlacementError
from tests.conftest import form_post, sign_in
from tests.factories import create_agency, create_child, create_user
from tests.imports.files import add_postcodes, csv_bytes

ACT_DAY = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("form", "not_for_profit"),
    [
        (LegalForm.CHARITABLE_COMPANY, True),
        (LegalForm.CIO, True),
        (LegalForm.CHARITABLE_SOCIETY, True),
        (LegalForm.CIC, True),
        (LegalForm.NOT_FOR_PROFIT_TO_CONFIRM, True),
        (LegalForm.LOCAL_AUTHORITY, True),
        (LegalForm.FOR_PROFIT, False),
    ],
)
def test_not_for_profit_follows_from_the_legal_form_in_python_and_sql(app, form, not_for_profit):
    agency = create_agency(legal_form=form.value)
    assert agency.not_for_profit is not_for_profit
    found = db.session.scalar(select(Agency.id).where(Agency.not_for_profit))
    assert (found == agency.id) is not_for_profit


def test_a_yes_or_no_leaves_the_legal_form_to_confirm(app):
    agency = create_agency(not_for_profit=True)
    assert agency.legal_form == LegalForm.NOT_FOR_PROFIT_TO_CONFIRM.value
    agency.not_for_profit = False
    assert agency.legal_form == LegalForm.FOR_PROFIT.value


def test_agencies_cannot_be_a_local_authority(app):
    assert LegalForm.LOCAL_AUTHORITY not in LegalForm.for_agencies()
    assert len(LegalForm.for_agencies()) == 6


def test_the_register_form_asks_for_the_legal_form(app, client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    html = client.get("/placements/providers/agencies/new").get_data(as_text=True)
    assert 'name="legal_form"' in html and 'value="local_authority"' not in html
    assert "Charitable incorporated organisation (CIO)" in html


AGENCY_HEADER = ["Reference", "Name", "Kind", "Legal form", "Not for profit", "Postcode",
                 "Youngest age", "Oldest age", "Weekly cost"]  # fmt: skip


def _agency_row(reference, legal_form="", not_for_profit=""):
    return [reference, "Cwmni", "ifa", legal_form, not_for_profit, "NP20 1AA", "0", "17", "950"]


def test_imports_read_the_legal_form_or_the_older_yes_or_no(app):
    add_postcodes()
    data = csv_bytes(
        AGENCY_HEADER,
        [
            _agency_row("AG1", "charitable incorporated organisation"),
            _agency_row("AG2", "community-interest-company"),
            _agency_row("AG3", "", "yes"),
            _agency_row("AG4", "", "no"),
            _agency_row("AG5", "sole trader", "no"),
        ],
    )
    imports.import_file("agencies", data, actor=None)
    forms = dict(db.session.execute(select(Agency.reference, Agency.legal_form)).all())
    assert forms == {
        "AG1": "cio",
        "AG2": "cic",
        "AG3": "nfp_to_confirm",
        "AG4": "for_profit",
        "AG5": "for_profit",
    }


def test_an_import_that_contradicts_itself_or_names_a_council_is_refused(app):
    add_postcodes()
    data = csv_bytes(
        AGENCY_HEADER,
        [_agency_row("AG1", "cio", "no"), _agency_row("AG2", "local authority")],
    )
    checked = imports.check("agencies", data)
    messages = [sentence(problem) for problem in checked.problems.sorted_items()]
    assert any("disagree" in message for message in messages)
    assert any("local authority" in message for message in messages)
    with pytest.raises(ImportRefused):  # all or nothing
        imports.import_file("agencies", data, actor=None)
    assert db.session.scalar(select(func.count()).select_from(Agency)) == 0


@pytest.fixture
def act_from(app, monkeypatch):
    monkeypatch.setitem(app.config, "SUPPLEMENTARY_PLACEMENTS_FROM", ACT_DAY)
    return ACT_DAY


def test_a_for_profit_placement_from_the_date_needs_its_approval_reference(app, act_from):
    agency = create_agency(legal_form="for_profit", places=None)
    child = create_child()
    with pytest.raises(PlacementError) as refused:
        placements.make_placement(
            child=child, provider=agency, start_date=ACT_DAY, weekly_cost_pence=90_000,
            actor=None, require_awaiting=False,
        )  # fmt: skip
    assert refused.value.code is PlacementCode.APPROVAL_REFERENCE_MISSING
    assert refused.value.field == "approval_reference"
    assert "from 1 April 2026" in str(refused.value.message)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 0
    placement = placements.make_placement(
        child=child, provider=agency, start_date=ACT_DAY, weekly_cost_pence=90_000,
        actor=None, require_awaiting=False, approval_reference="  WG-SP-2026-0042 ",
    )  # fmt: skip
    assert placement.approval_reference == "WG-SP-2026-0042"


def test_no_reference_is_needed_before_the_date_or_with_a_not_for_profit_provider(app, act_from):
    for_profit = create_agency(legal_form="for_profit", places=None)
    charity = create_agency(legal_form="charitable_company", places=None)
    early = placements.make_placement(
        child=create_child(), provider=for_profit, start_date=date(2026, 3, 31),
        weekly_cost_pence=90_000, actor=None, require_awaiting=False,
    )  # fmt: skip
    later = placements.make_placement(
        child=create_child(), provider=charity, start_date=date(2026, 6, 1),
        weekly_cost_pence=90_000, actor=None, require_awaiting=False,
    )  # fmt: skip
    assert early.approval_reference is None and later.approval_reference is None


def test_the_agreement_page_asks_for_the_reference_and_keeps_what_was_typed(app, client, act_from):
    from fostering.recruitment.services.casework import office_today

    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    agency = create_agency(legal_form="for_profit", places=None)
    placement = placements.plan_placement(
        child=create_child(), provider=agency, start_date=office_today(),
        weekly_cost_pence=90_000, actor=officer,
    )  # fmt: skip
    db.session.commit()
    today = office_today()
    day = [str(today.day), str(today.month), str(today.year)]
    data = {
        "start_date": day,
        "agreed_on": day,
        "agreed_with": "Ceri Jones, registered manager",
        "information_shared": "Care plan",
        "information_shared_on": day,
        "approval_reference": "",
    }
    response = form_post(client, f"/placements/placements/{placement.id}/agreement", data)
    html = response.get_data(as_text=True)
    assert "enter the reference of the Welsh Ministers" in html
    assert "Ceri Jones, registered manager" in html  # kept as typed
    db.session.refresh(placement)
    assert placement.agreed_on is None
    data["approval_reference"] = "WG-SP-7"
    form_post(client, f"/placements/placements/{placement.id}/agreement", data)
    db.session.refresh(placement)
    assert placement.approval_reference == "WG-SP-7" and placement.agreed_on == today
    history = client.get(f"/placements/children/{placement.child_id}/history")
    assert "Approved by the Welsh Ministers, reference WG-SP-7" in history.get_data(as_text=True)


def test_the_agreement_service_refuses_a_missing_reference(app, act_from):
    agency = create_agency(legal_form="for_profit", places=None)
    placement = placements.plan_placement(
        child=create_child(), provider=agency, start_date=date(2026, 12, 1),
        weekly_cost_pence=90_000, actor=None,
    )  # fmt: skip
    agreement = Agreement(date(2026, 11, 30), "Ceri", "Care plan", date(2026, 11, 30))
    with pytest.raises(PlacementError) as refused:
        placements.record_agreement(
            placement, start_date=date(2026, 12, 1), agreement=agreement,
            today=date(2026, 12, 1), actor=None,
        )  # fmt: skip
    assert refused.value.code is PlacementCode.APPROVAL_REFERENCE_MISSING


@pytest.mark.commits  # runs a migration on db.engine's own connection
def test_the_migration_turns_the_ticked_box_into_a_legal_form_and_back(app):
    """Downgrade gives each agency its yes or no; upgrade reads yes as "legal form to
    confirm" and no as for-profit (the form a downgrade cannot keep is to confirm again)."""
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import inspect, text

    path = next(
        (Path(__file__).resolve().parents[2] / "migrations" / "versions").glob("7c1d2e3f4a5b_*.py")
    )
    spec = importlib.util.spec_from_file_location("profit_act_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for form in ("cio", "nfp_to_confirm", "for_profit"):
        create_agency(name=form, legal_form=form)
    db.session.remove()
    with (
        db.engine.begin() as connection,
        Operations.context(MigrationContext.configure(connection)),
    ):
        migration.downgrade()
        assert "legal_form" not in {c["name"] for c in inspect(connection).get_columns("agencies")}
        ticked = dict(connection.execute(text("SELECT name, not_for_profit FROM agencies")).all())
        assert {name: bool(value) for name, value in ticked.items()} == {
            "cio": True,
            "nfp_to_confirm": True,
            "for_profit": False,
        }
        migration.upgrade()
    forms = dict(db.session.execute(select(Agency.name, Agency.legal_form)).all())
    assert forms == {
        "cio": "nfp_to_confirm",
        "nfp_to_confirm": "nfp_to_confirm",
        "for_profit": "for_profit",
    }
