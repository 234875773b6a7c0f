"""Connected persons (kinship) cases

A looked-after child's relative or friend assessed to foster that one child: viability,
temporary approval (regulation 26 of the Care Planning, Placement and Case Review (Wales)
Regulations 2015) and its one extension, the full assessment, panel and decision.

Revision ID: c7e41a9d2b63
Revises: 66ab03ad98c2
Create Date: 2026-12-06 21:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e41a9d2b63'
down_revision = '66ab03ad98c2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('connected_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('social_worker_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('names', sa.String(length=200), nullable=False),
    sa.Column('relation', sa.String(length=100), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('postcode', sa.String(length=8), nullable=False),
    sa.Column('household_adults', sa.Text(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('viability_due', sa.Date(), nullable=False),
    sa.Column('viability_outcome', sa.String(length=16), nullable=True),
    sa.Column('viability_reasons', sa.Text(), nullable=True),
    sa.Column('viability_on', sa.Date(), nullable=True),
    sa.Column('temporary_from', sa.Date(), nullable=True),
    sa.Column('temporary_until', sa.Date(), nullable=True),
    sa.Column('temporary_by_id', sa.Integer(), nullable=True),
    sa.Column('extended_until', sa.Date(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('extended_by_id', sa.Integer(), nullable=True),
    sa.Column('extended_on', sa.Date(), nullable=True),
    sa.Column('report_summary', sa.Text(), nullable=True),
    sa.Column('report_on', sa.Date(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('panel_recommendation', sa.String(length=16), nullable=True),
    sa.Column('panel_minutes', sa.Text(), nullable=True),
    sa.Column('panel_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_reasons', sa.Text(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('carer_id', sa.Integer(), nullable=True),
    sa.Column('move_needed', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('temporary_until IS NULL OR temporary_from IS NULL OR temporary_until >= temporary_from', name='ck_connected_cases_temporary_dates'),
    sa.CheckConstraint('extended_until IS NULL OR (temporary_until IS NOT NULL AND extended_until > temporary_until)', name='ck_connected_cases_extension'),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['extended_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['panel_meetings.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['social_worker_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['temporary_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('carer_id')
    )
    with op.batch_alter_table('connected_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connected_cases_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_extended_until'), ['extended_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_names'), ['names'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_reference'), ['reference'], unique=True)
        batch_op.create_index(batch_op.f('ix_connected_cases_social_worker_id'), ['social_worker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_temporary_until'), ['temporary_until'], unique=False)
        batch_op.create_index(batch_op.f('ix_connected_cases_viability_due'), ['viability_due'], unique=False)


def downgrade():
    with op.batch_alter_table('connected_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connected_cases_viability_due'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_temporary_until'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_stage'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_social_worker_id'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_reference'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_names'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_extended_until'))
        batch_op.drop_index(batch_op.f('ix_connected_cases_child_id'))

    op.drop_table('connected_cases')
