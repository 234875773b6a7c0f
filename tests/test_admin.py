"""The administrator's pages: staff accounts and the audit trail."""

from __future__ import annotations

from fostering.extensions import db
from fostering.models import AuditEvent, Role, User
from fostering.models.types import utcnow
from tests.conftest import form_post, page_text, sign_in
from tests.factories import create_user
from tests.pages import parsed


def _admin(client):
    admin = create_user(role=Role.ADMINISTRATOR, name="Ada Admin")
    sign_in(client, admin)
    return admin


def test_add_staff_member(app, client):
    _admin(client)
    response = form_post(
        client,
        "/admin/staff/new",
        {
            "name": "Nia Williams",
            "email": "Nia.Williams@Council.example ",
            "role": Role.PLACEMENT_OFFICER.value,
            "password": "a temporary password",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "nia.williams@council.example"))
    assert user is not None and user.role == Role.PLACEMENT_OFFICER.value
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "staff_created"))
    assert event.object_id == str(user.id)
    assert "can now sign in" in page_text(client.get(response.headers["Location"]))


def test_add_staff_rejects_bad_input_and_keeps_what_was_typed(app, client):
    _admin(client)
    before = db.session.scalar(db.select(db.func.count()).select_from(User))
    response = form_post(
        client,
        "/admin/staff/new",
        {"name": "Nia Williams", "email": "not-an-email", "role": "", "password": "short"},
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Enter an email address in the correct format" in text
    assert "Choose a role" in text
    assert 'value="Nia Williams"' in response.get_data(as_text=True)
    assert 'value="not-an-email"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == before


def test_add_staff_refuses_duplicate_email_and_short_password(app, client):
    _admin(client)
    existing = create_user(email="taken@council.example")
    response = form_post(
        client,
        "/admin/staff/new",
        {
            "name": "X",
            "email": existing.email,
            "role": Role.COMMISSIONER.value,
            "password": "long enough password",
        },
    )
    assert "An account with this email address already exists" in page_text(response)
    response = form_post(
        client,
        "/admin/staff/new",
        {"name": "X", "email": "new@council.example", "role": "commissioner", "password": "short"},
    )
    assert "Password must be 12 characters or more" in page_text(response)


def test_applicant_role_cannot_be_given_to_staff(app, client):
    _admin(client)
    response = form_post(
        client,
        "/admin/staff/new",
        {"name": "X", "email": "y@council.example", "role": "applicant", "password": "p" * 14},
    )
    assert response.status_code == 200
    assert db.session.scalar(db.select(User).where(User.email == "y@council.example")) is None


def test_change_role_and_it_is_audited(app, client):
    _admin(client)
    worker = create_user(role=Role.SOCIAL_WORKER)
    url = f"/admin/staff/{worker.id}"
    response = form_post(client, url, {"role": Role.TEAM_MANAGER.value})
    assert response.status_code == 302
    db.session.refresh(worker)
    assert worker.role == Role.TEAM_MANAGER.value
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "role_changed"))
    assert event.detail == "from=social_worker to=team_manager"


def test_admin_cannot_remove_own_admin_role(app, client):
    admin = _admin(client)
    response = form_post(client, f"/admin/staff/{admin.id}", {"role": "commissioner"})
    assert "You cannot remove your own administrator role" in page_text(response)
    db.session.refresh(admin)
    assert admin.role == Role.ADMINISTRATOR.value


def test_deactivate_unlock_and_reactivate(app, client):
    _admin(client)
    worker = create_user()
    worker.locked_until = utcnow()
    db.session.commit()
    page = f"/admin/staff/{worker.id}"
    form_post(client, f"{page}/unlock", token_from=page)
    form_post(client, f"{page}/deactivate", token_from=page)
    db.session.refresh(worker)
    assert worker.locked_until is None and worker.active is False
    form_post(client, f"{page}/activate", token_from=page)
    db.session.refresh(worker)
    assert worker.active is True


def test_unknown_staff_member_is_404(app, client):
    _admin(client)
    assert client.get("/admin/staff/999999").status_code == 404
    applicant = create_user(role=Role.APPLICANT)
    assert client.get(f"/admin/staff/{applicant.id}").status_code == 404


def test_staff_list_search_and_paging(app, client):
    _admin(client)
    for number in range(30):
        create_user(name=f"Worker {number:02d}", email=f"worker{number:02d}@council.example")
    first = page_text(client.get("/admin/staff"))
    assert "Showing 1 to 25 of 31" in first
    second = page_text(client.get("/admin/staff?page=2"))
    assert "Showing 26 to 31 of 31" in second
    found = page_text(client.get("/admin/staff?q=worker07"))
    assert "Worker 07" in found and "Worker 08" not in found
    none = page_text(client.get("/admin/staff?q=zzzz"))
    assert "No staff match your search" in none


def _rows(response) -> str:
    table = parsed(response.get_data(as_text=True)).find("tbody")
    return table.get_text(" ", strip=True) if table else ""


def test_audit_trail_search(app, client):
    admin = _admin(client)
    worker = create_user(name="Bethan Rees")
    form_post(client, f"/admin/staff/{worker.id}", {"role": "commissioner"})
    everything = _rows(client.get("/admin/audit"))
    assert "Role changed" in everything and "Signed in" in everything
    only_roles = _rows(client.get("/admin/audit?action=role_changed"))
    assert "Role changed" in only_roles and "Signed in" not in only_roles
    by_person = _rows(client.get(f"/admin/audit?q={admin.email}"))
    assert "Ada Admin" in by_person and "Bethan Rees" not in by_person
    today = utcnow()
    dated = client.get(
        f"/admin/audit?date_from={today.day}&date_from={today.month}&date_from={today.year}"
    )
    assert "Role changed" in _rows(dated)


def test_audit_trail_rejects_an_impossible_date(app, client):
    _admin(client)
    response = client.get("/admin/audit?date_from=31&date_from=2&date_from=2026")
    assert "From must be a real date" in page_text(response)
