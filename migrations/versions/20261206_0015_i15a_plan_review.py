"""plans brought in by officials: the original document kept until publication, sending for approval and the
head's returning it with a note

A draft becomes "sent" when submitted_at is later than returned_at; the note of the last return stays for the
drafter to read. The original file is kept by its SHA-256 in the upload storage so that the disclosure made at
publication carries the very document that was read.

Revision ID: 0015_i15a
Revises: 0014_i15b
Create Date: 2026-12-06 18:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_i15a'
down_revision = '0014_i15b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_filename', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('source_content_type', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('source_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('submitted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('return_note', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_plans_submitted_by_id_users'), 'users', ['submitted_by_id'],
                                    ['id'])


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plans_submitted_by_id_users'), type_='foreignkey')
        batch_op.drop_column('return_note')
        batch_op.drop_column('returned_at')
        batch_op.drop_column('submitted_by_id')
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('source_sha256')
        batch_op.drop_column('source_content_type')
        batch_op.drop_column('source_filename')
