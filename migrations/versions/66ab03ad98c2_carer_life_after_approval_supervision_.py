"""A carer's fostering life after approval: supervision, status history, checks

The supervising social worker of each household (and its allocation history),
supervisory visits, the dated history of a household's status (on hold, resigned,
deregistered), the adults living in the household and the checks kept up after
approval (DBS renewals, medical updates, training).

Revision ID: 66ab03ad98c2
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-06 20:49:30.243262

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '66ab03ad98c2'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('carer_household_adults',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('carer_household_adults', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carer_household_adults_carer_id'), ['carer_id'], unique=False)

    op.create_table('carer_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carer_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('carer_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carer_status_changes_carer_id'), ['carer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_carer_status_changes_to_status'), ['to_status'], unique=False)

    op.create_table('supervision_allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carer_id', sa.Integer(), nullable=False),
    sa.Column('from_worker_id', sa.Integer(), nullable=True),
    sa.Column('to_worker_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_worker_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['to_worker_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supervision_allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_allocations_carer_id'), ['carer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_allocations_to_worker_id'), ['to_worker_id'], unique=False)

    op.create_table('supervisory_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carer_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('announced', sa.Boolean(), nullable=False),
    sa.Column('carer_seen_alone', sa.Boolean(), nullable=False),
    sa.Column('children_seen', sa.String(length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('supervisory_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisory_visits_carer_id'), ['carer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervisory_visits_visited_on'), ['visited_on'], unique=False)

    op.create_table('carer_check_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('carer_id', sa.Integer(), nullable=False),
    sa.Column('adult_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('course', sa.String(length=32), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('dbs_certificate_number', sa.String(length=12), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adult_id'], ['carer_household_adults.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['carer_id'], ['foster_carers.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('carer_check_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carer_check_records_adult_id'), ['adult_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_carer_check_records_carer_id'), ['carer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_carer_check_records_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_carer_check_records_kind'), ['kind'], unique=False)

    with op.batch_alter_table('foster_carers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supervising_worker_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_foster_carers_supervising_worker_id'), ['supervising_worker_id'], unique=False)
        batch_op.create_foreign_key('fk_foster_carers_supervising_worker_id_users', 'users', ['supervising_worker_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('foster_carers', schema=None) as batch_op:
        batch_op.drop_constraint('fk_foster_carers_supervising_worker_id_users', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_foster_carers_supervising_worker_id'))
        batch_op.drop_column('supervising_worker_id')

    with op.batch_alter_table('carer_check_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carer_check_records_kind'))
        batch_op.drop_index(batch_op.f('ix_carer_check_records_expires_on'))
        batch_op.drop_index(batch_op.f('ix_carer_check_records_carer_id'))
        batch_op.drop_index(batch_op.f('ix_carer_check_records_adult_id'))

    op.drop_table('carer_check_records')
    with op.batch_alter_table('supervisory_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisory_visits_visited_on'))
        batch_op.drop_index(batch_op.f('ix_supervisory_visits_carer_id'))

    op.drop_table('supervisory_visits')
    with op.batch_alter_table('supervision_allocations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_allocations_to_worker_id'))
        batch_op.drop_index(batch_op.f('ix_supervision_allocations_carer_id'))

    op.drop_table('supervision_allocations')
    with op.batch_alter_table('carer_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carer_status_changes_to_status'))
        batch_op.drop_index(batch_op.f('ix_carer_status_changes_carer_id'))

    op.drop_table('carer_status_changes')
    with op.batch_alter_table('carer_household_adults', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carer_household_adults_carer_id'))

    op.drop_table('carer_household_adults')
