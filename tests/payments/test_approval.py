"""Payment terms set on approval, with the terms of approval."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import CarerPaymentTerms
from fostering.recruitment.services import carers
from fostering.recruitment.services.casework import CaseworkError
from fostering.recruitment.services.terms import Terms
from tests.factories import load_postcodes


def _terms(payment: str) -> Terms:
    return Terms(
        places=2, min_age=0, max_age=17, placement_types=("short_term",),
        postcode="CF10 1AA", payment=payment,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("payment", "kind", "level"),
    [("fee_paid:3", "fee_paid", 3), ("salaried", "salaried", None),
     ("allowance_only", "allowance_only", None)],
)  # fmt: skip
def test_approval_sets_the_carers_first_payment_terms(app, payment, kind, level):
    load_postcodes()
    carer = carers.add_carer(
        household_name="The Rees household",
        terms=_terms(payment),
        approved_on=date(2026, 9, 1),
        actor=None,
    )
    saved = db.session.scalars(select(CarerPaymentTerms)).all()
    assert [(t.carer_id, t.effective_from, t.kind, t.fee_level) for t in saved] == [
        (carer.id, date(2026, 9, 1), kind, level)
    ]


def test_approval_without_a_payment_choice_leaves_it_for_later(app):
    load_postcodes()
    carers.add_carer(
        household_name="The Rees household",
        terms=_terms(""),
        approved_on=date(2026, 9, 1),
        actor=None,
    )
    assert db.session.scalars(select(CarerPaymentTerms)).all() == []


def test_an_unknown_payment_choice_is_refused():
    with pytest.raises(CaseworkError) as refused:
        _terms("fee_paid:9")
    assert refused.value.field == "payment"


def test_the_payment_choice_survives_the_panels_json():
    terms = _terms("fee_paid:2")
    assert Terms.from_dict(terms.to_dict()) == terms
    assert Terms.from_dict({**terms.to_dict(), "payment": None}).payment == ""


def test_the_decision_page_sets_the_payment_terms(client, db_session):
    from fostering.models import FosterCarer, Role
    from fostering.recruitment.services import stage2
    from fostering.recruitment.services.casework import office_today
    from tests.conftest import form_post, sign_in
    from tests.factories import create_panel_meeting, create_user
    from tests.recruitment.test_stage2_and_approval import case_in_stage_2, finish_stage_2

    load_postcodes()
    manager = create_user(role=Role.TEAM_MANAGER)
    worker = create_user(role=Role.SOCIAL_WORKER)
    case = case_in_stage_2((manager, worker))
    finish_stage_2(case, worker)
    stage2.book_panel(case, create_panel_meeting().id, actor=worker)
    terms = {
        "places": "2", "min_age": "0", "max_age": "11", "placement_types": ["short_term"],
        "welsh_speaking": "no", "postcode": "cf10 1aa", "payment": "fee_paid:2",
    }  # fmt: skip
    stage2.record_panel_recommendation(
        case, actor=worker, recommendation="approve", minutes="Agreed",
        terms=Terms(places=2, min_age=0, max_age=11, placement_types=("short_term",),
                    postcode="CF10 1AA", payment="fee_paid:2"),
    )  # fmt: skip
    sign_in(client, manager)
    today = office_today()
    day = [str(today.day), str(today.month), str(today.year)]
    base = f"/fostering-team/applications/{case.id}"
    assert 'value="fee_paid:2" checked' in client.get(base + "/decision").get_data(as_text=True)
    bad = form_post(
        client, base + "/decision", {"decision": "approve", "decided_on": day, **terms,
                                     "payment": "fee_paid:9"},
    )  # fmt: skip
    assert "Not a valid choice" in bad.get_data(as_text=True)
    assert db_session.scalar(select(FosterCarer)) is None
    response = form_post(
        client, base + "/decision", {"decision": "approve", "decided_on": day, **terms}
    )
    assert response.status_code == 302
    carer = db_session.scalar(select(FosterCarer))
    saved = db_session.scalars(select(CarerPaymentTerms)).all()
    assert [(t.carer_id, t.effective_from, t.kind, t.fee_level) for t in saved] == [
        (carer.id, today, "fee_paid", 2)
    ]
