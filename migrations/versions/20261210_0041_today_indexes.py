"""Indexes for the Today page: the unseen attention items, and clients with their archiving

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-10 20:00:00

The Today page lists the newest unseen attention items of the practitioner's current clients
and counts them. At 10,000 clients that read every client row of the practitioner's 500 (to
leave out the archived) and every item row of theirs (wide rows: reasons, links) to keep the
items' times. Now both come from indexes:

- `ix_attention_items_unseen` holds, for the unseen items alone, the client, the time they are
  listed by and the times they show between;
- `ix_clients_practitioner_id_archived_at` replaces the index of the practitioner alone, which
  it serves as well.

The items' index by `raised_at` alone goes: nothing else reads it, and PostgreSQL walked it
through every practitioner's items, seen or not, to find one practitioner's newest.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0041'
down_revision = '0040'
branch_labels = None
depends_on = None

UNSEEN = sa.text("seen_at IS NULL")


def upgrade():
    op.create_index('ix_attention_items_unseen', 'attention_items',
                    ['client_id', 'raised_at', 'id', 'shows_from', 'shows_until'],
                    sqlite_where=UNSEEN, postgresql_where=UNSEEN)
    op.drop_index('ix_attention_items_raised_at', table_name='attention_items')
    op.create_index('ix_clients_practitioner_id_archived_at', 'clients',
                    ['practitioner_id', 'archived_at'])
    op.drop_index('ix_clients_practitioner_id', table_name='clients')


def downgrade():
    op.create_index('ix_clients_practitioner_id', 'clients', ['practitioner_id'])
    op.drop_index('ix_clients_practitioner_id_archived_at', table_name='clients')
    op.create_index('ix_attention_items_raised_at', 'attention_items', ['raised_at'])
    op.drop_index('ix_attention_items_unseen', table_name='attention_items')
