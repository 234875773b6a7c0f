"""The provider register service: capacity rules, search and filters, money, carers' grid."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fostering.extensions import db
from fostering.models import AuditEvent, Child, ChildrensHome, Postcode
from fostering.placements.services import placements
from fostering.placements.services import providers as register
from fostering.placements.services.providers import Kind, Only, ProviderError, RegisterQuery
from fostering.services.transactions import transaction
from fostering.web.formatting import money
from tests.factories import (
    create_agency,
    create_carer,
    create_child,
    create_home,
    create_placement,
)
from tests.postgres_locks import lock_waiters

HERE = register.Location("CF14 2AA", 320_000, 175_000, "W06000015")
AWAY = register.Location("NP20 1AA", 331_000, 188_000, "W06000022")


def _home(beds: int = 4, name: str = "Tŷ Glas") -> register.HomeDetails:
    terms = register.Terms(min_age=8, max_age=17, weekly_cost_pence=380_050)
    return register.HomeDetails(name=name, location=HERE, beds=beds, terms=terms)


def _agency(places: int | None = 10, **overrides) -> register.AgencyDetails:
    values = {
        "name": "Bright Futures Fostering",
        "kind": "ifa",
        "legal_form": "cio",
        "places": places,
        "location": AWAY,
        "terms": register.Terms(weekly_cost_pence=95_000),
    }
    return register.AgencyDetails(**{**values, **overrides})


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# --- Capacity ----------------------------------------------------------------------------


def test_a_home_is_added_with_its_grid_reference_and_audited(app):
    home = register.add_home(_home(beds=5), actor=None)
    assert home.reference.startswith("CH-")
    assert (home.beds, home.occupied, home.weekly_cost_pence) == (5, 0, 380_050)
    assert (home.easting, home.northing, home.local_authority) == (320_000, 175_000, "W06000015")
    assert _actions() == ["home_added"]


@pytest.mark.parametrize("beds", [6, 0])
def test_a_home_outside_one_to_five_beds_is_refused(app, beds):
    with pytest.raises(ProviderError) as refused:
        register.add_home(_home(beds=beds), actor=None)
    assert refused.value.field == "beds"
    assert db.session.query(ChildrensHome).count() == 0


def test_the_database_refuses_a_sixth_bed_too(app):
    home = create_home(beds=5)
    home.beds = 6
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_homes_beds_cannot_drop_below_the_children_living_there(app):
    home = create_home(beds=4)
    create_placement(provider=home)
    create_placement(provider=home)
    with pytest.raises(ProviderError, match="2 children") as refused:
        register.update_home(home, _home(beds=1), actor=None)
    assert refused.value.field == "beds"
    db.session.expire_all()
    assert db.session.get(ChildrensHome, home.id).beds == 4
    register.update_home(home, _home(beds=2, name="Tŷ Coch"), actor=None)
    assert (home.beds, home.occupied, home.name) == (2, 2, "Tŷ Coch")
    assert _actions()[-1] == "home_updated"


def test_an_agencys_places_cannot_drop_below_its_placements_but_may_have_no_limit(app):
    agency = register.add_agency(_agency(places=3), actor=None)
    create_placement(provider=agency)
    create_placement(provider=agency)
    with pytest.raises(ProviderError) as refused:
        register.update_agency(agency, _agency(places=1), actor=None)
    assert refused.value.field == "places"
    register.update_agency(agency, _agency(places=None, legal_form="for_profit"), actor=None)
    assert agency.places is None and agency.vacancies is None
    assert agency.not_for_profit is False
    assert _actions()[-1] == "agency_updated"


def test_terms_are_checked(app):
    bad = register.Terms(min_age=12, max_age=8)
    with pytest.raises(ProviderError) as refused:
        register.add_agency(_agency(terms=bad), actor=None)
    assert refused.value.field == "min_age"


def test_a_provider_with_children_cannot_close_and_an_empty_one_closes_and_reopens(app):
    home = create_home(beds=2)
    placement = create_placement(provider=home)
    with pytest.raises(ProviderError):
        register.set_open(home, open_=False, actor=None)
    register.end_placement(
        placement, end_date=date(2026, 3, 1), child_status="awaiting", actor=None
    )
    register.set_open(home, open_=False, actor=None)
    assert home.status == "closed"
    register.set_open(home, open_=True, actor=None)
    assert home.status == "active"
    assert _actions()[-2:] == ["home_closed", "home_reopened"]


# --- Ending placements and changing their cost ---------------------------------------------


def test_ending_a_placement_frees_the_place_and_the_child_waits_again(app):
    carer = create_carer(places=1)
    placement = create_placement(provider=carer, start_date=date(2026, 1, 5))
    assert carer.vacancies == 0
    register.end_placement(
        placement, end_date=date(2026, 2, 1), child_status="awaiting", actor=None
    )
    assert carer.vacancies == 1
    assert placement.end_date == date(2026, 2, 1)
    assert placement.child.status == "awaiting"
    assert "placement_ended" in _actions()
    assert register.current_placements(carer) == []


def test_an_end_date_before_the_start_is_refused_and_nothing_changes(app):
    home = create_home()
    placement = create_placement(provider=home, start_date=date(2026, 1, 5))
    with pytest.raises(ProviderError) as refused:
        register.end_placement(
            placement, end_date=date(2025, 12, 1), child_status="closed", actor=None
        )
    assert refused.value.field == "end_date"
    assert db.session.get(ChildrensHome, home.id).occupied == 1


def test_a_new_weekly_cost_adds_a_rate_and_keeps_the_old_one(app):
    agency = create_agency()
    placement = create_placement(
        provider=agency, start_date=date(2026, 1, 5), weekly_cost_pence=95_000
    )
    register.change_rate(
        placement, effective_from=date(2026, 4, 1), weekly_cost_pence=99_999, actor=None
    )
    assert [(r.effective_from, r.weekly_cost_pence) for r in placement.rates] == [
        (date(2026, 1, 5), 95_000),
        (date(2026, 4, 1), 99_999),
    ]
    assert placement.current_weekly_cost_pence == 99_999
    with pytest.raises(ProviderError) as refused:
        register.change_rate(
            placement, effective_from=date(2026, 4, 1), weekly_cost_pence=1, actor=None
        )
    assert refused.value.field == "effective_from"
    assert len(placement.rates) == 2


# --- Money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(0, "£0.00"), (1, "£0.01"), (380_050, "£3,800.50"), (123_456_789, "£1,234,567.89")],
)
def test_pounds_are_shown_exactly_from_pence(pence, shown):
    assert money(pence) == shown


# --- The register ----------------------------------------------------------------------------


@pytest.fixture
def mixed_register(app):
    carer = create_carer(household_name="The Evans household", places=2, welsh_speaking=True)
    carer.local_authority = "W06000015"
    full_home = create_home(name="Tŷ Llawn", beds=1)
    create_placement(provider=full_home)
    open_home = create_home(name="Tŷ Gwag", beds=3)
    profit = create_agency(name="Acme Care Ltd", kind="private_home", places=2)
    charity = create_agency(name="Barnardo Fostering", not_for_profit=True, places=None)
    db.session.commit()
    return {
        "carer": carer,
        "full_home": full_home,
        "open_home": open_home,
        "profit": profit,
        "charity": charity,
    }


def _names(query: RegisterQuery) -> list[str]:
    return [row.name for row in register.register_page(query, page=1).items]


def test_the_register_lists_all_three_kinds_by_name(mixed_register):
    page = register.register_page(RegisterQuery(), page=1)
    assert [row.name for row in page.items] == [
        "Acme Care Ltd",
        "Barnardo Fostering",
        "The Evans household",
        "Tŷ Gwag",
        "Tŷ Llawn",
    ]
    rows = {row.name: row for row in page.items}
    assert rows["Tŷ Llawn"].kind is Kind.HOME and rows["Tŷ Llawn"].vacancies == 0
    assert rows["Barnardo Fostering"].vacancies is None
    assert rows["The Evans household"].weekly_cost_pence == 32_500
    assert rows["Acme Care Ltd"].kind_label == "Private children's home"
    assert rows["Acme Care Ltd"].out_of_county and not rows["Tŷ Gwag"].out_of_county


def test_search_by_name_reference_and_postcode(mixed_register):
    assert _names(RegisterQuery(text="barnardo")) == ["Barnardo Fostering"]
    reference = mixed_register["open_home"].reference
    assert _names(RegisterQuery(text=reference.lower())) == ["Tŷ Gwag"]
    assert _names(RegisterQuery(text="cf101aa")) == ["The Evans household"]
    assert _names(RegisterQuery(text="nobody")) == []


def test_filters(mixed_register):
    assert _names(RegisterQuery(kind="home")) == ["Tŷ Gwag", "Tŷ Llawn"]
    assert _names(RegisterQuery(only=frozenset({Only.VACANCIES}))) == [
        "Acme Care Ltd",
        "Barnardo Fostering",
        "The Evans household",
        "Tŷ Gwag",
    ]
    assert _names(RegisterQuery(only=frozenset({Only.OUT_OF_COUNTY}))) == [
        "Acme Care Ltd",
        "Barnardo Fostering",
    ]
    assert _names(RegisterQuery(only=frozenset({Only.WELSH}))) == ["The Evans household"]
    not_for_profit = _names(RegisterQuery(only=frozenset({Only.NOT_FOR_PROFIT})))
    assert "Acme Care Ltd" not in not_for_profit and len(not_for_profit) == 4
    both = RegisterQuery(kind="agency", only=frozenset({Only.VACANCIES, Only.NOT_FOR_PROFIT}))
    assert _names(both) == ["Barnardo Fostering"]


def test_a_closed_provider_shows_no_vacancy(mixed_register):
    register.set_open(mixed_register["open_home"], open_=False, actor=None)
    assert "Tŷ Gwag" not in _names(RegisterQuery(only=frozenset({Only.VACANCIES})))


def test_paging(app):
    for number in range(30):
        create_home(name=f"Home {number:02d}")
    first = register.register_page(RegisterQuery(), page=1)
    second = register.register_page(RegisterQuery(), page=2)
    beyond = register.register_page(RegisterQuery(), page=9)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (30, 2, 25, 5)
    assert second.items[0].name == "Home 25"
    assert beyond.page == 2


# --- Carers' grid references ----------------------------------------------------------------


def test_a_carer_without_a_grid_reference_gets_one_from_the_directory(app):
    db.session.add(
        Postcode(postcode="CF10 1AA", easting=318_000, northing=176_000, local_authority="W1")
    )
    carer = create_carer(postcode="CF10 1AA")
    assert carer.easting is None
    assert register.locate_carer(carer) is True
    assert (carer.easting, carer.northing, carer.local_authority) == (318_000, 176_000, "W1")
    assert register.locate_carer(carer) is False


def test_a_carer_whose_postcode_is_unknown_is_left_alone(app):
    carer = create_carer(postcode="ZZ99 9ZZ")
    assert register.locate_carer(carer) is False
    assert carer.easting is None


def test_approving_a_carer_copies_the_grid_reference_from_the_directory(app):
    from fostering.recruitment.services.carers import add_carer
    from fostering.recruitment.services.terms import Terms

    db.session.add(
        Postcode(postcode="CF14 2AA", easting=320_000, northing=175_000, local_authority="W2")
    )
    terms = Terms(places=1, min_age=0, max_age=18, placement_types=("short_term",),
                  postcode="CF14 2AA")  # fmt: skip
    carer = add_carer(household_name="The Jones household", terms=terms,
                      approved_on=date(2026, 5, 1), actor=None)  # fmt: skip
    assert (carer.easting, carer.northing, carer.local_authority) == (320_000, 175_000, "W2")


# --- Lowering beds while a child is being placed (PostgreSQL) -----------------------------


def _place_and_hold(app, home_id, child_id, placed, lowering_waits, results):
    """Place a child and keep the transaction open until the other writer is blocked."""
    with app.app_context():
        try:
            home = db.session.get(ChildrensHome, home_id)
            child = db.session.get(Child, child_id)
            with transaction():  # held open until the other writer is blocked
                placements.make_placement(child=child, provider=home,
                                          start_date=date(2026, 3, 2),
                                          weekly_cost_pence=380_000, actor=None)  # fmt: skip
                placed.set()
                results.append(("blocked", lowering_waits()))
            results.append(("placed", None))
        finally:
            db.session.remove()


def _lower_beds(app, home_id, placed, results):
    with app.app_context():
        try:
            assert placed.wait(timeout=30)
            home = db.session.get(ChildrensHome, home_id)
            register.update_home(home, _home(beds=1), actor=None)
            results.append(("lowered", None))
        except ProviderError as error:
            results.append(("refused", str(error.message)))
        finally:
            db.session.remove()


@pytest.mark.postgresql_only  # concurrent writers: SQLite serialises them
@pytest.mark.commits
def test_beds_cannot_be_lowered_under_a_placement_being_made(app):
    home = create_home(beds=2)
    create_placement(provider=home)
    child = create_child(setting="residential", date_of_birth=date(2012, 1, 1))
    placed = threading.Event()

    def lowering_waits() -> bool:
        """Whether the other connection comes to wait on our row lock."""
        return lock_waiters(db.engine) > 0

    results: list = []
    threads = [
        threading.Thread(
            target=_place_and_hold,
            args=(app, home.id, child.id, placed, lowering_waits, results),
        ),
        threading.Thread(target=_lower_beds, args=(app, home.id, placed, results)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    outcomes = dict(results)
    assert outcomes["blocked"] is True
    assert outcomes["refused"].startswith("The home has 2 children living there")
    db.session.expire_all()
    home = db.session.get(ChildrensHome, home.id)
    assert (home.beds, home.occupied) == (2, 2)
