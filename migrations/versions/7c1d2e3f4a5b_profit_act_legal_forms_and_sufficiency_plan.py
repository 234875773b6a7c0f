"""The 2025 Act: providers' legal forms, supplementary placements, sufficiency plans

Agencies get a legal form in place of the ticked not-for-profit box (not-for-profit is
now derived from it): a ticked box becomes "not-for-profit, legal form to confirm", an
unticked one "for-profit". Placements get a supplementary placement's approval
reference. Drafts of the annual sufficiency plan (s.75A of the 2014 Act) are kept,
every version.

Revision ID: 7c1d2e3f4a5b
Revises: 5c3e9a1d7f20
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '7c1d2e3f4a5b'
down_revision = '5c3e9a1d7f20'
branch_labels = None
depends_on = None

NFP_FORMS = ("charitable_company", "cio", "charitable_society", "cic", "nfp_to_confirm",
             "local_authority")


def upgrade():
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_form', sa.String(length=24), nullable=True))
    agencies = sa.table('agencies', sa.column('legal_form', sa.String),
                        sa.column('not_for_profit', sa.Boolean))
    op.execute(agencies.update().values(legal_form=sa.case(
        (agencies.c.not_for_profit == sa.true(), 'nfp_to_confirm'), else_='for_profit')))
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.alter_column('legal_form', existing_type=sa.String(length=24), nullable=False)
        batch_op.drop_column('not_for_profit')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_reference', sa.String(length=100), nullable=True))

    op.create_table('sufficiency_plan_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('financial_year', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('steps', sa.Text(), nullable=False),
    sa.Column('planned_places', sa.Integer(), nullable=False),
    sa.Column('planned_beds', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=True),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['saved_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('financial_year', 'version', name='uq_sufficiency_plan_version')
    )
    with op.batch_alter_table('sufficiency_plan_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sufficiency_plan_drafts_financial_year'),
                              ['financial_year'], unique=False)


def downgrade():
    with op.batch_alter_table('sufficiency_plan_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sufficiency_plan_drafts_financial_year'))
    op.drop_table('sufficiency_plan_drafts')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('approval_reference')

    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_for_profit', sa.Boolean(), nullable=True))
    agencies = sa.table('agencies', sa.column('legal_form', sa.String),
                        sa.column('not_for_profit', sa.Boolean))
    op.execute(agencies.update().values(not_for_profit=agencies.c.legal_form.in_(NFP_FORMS)))
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.alter_column('not_for_profit', existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_column('legal_form')
