"""Server-side sessions and recovery codes

Each signed-in browser is a row the session cookie names (ended on sign-out, password and
two-factor changes, deactivation, by an admin or from the person's own list of devices; idle
and absolute limits checked on every request), with the two-factor secret being set up kept
on it instead of in the cookie. One-time recovery codes, stored hashed, stand in for the
authenticator app.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:40:00
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('security_stamp', sa.String(length=32), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=120), nullable=True),
    sa.Column('ended_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sa.Enum(
        'signed_out', 'idle', 'expired', 'password_changed', 'two_factor_on', 'two_factor_off',
        'deactivated', 'ended_by_admin', 'ended_by_user', 'account_changed',
        name='session_end_reason', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('two_factor_setup_secret', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))

    op.drop_table('user_sessions')
