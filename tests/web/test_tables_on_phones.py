"""Every table on the staff's busiest pages scrolls inside its own named, focusable box,
so that on a phone the page itself never scrolls sideways (the demo council fills them).

The box must be focusable and named (axe's scrollable-region-focusable) so that keyboard
users can scroll it too.
"""

from __future__ import annotations

import pytest

from fostering import demo
from fostering.extensions import db
from fostering.models import User
from tests.conftest import sign_in
from tests.pages import parsed

pytestmark = [pytest.mark.loaded(loader=demo.load), pytest.mark.backend_independent]


@pytest.mark.parametrize(
    ("email", "path"),
    [
        ("team.manager", "/fostering-team/"),
        ("team.manager", "/fostering-team/enquiries"),
        ("team.manager", "/fostering-team/applications"),
        ("social.worker", "/fostering-team/my-cases"),
        ("team.manager", "/fostering-team/caseloads"),
        ("administrator", "/admin/staff"),
    ],
)
def test_each_table_scrolls_in_a_named_focusable_box(app, client, email, path):
    user = db.session.query(User).filter_by(email=f"{email}@{demo.DEMO_DOMAIN}").one()
    sign_in(client, user, demo.DEMO_PASSWORD)
    soup = parsed(client.get(path).get_data(as_text=True))
    tables = soup.select("main table.govuk-table")
    assert tables, f"{path} shows no table"
    for table in tables:
        box = table.find_parent("div", class_="app-table-scroll")
        assert box is not None, f"{path}: a table is not in a scrolling box"
        assert (box.get("tabindex"), box.get("role")) == ("0", "region")
        named = box.get("aria-label") or soup.find(id=box.get("aria-labelledby"))
        assert named, f"{path}: a scrolling box has no name"
