"""officials' sessions end on demand; the sign-in lock is per account and address

`users.session_version` is part of what a session cookie names: signing out, changing the password or the second
factor, or an administrator's "end sessions" raises it, and every session made before, a copied cookie included,
stops working. `failed_logins` and `locked_until` go: a lock on the whole account let anyone keep an official out
with five wrong passwords, so wrong attempts are now counted per account and address from the audit log.

Revision ID: 0010_i11b
Revises: 0011_i12a_last_day
Create Date: 2026-12-06 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_i11b'
down_revision = '0011_i12a_last_day'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('session_version')
