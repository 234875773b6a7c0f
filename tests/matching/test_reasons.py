"""Why a child was left unplaced: every kind of reason the solver gives, structured
(``Unplaced.why``) and in English (``Unplaced.reasons``), and the two agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import agency, carer, child, home, instance
from test_validate_result import check, solved

import matching
from matching.model import Reason, Unplaced
from matching.reasons import english


def why_for(data: dict, cid: str = "C1") -> tuple[tuple[Reason, ...], tuple[str, ...]]:
    result = matching.solve(data, time_limit=10)
    unplaced = {u.child: u for u in result.unplaced}
    u = unplaced[cid]
    assert len(u.why) == len(u.reasons) and u.why
    assert u.reasons == tuple(english(r) for r in u.why)
    return u.why, u.reasons


# (instance, the structured reasons, the English lines) for each rule 1-9 and 11.
RULES = {
    "setting": (
        instance([child("C1", setting="residential")], [carer("H1"), carer("H2")]),
        [Reason("rule", 1, 2, 2, values=("residential",))],
        ["all 2 remaining providers not for residential placements (rule 1 (setting))"],
    ),
    "age": (
        instance([child("C1", age=15)], [carer("H1", max_age=10)], [home("K1")]),
        [Reason("rule", 1, 1, 2, values=("foster",)), Reason("rule", 2, 1, 1, values=("15",))],
        ["1 of 2 remaining providers not for foster placements (rule 1 (setting))",
         "all 1 remaining providers do not take age 15 (rule 2 (age))"],
    ),
    "sex": (
        instance([child("C1", sex="M")], [carer("H1", sexes=["F"])]),
        [Reason("rule", 3, 1, 1, values=("M",))],
        ["all 1 remaining providers do not take sex M (rule 3 (sex))"],
    ),
    "needs": (
        instance([child("C1", needs=["disability", "therapeutic"])],
                 [carer("H1", skills=["disability"])]),
        [Reason("rule", 4, 1, 1, values=("disability", "therapeutic"))],
        ["all 1 remaining providers lack 'disability', 'therapeutic' (rule 4 (needs))"],
    ),
    "type": (
        instance([child("C1", placement_type="respite")],
                 [carer("H1", placement_types=["long_term"])]),
        [Reason("rule", 5, 1, 1, values=("respite",))],
        ["all 1 remaining providers do not take respite placements (rule 5 (placement type))"],
    ),
    "profit": (
        instance([child("C1")], agencies=[agency("A1", not_for_profit=False)],
                 policy={"not_for_profit_only": True}),
        [Reason("rule", 6, 1, 1)],
        ["all 1 remaining providers are not not-for-profit (rule 6 (profit))"],
    ),
    "safeguarding": (
        instance([child("C1", avoid=["R1"])], [carer("H1", residents=["R1"])]),
        [Reason("rule", 7, 1, 1)],
        ["all 1 remaining providers have a resident the child must avoid "
         "(rule 7 (safeguarding))"],
    ),
    "distance": (
        instance([child("C1")], [carer("H1", easting=418000)], policy={"max_km": 20.5}),
        [Reason("rule", 8, 1, 1, values=("20.5",))],
        ["all 1 remaining providers are more than 20.5 km away (rule 8 (distance))"],
    ),
    "forbidden": (
        instance([child("C1")], [carer("H1")], forbidden=[{"child": "C1", "provider": "H1"}]),
        [Reason("rule", 9, 1, 1)],
        ["all 1 remaining providers are forbidden for this child (rule 9 (forbidden))"],
    ),
    "no places": (
        instance([child("C1", age=12, setting="residential")],
                 homes=[home("K1", beds=2, occupied=2)]),
        [Reason("rule", 11, 1, 1)],
        ["all 1 remaining providers have no places (rule 11 (capacity))"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", RULES)
def test_each_hard_rule_gives_its_structured_reason_and_line(name: str) -> None:
    data, want_why, want_lines = RULES[name]
    why, lines = why_for(data)
    assert list(why) == want_why
    assert list(lines) == want_lines
    assert all(r.kind == "rule" or r.kind == "full" for r in why)


def test_a_full_provider() -> None:
    data = instance([child("C1"), child("C2", age=3)], [carer("H1"), carer("H2", max_age=8)])
    result = matching.solve(data, time_limit=10)
    assert result.placed == 2
    data = instance([child("C1"), child("C2")], [carer("H1")])
    result = matching.solve(data, time_limit=10)
    (u,) = result.unplaced
    assert u.why == (Reason("full", remaining=1),)
    assert u.reasons == ("every eligible provider was full (1 eligible)",)


def test_a_sibling_group_with_no_provider_for_all() -> None:
    kids = [child("C1", sibling_group="G1"), child("C2", sibling_group="G1", age=12)]
    data = instance(kids, [carer("H1", places=2, max_age=10), carer("H2", places=1)])
    for cid in ("C1", "C2"):
        why, lines = why_for(data, cid)
        assert why == (Reason("siblings", 13, size=2, values=("G1",)),)
        assert lines == (
            "rule 13 (siblings): no provider is eligible for all 2 children of sibling group "
            "G1, who may not split, with room for all",
        )


def test_a_sibling_group_whose_providers_are_full() -> None:
    kids = [child(f"C{i}", sibling_group=f"G{(i + 1) // 2}") for i in (1, 2, 3, 4)]
    data = instance(kids, [carer("H1", places=2), carer("H2", places=1)])
    result = matching.solve(data, time_limit=10)
    assert result.placed == 2
    (group,) = {f"G{(int(u.child[1]) + 1) // 2}" for u in result.unplaced}
    for u in result.unplaced:
        assert u.why == (Reason("group_full", remaining=1, size=2, values=(group,)),)
        assert u.reasons == (
            f"every provider eligible for the whole sibling group {group} (2 children who may "
            "not split) was full (1 eligible)",
        )


def test_a_fixed_child_it_must_avoid() -> None:
    data = instance(
        [child("C1", avoid=["C2"]), child("C2")], [carer("H1", places=2)],
        fixed=[{"child": "C2", "provider": "H1"}],
    )  # fmt: skip
    why, lines = why_for(data)
    assert why == (Reason("avoid", 12),)
    assert lines[0].startswith("rule 12 (avoid): every eligible provider is a carer or home")


def test_room_taken_by_a_child_it_must_avoid() -> None:
    data = instance([child("C1", avoid=["C2"]), child("C2")], [carer("H1", places=2)])
    result = matching.solve(data, time_limit=10)
    (u,) = result.unplaced
    assert u.why == (Reason("taken", 12),)
    assert u.reasons == (
        "eligible providers with room were taken by children it must not share with "
        "(rule 12), or the search stopped before placing it",
    )


def test_no_providers_at_all() -> None:
    why, lines = why_for(instance([child("C1")]))
    assert why == (Reason("no_providers"),)
    assert lines == ("there are no providers",)


def test_several_rules_in_rule_order_then_the_one_that_settles_it() -> None:
    data = instance(
        [child("C1", age=16, needs=["therapeutic"])],
        [carer("H1", max_age=10), carer("H2"), carer("H3", skills=["therapeutic"], places=0)],
        [home("K1", skills=[])],
    )
    why, _lines = why_for(data)
    assert [(r.rule, r.removed, r.remaining, r.partial) for r in why] == [
        (1, 1, 4, True), (2, 1, 3, True), (4, 1, 2, True), (11, 1, 1, False),
    ]  # fmt: skip


def test_the_structured_reasons_round_trip_through_json() -> None:
    data = RULES["age"][0]
    result = matching.solve(data, time_limit=10)
    written = json.loads(json.dumps(result.to_dict()))
    (entry,) = written["unplaced"]
    assert set(entry) == {"child", "reasons", "why"}
    assert entry["why"][1] == {"kind": "rule", "rule": 2, "removed": 1, "remaining": 1,
                               "size": None, "values": ["15"]}  # fmt: skip
    back = Unplaced(entry["child"], tuple(entry["reasons"]),
                    tuple(Reason.from_dict(r) for r in entry["why"]))  # fmt: skip
    assert back == result.unplaced[0]
    assert back.to_dict() == entry


def test_an_unplaced_child_without_structured_reasons_writes_none() -> None:
    assert Unplaced("C1", ("something",)).to_dict() == {"child": "C1", "reasons": ["something"]}


@pytest.mark.parametrize(
    "bad", [{"kind": "odd"}, {"kind": "rule", "rule": "2"}, {"kind": "full", "values": [3]}, []]
)
def test_from_dict_refuses_what_to_dict_never_writes(bad: object) -> None:
    with pytest.raises(ValueError):
        Reason.from_dict(bad)


def test_validate_accepts_results_with_and_without_why(tmp_path: Path, capsys) -> None:
    inst, result = solved(tmp_path, RULES["age"][0])
    assert "why" in result["unplaced"][0]
    assert check(tmp_path, inst, result) == 0
    for entry in result["unplaced"]:
        del entry["why"]
    assert check(tmp_path, inst, result) == 0
    assert "a valid result" in capsys.readouterr().out


def test_validate_refuses_a_malformed_why(tmp_path: Path, capsys) -> None:
    inst, result = solved(tmp_path, RULES["age"][0])
    result["unplaced"][0]["why"][0]["kind"] = "odd"
    result["unplaced"][0]["why"].pop()
    assert check(tmp_path, inst, result) == 2
    err = capsys.readouterr().err
    assert "$.unplaced[0].why[0]: expected an object with a known 'kind'" in err
    assert "$.unplaced[0].why: 1 reasons, but 'reasons' has 2 lines" in err


def test_english_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError):
        english(Reason("odd"))
