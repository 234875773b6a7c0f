"""The annual sufficiency plan against a small council worked out by hand (see
tests/commissioning/council.py), its drafts, its print view and its workbook."""

from __future__ import annotations

import io
from datetime import date
from fractions import Fraction

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from fostering import demo
from fostering.commissioning.services.filters import financial_year
from fostering.commissioning.sufficiency_plan import demand, drafts
from fostering.commissioning.sufficiency_plan import plan as plan_service
from fostering.commissioning.sufficiency_plan.drafts import DraftInput
from fostering.commissioning.sufficiency_plan.plan import Steps
from fostering.demo import sufficiency_plan as demo_plan
from fostering.extensions import db
from fostering.models import AuditEvent, Role, SufficiencyPlanDraft
from tests.commissioning.council import PLAN_YEAR, TODAY, build
from tests.conftest import form_post, sign_in
from tests.factories import create_user
from tests.pages import parsed


@pytest.fixture
def council(app):
    return build()


def test_the_estimate_is_a_straight_line_through_three_year_ends(council):
    found = demand.estimate(PLAN_YEAR, TODAY)
    assert [(end.day, end.looked_after, end.short_breaks) for end in found.year_ends] == [
        (date(2024, 3, 31), 1, 0),
        (date(2025, 3, 31), 3, 0),
        (date(2026, 3, 31), 4, 1),
    ]
    assert found.slope == Fraction(3, 2)
    assert (found.estimate_day, found.looked_after, found.away_from_parents) == (
        date(2028, 3, 31),
        7,
        5,
    )


def test_the_fit_with_one_point_or_none():
    assert demand.fit([], 2028) == (0, 0)
    assert demand.fit([(2026, 9)], 2028) == (9, 0)
    assert demand.past_year_ends(2027, date(2027, 3, 30)) == [
        date(2024, 3, 31),
        date(2025, 3, 31),
        date(2026, 3, 31),
    ]
    assert demand.past_year_ends(2027, date(2027, 5, 1))[-1] == date(2027, 3, 31)


def test_capacity_where_children_live_and_the_supplementary_estimate(council):
    plan = plan_service.build(
        PLAN_YEAR, Steps(typed="Recruit two carers\n\n", places=2, beds=3), TODAY
    )
    tables = plan.tables
    assert tables["capacity"].rows == [
        ["In-house foster carers", 2, 5, 1, 2, 7],
        ["Council children's homes", 1, 4, 1, 3, 7],
        ["All the council's own places", 3, 9, 2, 5, 14],
    ]
    assert tables["location"].rows == [
        ["In-house foster care (the council)", 1, 0, 0, 1],
        ["Council children's home (the council)", 1, 0, 0, 1],
        ["Independent fostering agency (not-for-profit)", 0, 1, 0, 1],
        ["Independent fostering agency (for-profit)", 0, 0, 1, 1],
        ["All children placed", 2, 1, 1, 4],
    ]
    assert (plan.where.meeting_duty, plan.where.children) == (3, 4)
    assert plan_service.share(3, 4) == pytest.approx(75)
    # c5 is with a for-profit provider on 1 April 2027; c5 and c6 started with one in
    # the year before 6 December 2026.
    assert [row[1] for row in tables["supplementary"].rows] == [1, 2, 3]
    assert tables["reasons"].rows == [
        ["No in-house or not-for-profit place meets their needs: Autism", 1]
    ]
    assert tables["providers"].rows[0][1:] == [
        "For-profit (a company limited by shares, a partnership, a sole trader or another form)",
        1,
        pytest.approx(1200),
    ]
    assert tables["steps"].rows[0] == ["Recruit two carers"]
    assert not plan.approval_in_force  # supplementary placements from 1 April 2030
    assert plan.file_name == "sufficiency-plan-2027-28"


def test_a_scenario_gives_the_steps_and_the_expected_for_profit_placements(council, monkeypatch):
    from fostering.commissioning.sufficiency_plan import scenario

    summary = scenario.ScenarioSummary(
        id=4, name="Two new homes", new_homes=2, new_beds=6, recruited_carers=5,
        recruited_places=8, children_in_house=9, children_for_profit=0,
        steps=("Open Tŷ Onnen (3 beds)", "Open Tŷ Celyn (3 beds)"),
    )  # fmt: skip
    monkeypatch.setattr(scenario, "summaries", lambda: [summary])
    plan = plan_service.build(PLAN_YEAR, Steps(scenario_id=4, typed="ignored"), TODAY)
    assert plan.scenario == summary
    assert plan.tables["capacity"].rows[2][4:] == [14, 23]
    assert [row[1] for row in plan.tables["supplementary"].rows] == [1, 0, 1]
    assert plan.tables["steps"].rows[:2] == [["Open Tŷ Onnen (3 beds)"], ["Open Tŷ Celyn (3 beds)"]]
    # Without the scenarios package no scenario is offered and none can be chosen.
    monkeypatch.undo()
    assert scenario.summaries() == [] and scenario.find(4) is None


def test_drafts_are_versioned_checked_and_audited(council):
    user = create_user(role=Role.COMMISSIONER)
    first = drafts.save(PLAN_YEAR, DraftInput({"summary": " First words "}), actor=user)
    second = drafts.save(
        PLAN_YEAR, DraftInput({"summary": "Second"}, Steps(typed="Open a home", beds=2)), actor=user
    )
    assert (first.version, second.version) == (1, 2)
    assert first.sections["summary"] == "First words"
    assert drafts.latest(PLAN_YEAR).version == 2 and drafts.latest(PLAN_YEAR, 1).id == first.id
    assert drafts.years_with_drafts() == [(PLAN_YEAR, 2)]
    with pytest.raises(drafts.PlanError) as refused:
        drafts.save(PLAN_YEAR, DraftInput({"demand": "x" * 10_001}), actor=user)
    assert refused.value.field == "demand"
    with pytest.raises(drafts.PlanError):
        drafts.save(PLAN_YEAR, DraftInput(steps=Steps(scenario_id=99)), actor=user)
    with pytest.raises(drafts.PlanError):
        drafts.save(1999, DraftInput(), actor=user)
    db.session.rollback()
    assert len(drafts.versions(PLAN_YEAR)) == 2
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.object_type == "sufficiency_plan_drafts")
    ).all()
    assert actions == ["sufficiency_plan_saved", "sufficiency_plan_saved"]


@pytest.fixture
def commissioner(client):
    user = create_user(role=Role.COMMISSIONER)
    sign_in(client, user)
    return user


def test_a_commissioner_edits_a_section_and_a_rejected_form_keeps_what_was_typed(
    council, client, commissioner
):
    url = f"/commissioning/sufficiency-plan/{PLAN_YEAR}/edit"
    assert client.get(url).status_code == 200
    words = "We will open two homes.\n\nAnd recruit carers."
    response = form_post(client, url, {"summary": words, "places": "lots", "step_list": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter a whole number, like 6, or leave it blank" in html
    assert "We will open two homes." in html
    assert db.session.scalar(select(SufficiencyPlanDraft.id)) is None
    refused = form_post(client, url, {"summary": words, "scenario": "abc"})
    assert refused.status_code == 400
    assert "Choose a scenario from the list" in refused.get_data(as_text=True)
    response = form_post(client, url, {"summary": words, "places": "2", "step_list": "Recruit"})
    assert response.status_code == 302
    page = client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}").get_data(as_text=True)
    soup = parsed(page)
    assert "Version 1 of the plan is saved." in page
    assert [p.get_text() for p in soup.select("p.app-plan-text")] == [
        "We will open two homes.",
        "And recruit carers.",
    ]
    assert "Annual sufficiency plan, 2027 to 2028" in soup.h1.get_text()


@pytest.mark.parametrize(
    ("role", "read", "edit"),
    [(Role.ADMINISTRATOR, 200, 403), (Role.PLACEMENT_OFFICER, 403, 403)],
)
def test_readers_and_editors(council, client, role, read, edit):
    sign_in(client, create_user(role=role))
    assert client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}").status_code == read
    assert client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}/print").status_code == read
    assert client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}/edit").status_code == edit


def test_wrong_years_and_versions(council, client, commissioner):
    assert client.get("/commissioning/sufficiency-plan/1850").status_code == 404
    assert client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}?version=7").status_code == 404
    response = client.get("/commissioning/sufficiency-plan?year=abc")
    assert response.status_code == 400
    assert "Choose a financial year from the list" in response.get_data(as_text=True)
    assert client.get(f"/commissioning/sufficiency-plan?year={PLAN_YEAR}").status_code == 302


def test_the_print_view_and_the_workbook(council, client, commissioner):
    drafts.save(PLAN_YEAR, DraftInput({"summary": '=HYPERLINK("http://x")'}), actor=commissioner)
    db.session.commit()
    soup = parsed(client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}/print").data)
    headings = [h.get_text(" ", strip=True) for h in soup.select("main h2")]
    assert headings[0] == "Contents" and headings[1] == "1. Summary"
    assert soup.select_one("#table-location") is not None
    response = client.get(f"/commissioning/sufficiency-plan/{PLAN_YEAR}/plan.xlsx")
    assert response.status_code == 200
    assert 'filename="sufficiency-plan-2027-28.xlsx"' in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[0] == "Plan" and "location" in book.sheetnames
    words = [row[0] for row in book["Plan"].iter_rows(values_only=True) if row[0]]
    assert words[0] == "Annual sufficiency plan, 2027 to 2028"
    assert '\'=HYPERLINK("http://x")' in words  # formula-safe
    capacity = list(book["capacity"].iter_rows(values_only=True))
    assert capacity[1][0] == "Provision" and capacity[4][5] == 9  # no steps saved here
    actions = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "sufficiency_plan_exported")
    ).all()
    assert actions == ["2027 print", "2027 xlsx"]


@pytest.mark.loaded(loader=demo.load)
def test_the_demo_council_opens_on_a_first_draft(app, client):
    sign_in(client, create_user(role=Role.COMMISSIONER))
    year = financial_year(date.today()) + 1
    assert drafts.latest(year).version == 1
    assert demo_plan.load_sufficiency_plan_demo() is False  # once
    soup = parsed(client.get(f"/commissioning/sufficiency-plan/{year}").data)
    assert "Version 1, saved" in soup.select_one(".govuk-caption-l").get_text()
    location = soup.select_one("#table-location tbody")
    assert location is not None and "for-profit" in location.get_text()
    assert soup.select_one("#table-reasons") is not None


def test_each_reason_a_child_is_with_a_for_profit_provider(app):
    from fostering.commissioning.sufficiency_plan.supplementary import _Offer, reason

    def offer(skills=(), free=True, ages=(0, 17), setting="foster"):
        return _Offer(setting, ages[0], ages[1], frozenset(skills), free)

    names = {"autism": "Autism", "therapeutic": "Therapeutic care"}
    with app.test_request_context():
        assert "of their age" in reason("foster", 15, set(), [offer(ages=(0, 10))], names)
        assert "of their age" in reason("residential", 9, set(), [offer()], names)
        assert reason("foster", 9, {"autism", "therapeutic"}, [offer(["autism"])], names) == (
            "No in-house or not-for-profit place meets their needs: Therapeutic care"
        )
        together = [offer(["autism"]), offer(["therapeutic"])]
        assert "all their needs together" in reason(
            "foster", 9, {"autism", "therapeutic"}, together, names
        )
        assert "are full" in reason("foster", 9, {"autism"}, [offer(["autism"], False)], names)
        assert "review the placement" in reason("foster", 9, set(), [offer()], names)
