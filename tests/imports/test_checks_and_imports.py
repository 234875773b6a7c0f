"""Imports of each kind: what is written, what is reported, and that it is all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fostering import imports
from fostering.extensions import db
from fostering.imports.problems import sentence
from fostering.models import (
    Agency,
    AuditEvent,
    Child,
    ChildrensHome,
    FosterCarer,
    Placement,
    PlacementRate,
    SafeguardingExclusion,
    SiblingGroup,
)
from tests.factories import create_agency, create_carer, create_child, create_home
from tests.imports.files import (
    CARER_HEADER,
    CHILD_HEADER,
    add_postcodes,
    carer_row,
    child_row,
    csv_bytes,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def directory(app):
    add_postcodes()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def sentences(kind: str, data: bytes) -> list[str]:
    checked = imports.check(kind, data)
    return [sentence(problem) for problem in checked.problems.sorted_items()]


@pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_children_import_with_sibling_groups_and_grid_references(app, build):
    data = build(
        CHILD_HEADER,
        [
            child_row("lac100001", **{"Sibling group": "sg1", "Siblings may split": "no"}),
            child_row("LAC100002", **{"Sibling group": "SG1", "School postcode": "CF14 2AA"}),
            child_row("LAC100003", **{"Date of birth": "2010-01-31", "Needs": ""}),
            child_row("LAC100004", **{"Date of birth": "1999-05-01", "Status": "closed"}),
        ],
    )
    assert imports.import_file("children", data, actor=None) == 4
    first = db.session.scalar(select(Child).where(Child.reference == "LAC100001"))
    assert (first.given_name, first.date_of_birth, first.sex) == ("Megan", date(2016, 3, 27), "F")
    assert first.needs == ["autism", "therapeutic"] and first.welsh_speaking is True
    assert (first.home_postcode, first.home_easting, first.home_local_authority) == (
        "CF10 1AA",
        318_200,
        "W06000015",
    )
    second = db.session.scalar(select(Child).where(Child.reference == "LAC100002"))
    assert second.sibling_group_id == first.sibling_group_id is not None
    assert second.school_northing == 175_000
    assert count(SiblingGroup) == 1
    assert db.session.scalar(select(SiblingGroup.may_split)) is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_completed"))
    assert event.detail == "kind=children rows=4 records=4"
    left_care = db.session.scalar(select(Child).where(Child.reference == "LAC100004"))
    assert left_care.status == "closed"


def test_xlsx_cells_hold_real_dates_and_numbers(app):
    from datetime import datetime

    row = carer_row(**{"approved on": datetime(2024, 1, 15), "places": 3, "weekly allowance": 950})
    assert imports.import_file("carers", xlsx_bytes(CARER_HEADER, [row]), actor=None) == 1
    carer = db.session.scalar(select(FosterCarer).where(FosterCarer.reference == "FC900001"))
    assert (carer.approved_on, carer.places, carer.weekly_allowance_pence) == (
        date(2024, 1, 15),
        3,
        95_000,
    )


def test_carers_import_with_terms_and_exact_money(app):
    data = csv_bytes(
        CARER_HEADER, [carer_row(), carer_row("FC900002", **{"weekly allowance": "1,234.5"})]
    )
    imports.import_file("carers", data, actor=None)
    carers = {c.reference: c for c in db.session.scalars(select(FosterCarer))}
    first = carers["FC900001"]
    assert first.weekly_allowance_pence == 32_550
    assert carers["FC900002"].weekly_allowance_pence == 123_450
    assert (first.sexes, first.placement_types, first.skills) == (
        ["F", "M"],
        ["short_term", "long_term"],
        ["autism"],
    )
    assert first.occupied == 0 and first.annual_review_due > first.approved_on
    assert first.easting == 320_000


def test_homes_and_agencies_import(app):
    homes = csv_bytes(
        ["reference", "name", "postcode", "beds", "youngest age", "oldest age", "weekly cost"],
        [["CH1", "Tŷ Derw", "CF14 2AA", "5", "8", "17", "3800"]],
    )
    imports.import_file("homes", homes, actor=None)
    home = db.session.scalar(select(ChildrensHome))
    assert (home.reference, home.beds, home.weekly_cost_pence, home.sexes) == (
        "CH1",
        5,
        380_000,
        [],
    )
    agencies = csv_bytes(
        ["Reference", "Name", "Kind", "Not for profit", "Places", "Postcode", "Youngest age",
         "Oldest age", "Weekly cost"],
        [["AG1", "Cwmni", "ifa", "yes", "", "NP20 1AA", "0", "17", "950.00"],
         ["AG2", "Private", "private_home", "n", "3", "NP20 1AA", "10", "17", "4,100"]],
    )  # fmt: skip
    imports.import_file("agencies", agencies, actor=None)
    found = {a.reference: a for a in db.session.scalars(select(Agency))}
    assert found["AG1"].places is None and found["AG1"].not_for_profit is True
    assert found["AG2"].kind == "private_home" and found["AG2"].weekly_cost_pence == 410_000


def test_every_kind_of_child_problem_is_reported_with_row_and_column(app):
    create_child()  # LAC0000nn: already in the service
    existing = db.session.scalar(select(Child.reference))
    data = csv_bytes(
        CHILD_HEADER,
        [
            child_row("LAC1", **{"Date of birth": "31/02/2016"}),
            child_row("LAC2", **{"Date of birth": "2001-01-01", "Needs": "autism;flying"}),
            child_row("LAC1", **{"Home postcode": "ZZ99 9ZZ", "Sex": "Q"}),
            child_row(existing, **{"Home postcode": "not a postcode", "Welsh speaker": "maybe"}),
            child_row("LAC5", **{"Given name": "", "Placement type": "forever"}),
        ],
    )
    found = sentences("children", data)
    assert "Row 2, date of birth: enter a real date, like 27/03/2016" in found
    age = date.today().year - 2001  # born on 1 January
    assert (
        f"Row 3, date of birth: the child would be {age} years old; children must be 0 to 17"
        in found
    )
    assert "Row 3, needs: “flying” is not a need on the council's list" in found
    assert "Row 4, reference: LAC1 is also on row 2" in found
    assert "Row 4, home postcode: ZZ99 9ZZ is not in the postcode directory" in found
    assert any(s.startswith("Row 4, sex: “Q” is not one of: F, M, X") for s in found)
    assert f"Row 5, reference: {existing} is already in the service" in found
    assert "Row 5, home postcode: “not a postcode” is not a postcode" in found
    assert "Row 5, welsh speaker: enter yes or no" in found
    assert "Row 6, given name: enter a value" in found
    assert any(s.startswith("Row 6, placement type: “forever” is not one of") for s in found)


def test_a_file_with_one_bad_row_imports_nothing(app):
    rows = [child_row(f"LAC{n}") for n in range(1, 50)]
    rows.append(child_row("LAC99", **{"Date of birth": "yesterday"}))
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_file("children", csv_bytes(CHILD_HEADER, rows), actor=None)
    assert refused.value.problems.count == 1
    assert count(Child) == 0 and count(AuditEvent) == 0


def test_a_failure_while_writing_rolls_everything_back(app, monkeypatch):
    from fostering.imports import kinds

    monkeypatch.setattr(kinds, "CHUNK", 10)
    calls = []

    def fail_on_third_chunk(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    rows = [child_row(f"LAC{n}", **{"Sibling group": "SG9"}) for n in range(1, 40)]
    with pytest.raises(RuntimeError):
        imports.import_file(
            "children", csv_bytes(CHILD_HEADER, rows), actor=None, progress=fail_on_third_chunk
        )
    assert calls == [10, 20, 30]
    assert count(Child) == 0 and count(SiblingGroup) == 0


def test_missing_columns_are_reported_on_the_header_row(app):
    found = sentences("carers", csv_bytes(["Reference", "Postcode"], [["FC1", "CF10 1AA"]]))
    assert "Row 1, household name: the file has no “household name” column" in found
    assert len(found) == 6


def test_carer_problems(app):
    carer = create_carer()
    data = csv_bytes(
        CARER_HEADER,
        [
            carer_row(carer.reference),
            carer_row("FC2", places="9", **{"youngest age": "12", "oldest age": "4"}),
            carer_row("FC3", **{"weekly allowance": "£3.456", "approved on": "2999-01-01"}),
        ],
    )
    found = sentences("carers", data)
    assert f"Row 2, reference: {carer.reference} is already in the service" in found
    assert "Row 3, places: enter a number from 1 to 6" in found
    assert "Row 3, oldest age: the youngest age is older than the oldest age" in found
    assert "Row 4, weekly allowance: enter an amount in pounds, like 950 or £1,234.50" in found
    assert "Row 4, approved on: the date cannot be in the future" in found


def test_a_home_with_more_than_five_beds_is_refused(app):
    data = csv_bytes(
        ["reference", "name", "postcode", "beds", "youngest age", "oldest age", "weekly cost"],
        [["CH1", "Big", "CF14 2AA", "6", "8", "17", "3800"]],
    )
    assert sentences("homes", data) == [
        "Row 2, beds: a council children's home has at most 5 beds, so 6 beds is refused"
    ]


PLACEMENT_HEADER = ["child reference", "provider reference", "start date", "weekly cost"]


def test_current_placements_fill_places_through_the_placement_service(app):
    carer = create_carer(places=2)
    agency = create_agency(places=None)
    children = [create_child() for _ in range(3)]
    data = csv_bytes(
        PLACEMENT_HEADER,
        [
            [children[0].reference, carer.reference, "01/09/2025", "325.50"],
            [children[1].reference, carer.reference.lower(), "2025-10-01", "325.50"],
            [children[2].reference, agency.reference, "2025-10-01", "£1,050"],
        ],
    )
    imports.import_file("current_placements", data, actor=None)
    db.session.expire_all()
    assert db.session.get(FosterCarer, carer.id).occupied == 2
    assert db.session.get(Agency, agency.id).occupied == 1
    assert {c.status for c in db.session.scalars(select(Child))} == {"placed"}
    costs = sorted(db.session.scalars(select(PlacementRate.weekly_cost_pence)))
    assert costs == [32_550, 32_550, 105_000]


def test_current_placements_over_capacity_or_unknown_are_reported(app):
    home = create_home(beds=2, occupied=1)
    children = [create_child() for _ in range(3)]
    data = csv_bytes(
        PLACEMENT_HEADER,
        [
            [children[0].reference, home.reference, "2025-09-01", "3800"],
            [children[1].reference, home.reference, "2025-09-01", "3800"],
            [children[2].reference, "NOBODY", "2025-09-01", "3800"],
            ["LAC404", home.reference, "2025-09-01", "3800"],
            [children[0].reference, home.reference, "2025-09-01", "3800"],
        ],
    )
    found = sentences("current_placements", data)
    ref = home.reference
    over = f"Row 3, provider reference: {ref} has 2 places, and 1 are taken already: "
    assert over + "this file would place 4 more" in found
    assert "Row 4, provider reference: no carer, home or agency has the reference NOBODY" in found
    assert "Row 5, child reference: no child has the reference LAC404" in found
    assert f"Row 6, child reference: {children[0].reference} is also on row 2" in found
    assert count(Placement) == 0


HISTORY_HEADER = [
    "placement reference", "child reference", "provider reference", "start date", "end date",
    "weekly cost", "rate from",
]  # fmt: skip


def test_historical_placements_with_rate_changes_do_not_move_places(app):
    agency = create_agency(places=5)
    child = create_child()
    data = csv_bytes(
        HISTORY_HEADER,
        [
            ["P1", child.reference, agency.reference, "2019-04-01", "2021-07-31", "950", ""],
            ["P1", "", "", "", "", "1000", "2020-04-01"],
            ["P2", child.reference, agency.reference, "2022-01-01", "2022-03-31", "990", ""],
        ],
    )
    assert imports.import_file("historical_placements", data, actor=None) == 3
    placements = list(db.session.scalars(select(Placement).order_by(Placement.start_date)))
    assert [(p.start_date, p.end_date) for p in placements] == [
        (date(2019, 4, 1), date(2021, 7, 31)),
        (date(2022, 1, 1), date(2022, 3, 31)),
    ]
    assert [(r.effective_from, r.weekly_cost_pence) for r in placements[0].rates] == [
        (date(2019, 4, 1), 95_000),
        (date(2020, 4, 1), 100_000),
    ]
    assert placements[0].provider_type == "ifa" and placements[0].out_of_county is True
    db.session.expire_all()
    assert db.session.get(Agency, agency.id).occupied == 0
    # The same history again is refused rather than doubled.
    found = sentences("historical_placements", data)
    assert "Row 2, placement reference: P1 is already in the service" in found


def test_historical_problems(app):
    agency = create_agency()
    child = create_child()
    c, a = child.reference, agency.reference
    data = csv_bytes(
        HISTORY_HEADER,
        [
            ["P1", c, a, "2019-04-01", "2019-01-31", "950", ""],
            ["P2", c, a, "2019-04-01", "2020-01-31", "950", "2019-05-01"],
            ["P3", c, a, "2019-04-01", "2020-01-31", "950", ""],
            ["P3", "", "", "", "", "990", ""],
            ["P3", "", "", "", "", "990", "2021-01-01"],
            ["P3", "", "", "", "", "990", "2019-04-01"],
            ["P3", "OTHER", "", "", "", "990", "2019-06-01"],
        ],
    )
    found = sentences("historical_placements", data)
    assert "Row 2, end date: the end date must be on or after the start date" in found
    assert (
        "Row 3, rate from: the first row of a placement must have its rate start on the start date"
        in found
    )
    assert "Row 5, rate from: enter the date this rate starts (this placement is on row 4)" in found
    assert "Row 6, rate from: a rate must start within the placement's dates" in found
    assert "Row 7, rate from: there is already a rate from this date for P3" in found
    assert "Row 8, placement reference: this row disagrees with row 4 about the placement" in found


def test_safeguarding_exclusions(app):
    a, b, c = (create_child() for _ in range(3))
    data = csv_bytes(
        ["Child reference", "Must not live with"],
        [[a.reference, b.reference], [c.reference, a.reference]],
    )
    imports.import_file("safeguarding", data, actor=None)
    assert count(SafeguardingExclusion) == 2
    again = csv_bytes(
        ["Child reference", "Must not live with"],
        [[b.reference, a.reference], [c.reference, c.reference], [a.reference, "LAC404"]],
    )
    found = sentences("safeguarding", again)
    assert f"Row 2, must not live with: {b.reference} is already in the service" in found
    assert "Row 3, must not live with: a child cannot be kept apart from themself" in found
    assert "Row 4, must not live with: no child has the reference LAC404" in found


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"reference,given name\n", "The file has no rows under its header."),
        (b"\x00\x01\x02garbage", "The file is not a CSV or XLSX file."),
        (b"PK\x03\x04not really a zip", "The file is not an XLSX workbook that can be read."),
    ],
)
def test_unreadable_files_say_why(app, data, message):
    with pytest.raises(imports.FileError, match=message):
        imports.check("children", data)


@pytest.mark.parametrize(
    ("cell", "pence"),
    [("950", 95_000), ("950.00", 95_000), ("£1,234.50", 123_450), ("0.1", 10), (12.5, 1250)],
)
def test_money_is_exact_pence(cell, pence):
    from fostering.imports.cells import pence as parse

    assert parse(cell) == pence


def test_safeguarding_import_refuses_siblings_who_must_stay_together(app):
    group = SiblingGroup(reference="SG77", may_split=False)
    loose = SiblingGroup(reference="SG78", may_split=True)
    db.session.add_all([group, loose])
    ana = create_child(given_name="Ana", family_name="Rees", sibling_group=group)
    bea = create_child(given_name="Bea", family_name="Rees", sibling_group=group)
    cai = create_child(given_name="Cai", sibling_group=loose)
    dai = create_child(given_name="Dai", sibling_group=loose)
    data = csv_bytes(
        ["Child reference", "Must not live with"],
        [[ana.reference, bea.reference], [cai.reference, dai.reference]],
    )
    found = sentences("safeguarding", data)
    assert found == [
        f"Row 2, must not live with: Ana Rees ({ana.reference}) and Bea Rees ({bea.reference}) "
        "are in a sibling group that must stay together, so they cannot also be kept apart. "
        "Change the sibling group first"
    ]
    with pytest.raises(imports.ImportRefused):
        imports.import_file("safeguarding", data, actor=None)
    assert count(SafeguardingExclusion) == 0


PROFILE_HEADER = [*CHILD_HEADER, "Ethnicity", "Religion", "Communication", "Interpreter needed",
                  "Risks", "Keep school", "Pets", "Legal status", "Legal status from",
                  "Social worker email"]  # fmt: skip
NO_PROFILE = [""] * 10


def profile_row(reference: str, profile: list[str], **changes) -> list:
    return [*child_row(reference, **changes), *profile]


def test_children_import_reads_the_whole_child(app):
    from fostering.models import LegalStatusPeriod, Role
    from tests.factories import create_user

    worker = create_user(role=Role.SOCIAL_WORKER, email="sian@example.gov.uk")
    data = csv_bytes(
        PROFILE_HEADER,
        [
            profile_row("LAC200001", ["black_african", "Muslim", "bsl; makaton", "yes",
                                      "going_missing;fire_setting", "no", "must", "c2",
                                      "2025-02-03", "SIAN@example.gov.uk"]),
            profile_row("LAC200002", NO_PROFILE),
        ],
    )  # fmt: skip
    imports.import_file("children", data, actor=None)
    first = db.session.scalar(select(Child).where(Child.reference == "LAC200001"))
    assert (first.ethnicity, first.religion, first.communication) == (
        "black_african",
        "muslim",
        ["bsl", "makaton"],
    )
    assert first.interpreter_needed and first.keep_school is False and first.pets == "must"
    assert first.risks == ["going_missing", "fire_setting"]
    assert first.social_worker_id == worker.id
    [period] = db.session.scalars(select(LegalStatusPeriod))
    assert (period.child_id, period.code, period.start_date) == (first.id, "C2", date(2025, 2, 3))
    second = db.session.scalar(select(Child).where(Child.reference == "LAC200002"))
    assert (second.ethnicity, second.keep_school, second.risks) == (None, None, [])


def test_children_import_refuses_bad_profile_values_and_past_dates_needed(app):
    yesterday = date.fromordinal(date.today().toordinal() - 1).isoformat()
    data = csv_bytes(
        PROFILE_HEADER,
        [
            profile_row(
                "LAC300001",
                ["martian", "", "", "", "flying", "", "", "C2", "", "nobody@example.org"],
                **{"Date needed": yesterday},
            ),
            profile_row("LAC300002", NO_PROFILE, **{"Date needed": date.today().isoformat()}),
            profile_row("LAC300003", NO_PROFILE, **{"Date needed": yesterday, "Status": "placed"}),
        ],
    )
    found = sentences("children", data)
    assert "Row 2, date needed: the date cannot be in the past for a child still waiting" in found
    assert any(s.startswith("Row 2, ethnicity: “martian” is not one of:") for s in found)
    assert any(s.startswith("Row 2, risks: “flying” is not one of:") for s in found)
    assert "Row 2, legal status from: enter a value" in found
    assert (
        "Row 2, social worker email: no active social worker has the email nobody@example.org"
        in found
    )
    assert not [s for s in found if s.startswith(("Row 3", "Row 4"))]
