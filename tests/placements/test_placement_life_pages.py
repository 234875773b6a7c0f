"""The pages of a placement's life: agreement, start, cancel, the child's history, and
the stability dashboard with its downloads."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from fostering.extensions import db
from fostering.models import AuditEvent, FosterCarer, Placement, Role
from fostering.placements.services import placements
from fostering.recruitment.services.casework import office_today
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_child, create_user, load_postcodes
from tests.placements.matching_data import located_carer


@pytest.fixture
def officer(client):
    user = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, user)
    return user


def _planned(officer):
    carer = located_carer(grid=(318_000, 176_000), places=1)
    child = create_child(given_name="Alys")
    placement = placements.plan_placement(
        child=child, provider=carer, start_date=office_today(), weekly_cost_pence=30_000,
        actor=officer,
    )  # fmt: skip
    db.session.commit()
    return placement


def _day(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def _agree(client, placement, **changes):
    today = office_today()
    data = {
        "start_date": _day(today),
        "agreed_on": _day(today),
        "agreed_with": "Ceri Jones, carer",
        "information_shared": "Care plan and health assessment",
        "information_shared_on": _day(today),
        **changes,
    }
    return form_post(client, f"/placements/placements/{placement.id}/agreement", data)


def test_agreement_then_start_with_a_new_school(client, officer):
    load_postcodes()
    placement = _planned(officer)
    history = f"/placements/children/{placement.child_id}/history"
    assert "Not recorded yet" in page_text(client.get(history))
    refused = _agree(client, placement, agreed_with="  ", start_date=["1", "1", "2020"])
    assert refused.status_code == 200
    text = page_text(refused)
    assert "Enter who agreed the placement for the carer or provider" in text
    assert 'value="  "' in refused.get_data(as_text=True) or "Ceri" not in text
    assert _agree(client, placement).status_code == 302
    text = page_text(client.get(history))
    assert "Agreed with Ceri Jones, carer" in text and "Start the placement" in text

    start = f"/placements/placements/{placement.id}/start"
    refused = form_post(client, start, {"start_date": _day(office_today()), "school_change": "yes"})
    assert "Enter the new school's postcode" in page_text(refused)
    response = form_post(
        client,
        start,
        {
            "start_date": _day(office_today()),
            "school_change": "yes",
            "new_school_postcode": "sa1 1xy",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Placement, placement.id)
    assert (stored.stage, stored.school_changed, stored.school_postcode) == (
        "started",
        True,
        "SA1 1XY",
    )
    assert stored.rates[0].weekly_cost_pence == 30_000
    text = page_text(client.get(history))
    assert "New school" in text and "SA1 1XY" in text
    assert client.get(start).status_code == 404  # no longer planned


def test_a_start_in_the_future_is_refused_and_changes_nothing(client, officer):
    placement = _planned(officer)
    assert _agree(client, placement).status_code == 302
    tomorrow = office_today() + timedelta(days=1)
    refused = form_post(
        client,
        f"/placements/placements/{placement.id}/start",
        {"start_date": _day(tomorrow), "school_change": "no"},
    )
    assert refused.status_code == 200
    assert "The start date must be today or earlier" in page_text(refused)
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).stage == "planned"


def test_cancelling_from_the_page_frees_the_place(client, officer):
    placement = _planned(officer)
    url = f"/placements/placements/{placement.id}/cancel"
    refused = form_post(client, url, {"reason": ""})
    assert "Enter why the planned placement is cancelled" in page_text(refused)
    assert form_post(client, url, {"reason": "The carer is unwell"}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Placement, placement.id)
    assert (stored.stage, stored.child.status) == ("cancelled", "awaiting")
    assert db.session.get(FosterCarer, stored.carer_id).occupied == 0
    assert "The carer is unwell" in page_text(
        client.get(f"/placements/children/{stored.child_id}/history")
    )


def test_the_history_page_is_audited_and_flags_a_second_move(client, officer):
    carer = located_carer(grid=(318_000, 176_000), places=3)
    child = create_child(status="placed")
    today = office_today()
    for start, end in ((today - timedelta(days=200), today - timedelta(days=100)),
                       (today - timedelta(days=99), None)):  # fmt: skip
        db.session.add(
            Placement(child_id=child.id, carer_id=carer.id, provider_type="in_house_foster",
                      start_date=start, end_date=end, end_planned=False if end else None,
                      end_reason="disruption" if end else None)
        )  # fmt: skip
    db.session.commit()
    text = page_text(client.get(f"/placements/children/{child.id}/history"))
    assert "Another move would be their third" in text
    assert "The placement broke down" in text
    assert "Another move would be their third" in page_text(
        client.get(f"/placements/children/{child.id}")
    )
    actions = [e.action for e in db.session.query(AuditEvent)]
    assert "child_history_viewed" in actions


def test_a_social_worker_sees_only_their_own_childrens_history(client):
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    other = create_child()
    assert client.get(f"/placements/children/{other.id}/history").status_code == 404


def test_the_stability_dashboard_and_its_downloads(client, officer):
    carer = located_carer(grid=(318_000, 176_000), places=5)
    child = create_child(status="placed", given_name="=HYPERLINK")
    today = office_today()
    for start, end in ((today - timedelta(days=400), today - timedelta(days=200)),
                       (today - timedelta(days=199), today - timedelta(days=100)),
                       (today - timedelta(days=99), None)):  # fmt: skip
        db.session.add(
            Placement(child_id=child.id, carer_id=carer.id, provider_type="in_house_foster",
                      start_date=start, end_date=end, end_planned=False if end else None,
                      distance_km=4.4)
        )  # fmt: skip
    db.session.commit()
    response = client.get("/placements/stability")
    assert response.status_code == 200
    text = page_text(response)
    assert "How these figures are worked out" in text and "PM33" in text
    assert child.reference in text
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/placements/stability/figures.csv")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    pm33 = next(row for row in rows if "PM33" in row[0])
    assert pm33[1:] == ["1", "1", "100"]
    children = client.get("/placements/stability/children.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in children  # formula-safe
    xlsx = client.get("/placements/stability/figures.xlsx")
    assert xlsx.data[:2] == b"PK"
    agency_only = page_text(client.get("/placements/stability?provider=agency"))
    assert child.reference not in agency_only
    assert client.get("/placements/stability?on=march").status_code == 200


def test_commissioners_see_the_figures_but_no_children(client):
    commissioner = create_user(role=Role.COMMISSIONER)
    sign_in(client, commissioner)
    response = client.get("/placements/stability")
    assert response.status_code == 200
    assert "Children on their second move" not in page_text(response)
    assert client.get("/placements/stability/children.csv").status_code == 404


def test_the_stability_page_is_in_welsh(client, officer):
    client.get("/locale/cy")
    response = client.get("/placements/stability")
    assert "Sefydlogrwydd" in page_text(response)


def test_the_review_flags_a_second_move_and_shows_schools_kept(client, officer):
    from fostering.models import MatchingOutcome, MatchingRun
    from fostering.models.matching_run import RunStatus

    carer = located_carer(grid=(318_000, 176_000), places=3)
    child = create_child(given_name="Dewi")
    today = office_today()
    for start, end in ((today - timedelta(days=200), today - timedelta(days=100)),
                       (today - timedelta(days=99), today - timedelta(days=5))):  # fmt: skip
        db.session.add(
            Placement(child_id=child.id, carer_id=carer.id, provider_type="in_house_foster",
                      start_date=start, end_date=end)
        )  # fmt: skip
    run = MatchingRun(status=RunStatus.COMPLETED.value, placed=1, in_house=1)
    db.session.add(run)
    db.session.flush()
    db.session.add(
        MatchingOutcome(
            run_id=run.id, child_id=child.id, age=9, setting="foster",
            placement_type="short_term", needs=[], carer_id=carer.id, in_house=True,
            weekly_cost_pence=30_000, km=1.0, school_km=2.0, school_move=False,
            baseline_school_move=True,
        )
    )  # fmt: skip
    db.session.commit()
    response = client.get(f"/placements/runs/{run.id}")
    text = page_text(response)
    assert "Another move would be their third" in text
    assert "Children who keep their school 1 of 1 0 of 1" in text


def test_the_children_on_a_second_move_are_listed_a_page_at_a_time(client, officer, monkeypatch):
    from fostering.placements import life_views

    monkeypatch.setattr(life_views, "CHILDREN_PER_PAGE", 1)
    carer = located_carer(grid=(318_000, 176_000), places=5)
    today = office_today()
    children = [create_child(status="placed") for _ in range(2)]
    for child in children:
        for start, end in ((today - timedelta(days=199), today - timedelta(days=100)),
                           (today - timedelta(days=99), None)):  # fmt: skip
            db.session.add(
                Placement(child_id=child.id, carer_id=carer.id, provider_type="in_house_foster",
                          start_date=start, end_date=end, end_planned=True if end else None)
            )  # fmt: skip
    db.session.commit()
    references = {child.reference for child in children}

    first = page_text(client.get("/placements/stability"))
    second = page_text(client.get("/placements/stability?page=2"))
    beyond = page_text(client.get("/placements/stability?page=99"))

    assert "Showing 1 to 1 of 2" in first and "Showing 2 to 2 of 2" in second
    shown = {ref for ref in references if ref in first} | {
        ref for ref in references if ref in second
    }
    assert shown == references
    assert not {ref for ref in references if ref in first} & {
        ref for ref in references if ref in second
    }
    assert "Showing 2 to 2 of 2" in beyond  # past the end: the last page
    download = client.get("/placements/stability/children.csv").get_data(as_text=True)
    assert all(ref in download for ref in references)  # the download holds them all
