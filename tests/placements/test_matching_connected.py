"""A connected carer (a relative or friend approved for one child) is offered by matching
only to that child and the child's brothers and sisters: the instance leaves the carer
out when none of them is in the run, and forbids it every other child of the run."""

from __future__ import annotations

from datetime import date

import matching
from fostering.admin.services.matching_settings import get_settings, policy_from
from fostering.extensions import db
from fostering.models import SiblingGroup
from fostering.models.connected import ConnectedCase, ConnectedStage
from fostering.placements.services.matching_instance import build_instance
from tests.factories import create_child, create_user
from tests.placements.matching_data import located_carer

RUN_DATE = date(2026, 11, 24)


def _build(**kwargs):
    kwargs.setdefault("child_ids", None)
    return build_instance(policy=policy_from(get_settings()), run_date=RUN_DATE, **kwargs)


def connect(carer, child) -> ConnectedCase:
    case = ConnectedCase(
        reference=f"CP-T{carer.id}",
        child_id=child.id,
        social_worker_id=create_user().id,
        stage=ConnectedStage.APPROVED.value,
        names=carer.household_name,
        relation="Aunt",
        address="1 High Street",
        postcode="CF10 1AA",
        started_on=date(2026, 1, 5),
        viability_due=date(2026, 1, 19),
        carer_id=carer.id,
    )
    db.session.add(case)
    db.session.commit()
    return case


def test_a_connected_carer_is_forbidden_every_other_child(app, db_session):
    group = SiblingGroup(reference="SG-K", may_split=True)
    db.session.add(group)
    db.session.commit()
    named = create_child(given_name="Megan", sibling_group=group)
    sister = create_child(given_name="Nia", sibling_group=group)
    other = create_child(given_name="Osian")
    kinship = located_carer(grid=(318_300, 176_500), places=3, household_name="The Jones family")
    ordinary = located_carer(grid=(318_400, 176_600), places=3)
    connect(kinship, named)

    data = _build().instance
    assert {c["id"] for c in data["carers"]} == {f"H{kinship.id}", f"H{ordinary.id}"}
    assert data["forbidden"] == [{"child": f"C{other.id}", "provider": f"H{kinship.id}"}]
    assert matching.load_instance(data)  # the library accepts it
    result = matching.solve(data, time_limit=10)
    placed = {a.child: a.provider for a in result.assignments}
    assert placed[f"C{other.id}"] != f"H{kinship.id}"
    assert placed[f"C{named.id}"] == f"H{kinship.id}"  # the nearest in-house carer
    assert placed[f"C{sister.id}"] == f"H{kinship.id}"


def test_a_connected_carer_is_left_out_without_its_child(app, db_session):
    named = create_child(given_name="Megan", status="placed")
    other = create_child(given_name="Osian")
    kinship = located_carer(grid=(318_300, 176_500), places=2)
    connect(kinship, named)

    data = _build().instance
    assert [c["id"] for c in data["carers"]] == []
    assert data["forbidden"] == []
    assert [c["id"] for c in data["children"]] == [f"C{other.id}"]
    # A run of named children only: the same.
    data = _build(child_ids=[other.id]).instance
    assert data["carers"] == []


def test_a_fixed_pair_is_never_also_forbidden(app, db_session):
    named = create_child(given_name="Megan")
    other = create_child(given_name="Osian")
    kinship = located_carer(grid=(318_300, 176_500), places=2)
    connect(kinship, named)
    built = _build(fixed=[(other.id, f"H{kinship.id}")])
    assert built.instance["fixed"] == [{"child": f"C{other.id}", "provider": f"H{kinship.id}"}]
    assert built.instance["forbidden"] == []
    assert matching.load_instance(built.instance)
