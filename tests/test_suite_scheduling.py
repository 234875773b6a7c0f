"""How the suite shares work among xdist's test processes: the browser tests, and the
templates one process has compiled."""

from __future__ import annotations

import jinja2

from tests.conftest import BROWSER_PROCESSES, _browser_groups, _TemplatesCompiledOnce


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


def test_a_template_one_process_compiled_is_not_compiled_by_another(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ words }}</p>", encoding="utf-8")

    def process() -> jinja2.Environment:
        cache = _TemplatesCompiledOnce()
        cache.share(tmp_path / "compiled")
        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates), bytecode_cache=cache, autoescape=True
        )

    assert process().get_template("page.html").render(words="one") == "<p>one</p>"

    def refuse(*_args, **_kwargs):
        raise AssertionError("the second process compiled the template again")

    second = process()
    second.compile = refuse  # type: ignore[method-assign]
    assert second.get_template("page.html").render(words="two") == "<p>two</p>"

    # A changed template is compiled again, not taken from the shared files.
    (templates / "page.html").write_text("<p>{{ words }}!</p>", encoding="utf-8")
    assert process().get_template("page.html").render(words="three") == "<p>three!</p>"
