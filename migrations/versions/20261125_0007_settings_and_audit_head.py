"""Practice settings and the audit chain head

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 21:45:00

The chain head records the newest audit event and the number of events, so deleting the
newest rows of the trail is detected too. It starts at whatever trail already exists.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database
from practice.core.database import now_utc


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

GENESIS_HASH = '0' * 64


def upgrade():
    op.create_table('practice_settings',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('practice_name', sa.String(length=120), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_practice_settings_single_row')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_practice_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_settings'))
    )

    op.create_table('audit_chain_heads',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_chain_heads_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_heads'))
    )

    connection = op.get_bind()
    newest = connection.execute(
        sa.text('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1')).first()
    count = connection.execute(sa.text('SELECT count(*) FROM audit_events')).scalar()
    heads = sa.table('audit_chain_heads', sa.column('id', sa.Integer),
                     sa.column('last_event_id', sa.Integer), sa.column('last_hash', sa.String),
                     sa.column('event_count', sa.Integer),
                     sa.column('updated_at', practice.core.database.UTCDateTime))
    connection.execute(heads.insert().values(
        id=1, last_event_id=newest.id if newest else 0,
        last_hash=newest.hash if newest else GENESIS_HASH, event_count=count or 0,
        updated_at=now_utc()))


def downgrade():
    op.drop_table('audit_chain_heads')
    op.drop_table('practice_settings')
