"""An index for every foreign key

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-10 12:00:00

A large practice (10,000 clients, a million check-ins) must never read a whole table to
follow a foreign key: a join, a cascade, a "recorded by" lookup. Every foreign key column
that led no index, unique constraint or primary key gets ``ix_<table>_<column>`` (the models
add the same through ``practice.core.database.index_foreign_keys``). Creating an index does
not rebuild a table, so the database guards of 0008 stay.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None

INDEXES = (
    ('appointments', 'created_by_id'),
    ('appointments', 'plan_id'),
    ('appointments', 'session_id'),
    ('assignments', 'prescribed_by_id'),
    ('assignments', 'replaces_id'),
    ('assignments', 'stopped_by_id'),
    ('attention_items', 'seen_by_id'),
    ('check_ins', 'recorded_by_id'),
    ('client_precautions', 'recorded_by_id'),
    ('consent_records', 'recorded_by_id'),
    ('exercises', 'copied_from_id'),
    ('intake_addenda', 'author_id'),
    ('intakes', 'author_id'),
    ('intakes', 'condition_type_id'),
    ('intakes', 'signed_by_id'),
    ('opening_hours', 'updated_by_id'),
    ('practice_settings', 'updated_by_id'),
    ('precaution_checklists', 'reviewed_by_id'),
    ('referrals', 'check_in_id'),
    ('referrals', 'intake_id'),
    ('referrals', 'recorded_by_id'),
    ('referrals', 'session_id'),
    ('session_addenda', 'author_id'),
    ('session_plans', 'created_by_id'),
    ('session_plans', 'template_id'),
    ('treatment_sessions', 'practitioner_id'),
    ('treatment_sessions', 'signed_by_id'),
)


def upgrade():
    for table, column in INDEXES:
        op.create_index(f'ix_{table}_{column}', table, [column])


def downgrade():
    for table, column in reversed(INDEXES):
        op.drop_index(f'ix_{table}_{column}', table_name=table)
