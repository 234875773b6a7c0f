"""Building the matching instance from the database (the spec's JSON)."""

from __future__ import annotations

from datetime import date

import matching
from fostering.admin.services.matching_settings import get_settings, policy_from
from fostering.extensions import db
from fostering.models import SafeguardingExclusion, SiblingGroup
from fostering.placements.services.matching_instance import build_instance
from tests.factories import create_agency, create_child, create_home, create_placement
from tests.placements.matching_data import located_carer

RUN_DATE = date(2026, 11, 24)


def _build(**kwargs):
    kwargs.setdefault("child_ids", None)
    return build_instance(policy=policy_from(get_settings()), run_date=RUN_DATE, **kwargs)


def test_the_instance_holds_children_providers_and_their_terms(app, db_session):
    group = SiblingGroup(reference="SG1", may_split=True)
    db.session.add(group)
    db.session.commit()
    child = create_child(date_of_birth=date(2016, 11, 25), needs=["autism"], sibling_group=group,
                         school_grid=(318_000, 177_000), welsh_speaking=True)  # fmt: skip
    create_child(status="placed")
    unlocated = create_child(home_grid=None)
    carer = located_carer(grid=(319_000, 177_000), places=3)
    resident = create_child(status="placed")
    create_placement(child=resident, provider=carer)
    home = create_home(beds=4, occupied=0)
    create_placement(provider=home)
    create_agency(kind="other")
    agency = create_agency(kind="private_home", places=None, weekly_cost_pence=412_345)
    closed = located_carer(grid=(1, 1))
    closed.status = "resigned"
    db.session.commit()

    built = _build()
    data = built.instance
    assert built.unlocated == [unlocated.id]
    assert [c["id"] for c in data["children"]] == [f"C{child.id}"]
    (row,) = data["children"]
    assert row["age"] == 9  # the tenth birthday is the day after the run
    assert (row["needs"], row["sibling_group"], row["siblings_may_split"]) == (
        ["autism"], f"G{group.id}", True,
    )  # fmt: skip
    assert (row["school_easting"], row["welsh_speaking"]) == (318_000, True)
    (carer_row,) = data["carers"]
    assert carer_row["id"] == f"H{carer.id}"
    assert (carer_row["places"], carer_row["weekly_cost"]) == (2, 325)
    assert carer_row["residents"] == [f"C{resident.id}"]
    (home_row,) = data["homes"]
    assert (home_row["beds"], home_row["occupied"], len(home_row["residents"])) == (4, 1, 1)
    (agency_row,) = data["agencies"]
    assert agency_row == {**agency_row, "id": f"A{agency.id}", "setting": "residential",
                          "places": None, "weekly_cost": 4123.45}  # fmt: skip
    assert matching.load_instance(data)  # the library accepts it


def test_safeguarding_applies_both_ways_and_names_only_known_ids(app, db_session):
    a, b = create_child(), create_child()
    outsider = create_child(status="closed")
    for one, other in ((a, b), (outsider, a)):
        db.session.add(SafeguardingExclusion(child_id=one.id, other_child_id=other.id))
    db.session.commit()
    children = {c["id"]: c for c in _build().instance["children"]}
    assert children[f"C{a.id}"]["avoid"] == [f"C{b.id}"]  # the closed child is not in it
    assert children[f"C{b.id}"]["avoid"] == [f"C{a.id}"]


def test_a_run_child_already_placed_gives_its_place_back(app, db_session):
    carer = located_carer(grid=(319_000, 177_000), places=1)
    child = create_child(status="placed")
    create_placement(child=child, provider=carer)
    built = _build(child_ids=[child.id], fixed=[(child.id, f"H{carer.id}")],
                   forbidden=[(child.id, "H999999")])  # fmt: skip
    (carer_row,) = built.instance["carers"]
    assert (carer_row["places"], carer_row["residents"]) == (1, [])
    assert built.instance["fixed"] == [{"child": f"C{child.id}", "provider": f"H{carer.id}"}]
    assert built.instance["forbidden"] == [] and built.dropped_pairs == 1
    result = matching.solve(built.instance, time_limit=10)
    assert [(a.child, a.provider) for a in result.assignments] == [(f"C{child.id}", f"H{carer.id}")]


def test_a_school_the_child_may_leave_puts_no_school_term_in_the_instance(app, db_session):
    keeps = create_child(school_grid=(318_000, 177_000))
    unsaid = create_child(school_grid=(318_000, 177_000))
    leaves = create_child(school_grid=(318_000, 177_000))
    keeps.keep_school, leaves.keep_school = True, False
    db.session.commit()
    children = {c["id"]: c for c in _build().instance["children"]}
    assert children[f"C{keeps.id}"]["school_easting"] == 318_000
    assert children[f"C{unsaid.id}"]["school_easting"] == 318_000
    assert "school_easting" not in children[f"C{leaves.id}"]
    assert "school_northing" not in children[f"C{leaves.id}"]
