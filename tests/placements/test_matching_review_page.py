"""The review page of a finished run: a summary of the decisions, filters kept in the URL
and audited, decisions that return to the same filter, Welsh, and each proposal naming
its provider's real kind."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import MatchingOutcome, Placement
from fostering.models.audit import AuditEvent
from fostering.placements.services import matching_review
from tests.conftest import csrf_token_from, page_text
from tests.factories import create_child
from tests.pages import parsed
from tests.placements.matching_data import (
    add_outcome,
    completed_run,
    located_carer,
    reviewable_run,
)
from tests.placements.test_matching_pages import _officer


def _cards(response) -> list[str]:
    soup = parsed(response.get_data(as_text=True))
    return [
        card.h3.get_text(" ", strip=True).split(" (")[0]
        for card in soup.select(".govuk-summary-card")
    ]


def _summary(response) -> dict[str, str]:
    soup = parsed(response.get_data(as_text=True))
    rows = soup.select("#run-summary .govuk-summary-list__row")
    return {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in rows}


def test_the_review_opens_with_a_summary_of_decisions(app, client):
    officer = _officer(client)
    run, _pending, _private = reviewable_run(officer)
    summary = _summary(client.get(f"/placements/runs/{run.id}"))
    assert summary["Children in this run"] == "5"
    assert summary["Proposals waiting for a decision"] == "2"
    assert summary["Proposals accepted"] == "1"
    assert summary["Proposals rejected"] == "1"
    assert summary["Children not placed"] == "1"
    assert summary["Placed in-house"] == "2 of 4 placed"
    assert summary["Weekly cost"].startswith("£3,000.00")
    assert "£500.00" in summary["Weekly cost"]  # the saving against the baseline


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["Alys Test", "Bryn Test", "Cai Test", "Dewi Test"]),
        ("?decision=pending", ["Alys Test", "Dewi Test"]),
        ("?decision=accepted", ["Bryn Test"]),
        ("?decision=rejected", ["Cai Test"]),
        ("?provider=in_house", ["Alys Test", "Bryn Test"]),
        ("?provider=agency", ["Cai Test", "Dewi Test"]),
        ("?decision=pending&provider=agency", ["Dewi Test"]),
        ("?decision=nonsense&provider=", ["Alys Test", "Bryn Test", "Cai Test", "Dewi Test"]),
    ],
)
def test_the_review_filters_proposals_in_the_url(app, client, query, shown):
    run, _pending, _private = reviewable_run(_officer(client))
    response = client.get(f"/placements/runs/{run.id}{query}")
    assert response.status_code == 200
    assert sorted(_cards(response)) == shown
    text = page_text(response)
    assert f"Proposals shown: {len(shown)} of 4." in text
    assert "Elin Test" in text  # children not placed are always listed


def test_the_summary_counts_link_to_their_filter(app, client):
    run, _pending, _private = reviewable_run(_officer(client))
    soup = parsed(client.get(f"/placements/runs/{run.id}").get_data(as_text=True))
    links = [a["href"] for a in soup.select("#run-summary a")]
    assert links == [
        f"/placements/runs/{run.id}?decision=pending#proposals",
        f"/placements/runs/{run.id}?decision=accepted#proposals",
        f"/placements/runs/{run.id}?decision=rejected#proposals",
        "#unplaced",
    ]


def test_a_filtered_review_audits_the_children_it_shows(app, client):
    officer = _officer(client)
    run, pending, _private = reviewable_run(officer)
    client.get(f"/placements/runs/{run.id}?decision=pending&provider=in_house")
    viewed = db.session.scalars(
        select(AuditEvent.object_id).where(AuditEvent.action == "matching_outcome_viewed",
                                           AuditEvent.user_id == officer.id)
    ).all()  # fmt: skip
    unplaced = next(o for o in run.outcomes if not o.placed)
    assert sorted(viewed) == sorted([str(pending.child_id), str(unplaced.child_id)])


def test_a_filter_matching_nothing_says_so(app, client):
    officer = _officer(client)
    run = completed_run(officer)
    add_outcome(run, create_child(), located_carer(grid=(1, 1)))
    response = client.get(f"/placements/runs/{run.id}?decision=rejected")
    assert "No proposals match these filters" in page_text(response)
    assert _cards(response) == []


def test_a_decision_returns_to_the_same_filter(app, client):
    run, pending, private = reviewable_run(_officer(client))
    url = f"/placements/runs/{run.id}?decision=pending&provider=in_house"
    html = client.get(url).get_data(as_text=True)
    soup = parsed(html)
    action = soup.select_one(f"#outcome-{pending.id} form")["action"]
    assert "decision=pending" in action and "provider=in_house" in action
    response = client.post(action, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert re.search(rf"/placements/runs/{run.id}\?", location)
    assert "decision=pending" in location and "provider=in_house" in location
    assert location.endswith(f"#outcome-{pending.id}")
    db.session.expire_all()
    assert db.session.get(MatchingOutcome, pending.id).decision == "accepted"
    assert db.session.query(Placement).count() == 1
    # Without a CSRF token nothing is decided.
    other = client.post(f"/placements/runs/{run.id}/outcomes/{private.id}/reject?decision=pending")
    assert other.status_code in (200, 302, 400)
    db.session.expire_all()
    assert db.session.get(MatchingOutcome, private.id).decision is None


def test_the_review_is_in_welsh_too(app, client):
    run, _pending, _private = reviewable_run(_officer(client))
    client.get("/locale/cy")
    response = client.get(f"/placements/runs/{run.id}?decision=pending")
    html = response.get_data(as_text=True)
    assert 'lang="cy"' in html
    assert "Proposals waiting for a decision" not in html
    assert "Private children's home" not in html
    assert "None of the providers left" not in html


def test_proposals_and_placements_name_the_providers_real_kind(app, client):
    officer = _officer(client)
    run, _pending, private = reviewable_run(officer)
    text = page_text(client.get(f"/placements/runs/{run.id}"))
    for kind in ("In-house foster carer", "Council children's home",
                 "Independent fostering agency", "Private children's home"):  # fmt: skip
        assert kind in text
    assert "A private children's home 2.5 km from the child's home." in text
    assert " Agency " not in f" {text} " and "household does not" not in text
    matching_review.accept(private, actor=officer)
    response = client.get(f"/placements/children/{private.child_id}")
    placements = parsed(response.get_data(as_text=True)).select(
        "#placements ~ .app-table-scroll table tbody tr"
    )
    assert "Private children's home" in placements[0].get_text(" ")


def test_each_proposal_shows_the_whole_child(app, client):
    from datetime import date

    from fostering.models import ContactArrangement, LegalStatusPeriod

    officer = _officer(client)
    run, _pending, _private = reviewable_run(officer)
    outcomes = db.session.scalars(
        select(MatchingOutcome).where(MatchingOutcome.run_id == run.id).order_by(MatchingOutcome.id)
    )
    outcome = next(o for o in outcomes if o.placed)
    child = outcome.child
    child.religion, child.pets, child.risks = "sikh", "no", ["going_missing"]
    db.session.add(LegalStatusPeriod(child_id=child.id, code="C2", start_date=date(2025, 1, 6)))
    db.session.add(
        ContactArrangement(child_id=child.id, who="Nain", place="Bangor", frequency="monthly")
    )
    db.session.commit()
    soup = parsed(client.get(f"/placements/runs/{run.id}").get_data(as_text=True))
    card = soup.select_one(f"#outcome-{outcome.id} .govuk-details")
    text = card.get_text(" ", strip=True)
    assert "Care order (Children Act 1989 s.31)" in text
    assert "Nain, Bangor, Every month" in text
    assert "Sikh" in text and "No, the child cannot live with pets" in text
    assert "Going missing" in text
