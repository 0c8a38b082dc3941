"""dialogue_commitments.overdue_told_at: when the askers and the responsible body were told the promise is overdue

Revision ID: 0022_co
Revises: 0021_ra
Create Date: 2026-12-07 02:55:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0022_co'
down_revision = '0021_ra'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overdue_told_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.drop_column('overdue_told_at')
