"""The statutory returns: code mappings, episodes from the ledger, each validation rule,
the export's columns and the error report (access, paging, links, audit, CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.placements.returns import codes, service
from fostering.placements.returns.episodes import CollectionYear, Episode, year_episodes
from fostering.placements.returns.rules import ENGLAND, RULES, WALES, rules_for, validate
from tests.conftest import page_text, sign_in
from tests.factories import (
    create_agency,
    create_carer,
    create_child,
    create_home,
    create_placement,
    create_user,
)
from tests.pages import parsed

YEAR = service.years(date.today())[1].start_year  # last year: complete, and on the pages
CY = CollectionYear(YEAR)


def d(month: int, day: int, offset: int = 0) -> date:
    """A day in the collection year (April to December in YEAR, January to March after)."""
    return date(YEAR + (month < 4) + offset, month, day)


def episode(**items) -> Episode:
    base = dict(
        child_id=1, CHILD="LAC1", SEX="F", DOB=date(2015, 5, 1), ETHNIC="WBRI",
        DECOM=d(5, 1), RNE="S", LS="C2", CIN="N1", PLACE="U6", PLACE_PROVIDER="PR1",
        DEC=None, REC=None, REASON_PLACE_CHANGE=None, HOME_POST="CF10 1AA",
        PL_POST="CF14 2AA", URN="SC123456", name="Alex Jones", first_ever=True,
    )  # fmt: skip
    base.update(items)
    return Episode(**base)


def codes_found(episodes, kind=ENGLAND) -> list[tuple[str, str, str]]:
    return [
        (error.rule.code, error.episode.CHILD, error.field)
        for error in validate(kind, episodes, CY)
    ]


# --- Mappings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider_type", "plan", "place", "not_for_profit", "provider"),
    [
        ("in_house_foster", "long_term", "U4", False, "PR1"),
        ("in_house_foster", "short_term", "U6", False, "PR1"),
        ("ifa", "emergency", "U6", True, "PR5"),
        ("ifa", "long_term", "U4", False, "PR4"),
        ("council_home", "short_term", "K2", False, "PR1"),
        ("private_residential", "short_term", "K2", False, "PR4"),
        ("other", "short_term", None, True, "PR5"),
    ],
)
def test_provider_types_map_to_placement_and_provider_codes(
    provider_type, plan, place, not_for_profit, provider
):
    assert codes.place_code(provider_type, plan) == place
    assert codes.provider_code(provider_type, not_for_profit) == provider
    assert place is None or place in codes.PLACE
    assert provider in codes.PLACE_PROVIDER


def test_sex_and_postcodes_map_to_the_returns_forms():
    assert [codes.sex_code(sex) for sex in ("F", "M", "X", "")] == ["F", "M", "U", None]
    assert codes.postcode_code(" cf10  1aa ") == "CF10 1AA"
    assert codes.postcode_code("") is None


def test_a_collection_year_runs_april_to_march():
    assert (CY.first_day, CY.last_day) == (date(YEAR, 4, 1), date(YEAR + 1, 3, 31))
    years = service.years(date(2026, 3, 31))
    assert years[0] == CollectionYear(2025) and len(years) == 5
    assert service.years(date(2026, 4, 1))[0] == CollectionYear(2026)


# --- Episodes from the ledger -------------------------------------------------------------


def test_a_move_continues_the_period_of_care_and_care_ending_leaves_the_reason_blank(app):
    carer = create_carer(postcode="CF14 2AA")
    agency = create_agency(not_for_profit=True)
    child = create_child(placement_type="long_term", sex="M", home_postcode="CF10 1AA")
    create_placement(child=child, provider=carer, start_date=d(5, 1), end_date=d(8, 31))
    create_placement(child=child, provider=agency, start_date=d(9, 1), end_date=d(1, 15))

    first, second = year_episodes(CY)
    assert (first.CHILD, first.SEX, first.DOB) == (child.reference, "M", child.date_of_birth)
    assert (first.DECOM, first.RNE, first.PLACE, first.PLACE_PROVIDER) == (
        d(5, 1),
        "S",
        "U4",
        "PR1",
    )
    assert (first.DEC, first.REC) == (d(9, 1), "X1")  # ceased the day the next began
    assert (first.HOME_POST, first.PL_POST, first.PL_LA) == ("CF10 1AA", "CF14 2AA", None)
    assert (second.DECOM, second.RNE, second.PLACE_PROVIDER) == (d(9, 1), "P", "PR5")
    assert (second.DEC, second.REC) == (d(1, 16), None)  # why care ended is not recorded
    assert second.PL_LA == "W06000022"
    assert first.LS is first.CIN is first.ETHNIC is first.URN is first.REASON_PLACE_CHANGE is None


def test_only_episodes_open_in_the_year_are_in_it_and_later_ends_stay_open(app):
    home = create_home()
    before = create_child()
    create_placement(child=before, provider=home, start_date=d(1, 1, -1), end_date=d(3, 30, -1))
    across = create_child()
    create_placement(child=across, provider=home, start_date=d(3, 1, -1), end_date=d(4, 2, 1))
    after = create_child()
    create_placement(child=after, provider=home, start_date=d(4, 1, 1))

    rows = year_episodes(CY)
    assert [row.CHILD for row in rows] == [across.reference]
    assert (rows[0].DEC, rows[0].REC) == (None, None)  # still looked after on 31 March


def _status(child, code, start, end=None):
    from fostering.models.child_profile import LegalStatusPeriod

    db.session.add(LegalStatusPeriod(child_id=child.id, code=code, start_date=start, end_date=end))
    db.session.commit()


def test_a_legal_status_change_starts_an_episode_and_the_profile_fills_the_items(app):
    carer = create_carer()
    home = create_home()
    child = create_child()
    child.ethnicity = "white_british"
    db.session.commit()
    _status(child, "V2", d(4, 1, -1), d(6, 30))
    _status(child, "C1", d(7, 1), d(9, 30))
    _status(child, "C2", d(10, 1))
    create_placement(child=child, provider=carer, start_date=d(5, 1), end_date=d(9, 30))
    create_placement(child=child, provider=home, start_date=d(10, 1))

    rows = year_episodes(CY)
    assert [(row.DECOM, row.RNE, row.LS, row.PLACE) for row in rows] == [
        (d(5, 1), "S", "V2", "U6"),
        (d(7, 1), "L", "C1", "U6"),  # same placement, new legal status
        (d(10, 1), "B", "C2", "K2"),  # both changed the same day
    ]
    assert [(row.DEC, row.REC) for row in rows] == [(d(7, 1), "X1"), (d(10, 1), "X1"), (None, None)]
    assert {row.ETHNIC for row in rows} == {"WBRI"}
    assert "REQ" not in {code for code, _c, field in codes_found(rows) if field in ("LS", "ETHNIC")}


def test_end_reasons_give_the_reason_for_a_move_and_for_care_ending(app):
    from fostering.models.child import ChildStatus
    from fostering.models.placement import EndReason
    from fostering.placements.services import placements

    carer = create_carer()
    agency = create_agency()
    child = create_child()
    first = create_placement(child=child, provider=carer, start_date=d(5, 1))
    placements.end_placement(
        first, end_date=d(6, 30), actor=None, child_status=ChildStatus.AWAITING,
        reason=EndReason.PLANNED_MOVE, planned=True,
    )  # fmt: skip
    second = create_placement(child=child, provider=agency, start_date=d(7, 1))
    placements.end_placement(
        second, end_date=d(11, 30), actor=None, child_status=ChildStatus.CLOSED,
        reason=EndReason.RETURNED_HOME, planned=False,
    )  # fmt: skip
    db.session.commit()
    moved, ended = year_episodes(CY)
    assert (moved.REC, moved.REASON_PLACE_CHANGE) == ("X1", "CARPL")
    assert (ended.DEC, ended.REC, ended.REASON_PLACE_CHANGE) == (d(12, 1), "E4B", None)


def test_planned_and_cancelled_placements_are_not_episodes(app):
    from fostering.placements.services import placements

    child = create_child()
    placements.plan_placement(
        child=child, provider=create_carer(), start_date=d(5, 1), weekly_cost_pence=1, actor=None
    )
    db.session.commit()
    assert year_episodes(CY) == []


def test_every_ethnicity_and_end_reason_maps_to_a_real_code_or_to_none():
    from fostering.models.child_profile import Ethnicity, LegalStatus
    from fostering.models.placement import EndReason

    assert {codes.ethnic_code(item.value) for item in Ethnicity} <= set(codes.ETHNIC)
    assert {item.value for item in LegalStatus} <= set(codes.LS)
    assert set(codes.PLACE_CHANGE_REASON.values()) <= set(codes.REASON_PLACE_CHANGE)
    assert set(codes.PLACE_CHANGE_REASON) <= {item.value for item in EndReason}
    ended = {
        codes.care_ended_code(item.value, planned)
        for item in EndReason
        for planned in (True, False, None)
    }
    assert ended - {None} <= set(codes.REC)
    assert codes.care_ended_code("returned_home", True) == "E4A"
    assert codes.care_ended_code("adoption", True) is None  # E11 or E12: not recorded


# --- Each validation rule -----------------------------------------------------------------


def test_a_complete_return_has_no_errors():
    assert codes_found([episode()]) == []


SINGLE_EPISODE_CASES = [
    ("101", {"SEX": None}, "SEX"),
    ("103", {"ETHNIC": "XXXX"}, "ETHNIC"),
    ("103", {"ETHNIC": None}, "ETHNIC"),
    ("143", {"RNE": "Q"}, "RNE"),
    ("144", {"LS": "C9"}, "LS"),
    ("145", {"CIN": "N9"}, "CIN"),
    ("146", {"PLACE": "U9"}, "PLACE"),
    ("148", {"DEC": d(6, 1)}, "REC"),
    ("148", {"REC": "E13"}, "DEC"),
    ("149", {"DEC": d(6, 1), "REC": "E99"}, "REC"),
    ("178", {"PLACE_PROVIDER": "PR9"}, "PLACE_PROVIDER"),
    ("213", {"PLACE": "T1", "URN": None}, "PLACE_PROVIDER"),
    ("218", {"URN": None}, "URN"),
    ("302", {"DECOM": date(2015, 4, 1), "first_ever": False}, "DECOM"),
    ("352", {"DOB": date(2000, 1, 1)}, "DECOM"),
    ("355", {"DEC": d(5, 1), "REC": "E13"}, "DEC"),
    ("356", {"DEC": d(4, 20), "REC": "E13"}, "DEC"),
    ("358", {"LS": "J1", "DOB": date(YEAR - 9, 1, 1)}, "LS"),
    ("361", {"LS": "L1", "DEC": d(5, 5), "REC": "E13"}, "LS"),
    ("362", {"LS": "L2", "DEC": d(5, 23), "REC": "E13"}, "LS"),
    ("363", {"LS": "L3"}, "LS"),  # open at the year's end: far longer than 7 days
    ("357", {"RNE": "P"}, "RNE"),
    ("385", {"DEC": d(4, 2, 1), "REC": "E13"}, "DEC"),
    ("526", {"PLACE_PROVIDER": None}, "PLACE_PROVIDER"),
    ("1009", {"REASON_PLACE_CHANGE": "MOVED"}, "REASON_PLACE_CHANGE"),
    ("REQ", {"LS": None}, "LS"),
    ("REQ", {"CIN": None}, "CIN"),
    ("REQ", {"PLACE": None, "PLACE_PROVIDER": None, "URN": None}, "PLACE"),
]
# Rules about a child's sequence of episodes, tested on their own below.
SEQUENCE_RULES = {"142", "225", "437", "501"}


@pytest.mark.parametrize(("code", "items", "field"), SINGLE_EPISODE_CASES)
def test_each_rule_finds_its_error(code, items, field):
    assert (code, "LAC1", field) in codes_found([episode(**items)])


def test_every_rule_has_a_test():
    tested = {code for code, _items, _field in SINGLE_EPISODE_CASES} | SEQUENCE_RULES
    assert tested == {rule.code for rule in RULES}


def test_rules_on_a_childs_sequence_of_episodes():
    first = episode(DEC=None, REC=None)
    second = episode(DECOM=d(9, 1), RNE="P", first_ever=False)
    assert ("142", "LAC1", "DEC") in codes_found([first, second])
    moved = replace(first, DEC=d(9, 1), REC="X1")
    assert ("225", "LAC1", "REASON_PLACE_CHANGE") in codes_found([moved, second])
    assert "225" not in [
        c for c, *_ in codes_found([replace(moved, REASON_PLACE_CHANGE="CARPL"), second])
    ]
    overlapping = replace(second, DECOM=d(8, 1))
    assert ("501", "LAC1", "DECOM") in codes_found([moved, overlapping])


def test_short_orders_within_their_limits_and_later_episodes_after_death():
    short = [
        episode(LS="L1", DEC=d(5, 4), REC="X1"),
        episode(DECOM=d(5, 4), LS="C2", RNE="L", first_ever=False),
    ]
    assert not {"361", "362", "363"} & {code for code, *_ in codes_found(short)}
    # Police protection over two episodes (a move in between) counts as one run.
    long = [
        episode(LS="L1", DEC=d(5, 3), REC="X1", REASON_PLACE_CHANGE="CARPL"),
        episode(DECOM=d(5, 3), DEC=d(5, 6), REC="X1", LS="L1", RNE="P", first_ever=False),
        episode(DECOM=d(5, 6), LS="C2", RNE="L", first_ever=False),
    ]
    assert [code for code, *_ in codes_found(long)].count("361") == 2
    died = [episode(DEC=d(6, 1), REC="E2"), episode(DECOM=d(7, 1), first_ever=False)]
    assert ("437", "LAC1", "REC") in codes_found(died)


def test_the_welsh_census_does_not_ask_for_ofsted_urns():
    assert "218" in [rule.code for rule in rules_for(ENGLAND)]
    assert "218" not in [rule.code for rule in rules_for(WALES)]
    assert codes_found([episode(URN=None)], WALES) == []


def test_what_to_fix_depends_on_the_item(app):
    with app.test_request_context():
        errors = validate(ENGLAND, [episode(LS=None, CIN=None)], CY)
        fixes = {error.field: str(error.fix) for error in errors if error.rule.code == "REQ"}
    assert "legal status" in fixes["LS"] and "N1 to N8" in fixes["CIN"]


def test_every_rule_has_a_message_and_a_fix(app):
    with app.test_request_context():
        assert all(str(rule.message) and str(rule.fix) for rule in RULES)
    assert len({rule.code for rule in RULES}) == len(RULES)


# --- The pages ---------------------------------------------------------------------------


@pytest.fixture
def ledger(app):
    """Two children: one moved (no reason recorded), one whose care ended."""
    carer = create_carer()
    home = create_home()
    moved = create_child(given_name="Cerys", family_name="Moved")
    create_placement(child=moved, provider=carer, start_date=d(5, 1), end_date=d(7, 31))
    create_placement(child=moved, provider=home, start_date=d(8, 1))
    left = create_child(given_name="Dafydd", family_name="Left")
    create_placement(child=left, provider=carer, start_date=d(6, 1), end_date=d(2, 1))
    return moved, left


def _report_url(kind=WALES, year=YEAR):
    return f"/placements/returns/{kind}/{year}"


@pytest.mark.parametrize("role", [Role.PLACEMENT_OFFICER, Role.COMMISSIONER])
def test_officers_and_commissioners_choose_a_return_and_a_year(client, role):
    sign_in(client, create_user(role=role))
    page = client.get("/placements/returns")
    assert page.status_code == 200
    assert "Collection year" in page_text(page)
    chosen = client.get(f"/placements/returns?kind={WALES}&year={YEAR}")
    assert chosen.status_code == 302 and chosen.headers["Location"].endswith(_report_url())


def test_choosing_nothing_says_what_to_choose(client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    page = client.get("/placements/returns?kind=&year=")
    text = page_text(page)
    assert page.status_code == 200
    assert "There is a problem" in text and "Choose which return to check" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=nonsense&year={year}", "Choose which return to check"),
        ("kind=wales&year=1990", "Choose a collection year"),
        ("kind=wales&year=abc", "Choose a collection year"),
    ],
)
def test_a_return_or_year_not_offered_is_refused_with_what_to_choose(client, query, message):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    page = client.get("/placements/returns?" + query.format(year=YEAR))
    assert page.status_code == 200
    assert message in page_text(page) and "Not a valid choice" not in page_text(page)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.ADMINISTRATOR, Role.APPLICANT])
def test_other_roles_cannot_see_the_returns(client, role):
    sign_in(client, create_user(role=role))
    assert client.get("/placements/returns").status_code == 403
    assert client.get(_report_url()).status_code == 403


def test_an_unknown_return_or_year_is_not_found(client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    assert client.get(_report_url(kind="nonsense")).status_code == 404
    assert client.get(_report_url(year=1990)).status_code == 404


def test_the_error_report_lists_each_error_with_the_child_and_what_to_fix(client, ledger):
    moved, left = ledger
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    page = client.get(_report_url())
    text = page_text(page)
    assert "Children in the return 2" in text and "Episodes of care 3" in text
    assert "Record why the placement ended when the child moved." in text  # 225
    soup = parsed(page.get_data(as_text=True))
    links = {a["href"] for a in soup.select("#errors-caption ~ * a, table a")}
    assert (
        f"/placements/children/{moved.id}" in links and f"/placements/children/{left.id}" in links
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "statutory_return_checked")
    )
    assert (event.user_id, event.object_type, event.object_id) == (
        officer.id,
        "statutory_returns",
        f"{WALES}-{YEAR}",
    )
    assert "Cerys" not in (event.detail or "")


def test_the_report_narrows_to_one_rule(client, ledger):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    text = page_text(client.get(_report_url() + "?rule=225"))
    assert "Errors for rule 225" in text and "Showing 1 to 1 of 1" in text


def test_commissioners_see_references_but_no_links_to_children(client, ledger):
    moved, _left = ledger
    sign_in(client, create_user(role=Role.COMMISSIONER))
    page = client.get(_report_url())
    assert moved.reference in page_text(page)
    assert "/placements/children/" not in page.get_data(as_text=True)
    assert "Cerys" not in page_text(page)


def test_the_error_report_is_paged(client, app):
    agency = create_agency(places=None)
    for _ in range(30):
        create_placement(child=create_child(), provider=agency, start_date=d(5, 1))
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    first = page_text(client.get(_report_url(kind=ENGLAND)))
    assert "Showing 1 to 25 of 120" in first  # each child: 103, LS, CIN and URN
    last = page_text(client.get(_report_url(kind=ENGLAND) + "?page=5"))
    assert "Showing 101 to 120 of 120" in last


def test_an_empty_year_says_so(client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    assert "No children were looked after in this year" in page_text(client.get(_report_url()))


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("kind", "columns"), [(ENGLAND, codes.EPISODE_COLUMNS), (WALES, codes.WALES_COLUMNS)]
)
def test_the_export_has_the_returns_columns_and_is_audited(client, ledger, kind, columns):
    moved, _left = ledger
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    response = client.get(_report_url(kind=kind) + "/return.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = _csv(response)
    assert tuple(rows[0]) == columns
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["CHILD"] == moved.reference
    assert first["DECOM"] == d(5, 1).strftime("%d/%m/%Y")
    assert (first["RNE"], first["PLACE"], first["PLACE_PROVIDER"], first["REC"]) == (
        "S",
        "U6",
        "PR1",
        "X1",
    )
    assert first["LS"] == "" and first["CIN"] == ""
    assert len(rows) == 4
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "statutory_return_exported")
    )
    assert event.user_id == officer.id and event.object_id == f"{kind}-{YEAR}"


def test_the_error_download_is_formula_safe(client, app):
    carer = create_carer()
    child = create_child(given_name="=HYPERLINK(1)")
    child.reference = "=CMD|A0"
    db.session.commit()
    create_placement(child=child, provider=carer, start_date=d(5, 1))
    sign_in(client, create_user(role=Role.COMMISSIONER))
    rows = _csv(client.get(_report_url() + "/errors.csv"))
    assert rows[0][:4] == ["Child reference", "Episode start", "Rule", "Item"]
    assert rows[1][0] == "'=CMD|A0"
    returned = _csv(client.get(_report_url() + "/return.csv"))
    assert returned[1][0] == "'=CMD|A0"
    assert all("HYPERLINK" not in cell for row in returned for cell in row)


def test_the_report_is_in_welsh(client, ledger):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    client.get("/locale/cy")
    text = page_text(client.get(_report_url()))
    assert "Gwallau dilysu" in text
