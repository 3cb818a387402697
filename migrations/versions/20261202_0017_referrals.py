"""Referrals: a client told to see a doctor or get help, from a session, intake or check-in

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 01:10:55

Each referral says to whom, why, how urgent and the day, who recorded it, and the record it
was made from (at most one of a session, an intake or a check-in; none when made from the
client's record itself). Referrals are recorded once and never changed.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('referred_to', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('urgency', sa.Enum('routine', 'soon', 'urgent', 'emergency', name='referral_urgency', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('intake_id', sa.Integer(), nullable=True),
    sa.Column('check_in_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('CAST(session_id IS NOT NULL AS INTEGER) + CAST(intake_id IS NOT NULL AS INTEGER) + CAST(check_in_id IS NOT NULL AS INTEGER) <= 1', name=op.f('ck_referrals_one_source')),
    sa.ForeignKeyConstraint(['check_in_id'], ['check_ins.id'], name=op.f('fk_referrals_check_in_id_check_ins')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_referrals_client_id_clients')),
    sa.ForeignKeyConstraint(['intake_id'], ['intakes.id'], name=op.f('fk_referrals_intake_id_intakes')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_referrals_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['treatment_sessions.id'], name=op.f('fk_referrals_session_id_treatment_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_client_id_referred_on', ['client_id', 'referred_on'], unique=False)


def downgrade():
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_client_id_referred_on')

    op.drop_table('referrals')
