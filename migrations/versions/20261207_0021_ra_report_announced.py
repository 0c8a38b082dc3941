"""plan_reports.announced_at: a report approved after its maker submitted it is announced to the plan's followers

Reports approved before this revision are marked announced at their approval, so followers are not mailed old news.

Revision ID: 0021_ra
Revises: 0020_pf
Create Date: 2026-12-07 02:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0021_ra'
down_revision = '0020_pf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE plan_reports SET announced_at = "
        "(SELECT disclosures.approved_at FROM disclosures WHERE disclosures.id = plan_reports.disclosure_id) "
        "WHERE disclosure_id IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table('plan_reports', schema=None) as batch_op:
        batch_op.drop_column('announced_at')
