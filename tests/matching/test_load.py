"""Reading an instance: every problem is reported with its JSON path, nothing huge echoed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import agency, carer, child, home, instance

from matching import Instance, InstanceError, load_instance


def problems(data: object) -> list[str]:
    with pytest.raises(InstanceError) as info:
        load_instance(data)  # type: ignore[arg-type]
    return info.value.problems


def test_a_good_instance_loads_with_defaults() -> None:
    inst = load_instance(instance([child("C1")], [carer("H1")], [home("K1")], [agency("A1")]))
    assert isinstance(inst, Instance)
    assert inst.policy.weights.sibling_split == 2000
    assert inst.policy.max_km is None
    assert [p.kind for p in inst.providers] == ["carer", "home", "agency"]
    assert inst.providers[2].capacity is None
    assert inst.children[0].welsh_speaking is False
    assert load_instance(inst) is inst


def test_mistyped_age_names_path_and_value() -> None:
    data = instance([child("C1"), child("C2"), child("C3"), child("C4", age="9")], [carer("H1")])
    assert problems(data) == ['$.children[3].age: expected a whole number, got "9"']


def test_every_problem_is_reported() -> None:
    data = instance(
        [
            child("C1", sex="Q"),
            child("C1", setting="boarding"),
            child("C3", placement_type="forever", avoid=["nobody"]),
            child("C4", sibling_group="G", siblings_may_split=True),
            child("C5", sibling_group="G", siblings_may_split=False),
        ],
        [carer("H1", places=-1)],
        [home("K1", beds=2, occupied=3)],
        fixed=[{"child": "C9", "provider": "H1"}],
        forbidden=[{"child": "C1", "provider": "Z9"}],
    )
    got = problems(data)
    expected_fragments = [
        '$.children[0].sex: unknown value "Q"',
        '$.children[1].setting: unknown value "boarding"',
        '$.children[1].id: duplicate id "C1"',
        '$.children[2].placement_type: unknown value "forever"',
        '$.children[2].avoid[0]: unknown id "nobody"',
        '$.children[4].siblings_may_split: sibling group "G" disagrees',
        "$.carers[0].places: must not be below 0",
        "$.homes[0].occupied: 3 is above beds (2)",
        '$.fixed[0].child: unknown child "C9"',
        '$.forbidden[0].provider: unknown provider "Z9"',
    ]
    for fragment in expected_fragments:
        assert any(line.startswith(fragment) for line in got), (fragment, got)


def test_missing_fields_are_named() -> None:
    raw = child("C1")
    del raw["age"]
    data = instance([raw], [carer("H1")])
    del data["homes"]
    got = problems(data)
    assert "$.children[0].age: missing" in got
    assert "$.homes: missing" in got


def test_nan_infinity_and_huge_numbers_are_refused(tmp_path: Path) -> None:
    text = json.dumps(instance([child("C1")], [carer("H1")]))
    text = text.replace('"age": 9', '"age": NaN').replace('"places": 1', '"places": 1e999')
    text = text.replace('"weekly_cost": 400', '"weekly_cost": ' + "9" * 5000)
    path = tmp_path / "bad.json"
    path.write_text(text)
    got = problems(path)
    assert any(
        line.startswith("$.children[0].age: expected a whole number, got NaN") for line in got
    )
    assert any(line.startswith("$.carers[0].places: expected a whole number") for line in got)
    assert any(
        line.startswith("$.carers[0].weekly_cost:") and "5000 digits" in line for line in got
    )
    assert all(len(line) < 300 for line in got)


def test_python_nan_and_huge_ints_are_refused_from_dicts() -> None:
    got = problems(instance([child("C1", easting=float("nan"))], [carer("H1", places=10**400)]))
    assert any(line.startswith("$.children[0].easting: expected a number") for line in got)
    assert any(line.startswith("$.carers[0].places:") for line in got)
    assert all(len(line) < 300 for line in got)


def test_a_50_mb_string_is_refused_without_echoing_it() -> None:
    big = "x" * 50_000_000
    got = problems(instance([child(big)], [carer("H1", skills=[big])]))
    assert got == [
        "$.children[0].id: a string of 50,000,000 characters is too long (at most 200)",
        "$.carers[0].skills[0]: a string of 50,000,000 characters is too long (at most 200)",
    ]


def test_malformed_json_and_wrong_top_level(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"children": [')
    [line] = problems(path)
    assert line.startswith("$: malformed JSON at line 1")
    assert problems([1, 2]) == ["$: expected an object, got a list of 2 items"]


def test_negative_and_unknown_policy_values() -> None:
    data = instance(
        [child("C1")],
        [carer("H1")],
        policy={"max_home_beds": -1, "weights": {"km": -3, "speed": 1}},
    )
    got = problems(data)
    assert "$.policy.max_home_beds: must not be below 0, got -1" in got
    assert "$.policy.weights.km: must not be below 0, got -3" in got
    assert any(line.startswith("$.policy.weights.speed: unknown weight") for line in got)


def test_home_capacity_is_min_of_beds_and_policy_less_occupied() -> None:
    inst = load_instance(
        instance(
            [child("C1")],
            [],
            [home("K1", beds=8, occupied=2), home("K2", beds=3, occupied=3)],
            policy={"max_home_beds": 5},
        )
    )
    assert [p.capacity for p in inst.providers] == [3, 0]


def test_an_optional_field_given_as_null_is_read_as_absent() -> None:
    """Null means absent (SPEC.md section 2), as most producers write a missing value."""
    nulls = {
        "school_easting": None,
        "school_northing": None,
        "needs": None,
        "avoid": None,
        "welsh_speaking": None,
        "siblings_may_split": None,
        "sibling_group": None,
    }
    data = instance(
        [child("C1", **nulls)],
        [carer("H1", in_house=None, sexes=None, skills=None, residents=None)],
        [home("K1", occupied=None, placement_types=None)],
        [agency("A1", places=None, welsh_speaking=None)],
        policy={"max_km": None, "school_radius_km": None, "weights": {"km": None}},
        fixed=None,
        forbidden=None,
    )
    inst = load_instance(data)
    plain = load_instance(instance([child("C1")], [carer("H1")], [home("K1")], [agency("A1")]))
    assert inst == plain
    assert load_instance({**data, "policy": None}).policy == plain.policy


def test_a_required_field_given_as_null_is_still_refused() -> None:
    data = instance([child("C1", age=None)], [carer("H1", places=None)], foo=None)
    assert problems(data) == [
        "$.foo: unknown field; expected agencies, carers, children, fixed, forbidden, homes, "
        "policy",
        "$.children[0].age: expected a whole number, got null",
        "$.carers[0].places: expected a whole number, got null",
    ]
    half = instance([child("C1", school_easting=318000, school_northing=None)], [carer("H1")])
    assert problems(half) == [
        "$.children[0]: give both school_easting and school_northing, or neither"
    ]
