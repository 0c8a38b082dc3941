"""a posting's last day is a date: disclosures.posting_last_day replaces the moment posting_end

The law counts a posting in days (at least 30 consecutive days, Law 10/2022/QH15 Art. 13) and a period ends at 24:00
of its last day (Civil Code Art. 148). posting_end held 00:00 Vietnam time of the day after the last day; the last
day is now stored as the date it is, and a posting is completed once that day is over in Vietnam. Converted in both
directions in Vietnam time (Asia/Ho_Chi_Minh, UTC+7 since 1975); moments are UTC since 0010_i12a_utc. The columns
are added and dropped in place (SQLite 3.35 or newer), not by copying the table, which other tables reference.

Revision ID: 0011_i12a_last_day
Revises: 0010_i12a_utc
Create Date: 2026-12-06 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_i12a_last_day'
down_revision = '0010_i12a_utc'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('disclosures', sa.Column('posting_last_day', sa.Date(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "UPDATE disclosures SET posting_last_day = (posting_end AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 1 "
            "WHERE posting_end IS NOT NULL"
        )
    else:
        op.execute(
            "UPDATE disclosures SET posting_last_day = date(posting_end, '+7 hours', '-1 day') "
            "WHERE posting_end IS NOT NULL"
        )
    op.drop_column('disclosures', 'posting_end')


def downgrade():
    op.add_column('disclosures', sa.Column('posting_end', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "UPDATE disclosures SET posting_end = (posting_last_day + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' "
            "WHERE posting_last_day IS NOT NULL"
        )
    else:
        op.execute(
            "UPDATE disclosures SET posting_end = datetime(posting_last_day, '+1 day', '-7 hours') || '.000000+00:00' "
            "WHERE posting_last_day IS NOT NULL"
        )
    op.drop_column('disclosures', 'posting_last_day')
