"""Precautions checklist

Each client's precautions become a checklist: one row per item (what it is, since when, until
when, its details), and one checklist row per client (its lock, and when it was last gone
through at an intake). The free text of ``clients.precautions`` moves into an "other" item,
noted on the day the record last changed, and the column goes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 01:10:00
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database
from practice.core.database import now_utc


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

KINDS = ('infection', 'blood_clots', 'cancer', 'heart_failure', 'kidney_failure', 'lymphoedema',
         'pregnancy', 'recent_surgery', 'blood_thinners', 'implanted_device', 'osteoporosis',
         'reduced_sensation', 'broken_skin', 'allergies', 'other')


def upgrade():
    op.create_table('client_precautions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='precaution_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('noted_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('site', sa.String(length=200), nullable=True),
    sa.Column('event_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('side', sa.Enum('left', 'right', 'both', name='precaution_side', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('limb', sa.Enum('arm', 'leg', 'trunk', 'head_neck', name='precaution_limb', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('under_treatment', sa.Boolean(), nullable=True),
    sa.Column('cleared_by_doctor', sa.Boolean(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= noted_on', name=op.f('ck_client_precautions_ends_after_noted')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_precautions_client_id_clients')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_client_precautions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_precautions'))
    )
    op.create_index('ix_client_precautions_client_id_kind', 'client_precautions', ['client_id', 'kind'], unique=False)
    op.create_table('precaution_checklists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('reviewed_at', practice.core.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_precaution_checklists_client_id_clients')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_precaution_checklists_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_precaution_checklists')),
    sa.UniqueConstraint('client_id', name=op.f('uq_precaution_checklists_client_id'))
    )
    move_free_text_into_other()
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild would drop what the table's
    # rebuild cannot carry.
    op.drop_column('clients', 'precautions')


def _tables():
    clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('precautions', sa.Text),
                       sa.column('updated_at', practice.core.database.UTCDateTime))
    items = sa.table(
        'client_precautions', sa.column('client_id', sa.Integer), sa.column('kind', sa.String),
        sa.column('noted_on', sa.Date), sa.column('ended_on', sa.Date),
        sa.column('details', sa.Text),
        sa.column('created_at', practice.core.database.UTCDateTime),
        sa.column('updated_at', practice.core.database.UTCDateTime))
    checklists = sa.table(
        'precaution_checklists', sa.column('client_id', sa.Integer),
        sa.column('created_at', practice.core.database.UTCDateTime),
        sa.column('updated_at', practice.core.database.UTCDateTime))
    return clients, items, checklists


def move_free_text_into_other():
    """Each client's free-text precautions become an "other" item of their new checklist."""
    clients, items, checklists = _tables()
    connection = op.get_bind()
    now = now_utc()
    rows = connection.execute(sa.select(clients.c.id, clients.c.precautions, clients.c.updated_at)
                              .where(clients.c.precautions.is_not(None))).all()
    for client_id, text, updated_at in rows:
        if not text.strip():
            continue
        noted = (updated_at or now).date()
        connection.execute(items.insert().values(
            client_id=client_id, kind='other', noted_on=noted, details=text.strip(),
            created_at=now, updated_at=now))
        connection.execute(checklists.insert().values(client_id=client_id, created_at=now,
                                                      updated_at=now))


def downgrade():
    op.add_column('clients', sa.Column('precautions', sa.Text(), nullable=True))
    put_back_free_text()
    op.drop_table('precaution_checklists')
    op.drop_index('ix_client_precautions_client_id_kind', table_name='client_precautions')
    op.drop_table('client_precautions')


def put_back_free_text():
    """The free text again: each client's current items, one line each (kind: details)."""
    clients, items, _checklists = _tables()
    connection = op.get_bind()
    lines: dict[int, list[str]] = {}
    for client_id, kind, details in connection.execute(
            sa.select(items.c.client_id, items.c.kind, items.c.details)
            .where(items.c.ended_on.is_(None)).order_by(items.c.client_id)):
        label = kind.replace('_', ' ').capitalize()
        lines.setdefault(client_id, []).append(
            details if kind == 'other' and details else f"{label}: {details}" if details else label)
    for client_id, texts in lines.items():
        connection.execute(clients.update().where(clients.c.id == client_id)
                           .values(precautions="\n".join(texts)))
