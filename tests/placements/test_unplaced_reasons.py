"""Why a child was not placed: the solver's structured reasons become sentences naming
the rule that settled it, on the review page and a child's page, in English and Welsh,
through stored results and through a real run."""

from __future__ import annotations

import json

import pytest

import matching
from fostering.models import MatchingOutcome, MatchingRun
from fostering.placements.services import matching_review
from matching import REASON_KINDS, Reason, Unplaced, english
from tests.conftest import page_text
from tests.factories import create_child
from tests.placements.matching_data import (
    add_outcome,
    completed_run,
    reviewable_run,
    small_council,
)
from tests.placements.test_matching_pages import _officer


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
