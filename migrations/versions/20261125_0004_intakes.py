"""Intake notes with their addenda; versioned client records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:20:00

Structured intakes (ACR 2016 items, painful regions, systems review) that are signed and
then corrected only by addenda.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('intakes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('condition_type_id', sa.Integer(), nullable=True),
    sa.Column('chief_complaint', sa.Text(), nullable=False),
    sa.Column('complaint_history', sa.Text(), nullable=True),
    sa.Column('symptoms_3_months', sa.Boolean(), nullable=False),
    sa.Column('medications', sa.Text(), nullable=True),
    sa.Column('goals', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('painful_regions', sa.JSON(), nullable=False),
    sa.Column('fatigue', sa.Integer(), nullable=False),
    sa.Column('waking_unrefreshed', sa.Integer(), nullable=False),
    sa.Column('cognitive_symptoms', sa.Integer(), nullable=False),
    sa.Column('headaches', sa.Integer(), nullable=False),
    sa.Column('lower_abdominal_pain', sa.Integer(), nullable=False),
    sa.Column('depression', sa.Integer(), nullable=False),
    sa.Column('systems_review', sa.JSON(), nullable=False),
    sa.Column('pain_overall', sa.Integer(), nullable=False),
    sa.Column('pain_neck_shoulders', sa.Integer(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('signed_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('cognitive_symptoms BETWEEN 0 AND 3', name=op.f('ck_intakes_cognitive_symptoms_range')),
    sa.CheckConstraint('depression BETWEEN 0 AND 1', name=op.f('ck_intakes_depression_range')),
    sa.CheckConstraint('fatigue BETWEEN 0 AND 3', name=op.f('ck_intakes_fatigue_range')),
    sa.CheckConstraint('headaches BETWEEN 0 AND 1', name=op.f('ck_intakes_headaches_range')),
    sa.CheckConstraint('lower_abdominal_pain BETWEEN 0 AND 1', name=op.f('ck_intakes_lower_abdominal_pain_range')),
    sa.CheckConstraint('pain_neck_shoulders BETWEEN 0 AND 10', name=op.f('ck_intakes_pain_neck_shoulders_range')),
    sa.CheckConstraint('pain_overall BETWEEN 0 AND 10', name=op.f('ck_intakes_pain_overall_range')),
    sa.CheckConstraint('waking_unrefreshed BETWEEN 0 AND 3', name=op.f('ck_intakes_waking_unrefreshed_range')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_intakes_author_id_users')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_intakes_client_id_clients')),
    sa.ForeignKeyConstraint(['condition_type_id'], ['condition_types.id'], name=op.f('fk_intakes_condition_type_id_condition_types')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_intakes_signed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intakes'))
    )
    with op.batch_alter_table('intakes', schema=None) as batch_op:
        batch_op.create_index('ix_intakes_client_id_assessed_on', ['client_id', 'assessed_on'], unique=False)

    op.create_table('intake_addenda',
    sa.Column('intake_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_intake_addenda_author_id_users')),
    sa.ForeignKeyConstraint(['intake_id'], ['intakes.id'], name=op.f('fk_intake_addenda_intake_id_intakes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_addenda'))
    )
    with op.batch_alter_table('intake_addenda', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_addenda_intake_id'), ['intake_id'], unique=False)

    # Optimistic locking for client records: existing rows start at version 1.
    op.add_column('clients', sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_column('version')
    op.drop_table('intake_addenda')
    op.drop_table('intakes')
