"""The payments pages: who may use them, what they save, and bad input refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, CarerPaymentTerms, PaymentTable, PlacementExtra, Role
from fostering.models.payments import PaymentKind
from fostering.payments.services import terms
from tests.conftest import form_post, sign_in
from tests.factories import create_carer, create_child, create_placement, create_user
from tests.payments.councils import APPROVED, add_tables, figures

FORM = {
    "allowance_0_4_pence": "217",
    "allowance_5_10_pence": "242.50",
    "allowance_11_15_pence": "274",
    "allowance_16_17_pence": "318",
    "fee_level_1_pence": "120",
    "fee_level_2_pence": "200",
    "fee_level_3_pence": "325",
    "fee_level_4_pence": "400",
    "salary_pence": "650",
}


def _as(client, role: str):
    user = create_user(role=Role(role))
    sign_in(client, user)
    return user


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("team_manager", 403),
        ("placement_officer", 403),
        ("commissioner", 403),
        ("social_worker", 403),
    ],
)
def test_only_administrators_see_the_tables(client, role, status):
    _as(client, role)
    assert client.get("/payments/tables").status_code == status
    assert client.get("/payments/tables/new").status_code == status


def test_signed_out_is_sent_to_sign_in(client):
    assert client.get("/payments/tables").status_code in (302, 401, 403)


def test_an_administrator_adds_a_years_table(client):
    _as(client, "administrator")
    page = client.get("/payments/tables")
    assert "There are no payment tables yet" in page.get_data(as_text=True)
    response = form_post(client, "/payments/tables/new", {"financial_year": "2027", **FORM})
    assert response.status_code == 302
    table = db.session.scalar(select(PaymentTable))
    assert (table.financial_year, table.allowance_5_10_pence, table.salary_pence) == (
        2027,
        24_250,
        65_000,
    )
    assert table.revisions[0].figures["fee_level_3_pence"] == 32_500
    assert "payment_table_added" in _actions()
    listing = client.get("/payments/tables").get_data(as_text=True)
    assert "2027–28" in listing and "£242.50" in listing


def test_the_new_form_starts_from_last_years_figures(client):
    add_tables(2026)
    _as(client, "administrator")
    page = client.get("/payments/tables/new").get_data(as_text=True)
    assert 'value="2027"' in page and 'value="175.00"' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"allowance_0_4_pence": "lots"}, "allowance_0_4_pence", "Enter an amount in pounds"),
        ({"allowance_0_4_pence": "-5"}, "allowance_0_4_pence", "Enter an amount in pounds"),
        ({"salary_pence": ""}, "salary_pence", "Enter an amount in pounds for each figure"),
        ({"financial_year": "1999"}, "financial_year", "Enter the year the financial year"),
        ({"financial_year": "next"}, "financial_year", "Enter the year the financial year"),
        ({"fee_level_2_pence": "100"}, "fee_level_2_pence", "at least as much as the level"),
    ],
)
def test_bad_figures_are_refused_and_kept(client, change, field, message):
    _as(client, "administrator")
    data = {"financial_year": "2027", **FORM, **change}
    response = form_post(client, "/payments/tables/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert f'value="{data[field]}"' in page or data[field] == ""
    assert db.session.scalar(select(PaymentTable)) is None


def test_a_year_cannot_be_added_twice(client):
    add_tables(2026)
    _as(client, "administrator")
    response = form_post(client, "/payments/tables/new", {"financial_year": "2026", **FORM})
    assert response.status_code == 200
    assert "There is already a payment table for that year" in response.get_data(as_text=True)


def test_changing_a_table_keeps_its_history_and_reprices(client):
    add_tables(2026)
    carer = create_carer(approved_on=APPROVED)
    child = create_child(date_of_birth=date(2019, 1, 1))
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 5, 1))
    _as(client, "administrator")
    response = form_post(client, "/payments/tables/2026/edit", FORM)
    assert response.status_code == 302
    db.session.expire_all()
    table = db.session.scalar(select(PaymentTable))
    assert len(table.revisions) == 2
    assert placement.weekly_cost_on(date(2026, 5, 1)) == 24_250
    page = client.get("/payments/tables/2026/edit").get_data(as_text=True)
    assert "History" in page
    assert client.get("/payments/tables/2031/edit").status_code == 404


def test_a_team_manager_sets_a_carers_terms(client):
    add_tables(2026)
    carer = create_carer(approved_on=APPROVED)
    manager = _as(client, "team_manager")
    page = client.get(f"/payments/carers/{carer.id}").get_data(as_text=True)
    assert "No payment terms have been recorded" in page
    response = form_post(
        client,
        f"/payments/carers/{carer.id}/terms",
        {
            "effective_from": ["1", "4", "2026"],
            "kind": "fee_paid",
            "fee_level": "3",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(CarerPaymentTerms))
    assert (saved.kind, saved.fee_level, saved.set_by_id) == ("fee_paid", 3, manager.id)
    assert "carer_payment_terms_set" in _actions()
    page = client.get(f"/payments/carers/{carer.id}").get_data(as_text=True)
    # Ages 0 to 18, priced at 9: 5-10 allowance + level 3 fee.
    assert "£381.00" in page
    # By the child's age: each band's allowance + the level 3 fee (no table next year).
    for allowance in (15_500, 17_500, 21_700, 26_800):
        assert f"£{(allowance + 20_600) / 100:,.2f}" in page
    assert "carer_viewed" in _actions() or any("view" in a for a in _actions())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "fee_paid"}, "Choose the carer&#39;s fee level"),
        ({"kind": "salaried", "fee_level": "2"}, "Only a fee-paid carer has a fee level"),
        ({}, "Choose how the carer is paid"),
        ({"kind": "bribe"}, "Not a valid choice"),
        ({"kind": "allowance_only", "effective_from": ["1", "4", "2020"]}, "on or after the carer"),
    ],
)
def test_bad_terms_are_refused(client, data, message):
    carer = create_carer(approved_on=APPROVED)
    _as(client, "team_manager")
    form = {
        "effective_from": ["1", "4", "2026"],
        **data,
    }
    response = form_post(client, f"/payments/carers/{carer.id}/terms", form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(CarerPaymentTerms)) is None


@pytest.mark.parametrize("role", ["social_worker", "placement_officer", "administrator"])
def test_only_team_managers_change_terms(client, role):
    carer = create_carer(approved_on=APPROVED)
    _as(client, role)
    assert client.get(f"/payments/carers/{carer.id}/terms").status_code == 403


def test_terms_of_a_carer_who_is_not_there(client):
    _as(client, "team_manager")
    assert client.get("/payments/carers/999999").status_code == 404
    assert client.get("/payments/carers/999999/terms").status_code == 404


def test_the_carer_page_shows_the_derived_weekly_cost(client):
    add_tables(2026)
    carer = create_carer(approved_on=APPROVED)
    terms.set_terms(None, carer, effective_from=APPROVED, kind=PaymentKind.FEE_PAID, fee_level=1)
    _as(client, "team_manager")
    page = client.get(f"/fostering-team/carers/{carer.id}").get_data(as_text=True)
    weekly = figures(2026)["allowance_5_10_pence"] + figures(2026)["fee_level_1_pence"]
    assert f"£{weekly / 100:,.2f}" in page


def test_a_placement_officer_agrees_an_extra(client):
    add_tables(2026)
    carer = create_carer(approved_on=APPROVED)
    child = create_child(date_of_birth=date(2019, 1, 1))
    placement = create_placement(child=child, provider=carer, start_date=date(2026, 5, 1))
    _as(client, "placement_officer")
    assert client.get(f"/payments/placements/{placement.id}/extra").status_code == 200
    bad = form_post(
        client,
        f"/payments/placements/{placement.id}/extra",
        {"effective_from": ["1", "4", "2026"], "weekly": "40", "reason": "Travel"},
    )
    assert bad.status_code == 200
    assert "on or after the placement" in bad.get_data(as_text=True)
    good = form_post(
        client,
        f"/payments/placements/{placement.id}/extra",
        {"effective_from": ["1", "6", "2026"], "weekly": "40", "reason": "Travel"},
    )
    assert good.status_code == 302
    assert db.session.scalar(select(PlacementExtra.weekly_pence)) == 4_000
    db.session.expire_all()
    assert placement.weekly_cost_on(date(2026, 6, 1)) == 17_500 + 4_000


@pytest.mark.parametrize(
    ("role", "status"),
    [("social_worker", 200), ("placement_officer", 200), ("commissioner", 200),
     ("team_manager", 200), ("administrator", 403), ("applicant", 403)],
)  # fmt: skip
def test_who_may_read_a_carers_payment_terms(client, role, status):
    carer = create_carer(approved_on=APPROVED)
    _as(client, role)
    response = client.get(f"/payments/carers/{carer.id}")
    assert response.status_code == status
    if status == 200:
        assert ("Change the payment terms" in response.get_data(as_text=True)) is (
            role == "team_manager"
        )


def test_extras_only_for_the_councils_carers(client):
    from tests.factories import create_agency

    agency = create_agency(name="Brightpath Fostering")
    placement = create_placement(provider=agency, start_date=date(2026, 5, 1))
    _as(client, "placement_officer")
    assert client.get(f"/payments/placements/{placement.id}/extra").status_code == 404
    assert client.get("/payments/placements/999999/extra").status_code == 404
