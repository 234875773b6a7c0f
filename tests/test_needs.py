"""The administrator's needs list: add, rename, retire/reactivate, reorder; audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fostering.admin.services import needs
from fostering.extensions import db
from fostering.models import AuditEvent, Role
from fostering.models.needs import Need
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_child, create_user
from tests.pages import parsed

SEEDED = 8  # the carer skills migration 843f282265ec puts in the list


@pytest.fixture
def admin(app):
    return create_user(role=Role.ADMINISTRATOR)


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Complex health (tube feeding)", "complex_health_tube_feeding"),
        ("  Self-harm  ", "self_harm"),
        ("Needs a ground-floor bedroom", "needs_a_ground_floor_bedroom"),
        ("Ŵyr / wyres", "yr_wyres"),
    ],
)
def test_code_for(name, code):
    assert needs.code_for(name) == code


def test_the_list_starts_with_the_carer_skills(app):
    listed = needs.ordered()
    assert len(listed) == SEEDED
    assert listed[0].code == "disability"
    assert all(need.active for need in listed)


def test_add_makes_a_code_and_goes_last(app, admin):
    need = needs.add(admin, "Eating disorder", "Anhwylder bwyta")
    assert need.code == "eating_disorder"
    assert needs.ordered()[-1].id == need.id
    assert _actions() == ["need_added"]


@pytest.mark.parametrize(
    ("en", "cy", "field", "message"),
    [
        ("", "Rhywbeth", "name_en", "Enter the need's name in English"),
        ("Something", " ", "name_cy", "Enter the need's name in Welsh"),
        ("Autism", "Awtistiaeth", "name_en", "There is already a need with that name"),
        ("complex health NEEDS", "x", "name_en", "There is already a need with that name"),
        ("!!!", "x", "name_en", "The English name must include letters or numbers"),
    ],
)
def test_add_refuses(app, admin, en, cy, field, message):
    with pytest.raises(needs.NeedError) as caught:
        needs.add(admin, en, cy)
    assert (caught.value.field, str(caught.value.message)) == (field, message)
    assert len(needs.ordered()) == SEEDED


def test_rename_keeps_the_code(app, admin):
    need = db.session.scalar(select(Need).where(Need.code == "autism"))
    needs.rename(admin, need, "Autistic children", "Plant awtistig")
    assert (need.code, need.name_en, need.name_cy) == (
        "autism",
        "Autistic children",
        "Plant awtistig",
    )
    with pytest.raises(needs.NeedError):
        needs.rename(admin, need, "Disability", "x")


def test_retired_need_leaves_forms_but_stays_on_records(app, admin):
    need = db.session.scalar(select(Need).where(Need.code == "autism"))
    needs.set_active(admin, need, False)
    assert "autism" not in [code for code, _ in needs.choices("en")]
    assert "autism" in [code for code, _ in needs.choices("en", keep=["autism"])]
    assert needs.names(["autism"], "cy") == [need.name_cy]
    needs.set_active(admin, need, True)
    assert "autism" in [code for code, _ in needs.choices("en")]
    assert _actions() == ["need_retired", "need_reactivated"]


def test_move_swaps_with_the_neighbour_and_stops_at_the_ends(app, admin):
    first, second = needs.ordered()[:2]
    assert needs.move(admin, second, -1)
    assert [n.id for n in needs.ordered()[:2]] == [second.id, first.id]
    assert not needs.move(admin, second, -1)
    last = needs.ordered()[-1]
    assert not needs.move(admin, last, 1)
    assert _actions() == ["need_moved"]


def test_pages_add_rename_retire_and_move(app, client, admin):
    sign_in(client, admin)
    response = client.get("/admin/needs")
    assert response.status_code == 200
    assert "Complex health needs" in page_text(response)

    refused = form_post(client, "/admin/needs/new", {"name_en": "Autism", "name_cy": ""})
    text = page_text(refused)
    assert "There is a problem" in text
    assert "Enter the need's name in Welsh" in text
    assert 'value="Autism"' in refused.get_data(as_text=True)

    refused = form_post(client, "/admin/needs/new", {"name_en": "Autism", "name_cy": "Awt"})
    assert "There is already a need with that name" in page_text(refused)

    added = form_post(
        client, "/admin/needs/new", {"name_en": "Self-harm", "name_cy": "Hunan-niweidio"}
    )
    assert added.status_code == 302
    need = db.session.scalar(select(Need).where(Need.code == "self_harm"))

    renamed = form_post(
        client,
        f"/admin/needs/{need.id}/edit",
        {"name_en": "Self-harm risk", "name_cy": "Risg hunan-niweidio"},
    )
    assert renamed.status_code == 302
    db.session.expire_all()
    assert need.name_en == "Self-harm risk"

    moved = form_post(client, f"/admin/needs/{need.id}/up", token_from="/admin/needs")
    assert moved.status_code == 302
    retired = form_post(client, f"/admin/needs/{need.id}/retire", token_from="/admin/needs")
    assert retired.status_code == 302
    db.session.expire_all()
    assert not need.active
    assert needs.ordered()[-2].id == need.id
    page = page_text(client.get("/admin/needs"))
    assert "Retired" in page and "Reactivate" in page
    assert _actions()[-4:] == ["need_added", "need_renamed", "need_moved", "need_retired"]


def test_a_retired_need_still_shows_on_a_child_and_is_not_offered(app, client, admin):
    need = db.session.scalar(select(Need).where(Need.code == "autism"))
    needs.set_active(admin, need, False)
    child = create_child(needs=["autism"])
    officer = create_user(role=Role.PLACEMENT_OFFICER)
    sign_in(client, officer)
    assert need.name_en not in page_text(client.get("/placements/children/new"))
    assert need.name_en in page_text(client.get(f"/placements/children/{child.id}"))
    # The child's own edit form still offers it, so saving does not drop it.
    assert need.name_en in page_text(client.get(f"/placements/children/{child.id}/edit"))


def test_only_administrators(app, client):
    sign_in(client, create_user(role=Role.PLACEMENT_OFFICER))
    assert client.get("/admin/needs").status_code == 403


def test_the_welsh_list_names_each_action_in_welsh(app, client, admin):
    """The hidden words after "Ailenwi" (Rename) say which need, in the page's language."""

    sign_in(client, admin)
    client.get("/locale/cy")
    soup = parsed(client.get("/admin/needs").get_data(as_text=True))
    hidden = {span.get_text(strip=True) for span in soup.select("td .govuk-visually-hidden")}
    assert "Awtistiaeth" in hidden
    assert "Autism" not in hidden
