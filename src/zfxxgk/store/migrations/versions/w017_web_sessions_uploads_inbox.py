"""Web app: sessions, reviewer accounts, the durable upload queue; the desk's inbox of online submissions.

Revision ID: w017
Revises: r015
Create Date: 2026-12-03 09:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'w017'
down_revision = 'r015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions')),
    sa.UniqueConstraint('digest', name=op.f('uq_web_sessions_digest'))
    )
    op.create_table('web_reviewers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_reviewers')),
    sa.UniqueConstraint('name', name=op.f('uq_web_reviewers_name'))
    )
    op.create_table('upload_batches',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_batches'))
    )
    with op.batch_alter_table('upload_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_batches_created_at'), ['created_at'], unique=False)
    op.create_table('upload_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.String(length=32), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('agency', sa.String(length=200), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['upload_batches.id'], name=op.f('fk_upload_files_batch_id_upload_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_files'))
    )
    with op.batch_alter_table('upload_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_upload_files_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_upload_files_status'), ['status'], unique=False)
    op.create_table('desk_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('application', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_submissions_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['desk_cases.id'], name=op.f('fk_desk_submissions_case_id_desk_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_submissions')),
    sa.UniqueConstraint('number', name=op.f('uq_desk_submissions_number'))
    )
    with op.batch_alter_table('desk_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_submissions_agency_id'), ['agency_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('desk_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_submissions_agency_id'))
    op.drop_table('desk_submissions')
    with op.batch_alter_table('upload_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_files_status'))
        batch_op.drop_index(batch_op.f('ix_upload_files_batch_id'))
    op.drop_table('upload_files')
    with op.batch_alter_table('upload_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_upload_batches_created_at'))
    op.drop_table('upload_batches')
    op.drop_table('web_reviewers')
    op.drop_table('web_sessions')
