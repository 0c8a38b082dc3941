"""the steps the law has that cases lacked: the second complaint, the time limit to complain, the published
conclusion of a denunciation, and information requests made in person or by post

cases gains the first-instance complaint a second complaint is brought against (appeal_of_id), the last day the
citizen could complain (complain_until: 90 days from learning of the decision, Law 02/2011 Art. 9, or the window of
Art. 33 for a second complaint), and a denunciation's public conclusion with the day it must be published by
(Law 25/2018 Art. 40). legal_periods gains the dated rows these steps are counted with, remote areas' included.

Revision ID: 0009_i12c
Revises: 0007_i11c
Create Date: 2026-12-06 15:10:00.000000

"""
from datetime import UTC, date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_i12c'
down_revision = '0007_i11c'
branch_labels = None
depends_on = None

LAW_START = date(2023, 7, 1)

# kind, step, condition, amount, unit, max times, legal basis, in English. The conclusion's 7 working days and the
# periods of information requested in person or by post are 0007_i12b_periods' rows.
SEED = [
    ("complaint", "complain", "general", 90, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 9",
     "Law on Complaints 02/2011/QH13, Art. 9"),
    ("complaint", "appeal", "general", 30, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 33",
     "Law on Complaints 02/2011/QH13, Art. 33"),
    ("complaint", "appeal", "remote_area", 45, "calendar_days", 1,
     "Luật Khiếu nại 02/2011/QH13, Điều 33 (vùng sâu, vùng xa đi lại khó khăn)",
     "Law on Complaints 02/2011/QH13, Art. 33 (remote areas with difficult travel)"),
    ("complaint", "resolve_second", "general", 45, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 37",
     "Law on Complaints 02/2011/QH13, Art. 37"),
    ("complaint", "resolve_second", "remote_area", 60, "calendar_days", 1,
     "Luật Khiếu nại 02/2011/QH13, Điều 37 (vùng sâu, vùng xa đi lại khó khăn)",
     "Law on Complaints 02/2011/QH13, Art. 37 (remote areas with difficult travel)"),
    ("complaint", "extend_second", "general", 15, "calendar_days", 1,
     "Luật Khiếu nại 02/2011/QH13, Điều 37 (vụ việc phức tạp: 60 ngày)",
     "Law on Complaints 02/2011/QH13, Art. 37 (complex cases: 60 days)"),
    ("complaint", "extend_second", "remote_area", 10, "calendar_days", 1,
     "Luật Khiếu nại 02/2011/QH13, Điều 37 (vùng sâu, vùng xa, phức tạp: 70 ngày)",
     "Law on Complaints 02/2011/QH13, Art. 37 (remote areas, complex cases: 70 days)"),
]


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('appeal_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('complain_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('conclusion_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('conclusion_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('conclusion_published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_appeal_of_id_cases'), 'cases', ['appeal_of_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_cases_appeal_of_id'), ['appeal_of_id'], unique=False)
        batch_op.create_index('ix_cases_conclusion_published', ['conclusion_published_at', 'id'], unique=False)

    periods = sa.table(
        'legal_periods',
        sa.column('kind', sa.String), sa.column('step', sa.String), sa.column('amount', sa.Integer),
        sa.column('period_unit', sa.String), sa.column('max_times', sa.Integer),
        sa.column('effective_from', sa.Date), sa.column('unit_id', sa.Integer),
        sa.column('legal_basis', sa.String), sa.column('legal_basis_en', sa.String),
        sa.column('condition', sa.String), sa.column('is_verified', sa.Boolean),
        sa.column('created_at', sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    op.bulk_insert(periods, [
        {"kind": kind, "step": step, "condition": condition, "amount": amount, "period_unit": unit,
         "max_times": times, "effective_from": LAW_START, "unit_id": None, "legal_basis": basis,
         "legal_basis_en": english, "is_verified": True, "created_at": now}
        for kind, step, condition, amount, unit, times, basis, english in SEED
    ])


def downgrade():
    steps = sorted({step for _, step, *_ in SEED})
    op.execute(sa.text("DELETE FROM legal_periods WHERE step IN :steps").bindparams(sa.bindparam("steps", steps,
                                                                                           expanding=True)))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_conclusion_published')
        batch_op.drop_index(batch_op.f('ix_cases_appeal_of_id'))
        batch_op.drop_constraint(batch_op.f('fk_cases_appeal_of_id_cases'), type_='foreignkey')
        batch_op.drop_column('conclusion_published_at')
        batch_op.drop_column('conclusion_due_on')
        batch_op.drop_column('conclusion_text')
        batch_op.drop_column('complain_until')
        batch_op.drop_column('appeal_of_id')
