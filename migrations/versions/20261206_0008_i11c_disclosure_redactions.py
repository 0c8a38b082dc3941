"""a unit head can mask personal data in a posted disclosure version, with a public note and both hashes

`disclosure_versions` gains `redacted_at`, `redaction_reason` (the public note of when and why) and
`redacted_sha256` (the hash of the text shown after the redaction). `content_sha256` keeps the hash of the text
as posted, so the paper notice and the approval record stay verifiable.

Revision ID: 0007_i11c
Revises: 0007_i12b_periods
Create Date: 2026-12-06 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_i11c'
down_revision = '0007_i12b_periods'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('disclosure_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('redaction_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('redacted_sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('disclosure_versions', schema=None) as batch_op:
        batch_op.drop_column('redacted_sha256')
        batch_op.drop_column('redaction_reason')
        batch_op.drop_column('redacted_at')
