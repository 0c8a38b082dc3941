"""job_runs: a daily periodic job claims its day, so two consumers firing the same crontab run it once

Revision ID: 0023_jr
Revises: 0022_co
Create Date: 2026-12-07 03:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0023_jr'
down_revision = '0022_co'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_runs',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', 'day', name=op.f('pk_job_runs'))
    )


def downgrade():
    op.drop_table('job_runs')
