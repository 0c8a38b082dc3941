"""citizens following a published plan by email: plan_follows (double opt-in, only the token's hash kept)

Revision ID: 0020_pf
Revises: 0019_i18
Create Date: 2026-12-06 19:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0020_pf'
down_revision = '0019_i18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('confirm_token_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirm_sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('unsubscribed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_follows_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_follows')),
    sa.UniqueConstraint('confirm_token_hash', name=op.f('uq_plan_follows_confirm_token_hash'))
    )
    with op.batch_alter_table('plan_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_follows_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_follows_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_follows_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_follows_email'))
    op.drop_table('plan_follows')
