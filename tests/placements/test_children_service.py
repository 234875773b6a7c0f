"""The children service: referrals, references, closing, siblings, safeguarding, access."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.models.child import SafeguardingExclusion, SiblingGroup
from fostering.models.matching_run import MatchingOutcome, MatchingRun
from fostering.placements.services import children as service
from fostering.services import postcodes
from tests.factories import create_child, create_user, load_postcodes


@pytest.fixture
def officer(app):
    load_postcodes()
    return create_user(role=Role.PLACEMENT_OFFICER)


def _referral(**changes) -> service.Referral:
    values = dict(
        given_name="Megan",
        family_name="Price",
        date_of_birth=date(2015, 3, 27),
        sex="F",
        setting="foster",
        placement_type="short_term",
        urgency="urgent",
        date_needed=date(2030, 12, 1),
        home=postcodes.lookup("CF10 1AA"),
        school=postcodes.lookup("CF14 2AA"),
        welsh_speaking=True,
        needs=["autism", "autism", "disability"],
    )
    values.update(changes)
    return service.Referral(**values)


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_referral_copies_the_grid_references_and_makes_a_reference(app, officer):
    child = service.refer(officer, _referral())
    assert child.reference.startswith("LAC") and child.reference[3:].isdigit()
    assert (child.home_easting, child.home_northing, child.home_local_authority) == (
        318_000,
        176_000,
        "W06000015",
    )
    assert (child.school_postcode, child.school_easting) == ("CF14 2AA", 316_000)
    assert child.needs == ["autism", "disability"]
    assert child.status == "awaiting"
    assert child.social_worker_id is None  # an officer's referral has no social worker
    assert child.created_by_id == officer.id
    [event] = _audit("child_referred")
    assert event.object_id == str(child.id) and event.detail is None


def test_a_social_workers_referral_is_theirs(app, officer):
    worker = create_user(role=Role.SOCIAL_WORKER)
    child = service.refer(worker, _referral(school=None))
    assert child.social_worker_id == worker.id
    assert child.school_postcode is None and child.school_easting is None


def test_a_given_reference_must_be_unique(app, officer):
    service.refer(officer, _referral(reference="abc-1"))
    with pytest.raises(service.ChildError) as caught:
        service.refer(officer, _referral(reference="ABC-1"))
    assert caught.value.field == "reference"
    assert str(caught.value.message) == "Another child already has that reference"


def test_update_keeps_its_own_reference_and_is_audited(app, officer):
    child = service.refer(officer, _referral(reference="REF1"))
    service.update(officer, child, _referral(reference="REF1", given_name="Meg", urgency="planned"))
    assert (child.given_name, child.urgency, child.reference) == ("Meg", "planned", "REF1")
    assert len(_audit("child_updated")) == 1


def test_close_needs_a_reason_and_can_reopen(app, officer):
    child = service.refer(officer, _referral())
    with pytest.raises(service.ChildError):
        service.close(officer, child, "because")
    service.close(officer, child, "returned_home")
    assert child.status == "closed"
    assert service.close_reason(child) == "The child returned home or to family"
    assert _audit("child_closed")[0].detail == "reason=returned_home"
    service.reopen(officer, child)
    assert child.status == "awaiting"


def test_a_placed_child_cannot_be_closed(app, officer):
    child = create_child(status="placed")
    with pytest.raises(service.ChildError):
        service.close(officer, child, "left_care")


def test_children_made_one_after_another_sort_in_that_order(app, monkeypatch):
    """Ordered searches break ties by family name; the factory's names must sort as the
    children were made, wherever the process's count has got to."""
    from tests import factories

    monkeypatch.setattr(factories, "_sequence", itertools.count(99))
    first, second = create_child(), create_child()
    assert first.family_name < second.family_name


def test_search_filters_and_orders_by_urgency(app, officer):
    planned = create_child(given_name="Aled", urgency="planned")
    immediate = create_child(given_name="Bethan", urgency="immediate", welsh_speaking=True)
    create_child(given_name="Carys", status="placed")
    create_child(given_name="Dylan", setting="residential", urgency="urgent")

    def names(**filters):
        stmt = service.search(officer, service.ChildFilters(**filters))
        return [c.given_name for c in db.session.scalars(stmt)]

    assert names() == ["Bethan", "Dylan", "Aled"]
    assert names(status="") == ["Bethan", "Dylan", "Aled", "Carys"]
    assert names(status="placed") == ["Carys"]
    assert names(setting="residential") == ["Dylan"]
    assert names(welsh="yes") == ["Bethan"]
    assert names(welsh="no") == ["Dylan", "Aled"]
    assert names(urgency="planned") == ["Aled"]
    assert names(text="beth") == ["Bethan"]
    assert names(text=immediate.reference.lower()) == ["Bethan"]
    assert names(text=f"aled {planned.family_name}") == ["Aled"]


def test_social_workers_see_only_their_children(app, officer):
    worker, other_worker = create_user(), create_user()
    mine = service.refer(worker, _referral(given_name="Mine"))
    theirs = service.refer(other_worker, _referral(given_name="Theirs"))
    stmt = service.search(worker, service.ChildFilters())
    assert [c.id for c in db.session.scalars(stmt)] == [mine.id]
    assert service.child_for(worker, mine.id) is mine
    assert service.child_for(worker, theirs.id) is None
    assert service.child_for(officer, theirs.id) is theirs
    assert service.find_by_reference(worker, theirs.reference) is None


def test_siblings_make_join_and_leave_a_group(app, officer):
    a, b, c = create_child(), create_child(), create_child()
    group = service.link_sibling(officer, a, b.id, may_split=True)
    assert a.sibling_group_id == b.sibling_group_id == group.id and group.may_split
    service.link_sibling(officer, c, a.id)  # c joins a's group
    assert c.sibling_group_id == group.id
    assert [s.id for s in service.siblings(a)] == sorted([b.id, c.id], key=lambda i: i)
    service.set_may_split(officer, group, False)
    assert group.may_split is False
    service.leave_group(officer, c)
    assert c.sibling_group_id is None
    service.leave_group(officer, a)  # leaves b alone: the group goes
    db.session.expire_all()
    assert b.sibling_group_id is None
    assert db.session.get(SiblingGroup, group.id) is None
    assert len(_audit("sibling_group_changed")) >= 6


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("self", "Choose another child, not this child"),
        ("missing", "No child you can see was chosen. Search for them again"),
        ("same", "These children are already in the same sibling group"),
        ("other_group", "The other child is in another sibling group. Remove them from it first"),
        ("empty", "Choose the other child from the search results"),
    ],
)
def test_sibling_link_refusals(app, officer, case, message):
    a, b, c, d = (create_child() for _ in range(4))
    service.link_sibling(officer, a, b.id)
    service.link_sibling(officer, c, d.id)
    reference = {
        "self": a.id,
        "missing": 99_999_999,
        "same": b.id,
        "other_group": c.id,
        "empty": None,
    }[case]
    with pytest.raises(service.ChildError) as caught:
        service.link_sibling(officer, a, reference)
    assert str(caught.value.message) == message


def test_safeguarding_applies_both_ways_once(app, officer):
    child, resident = create_child(), create_child(status="placed")
    service.add_exclusion(officer, child, resident.id)
    assert [e.other.id for e in service.exclusions(child)] == [resident.id]
    assert [e.other.id for e in service.exclusions(resident)] == [child.id]
    for first, second in ((child, resident), (resident, child)):
        with pytest.raises(service.ChildError) as caught:
            service.add_exclusion(officer, first, second.id)
        assert str(caught.value.message) == "These children are already kept apart"
    with pytest.raises(service.ChildError):
        service.add_exclusion(officer, child, child.id)
    with pytest.raises(service.ChildError):
        service.add_exclusion(officer, child, 99_999_999)
    assert {e.object_id for e in _audit("safeguarding_added")} == {str(child.id), str(resident.id)}
    [exclusion] = service.exclusions(resident)
    unrelated = create_child()
    assert not service.remove_exclusion(officer, unrelated, exclusion.id)
    assert service.remove_exclusion(officer, resident, exclusion.id)
    assert db.session.scalar(select(SafeguardingExclusion)) is None
    assert len(_audit("safeguarding_removed")) == 2


def test_matching_history_newest_first(app, officer):
    child = create_child()
    runs = []
    for _ in range(2):
        run = MatchingRun(status="completed")
        db.session.add(run)
        db.session.flush()
        db.session.add(
            MatchingOutcome(
                run_id=run.id,
                child_id=child.id,
                age=10,
                setting="foster",
                placement_type="short_term",
                needs=[],
                reasons=["No carer is approved for this age"],
            )
        )
        runs.append(run)
    db.session.commit()
    assert [o.run_id for o in service.matching_history(child)] == [runs[1].id, runs[0].id]


def test_a_group_kept_together_cannot_also_keep_two_members_apart(app, officer):
    ana = create_child(given_name="Ana", family_name="Rees")
    bea = create_child(given_name="Bea", family_name="Rees")
    cai = create_child(given_name="Cai", family_name="Rees")
    service.link_sibling(officer, ana, bea.id)  # a new group must stay together
    with pytest.raises(service.ChildError) as caught:
        service.add_exclusion(officer, bea, ana.id)
    assert caught.value.field == "child"
    assert str(caught.value.message).startswith(
        "Bea Rees and Ana Rees cannot be in a sibling group that must stay together"
    )
    assert db.session.scalar(select(func.count(SafeguardingExclusion.id))) == 0
    # Kept apart first: joining a group that must stay together is refused, naming both.
    service.add_exclusion(officer, cai, ana.id)
    with pytest.raises(service.ChildError) as caught:
        service.link_sibling(officer, cai, bea.id)
    assert "Cai Rees and Ana Rees" in str(caught.value.message)
    assert cai.sibling_group_id is None


def test_a_group_that_may_split_may_keep_members_apart_until_told_to_stay(app, officer):
    ana, bea = create_child(given_name="Ana"), create_child(given_name="Bea")
    group = service.link_sibling(officer, ana, bea.id, may_split=True)
    service.add_exclusion(officer, ana, bea.id)
    with pytest.raises(service.ChildError) as caught:
        service.set_may_split(officer, group, False)
    assert caught.value.code == "split_with_apart" and caught.value.field == "may_split"
    assert group.may_split is True
    # Several at once: all or nothing.
    cai, dai = create_child(given_name="Cai"), create_child(given_name="Dai")
    service.link_sibling(officer, cai, dai.id)
    with pytest.raises(service.ChildError):
        service.add_exclusions(officer, cai, [ana.id, dai.id])
    assert service.exclusions(cai) == []


def test_the_name_search_finds_other_visible_children(app, officer):
    ana = create_child(given_name="Ana", family_name="Rees")
    bea = create_child(given_name="Bea", family_name="Rees")
    assert [c.id for c in service.find_others(officer, ana, "rees")] == [bea.id]
    assert [c.id for c in service.find_others(officer, ana, bea.reference.lower())] == [bea.id]
    assert service.find_others(officer, ana, "  ") == []
    worker = create_user(role=Role.SOCIAL_WORKER)
    assert service.find_others(worker, ana, "rees") == []
