"""The placement officer's pages after the QA pass: the review's summary and filter, the
solver's reasons as sentences, run links in a child's history, providers' real kinds,
"No date given", the runs list and finding children on the start form."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

import matching
from fostering.extensions import db
from fostering.models import MatchingOutcome, MatchingRun, Placement, Role
from fostering.models.audit import AuditEvent
from fostering.models.matching_run import RunStatus
from fostering.services import matching_review
from matching.model import REASON_KINDS, Reason, Unplaced
from matching.reasons import english
from tests.conftest import csrf_token_from, page_text, sign_in
from tests.factories import create_agency, create_child, create_user
from tests.placements.matching_data import (
    add_outcome,
    add_unplaced,
    completed_run,
    located_carer,
    reviewable_run,
    small_council,
)


def _officer(client):
    officer = create_user(role=Role.PLACEMENT_OFFICER, name="Olwen Officer")
    sign_in(client, officer)
    return officer


def _cards(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [
        card.h3.get_text(" ", strip=True).split(" (")[0]
        for card in soup.select(".govuk-summary-card")
    ]


def _summary(response) -> dict[str, str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    rows = soup.select("#run-summary .govuk-summary-list__row")
    return {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in rows}


# --- 1. The review's summary and filter ------------------------------------------------


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
    soup = BeautifulSoup(client.get(f"/placements/runs/{run.id}").get_data(as_text=True),
                         "html.parser")  # fmt: skip
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
    soup = BeautifulSoup(html, "html.parser")
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
    assert other.status_code in (302, 400)
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


# --- 2. Unplaced reasons --------------------------------------------------------------


def _child(i: int, **kwargs) -> dict:
    child = {"id": f"C{i}", "age": 5, "sex": "F", "setting": "foster", "needs": [],
             "placement_type": "short_term", "easting": 318_000, "northing": 176_000}  # fmt: skip
    return child | kwargs


def _stored(reasons: dict[str, list[Reason]], policy: dict | None = None) -> MatchingRun:
    """A run whose stored result gives each child (key "C<id>") these structured reasons."""
    unplaced = [Unplaced(c, tuple(english(r) for r in why), tuple(why)).to_dict()
                for c, why in reasons.items()]  # fmt: skip
    return MatchingRun(policy=policy or {}, result_json=json.dumps({"unplaced": unplaced}))


def _outcome(run: MatchingRun, key: str, **kwargs) -> MatchingOutcome:
    lines = next(u["reasons"] for u in json.loads(run.result_json)["unplaced"] if u["child"] == key)
    return MatchingOutcome(run=run, child_id=int(key[1:]), reasons=lines, **kwargs)


def test_the_solvers_reasons_become_sentences_naming_the_rule(app):
    """Through the real solver and its stored result, so a change in matching shows here."""
    instance = {
        "policy": {"max_home_beds": 5, "not_for_profit_only": False, "school_radius_km": 15,
                   "max_km": 20, "weights": {"weekly_cost": 1, "km": 0, "school_move": 500,
                                             "welsh_mismatch": 200, "sibling_split": 150}},
        "children": [_child(1, setting="residential"), _child(2, age=15), _child(3, sex="M"),
                     _child(4, needs=["therapeutic"]), _child(5, placement_type="long_term"),
                     _child(6, easting=218_000), _child(7), _child(8)],
        "carers": [{"id": "H1", "min_age": 0, "max_age": 10, "sexes": ["F"], "skills": [],
                    "placement_types": ["short_term"], "easting": 318_500, "northing": 176_000,
                    "welsh_speaking": False, "in_house": True, "places": 1, "weekly_cost": 300,
                    "residents": []}],
        "homes": [], "agencies": [], "fixed": [], "forbidden": [],
    }  # fmt: skip
    result = matching.solve(instance, time_limit=10)
    run = MatchingRun(policy={"max_km": 20}, result_json=json.dumps(result.to_dict()))
    sentences = {}
    with app.test_request_context():
        for unplaced in result.unplaced:
            outcome = _outcome(run, unplaced.child)
            sentences[unplaced.child] = matching_review.why_unplaced(outcome)
    assert sentences == {
        "C1": ["None of the providers left offers the setting this child needs "
               "(Residential home)."],
        "C2": ["None of the providers left takes a child aged 15."],
        "C3": ["None of the providers left takes a child of this sex."],
        "C4": ["None of the providers left can meet all of this child's needs (Therapeutic care)."],
        "C5": ["None of the providers left offers this type of placement (Long term)."],
        "C6": ["None of the providers left is within this run's maximum distance of 20 km "
               "from the child's home."],
        sorted({"C7", "C8"} - {a.child for a in result.assignments})[0]: [
            "1 provider could take this child, and it was full."
        ],
    }  # fmt: skip


def test_each_reason_the_solver_can_give_has_its_own_sentence(app):
    reasons = [
        (Reason("rule", 8, 12, 40, values=("20",)),
         "12 of the 40 providers left are further than this run's maximum distance of 20 km "
         "from the child's home."),
        (Reason("rule", 8, 1, 40, values=("12.5",)),
         "1 of the 40 providers left is further than this run's maximum distance of 12.5 km "
         "from the child's home."),
        (Reason("rule", 6, 3, 3),
         "None of the providers left is not-for-profit, and this run used only not-for-profit "
         "agencies."),
        (Reason("rule", 6, 2, 3),
         "2 of the 3 providers left are run for profit, and this run used only not-for-profit "
         "agencies."),
        (Reason("rule", 7, 2, 2),
         "Every provider left has a resident this child must not live with."),
        (Reason("rule", 7, 1, 2),
         "1 of the 2 providers left has a resident this child must not live with."),
        (Reason("rule", 9, 1, 1),
         "Every provider left was rejected for this child in an earlier run."),
        (Reason("rule", 9, 2, 5),
         "2 of the 5 providers left were rejected for this child in an earlier run."),
        (Reason("rule", 11, 1_200, 1_500), "1,200 of the 1,500 providers left have no places."),
        (Reason("rule", 11, 4, 4), "None of the providers left has any places."),
        (Reason("rule", 5, 1, 9, values=("short_term",)),
         "1 of the 9 providers left does not offer this type of placement (Short term)."),
        (Reason("full", remaining=3),
         "3 providers could take this child, and all of them were full."),
        (Reason("full", remaining=1), "1 provider could take this child, and it was full."),
        (Reason("group_full", remaining=4, size=3, values=("G1",)),
         "4 providers could take all 3 brothers and sisters together, who must not be split, "
         "and all of them were full."),
        (Reason("group_full", remaining=1, size=2, values=("G1",)),
         "1 provider could take all 2 brothers and sisters together, who must not be split, "
         "and it was full."),
        (Reason("siblings", 13, size=2, values=("G2",)),
         "No provider can take all 2 brothers and sisters together, and they must not be split."),
        (Reason("avoid", 12),
         "Every provider that could take this child already has a child placed there whom "
         "this child must not live with."),
        (Reason("taken", 12),
         "The providers with room were taken by children this child must not live with, or "
         "the search stopped before placing this child."),
        (Reason("no_providers"),
         "There are no providers in the register to match this child with."),
    ]  # fmt: skip
    with app.test_request_context():
        for reason, sentence in reasons:
            outcome = _outcome(_stored({"C1": [reason]}), "C1", age=9)
            assert matching_review.why_unplaced(outcome) == [sentence], reason
    kinds = {reason.kind for reason, _sentence in reasons}
    assert kinds == set(REASON_KINDS)
    assert {r.rule for r, _s in reasons if r.kind == "rule"} | {1, 2, 3, 4} == {*range(1, 10), 11}


def test_the_rule_that_settles_it_comes_first(app):
    """The demo council's sixteen-year-old: three rules remove some providers, then the
    needs rule removes every one left; the officer reads that first."""
    why = [
        Reason("rule", 1, 14, 271, values=("foster",)),
        Reason("rule", 2, 115, 257, values=("16",)),
        Reason("rule", 3, 8, 142, values=("M",)),
        Reason("rule", 4, 134, 134, values=("complex_health", "cse_risk")),
    ]
    outcome = _outcome(_stored({"C7": why}), "C7")
    with app.test_request_context():
        sentences = matching_review.why_unplaced(outcome)
    assert sentences[0].startswith("None of the providers left can meet all of this child's needs")
    assert sentences[1:] == [
        "14 of the 271 providers left do not offer the setting this child needs (Foster family).",
        "115 of the 257 providers left do not take a child aged 16.",
        "8 of the 142 providers left do not take a child of this sex.",
    ]


def test_a_run_stored_before_structured_reasons_shows_the_solvers_lines(app):
    lines = ["all 3 remaining providers do not take age 9 (rule 2 (age))",
             "every eligible provider was full (1 eligible)"]  # fmt: skip
    old_result = {"unplaced": [{"child": "C5", "reasons": lines}]}
    for run in (MatchingRun(policy={}, result_json=json.dumps(old_result)), MatchingRun()):
        outcome = MatchingOutcome(run=run, child_id=5, reasons=lines)
        with app.test_request_context():
            assert matching_review.why_unplaced(outcome) == lines
    with app.test_request_context():
        assert matching_review.why_unplaced(MatchingOutcome(run=MatchingRun(), child_id=5)) == [
            "The search did not find a provider for this child."
        ]


def test_the_review_page_shows_structured_reasons_in_english_and_welsh(app, client):
    run, _pending, _private = reviewable_run(_officer(client))
    old_child = create_child(given_name="Ffion")
    old_run = completed_run()
    add_outcome(old_run, old_child,
                reasons=["all 3 remaining providers do not take age 9 (rule 2 (age))"])  # fmt: skip
    english_text = page_text(client.get(f"/placements/runs/{run.id}"))
    assert "None of the providers left takes a child aged 9." in english_text
    assert "rule 2" not in english_text
    # A run stored before the solver gave structured reasons: its English line, as it is.
    old_text = page_text(client.get(f"/placements/runs/{old_run.id}"))
    assert "all 3 remaining providers do not take age 9 (rule 2 (age))" in old_text
    client.get("/locale/cy")
    welsh_text = page_text(client.get(f"/placements/runs/{run.id}"))
    assert "Nid yw’r un o’r darparwyr sydd ar ôl yn derbyn plentyn 9 oed." in welsh_text
    assert "None of the providers left" not in welsh_text


# --- 3. A child's matching history ------------------------------------------------------


def test_a_childs_history_names_and_links_eachcompleted_run(app, client):
    officer = _officer(client)
    run = completed_run(officer)
    child = create_child(given_name="Alys")
    outcome = add_outcome(run, child, create_agency(name="Hillside House", kind="private_home"))
    later = completed_run(officer)
    add_unplaced(later, child, Reason("rule", 2, 3, 3, values=("9",)))
    response = client.get(f"/placements/children/{child.id}")
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    rows = soup.select("#matching-history tbody tr")
    assert [r.td.a.get_text(strip=True) for r in rows] == [f"Run {later.id}", f"Run {run.id}"]
    assert rows[1].td.a["href"] == f"/placements/runs/{run.id}#outcome-{outcome.id}"
    assert "Private children's home" in rows[1].get_text(" ")
    assert "None of the providers left takes a child aged 9." in rows[0].get_text(" ")
    assert "rule 2" not in rows[0].get_text(" ")


def test_a_social_worker_sees_the_run_number_without_a_link(app, client):
    worker = create_user(role=Role.SOCIAL_WORKER)
    sign_in(client, worker)
    child = create_child()
    child.social_worker_id = worker.id
    db.session.commit()
    run = completed_run()
    add_outcome(run, child, located_carer(grid=(1, 1)))
    soup = BeautifulSoup(client.get(f"/placements/children/{child.id}").get_data(as_text=True),
                         "html.parser")  # fmt: skip
    cell = soup.select_one("#matching-history tbody tr td")
    assert f"Run {run.id}" in cell.get_text() and cell.a is None


# --- 5. Providers' real kinds -----------------------------------------------------------


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
    placements = BeautifulSoup(response.get_data(as_text=True), "html.parser").select(
        "#placements ~ .app-table-scroll table tbody tr"
    )
    assert "Private children's home" in placements[0].get_text(" ")


# --- 6. No date given ---------------------------------------------------------------------


def test_a_planned_child_without_a_date_says_no_date_given(app, client):
    _officer(client)
    planned = create_child(given_name="Planned", urgency="planned")
    urgent = create_child(given_name="Urgent", urgency="urgent")
    dated = create_child(given_name="Dated", urgency="planned")
    dated.date_needed = date(2027, 1, 4)
    db.session.commit()

    def date_row(child):
        soup = BeautifulSoup(client.get(f"/placements/children/{child.id}").get_data(as_text=True),
                             "html.parser")  # fmt: skip
        row = next(r for r in soup.select(".govuk-summary-list__row")
                   if r.dt.get_text(strip=True) == "Date needed")  # fmt: skip
        return row.dd.get_text(strip=True)

    assert date_row(planned) == "No date given"
    assert date_row(urgent) == "As soon as possible"
    assert date_row(dated) != "No date given"
    soup = BeautifulSoup(client.get("/placements/children").get_data(as_text=True), "html.parser")
    cells = {r.select("td")[1].get_text(strip=True): r.select("td")[6].get_text(strip=True)
             for r in soup.select("tbody tr")}  # fmt: skip
    assert cells[f"Planned {planned.family_name}"] == "No date given"
    assert cells[f"Urgent {urgent.family_name}"] == "As soon as possible"


# --- 7. The runs list --------------------------------------------------------------------


def test_each_run_in_the_list_shows_who_when_status_counts_and_links(app, client):
    officer = _officer(client)
    run = completed_run(officer)
    again = completed_run(officer, previous_run_id=run.id)
    queued = MatchingRun(status=RunStatus.QUEUED.value, children_count=3, instance_json="{}",
                         policy={}, job_id=None)  # fmt: skip
    db.session.add(queued)
    db.session.commit()
    soup = BeautifulSoup(client.get("/placements/runs").get_data(as_text=True), "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert headers == ["Run", "Started", "Started by", "Status", "Children", "Placed",
                       "In-house", "Weekly cost", "Links"]  # fmt: skip
    row = soup.select_one(f"#run-{again.id}")
    cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
    assert cells[0] == f"Run {again.id} Again after run {run.id}"
    assert cells[2:7] == ["Olwen Officer", "Finished", "5", "4", "2"]
    assert cells[1]  # when it started
    links = {a.get_text(" ", strip=True): a["href"] for a in row.select("td a")}
    assert (
        links[f"Review the proposals – Run {again.id}"] == f"/placements/runs/{again.id}#proposals"
    )
    assert f"Result (JSON) – Run {again.id}" in links


# --- 4. Finding children on the start form ------------------------------------------------


def _start_form(client, data: dict):
    html = client.get("/placements/runs/new").get_data(as_text=True)
    return client.post("/placements/runs/new", data={"csrf_token": csrf_token_from(html), **data})


def _ticked(response) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    boxes = soup.select("input[type=checkbox][name=children]")
    shown = [b["value"] for b in boxes]
    ticked = [b["value"] for b in boxes if b.has_attr("checked")]
    hidden = [h["value"] for h in soup.select("input[type=hidden][name=children]")]
    return shown, sorted(ticked + hidden)


def test_the_start_form_groups_children_by_urgency(app, client):
    _officer(client)
    create_child(given_name="Ifan", urgency="immediate")
    create_child(given_name="Gwen", urgency="urgent")
    create_child(given_name="Pryderi", urgency="planned")
    soup = BeautifulSoup(client.get("/placements/runs/new").get_data(as_text=True), "html.parser")
    legends = [legend.get_text(strip=True) for legend in soup.select("fieldset legend")]
    assert legends[:3] == ["Immediate (today)", "Urgent (within 7 days)", "Planned"]
    assert soup.select_one("input#children")["type"] == "checkbox"  # the error summary's target
    assert "Children ticked: 3 of 3." in page_text(client.get("/placements/runs/new"))


def test_starting_with_nobody_ticked_points_the_error_at_the_first_child(app, client):
    _officer(client)
    create_child(given_name="Gwen", urgency="urgent")
    create_child(given_name="Pryderi", urgency="planned")
    weights = ("weekly_cost", "km", "school_move", "welsh_mismatch", "sibling_split")
    policy = {f"weight_{name}": "1" for name in weights} | {"time_limit_seconds": "10"}
    response = _start_form(client, policy)
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    link = soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Choose at least one child to match"
    target = soup.select_one(link["href"])
    assert target is not None and target["type"] == "checkbox"
    assert target.find_parent("fieldset").select_one(".govuk-error-message")


def test_finding_a_child_keeps_what_is_ticked_and_the_policy(app, client):
    _officer(client)
    ifan = create_child(given_name="Ifan", family_name="Owen", urgency="immediate")
    gwen = create_child(given_name="Gwen", family_name="Rees", urgency="urgent")
    pryderi = create_child(given_name="Pryderi", family_name="Owen", urgency="planned")
    ids = {c.given_name: str(c.id) for c in (ifan, gwen, pryderi)}
    response = _start_form(client, {"action": "find", "find": "owen", "children": [ids["Gwen"],
                           ids["Pryderi"]], "weight_km": "7"})  # fmt: skip
    assert response.status_code == 200
    shown, ticked = _ticked(response)
    assert sorted(shown) == sorted([ids["Ifan"], ids["Pryderi"]])
    assert ticked == sorted([ids["Gwen"], ids["Pryderi"]])  # Gwen stays ticked, hidden
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.select_one("input[name=weight_km]")["value"] == "7"
    assert soup.select_one("input#find")["value"] == "owen"
    assert not soup.select(".govuk-error-summary")
    text = page_text(response)
    assert "Children ticked: 2 of 3." in text
    assert "Ticked children your search does not show stay ticked: 1." in text
    # A reference finds a child too; a search that finds nobody says so.
    shown, _ticked_ids = _ticked(_start_form(client, {"action": "find", "find": gwen.reference}))
    assert shown == [ids["Gwen"]]
    assert "No child waiting matches your search" in page_text(
        _start_form(client, {"action": "find", "find": "zzz"})
    )


def test_tick_and_untick_a_whole_urgency_group(app, client):
    _officer(client)
    planned = [create_child(given_name=n, urgency="planned") for n in ("Ann", "Ben")]
    urgent = create_child(given_name="Cat", urgency="urgent")
    all_ids = [str(c.id) for c in (*planned, urgent)]
    _shown, ticked = _ticked(_start_form(client, {"action": "untick:planned", "children": all_ids}))
    assert ticked == [str(urgent.id)]
    _shown, ticked = _ticked(_start_form(client, {"action": "tick:planned", "children": []}))
    assert ticked == sorted(str(c.id) for c in planned)
    # Ticking a group while searching ticks only the children found.
    _shown, ticked = _ticked(
        _start_form(client, {"action": "tick:planned", "find": "Ann", "children": []})
    )
    assert ticked == [str(planned[0].id)]


def test_a_run_starts_with_the_children_ticked_after_a_search(app, client, monkeypatch):
    _officer(client)
    kept, dropped = create_child(given_name="Kept"), create_child(given_name="Dropped")
    started = {}

    def fake_start_run(**kwargs):
        started.update(kwargs)
        run = completed_run()
        return run

    monkeypatch.setattr("fostering.services.matching_runs.start_run", fake_start_run)
    html = client.get("/placements/runs/new").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    data = {i["name"]: i.get("value", "") for i in soup.select("form[method=post] input")
            if i.get("type") not in ("checkbox", "submit") and i.get("name")}  # fmt: skip
    data["children"] = [str(kept.id)]
    data["find"] = "Dropped"
    response = client.post("/placements/runs/new", data=data)
    assert response.status_code == 302, page_text(response)
    assert started["child_ids"] == [kept.id] and dropped.id not in started["child_ids"]


@pytest.mark.commits  # the run is a job in a thread
def test_a_real_run_shows_the_solvers_structured_reasons(app, client):
    """Start form → job → solver → stored result → review page, in English and Welsh: a
    change in matching's reasons that breaks the page fails here."""
    from tests.placements.test_matching_pages import _start
    from tests.placements.test_matching_runs import wait_for_run

    _officer(client)
    small_council()
    create_child(given_name="Gwen", needs=["therapeutic"])
    run = wait_for_run(_start(client))
    assert run.status == "completed", run.error
    (unplaced,) = json.loads(run.result_json)["unplaced"]
    assert unplaced["why"][-1]["kind"] == "rule" and unplaced["why"][-1]["rule"] == 4
    settles = "None of the providers left can meet all of this child's needs (Therapeutic care)."
    assert settles in page_text(client.get(f"/placements/runs/{run.id}"))
    client.get("/locale/cy")
    welsh = page_text(client.get(f"/placements/runs/{run.id}"))
    assert "Ni all yr un o’r darparwyr sydd ar ôl ddiwallu holl anghenion y plentyn hwn" in welsh
    assert "rule 4" not in welsh and "None of the providers" not in welsh
