"""Personal data past the council's retention periods is removed, with a dry run first
and a record that it was done; and a subject access export gathers one person's data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fostering.models import AuditEvent, Enquiry, User
from fostering.models.application import Application, HouseholdMember, Referee
from fostering.models.types import utcnow
from fostering.services import audit, retention
from tests.factories import create_application, create_case, create_enquiry

LONG_AGO = timedelta(days=5 * 366)


def _count(db_session, model) -> int:
    return db_session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def records(db_session):
    """One record of each kind past its period, and one of each still within it."""
    now = utcnow()
    old_enquiry = create_enquiry(status="closed")
    old_enquiry.closed_at = now - LONG_AGO
    recent_enquiry = create_enquiry(status="closed")
    recent_enquiry.closed_at = now - timedelta(days=30)
    open_enquiry = create_enquiry(status="new", received_at=now - LONG_AGO)
    withdrawn = create_case(stage="withdrawn", adults=1)
    withdrawn.stage_changed_at = now - LONG_AGO
    withdrawn.withdrawn_reason = "We are moving to Spain with our three children"
    withdrawn.phone = "07700 900999"
    refused_recently = create_case(stage="not_approved")
    approved = create_case(stage="approved")
    approved.stage_changed_at = now - LONG_AGO
    old_event = audit.record(None, "viewed", ("applications", "1"))
    old_event.at = now - timedelta(days=8 * 366)
    db_session.commit()
    return {
        "old_enquiry": old_enquiry.reference,
        "recent_enquiry": recent_enquiry.id,
        "open_enquiry": open_enquiry.id,
        "withdrawn": withdrawn.id,
        "refused_recently": refused_recently.id,
        "approved": approved.id,
    }


def test_a_dry_run_lists_what_has_expired_and_changes_nothing(app, db_session, records):
    before = (_count(db_session, Enquiry), _count(db_session, AuditEvent))
    outcome = retention.run(dry_run=True)
    assert outcome.enquiries == [records["old_enquiry"]]
    assert outcome.applications == [db_session.get(Application, records["withdrawn"]).reference]
    assert outcome.audit_entries == 1
    db_session.expire_all()
    assert (_count(db_session, Enquiry), _count(db_session, AuditEvent)) == before
    assert db_session.get(Application, records["withdrawn"]).phone == "07700 900999"


def test_a_run_removes_only_what_has_expired_and_records_it(app, db_session, records):
    outcome = retention.run(dry_run=False)
    assert outcome.anything
    db_session.expire_all()
    references = set(db_session.scalars(select(Enquiry.reference)))
    assert records["old_enquiry"] not in references
    assert db_session.get(Enquiry, records["recent_enquiry"]) is not None
    assert db_session.get(Enquiry, records["open_enquiry"]) is not None

    withdrawn = db_session.get(Application, records["withdrawn"])
    assert withdrawn.stage == "withdrawn"  # the bare record stays for the figures
    assert (withdrawn.first_name, withdrawn.phone, withdrawn.withdrawn_reason) == (
        "Removed",
        None,
        None,
    )
    assert withdrawn.enquiry.email is None and withdrawn.enquiry.first_name == "Removed"
    applicant = db_session.get(User, withdrawn.applicant_id)
    assert not applicant.active and applicant.password_hash is None
    assert applicant.email.endswith("@removed.invalid")
    assert (
        _count_for(db_session, HouseholdMember, withdrawn.id),
        _count_for(db_session, Referee, withdrawn.id),
    ) == (0, 0)

    for kept in ("refused_recently", "approved"):
        application = db_session.get(Application, records[kept])
        assert application.first_name != "Removed"
        assert _count_for(db_session, Referee, application.id) == 2

    [event] = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_run"))
    assert event.detail == (
        "enquiries deleted: 1; applications anonymised: 1; documents deleted: 0; "
        "audit entries deleted: 1"
    )
    assert _count(db_session, AuditEvent) == 1  # the old entry went; the run's own stays

    again = retention.run(dry_run=False)
    assert not again.anything


def _count_for(db_session, model, application_id: int) -> int:
    return db_session.scalar(
        select(func.count()).select_from(model).where(model.application_id == application_id)
    )


def test_the_command_runs_dry_and_for_real(app, db_session, records):
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0
    assert "Would remove: enquiries deleted: 1;" in dry.output
    assert f"enquiry {records['old_enquiry']}" in dry.output
    real = runner.invoke(args=["retention", "run"])
    assert real.exit_code == 0 and "Removed: enquiries deleted: 1;" in real.output


def test_a_subject_access_export_holds_one_persons_data(app, db_session, tmp_path):
    person = create_application(enquiry=create_enquiry(email="ceri@public.example"))
    audit.record(person.applicant, "signed_in", person.applicant)
    other = create_application(enquiry=create_enquiry(email="someone@public.example"))
    db_session.commit()
    output = tmp_path / "sar.json"
    result = app.test_cli_runner().invoke(
        args=["retention", "export", "Ceri@public.example ", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    held = json.loads(output.read_text())
    assert held["account"]["email"] == "ceri@public.example"
    assert "password_hash" not in held["account"]
    assert [enquiry["email"] for enquiry in held["enquiries"]] == ["ceri@public.example"]
    assert [a["reference"] for a in held["applications"]] == [person.reference]
    assert {"referees", "household_members", "check_items"} <= set(held["applications"][0])
    assert [event["action"] for event in held["audit_trail"]] == ["signed_in"]
    assert other.reference not in output.read_text()
