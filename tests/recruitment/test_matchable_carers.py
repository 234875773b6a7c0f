"""An approved carer is always matchable or visibly not: approval needs a postcode in the
postcode directory, and the register and the carer's page say why matching cannot offer
a carer a child."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from fostering.models import FosterCarer, Role
from fostering.placements.services.matching_instance import build_instance, provider_key
from fostering.recruitment.services import carers, stage2
from fostering.recruitment.services.casework import CaseworkError, office_today
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.terms import Terms
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_carer, create_case, create_user, load_postcodes
from tests.recruitment import test_stage2_and_approval as approval
from tests.recruitment.test_stage2_and_approval import case_in_stage_2, finish_stage_2

TERMS = {"places": 2, "min_age": 0, "max_age": 11, "placement_types": ("short_term",)}


def _at_decision(team):
    _, worker = team
    case = case_in_stage_2(team)
    finish_stage_2(case, worker)
    stage2.book_panel(case, office_today(), actor=worker)
    stage2.record_panel_recommendation(
        case, actor=worker, recommendation="approve", terms=Terms(**TERMS, postcode="CF10 1AA")
    )
    return case


team = approval.team  # the same manager and worker, with the test postcode directory


def _terms_form(postcode: str) -> dict:
    return {
        "places": "2",
        "min_age": "0",
        "max_age": "11",
        "placement_types": ["short_term"],
        "welsh_speaking": "no",
        "postcode": postcode,
    }


def _carers(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(FosterCarer))


def test_approval_with_a_postcode_the_directory_lacks_is_refused(team, db_session):
    manager, _ = team
    case = _at_decision(team)
    with pytest.raises(CaseworkError) as refused:
        stage2.decide(
            case, actor=manager, decision="approve", terms=Terms(**TERMS, postcode="CF14 3UZ")
        )
    assert (refused.value.code, refused.value.field) == (
        RecruitmentCode.POSTCODE_NOT_FOUND,
        "postcode",
    )
    assert str(refused.value.message).startswith("CF14 3UZ is not in the postcode directory")
    db_session.expire_all()
    assert case.stage == "panel" and _carers(db_session) == 0


def test_an_approved_carer_is_located_and_in_the_matching_pool(team, db_session):
    manager, _ = team
    case = _at_decision(team)
    record = stage2.decide(
        case, actor=manager, decision="approve", terms=Terms(**TERMS, postcode="cf14 2aa")
    )
    carer = db_session.get(FosterCarer, record.carer_id)
    assert (carer.postcode, carer.easting, carer.northing) == ("CF14 2AA", 316_000, 180_000)
    assert carers.matching_problems(carer) == []
    built = build_instance(child_ids=[], policy={}, run_date=office_today())
    assert provider_key("carer", carer.id) in {p["id"] for p in built.instance["carers"]}


def test_the_decision_page_keeps_an_unknown_postcode_and_says_what_is_wrong(
    client, team, db_session
):
    manager, _ = team
    case = _at_decision(team)
    sign_in(client, manager)
    today = office_today()
    response = form_post(
        client,
        f"/fostering-team/applications/{case.id}/decision",
        {
            "decision": "approve",
            "decided_on": [str(today.day), str(today.month), str(today.year)],
            **_terms_form("CF14 3UZ"),
        },
    )
    assert response.status_code == 400
    assert "We cannot find that postcode. Check it and enter it again" in page_text(response)
    assert 'value="CF14 3UZ"' in response.get_data(as_text=True)
    assert _carers(db_session) == 0


def test_each_reason_a_carer_cannot_be_matched_is_named(db_session):
    load_postcodes()
    located = {"postcode": "CF10 1AA"}
    good = create_carer(household_name="The Good household", **located)
    unlocated = create_carer(household_name="The Lost household", postcode="CF14 3UZ")
    on_hold = create_carer(household_name="The Paused household", status="on_hold", **located)
    resigned = create_carer(household_name="The Gone household", status="resigned", **located)
    full = create_carer(household_name="The Full household", places=1, **located)
    no_types = create_carer(household_name="The Vague household", **located)
    for carer in (good, on_hold, resigned, full, no_types):
        carers.locate_carer(carer)
    full.occupied = 1
    no_types.placement_types = []
    db_session.commit()

    def short(carer):
        return [problem.short for problem in carers.matching_problems(carer)]

    assert short(good) == []
    assert short(unlocated) == ["Postcode not in the directory"]
    assert short(on_hold) == ["On hold"]
    assert short(resigned) == ["Resigned"]
    assert short(full) == ["No places free"]
    assert short(no_types) == ["No placement types"]
    # The register's filter (SQL) agrees with the reasons, on both databases.
    everyone = [good, unlocated, on_hold, resigned, full, no_types]
    cannot = {c.id for c in everyone if carers.matching_problems(c)}
    for matching, expected in (("no", cannot), ("yes", {good.id})):
        statement = carers.register_statement(carers.CarerQuery(matching=matching))
        assert {c.id for c in db_session.scalars(statement)} == expected, matching
    # And matching itself leaves out exactly the ones said to be unmatchable.
    built = build_instance(child_ids=[], policy={}, run_date=office_today())
    offered = {p["id"] for p in built.instance["carers"] if p["places"] > 0}
    offered &= {provider_key("carer", c.id) for c in everyone if c.placement_types}
    assert offered == {provider_key("carer", good.id)}


def test_the_register_and_the_carer_page_say_why(client, db_session):
    carer = create_carer(household_name="The Lost household", postcode="CF14 3UZ")
    create_carer(household_name="The Found household", postcode="CF10 1AA")
    load_postcodes()
    carers.locate_carer(db_session.scalar(select(FosterCarer).where(
        FosterCarer.household_name == "The Found household")))  # fmt: skip
    db_session.commit()
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    register = page_text(client.get("/fostering-team/carers"))
    assert "The Lost household" in register
    assert "Cannot be matched Postcode not in the directory" in register
    assert "Can be matched" in register
    # A fault to put right is red; a full household (room again when a child leaves) grey.
    html = client.get("/fostering-team/carers").get_data(as_text=True)
    assert html.count("govuk-tag--red") == 1 and "govuk-tag--grey" not in html
    full = create_carer(household_name="The Full household", places=1, postcode="CF10 1AA")
    carers.locate_carer(full)
    full.occupied = 1
    db_session.commit()
    html = client.get("/fostering-team/carers").get_data(as_text=True)
    assert html.count("govuk-tag--red") == 1 and html.count("govuk-tag--grey") == 1
    only = page_text(client.get("/fostering-team/carers?matching=no"))
    assert "The Lost household" in only and "The Found household" not in only
    for url in (f"/fostering-team/carers/{carer.id}", f"/placements/providers/carer/{carer.id}"):
        page = page_text(client.get(url))
        assert "Matching cannot offer this household a child:" in page, url
        assert "The postcode CF14 3UZ is not in the postcode directory" in page, url


def test_a_team_manager_corrects_the_postcode_and_the_carer_becomes_matchable(client, db_session):
    carer = create_carer(household_name="The Lost household", postcode="CF14 3UZ")
    load_postcodes()
    url = f"/fostering-team/carers/{carer.id}/postcode"
    worker = client.application.test_client()
    sign_in(worker, create_user(role=Role.SOCIAL_WORKER))
    assert worker.get(url).status_code == 403
    sign_in(client, create_user(role=Role.TEAM_MANAGER))
    bad = form_post(client, url, {"postcode": "CF14 3UZ"})
    assert bad.status_code == 400
    assert "We cannot find that postcode" in page_text(bad)
    good = form_post(client, url, {"postcode": "cf14 2aa"})
    assert good.status_code == 302
    db_session.expire_all()
    assert (carer.postcode, carer.easting) == ("CF14 2AA", 316_000)
    assert carers.matching_problems(carer) == []
    assert "Can be matched" in page_text(client.get(f"/fostering-team/carers/{carer.id}"))


def test_a_carer_is_located_when_viewed_once_the_directory_has_the_postcode(client, db_session):
    carer = create_carer(household_name="The Early household", postcode="NP20 1AA")
    assert carer.easting is None
    load_postcodes()
    sign_in(client, create_user(role=Role.SOCIAL_WORKER))
    assert "Can be matched" in page_text(client.get(f"/fostering-team/carers/{carer.id}"))
    db_session.expire_all()
    assert carer.easting == 331_000


def test_the_demo_directory_holds_every_demo_households_postcode(app):
    """So the demo's approved carers are all matchable and its panel cases can be approved."""
    import csv
    import re
    from pathlib import Path

    from fostering.demo import assessment, recruitment

    with (Path(assessment.__file__).parent / "data" / "postcodes.csv").open(encoding="utf-8") as f:
        directory = {row["pcds"] for row in csv.DictReader(f)}
    source = Path(assessment.__file__).read_text() + Path(recruitment.__file__).read_text()
    used = set(re.findall(r'"([A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2})"', source))
    assert used and used <= directory, sorted(used - directory)


def test_terms_postcodes_stay_checked_for_panel_recommendations(client, db_session):
    load_postcodes()
    manager = create_user(role=Role.TEAM_MANAGER)
    case = create_case(stage="panel", worker=manager)
    from fostering.models import PanelRecord

    db_session.add(PanelRecord(application_id=case.id, panel_date=date(2026, 1, 5)))
    db_session.commit()
    sign_in(client, manager)
    response = form_post(
        client,
        f"/fostering-team/applications/{case.id}/panel-recommendation",
        {
            "recommendation": "approve",
            **_terms_form("ZZ99 9ZZ"),
        },
    )
    assert response.status_code == 400
    assert "We cannot find that postcode" in page_text(response)
