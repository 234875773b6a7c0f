"""Wide tables scroll inside their own box on a phone instead of widening the page.

The box must be focusable and named (axe's scrollable-region-focusable), by the caption or
heading that already names the table, so that keyboard users can scroll it too.
"""

from __future__ import annotations

import pytest

from fostering.models import Role
from tests.conftest import sign_in
from tests.factories import create_child, create_home, create_placement, create_user
from tests.pages import parsed


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.PLACEMENT_OFFICER, "/placements/children"),
        (Role.PLACEMENT_OFFICER, "/placements/providers"),
        (Role.PLACEMENT_OFFICER, "/placements/providers/home/{home}"),
        (Role.ADMINISTRATOR, "/admin/needs"),
        (Role.COMMISSIONER, "/commissioning/"),
        (Role.COMMISSIONER, "/commissioning/ledger"),
    ],
)
def test_wide_tables_scroll_in_a_named_focusable_box(app, client, role, path):
    home = create_home(name="Tŷ Glas")
    create_placement(child=create_child(), provider=home)
    create_child(given_name="Bryn")
    sign_in(client, create_user(role=role))
    path = path.format(home=home.id)
    soup = parsed(client.get(path).get_data(as_text=True))
    table = soup.select_one("main table.govuk-table")
    assert table is not None, path
    box = table.find_parent("div", class_="app-table-scroll")
    assert box is not None, f"{path}: the table is not in a scrolling box"
    assert (box.get("tabindex"), box.get("role")) == ("0", "region")
    assert soup.find(id=box["aria-labelledby"]) is not None
