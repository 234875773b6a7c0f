"""The fostering team's models: vocabularies shared with matching, and stage history."""

from __future__ import annotations

from sqlalchemy import select

from fostering.models import StageChange
from fostering.models.carer import CarerSkill, ChildSex, PlacementType
from fostering.recruitment.services.application_stages import move_stage
from matching import PLACEMENT_TYPES, SEXES, SKILLS
from tests.factories import create_application


def test_carer_vocabularies_are_the_matching_models():
    assert tuple(member.value for member in CarerSkill) == SKILLS
    assert tuple(member.value for member in PlacementType) == PLACEMENT_TYPES
    assert tuple(member.value for member in ChildSex) == SEXES


def test_every_stage_move_is_kept_for_timescales(db_session):
    application = create_application(stage="in_progress")
    move_stage(application, "submitted", actor=application.applicant)
    changes = db_session.execute(
        select(StageChange.from_stage, StageChange.to_stage)
        .where(StageChange.application_id == application.id)
        .order_by(StageChange.id)
    ).all()
    assert [tuple(row) for row in changes] == [(None, "in_progress"), ("in_progress", "submitted")]
    last = db_session.scalars(select(StageChange).order_by(StageChange.id.desc())).first()
    assert last.at == application.stage_changed_at
