"""Recruitment services refuse with a code and a field, join each other's transactions,
and send their emails only once what the email announces is committed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from fostering.extensions import db
from fostering.models import Application, ApplicationStage, Role
from fostering.models.types import utcnow
from fostering.recruitment.services import enquiry_inbox
from fostering.recruitment.services.application_stages import StageError, move_stage
from fostering.recruitment.services.casework import CaseworkError
from fostering.recruitment.services.errors import RecruitmentCode
from fostering.recruitment.services.invitations import InvitationError
from fostering.services import mail
from tests.factories import create_application, create_enquiry, create_user


def test_a_refused_stage_move_carries_its_code_and_the_stages(db_session):
    application = create_application(stage="submitted")
    with pytest.raises(StageError) as refused:
        move_stage(application, ApplicationStage.APPROVED, actor=None)
    assert refused.value.code is RecruitmentCode.NOT_BEEN_TO_PANEL
    assert refused.value.field is None
    assert {k: str(v) for k, v in refused.value.params.items()} == {
        "current": "Submitted",
        "target": "Approved",
    }


def test_a_refusal_about_a_field_names_it(db_session):
    enquiry = create_enquiry(status="visit_booked")
    enquiry.visit_at = utcnow() - timedelta(days=1)
    db_session.commit()
    with pytest.raises(CaseworkError) as refused:
        enquiry_inbox.close_enquiry(enquiry, actor=create_user(role=Role.SOCIAL_WORKER), reason=" ")
    assert (refused.value.code, refused.value.field) == (
        RecruitmentCode.CLOSE_REASON_MISSING,
        "reason",
    )


def _visited(**fields):
    enquiry = create_enquiry(status="visit_booked", **fields)
    enquiry.visit_at = utcnow() - timedelta(days=1)
    db.session.commit()
    return enquiry


def _committed_applications() -> int:
    with db.engine.connect() as other:
        return other.scalar(select(func.count()).select_from(Application))


@pytest.mark.commits
def test_the_invitation_is_emailed_once_the_visit_outcome_is_committed(db_session, monkeypatch):
    sent = []

    def send_safely(to, template, **context):
        sent.append((template, _committed_applications()))
        return True

    monkeypatch.setattr(mail, "send_safely", send_safely)
    enquiry = _visited()
    enquiry_inbox.record_visit_outcome(
        enquiry, actor=create_user(role=Role.SOCIAL_WORKER), outcome="invite"
    )
    assert sent == [("invitation", 1)]


@pytest.mark.commits
def test_a_refused_invitation_leaves_the_visit_outcome_unwritten(db_session, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send_safely", lambda *args, **kwargs: sent.append(args))
    create_user(email="taken@public.example")
    enquiry = _visited(email="taken@public.example")
    with pytest.raises(InvitationError) as refused:
        enquiry_inbox.record_visit_outcome(
            enquiry, actor=create_user(role=Role.SOCIAL_WORKER), outcome="invite"
        )
    assert (refused.value.code, refused.value.field) == (RecruitmentCode.EMAIL_TAKEN, "email")
    db_session.expire_all()
    assert enquiry.visit_outcome is None and enquiry.status == "visit_booked"
    assert _committed_applications() == 0
    assert sent == []
