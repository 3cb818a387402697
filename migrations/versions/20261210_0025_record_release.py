"""Clients' own record downloads: the practice setting and the release

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-10 11:00:00

`practice_settings.client_records_need_release`: when set, a client downloads their own record
from the portal only after their practitioner released it (`clients.record_released_at`).
Both columns are added in place; the setting starts off (clients may download at any time).
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('practice_settings', sa.Column('client_records_need_release', sa.Boolean(),
                                                 nullable=False, server_default='0'))
    op.add_column('clients', sa.Column('record_released_at',
                                       practice.core.database.UTCDateTime(timezone=True),
                                       nullable=True))


def downgrade():
    op.drop_column('clients', 'record_released_at')
    op.drop_column('practice_settings', 'client_records_need_release')
