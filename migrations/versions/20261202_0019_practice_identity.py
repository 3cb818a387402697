"""Practice identity: a UUID naming this installation in its exports

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 01:10:00

Made once, here, for a new database and for an existing one alike: FHIR resource ids and
identifier systems are derived from it, so two practices' exports never share an id.
"""
import uuid

from alembic import op
import sqlalchemy as sa

import practice.core.database
from practice.core.database import now_utc


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    identity = op.create_table('practice_identity',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('practice_uuid', sa.String(length=36), nullable=False),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_practice_identity_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_identity'))
    )
    op.bulk_insert(identity, [{'id': 1, 'practice_uuid': str(uuid.uuid4()),
                               'created_at': now_utc()}])


def downgrade():
    op.drop_table('practice_identity')
