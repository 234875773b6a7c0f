"""Stage moves: allowed ones are timestamped and audited, the rest refused with a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from fostering.models import ApplicationStage, AuditEvent, Role
from fostering.models.application import ALLOWED_TRANSITIONS
from fostering.recruitment.services.application_stages import StageError, move_stage
from tests.factories import create_application, create_user


def test_allowed_move_is_recorded_and_audited(db_session):
    application = create_application(stage="in_progress")
    before = application.stage_changed_at
    move_stage(application, ApplicationStage.SUBMITTED, actor=application.applicant)
    db_session.expire_all()
    assert application.stage == "submitted"
    assert application.submitted_at is not None
    assert application.stage_changed_at >= before
    event = db_session.scalar(
        select(AuditEvent).where(AuditEvent.action == "application_stage_changed")
    )
    assert event.object_id == str(application.id)
    assert event.detail == "from=in_progress to=submitted"


def test_approving_before_panel_is_refused_with_a_reason(db_session):
    application = create_application(stage="submitted")
    manager = create_user(role=Role.TEAM_MANAGER)
    with pytest.raises(StageError) as refused:
        move_stage(application, ApplicationStage.APPROVED, actor=manager)
    assert str(refused.value.message) == (
        "This application cannot move from Submitted to Approved: it has not been to panel."
    )
    db_session.expire_all()
    assert application.stage == "submitted"
    assert db_session.scalar(select(AuditEvent)) is None


def test_closed_applications_go_nowhere():
    for stage in ("approved", "not_approved", "withdrawn"):
        assert ALLOWED_TRANSITIONS[ApplicationStage(stage)] == set()


def test_withdrawal_keeps_the_reason(db_session):
    application = create_application(stage="stage_1")
    move_stage(application, "withdrawn", actor=None, reason="Moving abroad")
    db_session.expire_all()
    assert application.stage == "withdrawn"
    assert application.withdrawn_reason == "Moving abroad"
    assert application.withdrawn_at is not None
