"""A placement's life: planned, started or cancelled; agreement, information shared,
end reasons, school changes; the reason a proposal was rejected

Revision ID: 3f7a2c91d4e8
Revises: 581008e163c6
Create Date: 2026-12-06 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f7a2c91d4e8'
down_revision = '581008e163c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stage', sa.String(length=12), server_default='started', nullable=False))
        batch_op.add_column(sa.Column('agreed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('agreed_with', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('information_shared', sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column('information_shared_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('planned_weekly_cost_pence', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('end_planned', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('school_postcode', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('school_changed', sa.Boolean(), nullable=True))
        batch_op.create_index(batch_op.f('ix_placements_stage'), ['stage'], unique=False)

    with op.batch_alter_table('matching_outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reject_reason', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('baseline_school_move', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('matching_outcomes', schema=None) as batch_op:
        batch_op.drop_column('baseline_school_move')
        batch_op.drop_column('reject_reason')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_stage'))
        batch_op.drop_column('school_changed')
        batch_op.drop_column('school_postcode')
        batch_op.drop_column('end_planned')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('planned_weekly_cost_pence')
        batch_op.drop_column('information_shared_on')
        batch_op.drop_column('information_shared')
        batch_op.drop_column('agreed_with')
        batch_op.drop_column('agreed_on')
        batch_op.drop_column('stage')
