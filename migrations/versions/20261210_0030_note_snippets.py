"""Note snippets: each practitioner's own phrases for session notes

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-10 12:00:00

`note_snippets` holds a practitioner's reusable phrases (a name, the text and an optional
shortcut, unique per practitioner), put into a note with a click or "/shortcut" and Tab.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'note_snippets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=80), nullable=False),
        sa.Column('shortcut', sa.String(length=30), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'],
                                name=op.f('fk_note_snippets_practitioner_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_note_snippets')),
        sa.UniqueConstraint('practitioner_id', 'shortcut',
                            name='uq_note_snippets_practitioner_id_shortcut'),
    )
    op.create_index(op.f('ix_note_snippets_practitioner_id'), 'note_snippets',
                    ['practitioner_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_note_snippets_practitioner_id'), table_name='note_snippets')
    op.drop_table('note_snippets')
