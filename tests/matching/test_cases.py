"""Every regression case in cases/ gives exactly the expected optimum, or is refused."""

from __future__ import annotations

import json

import pytest
from helpers import CASES, assert_valid, expected_rows

import matching

ROWS = expected_rows()


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_case(row: dict[str, str]) -> None:
    data = json.loads((CASES / f"{row['case']}.json").read_text())
    if row["status"] == "refused":
        with pytest.raises(matching.FixedPairError) as info:
            matching.solve(data)
        assert all("rule " in line and "fixed pair" in line for line in info.value.problems)
        return
    result = matching.solve(data)
    assert (result.status, result.placed, result.in_house, result.cost) == (
        "optimal",
        int(row["placed"]),
        int(row["in_house"]),
        int(row["cost"]),
    )
    assert_valid(data, result)
