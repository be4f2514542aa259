"""Request desk as the law requires: agencies' 复议机关 and court, notices' delivery day and reply, step and
answer details, merged duplicate requests.

Revision ID: d019
Revises: w017
Create Date: 2026-12-03 09:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'd019'
down_revision = 'w017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_agency_remedies',
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('review_body', sa.String(length=200), nullable=False),
    sa.Column('court', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_agency_remedies_agency_id_agencies')),
    sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_desk_agency_remedies'))
    )
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reply', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))
    with op.batch_alter_table('desk_cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_desk_cases_merged_into_id_desk_cases'), 'desk_cases', ['merged_into_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('desk_cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_desk_cases_merged_into_id_desk_cases'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('detail')
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.drop_column('detail')
        batch_op.drop_column('reply')
        batch_op.drop_column('delivered_on')
    op.drop_table('desk_agency_remedies')
