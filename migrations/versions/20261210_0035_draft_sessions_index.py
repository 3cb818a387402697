"""A partial index of the session drafts still to sign

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-10 12:30:00

The Today page lists and counts a practitioner's unsigned drafts. At 10,000 clients with 20
signed sessions each, that read every session of the practitioner's 500 clients (about 140 ms
on SQLite); this index holds only the drafts, so it reads those few rows.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None

DRAFTS = sa.text("signed_at IS NULL AND discarded_at IS NULL")


def upgrade():
    op.create_index('ix_treatment_sessions_drafts', 'treatment_sessions', ['client_id', 'started_at'],
                    sqlite_where=DRAFTS, postgresql_where=DRAFTS)


def downgrade():
    op.drop_index('ix_treatment_sessions_drafts', table_name='treatment_sessions')
