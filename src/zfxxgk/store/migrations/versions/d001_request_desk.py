"""Request desk: users, cases and their statutory steps, appeals, publication register, yearly figures, audit log.

Revision ID: d001
Revises: 0001
Create Date: 2026-11-25 23:27:12.543284
"""

from alembic import op
import sqlalchemy as sa


revision = 'd001'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('clock_start', sa.Date(), nullable=False),
    sa.Column('applicant_kind', sa.String(length=20), nullable=False),
    sa.Column('applicant_name', sa.String(length=200), nullable=False),
    sa.Column('id_number', sa.String(length=40), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('form', sa.String(length=40), nullable=True),
    sa.Column('delivery', sa.String(length=40), nullable=True),
    sa.Column('outcome', sa.String(length=60), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_cases_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_cases')),
    sa.UniqueConstraint('agency_id', 'number', name=op.f('uq_desk_cases_agency_id_number'))
    )
    with op.batch_alter_table('desk_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_cases_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_cases_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_cases_received_on'), ['received_on'], unique=False)

    op.create_table('desk_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('doc_number', sa.String(length=100), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('repealed_on', sa.Date(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_documents_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_documents'))
    )
    with op.batch_alter_table('desk_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_documents_agency_id'), ['agency_id'], unique=False)

    op.create_table('desk_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=30), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_figures_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_figures')),
    sa.UniqueConstraint('agency_id', 'year', 'item', name=op.f('uq_desk_figures_agency_id_year_item'))
    )
    with op.batch_alter_table('desk_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_figures_agency_id'), ['agency_id'], unique=False)

    op.create_table('desk_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_users_agency_id_agencies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_desk_users_name'))
    )
    op.create_table('desk_appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_appeals_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['desk_cases.id'], name=op.f('fk_desk_appeals_case_id_desk_cases')),
    sa.ForeignKeyConstraint(['review_id'], ['desk_appeals.id'], name=op.f('fk_desk_appeals_review_id_desk_appeals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_appeals'))
    )
    with op.batch_alter_table('desk_appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_appeals_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_appeals_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_appeals_filed_on'), ['filed_on'], unique=False)

    op.create_table('desk_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_desk_audit_agency_id_agencies')),
    sa.ForeignKeyConstraint(['case_id'], ['desk_cases.id'], name=op.f('fk_desk_audit_case_id_desk_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_audit'))
    )
    with op.batch_alter_table('desk_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_audit_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_audit_case_id'), ['case_id'], unique=False)

    op.create_table('desk_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['desk_cases.id'], name=op.f('fk_desk_steps_case_id_desk_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_steps'))
    )
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_steps_case_id'), ['case_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('desk_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_steps_case_id'))

    op.drop_table('desk_steps')
    with op.batch_alter_table('desk_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_audit_case_id'))
        batch_op.drop_index(batch_op.f('ix_desk_audit_at'))

    op.drop_table('desk_audit')
    with op.batch_alter_table('desk_appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_appeals_filed_on'))
        batch_op.drop_index(batch_op.f('ix_desk_appeals_case_id'))
        batch_op.drop_index(batch_op.f('ix_desk_appeals_agency_id'))

    op.drop_table('desk_appeals')
    op.drop_table('desk_users')
    with op.batch_alter_table('desk_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_figures_agency_id'))

    op.drop_table('desk_figures')
    with op.batch_alter_table('desk_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_documents_agency_id'))

    op.drop_table('desk_documents')
    with op.batch_alter_table('desk_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_cases_received_on'))
        batch_op.drop_index(batch_op.f('ix_desk_cases_closed_on'))
        batch_op.drop_index(batch_op.f('ix_desk_cases_agency_id'))

    op.drop_table('desk_cases')
