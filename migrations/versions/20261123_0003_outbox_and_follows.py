"""the mail outbox, and citizens following a unit's disclosures by email

outbox_messages holds every rendered mail until the SMTP server has accepted it (the worker drains it);
disclosure_follows holds double-opt-in email followers of a unit (optionally one category), with only the hash of
the confirmation token; disclosure_announcements records, once per disclosure (unique), that its going live was
mailed to its followers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:50:57.160637

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('recipient', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('unsubscribe_url', sa.String(length=1000), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_due', ['sent_at', 'next_attempt_at'], unique=False)

    op.create_table('disclosure_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('confirm_token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirm_sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['disclosure_categories.id'], name=op.f('fk_disclosure_follows_category_id_disclosure_categories')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_disclosure_follows_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_follows')),
    sa.UniqueConstraint('confirm_token_hash', name=op.f('uq_disclosure_follows_confirm_token_hash'))
    )
    with op.batch_alter_table('disclosure_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosure_follows_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosure_follows_unit_id'), ['unit_id'], unique=False)

    op.create_table('disclosure_announcements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_disclosure_announcements_disclosure_id_disclosures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_announcements')),
    sa.UniqueConstraint('disclosure_id', name=op.f('uq_disclosure_announcements_disclosure_id'))
    )


def downgrade():
    op.drop_table('disclosure_announcements')
    with op.batch_alter_table('disclosure_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosure_follows_unit_id'))
        batch_op.drop_index(batch_op.f('ix_disclosure_follows_email'))

    op.drop_table('disclosure_follows')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_due')

    op.drop_table('outbox_messages')
