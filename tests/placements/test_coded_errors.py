"""Placement services refuse with a code and a field; pages put the sentence at the field
the error names, in the page's language, and a refused step writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from fostering.extensions import db
from fostering.models import AuditEvent, MatchingOutcome, MatchingRun, Role
from fostering.models.matching_run import RunStatus
from fostering.placements.services import matching_review
from fostering.placements.services import providers as register
from fostering.placements.services.errors import PlacementCode
from fostering.placements.services.matching_review import ReviewError
from fostering.placements.services.placements import PlacementError
from fostering.placements.services.providers import ProviderError
from tests.conftest import form_post, sign_in
from tests.factories import create_agency, create_child, create_home, create_placement, create_user


def _field_error(response, field: str) -> str | None:
    """The error message GOV.UK Frontend shows under ``field``, without its "Error:"."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    message = soup.find(id=f"{field}-error")
    if message is None:
        return None
    for hidden in message.select(".govuk-visually-hidden"):
        hidden.extract()
    return message.get_text(" ", strip=True)


@pytest.fixture
def placement(app):
    return create_placement(
        provider=create_agency(), start_date=date(2026, 1, 5), weekly_cost_pence=95_000
    )


def test_the_register_words_a_clashing_date_for_its_form(app, placement):
    register.change_rate(
        placement, effective_from=date(2026, 4, 1), weekly_cost_pence=1, actor=None
    )
    with pytest.raises(PlacementError) as low:
        from fostering.placements.services import placements

        placements.change_rate(
            placement, effective_from=date(2026, 4, 1), weekly_cost_pence=2, actor=None
        )
    assert (low.value.code, low.value.field) == (PlacementCode.RATE_DATE_TAKEN, "effective_from")
    with pytest.raises(ProviderError) as refused:
        register.change_rate(
            placement, effective_from=date(2026, 4, 1), weekly_cost_pence=2, actor=None
        )
    assert (refused.value.code, refused.value.field) == (
        PlacementCode.COST_DATE_TAKEN,
        "effective_from",
    )
    with pytest.raises(ProviderError) as negative:
        register.change_rate(
            placement, effective_from=date(2026, 5, 1), weekly_cost_pence=-1, actor=None
        )
    assert (negative.value.code, negative.value.field) == (
        PlacementCode.WEEKLY_COST,
        "weekly_cost",
    )


def test_the_page_shows_the_sentence_at_the_field_the_error_names(
    app, client, placement, monkeypatch
):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))

    def refuse(*args, **kwargs):
        # A cost sentence, on purpose about the date field: placed by field, not by text.
        raise ProviderError(PlacementCode.WEEKLY_COST, field="effective_from")

    monkeypatch.setattr(register, "change_rate", refuse)
    url = f"/placements/providers/placements/{placement.id}/cost"
    response = form_post(
        client, url, {"effective_from": ["1", "4", "2026"], "weekly_cost": "1000.01"}
    )
    assert response.status_code == 200
    assert _field_error(response, "effective_from") == (
        "Enter the weekly cost in pounds, like 3800 or 3800.50"
    )
    assert _field_error(response, "weekly_cost") is None


def test_a_welsh_page_shows_the_welsh_sentence_at_the_field(app, client, placement):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    client.get("/locale/cy")
    url = f"/placements/providers/placements/{placement.id}/cost"
    data = {"effective_from": ["1", "4", "2026"], "weekly_cost": "1000.01"}
    assert form_post(client, url, data).status_code == 302
    again = form_post(client, url, data)
    assert again.status_code == 200
    assert _field_error(again, "effective_from") == (
        "Mae cost wythnosol o’r dyddiad hwnnw eisoes. Dewiswch ddyddiad arall"
    )


def test_accepting_when_the_place_has_gone_writes_nothing(app):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    home = create_home(beds=1, occupied=1)
    child = create_child(setting="residential", date_of_birth=date(2012, 1, 1))
    run = MatchingRun(status=RunStatus.COMPLETED.value)
    db.session.add(run)
    db.session.flush()
    outcome = MatchingOutcome(
        run_id=run.id, child_id=child.id, age=14, setting="residential",
        placement_type="long_term", needs=[], home_id=home.id, in_house=True,
        weekly_cost_pence=380_000, km=2.0,
    )  # fmt: skip
    db.session.add(outcome)
    db.session.commit()
    with pytest.raises(ReviewError) as refused:
        matching_review.accept(outcome, actor=officer)
    assert (refused.value.code, refused.value.field) == (PlacementCode.NO_VACANCY, None)
    # The decision was recorded before the placement was refused: it went with it.
    db.session.expire_all()
    assert db.session.get(MatchingOutcome, outcome.id).decision is None
    assert db.session.get(type(child), child.id).status == "awaiting"
    assert (
        db.session.scalars(select(AuditEvent.action)).all().count("matching_proposal_accepted") == 0
    )


@pytest.mark.commits
def test_reading_a_run_review_commits_the_views_of_its_children(app):
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    child = create_child()
    run = MatchingRun(status=RunStatus.COMPLETED.value)
    db.session.add(run)
    db.session.flush()
    db.session.add(
        MatchingOutcome(
            run_id=run.id, child_id=child.id, age=9, setting="foster",
            placement_type="short_term", needs=[], reasons=["no_home_location"],
        )
    )  # fmt: skip
    db.session.commit()
    review = matching_review.view_run(officer, run, matching_review.ReviewFilter())
    assert [o.child_id for o in review.unplaced] == [child.id]
    with db.engine.connect() as other:  # what is committed, not just flushed
        viewed = other.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "matching_outcome_viewed")
        ).all()
    assert viewed == [str(child.id)]
