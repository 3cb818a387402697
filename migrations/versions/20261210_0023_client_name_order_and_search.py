"""Clients' name order and folded search names

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-10 09:00:00

`family_name_first` shows a client's name family name first ("Chen Mei") where they prefer
it. `search_name` holds the names and email folded (Unicode NFKD, accents dropped, case
folded: `practice.core.names.fold`), which the client list searches, so "zoe" finds "Zoë" on
SQLite and PostgreSQL alike. The app writes it on every save; here it is filled for the
clients already recorded, with the same folding (a copy, so this migration keeps its meaning
if the app's code moves on). The columns are added in place (no table rebuild).
"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", bare).casefold().split())


def upgrade():
    op.add_column('clients', sa.Column('family_name_first', sa.Boolean(), nullable=False,
                                       server_default='0'))
    op.add_column('clients', sa.Column('search_name', sa.String(length=500), nullable=False,
                                       server_default=''))
    connection = op.get_bind()
    clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                       sa.column('family_name', sa.String), sa.column('email', sa.String),
                       sa.column('search_name', sa.String))
    rows = connection.execute(sa.select(clients.c.id, clients.c.given_name,
                                        clients.c.family_name, clients.c.email)).all()
    for row in rows:
        key = " ".join(part for part in map(_fold, (row.given_name, row.family_name, row.email))
                       if part)
        connection.execute(clients.update().where(clients.c.id == row.id)
                           .values(search_name=key))


def downgrade():
    op.drop_column('clients', 'search_name')
    op.drop_column('clients', 'family_name_first')
