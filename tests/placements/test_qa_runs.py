"""The matching-run pages after QA: a running run's page has a way back to the runs list."""

from __future__ import annotations

from bs4 import BeautifulSoup

from fostering.extensions import db
from fostering.models import Role
from fostering.models.matching_run import MatchingRun, RunStatus
from fostering.models.types import utcnow
from tests.conftest import sign_in
from tests.factories import create_user


def test_a_running_runs_page_links_back_to_every_run(app, client):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    run = MatchingRun(status=RunStatus.RUNNING.value, created_by_id=officer.id,
                      heartbeat_at=utcnow(), started_at=utcnow(), children_count=9)  # fmt: skip
    db.session.add(run)
    db.session.commit()
    for locale, text in (("en", "All matching runs"), ("cy", "Pob rhediad paru")):
        client.get(f"/locale/{locale}")
        html = client.get(f"/placements/runs/{run.id}").get_data(as_text=True)
        back = BeautifulSoup(html, "html.parser").select_one("a.govuk-back-link")
        assert back is not None and back["href"] == "/placements/runs"
        assert back.get_text(strip=True) == text
