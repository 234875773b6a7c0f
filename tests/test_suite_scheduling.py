"""How the suite shares its browser tests among xdist's test processes."""

from __future__ import annotations

from tests.conftest import BROWSER_PROCESSES, _browser_groups


def test_each_browser_file_goes_to_one_group_and_the_groups_are_even(tmp_path):
    sizes = {"a": 300, "b": 200, "c": 150, "d": 100, "e": 60, "f": 40}
    (tmp_path / "tests" / "browser").mkdir(parents=True)
    for name, lines in sizes.items():
        (tmp_path / "tests" / "browser" / f"test_{name}.py").write_text("\n" * lines)
    paths = {f"tests/browser/test_{name}.py" for name in sizes} | {"tests/test_other.py"}

    groups = _browser_groups(tmp_path, paths)

    assert set(groups) == paths - {"tests/test_other.py"}
    assert len(set(groups.values())) == BROWSER_PROCESSES == 2
    lines = {group: 0 for group in groups.values()}
    for path, group in groups.items():
        lines[group] += sizes[path.removeprefix("tests/browser/test_").removesuffix(".py")]
    # Greedy, largest first: no further apart than the smallest file.
    assert sorted(lines.values()) == [410, 440]
