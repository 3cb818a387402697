"""Private calendar feeds: one secret address per practitioner or client

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-10 16:00:00

Each feed belongs to one account (practitioner or client portal user) and holds the secret
token of its address; renewing replaces the token, deactivating the account deletes the row.
A practitioner may choose full client names in the events (first name and initial otherwise).
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('shows_full_names', sa.Boolean(), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('renewed_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token', name=op.f('uq_calendar_feeds_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id'))
    )


def downgrade():
    op.drop_table('calendar_feeds')
