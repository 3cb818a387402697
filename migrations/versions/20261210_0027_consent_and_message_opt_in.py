"""Consent records, and the outbox's message kinds: opt-in messages only with the opt-in

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-10 09:00:00

`consent_records` keeps each time a client gave or withdrew a consent (to treatment, to the
keeping of their records) or said yes or no to reminders and messages, with the version of
the wording they were shown. Rows are only added.

The outbox learns what each message is (`kind`: account, reminder, message; messages
already queued are account messages: invitations and resets) and whom an opt-in kind is to
(`client_id`), and a status `withheld` for an opt-in message the client had not agreed to
when it was due. On SQLite the outbox table is rebuilt for the new status check (it has no
triggers or expression indexes); on PostgreSQL the check is replaced in place.
"""
from alembic import op
import sqlalchemy as sa

import practice.core.database


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

STATUSES_BEFORE = ('queued', 'sent', 'failed')
STATUSES = (*STATUSES_BEFORE, 'withheld')
STATUS_CHECK = 'ck_outbox_messages_mail_status'
KIND_CHECK = 'ck_outbox_messages_message_kind'


def _status_type(values):
    return sa.Enum(*values, name='mail_status', native_enum=False, create_constraint=True)


def _kind_column():
    return sa.Column('kind', sa.Enum('account', 'reminder', 'message', name='message_kind',
                                     native_enum=False, create_constraint=True),
                     server_default='account', nullable=False)


def upgrade():
    op.create_table('consent_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('treatment', 'records', 'messages', name='consent_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('is_given', sa.Boolean(), nullable=False),
    sa.Column('wording_version', sa.String(length=40), nullable=False),
    sa.Column('method', sa.Enum('signed_form', 'in_person', 'portal', name='consent_method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('recorded_at', practice.core.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_consent_records_client_id_clients')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consent_records_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_records'))
    )
    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.create_index('ix_consent_records_client_id_kind', ['client_id', 'kind'], unique=False)

    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('outbox_messages', recreate='always') as batch_op:
            batch_op.add_column(_kind_column())
            batch_op.add_column(sa.Column('client_id', sa.Integer(), nullable=True))
            batch_op.alter_column('status', existing_type=_status_type(STATUSES_BEFORE),
                                  type_=_status_type(STATUSES), existing_nullable=False)
        return
    op.add_column('outbox_messages', _kind_column())
    op.add_column('outbox_messages', sa.Column('client_id', sa.Integer(), nullable=True))
    op.drop_constraint(op.f(STATUS_CHECK), 'outbox_messages', type_='check')
    op.alter_column('outbox_messages', 'status', existing_type=sa.String(length=6),
                    type_=sa.String(length=8), existing_nullable=False)
    op.create_check_constraint(op.f(STATUS_CHECK), 'outbox_messages',
                               sa.column('status').in_(STATUSES))


def downgrade():
    # Withheld messages were never sent and hold no text: they read as failed before this.
    op.execute("UPDATE outbox_messages SET status = 'failed' WHERE status = 'withheld'")
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('outbox_messages', recreate='always') as batch_op:
            batch_op.alter_column('status', existing_type=_status_type(STATUSES),
                                  type_=_status_type(STATUSES_BEFORE), existing_nullable=False)
            batch_op.drop_constraint(op.f(KIND_CHECK), type_='check')
            batch_op.drop_column('client_id')
            batch_op.drop_column('kind')
    else:
        op.drop_constraint(op.f(STATUS_CHECK), 'outbox_messages', type_='check')
        op.alter_column('outbox_messages', 'status', existing_type=sa.String(length=8),
                        type_=sa.String(length=6), existing_nullable=False)
        op.create_check_constraint(op.f(STATUS_CHECK), 'outbox_messages',
                                   sa.column('status').in_(STATUSES_BEFORE))
        op.drop_column('outbox_messages', 'client_id')
        op.drop_column('outbox_messages', 'kind')

    with op.batch_alter_table('consent_records', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_records_client_id_kind')

    op.drop_table('consent_records')
