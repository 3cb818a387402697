"""Attention items: what the rules found in each client's data, for the Today page

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 10:00:00

The practitioner's Today page lists who needs attention (check-ins worse than the baseline,
notes since the last session, low adherence, overdue sessions, unsigned drafts). The items
are worked out when a client's data changes and stored here, so the page reads them in one
query. The table starts empty: after upgrading an existing practice, run
`flask --app wsgi attention refresh` once to work out every client's items.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    utc = practice.core.database.UTCDateTime(timezone=True)
    op.create_table(
        'attention_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('rule', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=80), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('link_endpoint', sa.String(length=80), nullable=False),
        sa.Column('link_args', sa.JSON(), nullable=False),
        sa.Column('data_at', utc, nullable=False),
        sa.Column('shows_from', utc, nullable=False),
        sa.Column('shows_until', utc, nullable=True),
        sa.Column('raised_at', utc, nullable=False),
        sa.Column('seen_at', utc, nullable=True),
        sa.Column('seen_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', utc, nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'],
                                name=op.f('fk_attention_items_client_id_clients')),
        sa.ForeignKeyConstraint(['seen_by_id'], ['users.id'],
                                name=op.f('fk_attention_items_seen_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attention_items')),
        sa.UniqueConstraint('client_id', 'rule', 'subject',
                            name='uq_attention_items_client_id_rule_subject'),
    )
    op.create_index('ix_attention_items_raised_at', 'attention_items', ['raised_at'])


def downgrade():
    op.drop_index('ix_attention_items_raised_at', table_name='attention_items')
    op.drop_table('attention_items')
