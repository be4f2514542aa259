"""Rating: reviewers' overrides of indicators and recorded rating runs (rubric with the scores it gave).

Revision ID: r015
Revises: f013
Create Date: 2026-12-03 10:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'r015'
down_revision = 'f013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rating_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=80), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_rating_overrides_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_overrides'))
    )
    with op.batch_alter_table('rating_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_overrides_report_id'), ['report_id'], unique=False)

    op.create_table('rating_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('rubric_version', sa.String(length=80), nullable=False),
    sa.Column('rubric_digest', sa.String(length=20), nullable=False),
    sa.Column('rubric', sa.Text(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_runs'))
    )
    with op.batch_alter_table('rating_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_runs_rubric_digest'), ['rubric_digest'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rating_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_runs_rubric_digest'))
    op.drop_table('rating_runs')
    with op.batch_alter_table('rating_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_overrides_report_id'))
    op.drop_table('rating_overrides')
