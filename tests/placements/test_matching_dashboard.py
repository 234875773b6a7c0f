"""The placements dashboard: children waiting by urgency, vacancies, latest runs."""

from __future__ import annotations

from fostering.extensions import db
from fostering.models import MatchingRun, Role
from tests.conftest import page_text, sign_in
from tests.factories import create_child, create_home, create_user
from tests.placements.matching_data import located_carer


def test_the_dashboard_counts_children_and_vacancies(app, client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    for urgency in ("immediate", "urgent", "urgent", "planned"):
        create_child(urgency=urgency)
    create_child(status="placed")
    located_carer(grid=(1, 1), places=3)
    closed = located_carer(grid=(1, 1), places=2)
    closed.status = "resigned"
    create_home(beds=4, occupied=1)
    db.session.add(MatchingRun(status="completed", placed=3, in_house=2))
    db.session.commit()
    text = page_text(client.get("/placements/"))
    assert "Children waiting for a placement 4" in text
    assert "Immediate (today) 1 Urgent (within 7 days) 2 Planned 1" in text
    assert "Free places with in-house foster carers 3" in text
    assert "Free beds in council children's homes 3" in text
    assert "Children placed: 3" in text
    assert "Start a matching run" in text


def test_an_empty_dashboard_says_so(app, client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    text = page_text(client.get("/placements/"))
    assert "There are no matching runs yet" in text
    assert "Children waiting for a placement 0" in text
