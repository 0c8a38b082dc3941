"""every period of the law as a dated row, with its legal basis in English too; the 2026 New Year day swap

legal_periods gains `condition` (the periods the law gives remote areas, verification at several places, and
information requested in person or by post, beside the general one) and `legal_basis_en`, filled for the rows
seeded by 0004. New rows: complaints in remote areas (Law 02/2011 Art. 28), denunciations verified at several
places, forwarded outside competence and their conclusions published (Law 25/2018 Art. 24, 40), feedback
forwarded outside competence (Decree 20/2008, by analogy: unverified), information requested in person or by post
(Law 104/2016 Art. 29, 31), and the 5 working days to disclose a decision (Law 10/2022 Art. 12(3)), which
was a constant in code. units gains `is_remote_area`. calendar_days gains the Government's swap for New Year
2026 that the `holidays` package does not know (Official Letter 12729/VPCP-KGVX: Friday 02/01 off, Saturday 10/01
worked); the package knows the other swaps of 2025 and 2026. Rows already there are left alone, so running it on
a database where an administrator declared these days changes nothing.

Revision ID: 0007_i12b_periods
Revises: 0006
Create Date: 2026-12-06 15:30:00.000000

"""
from datetime import UTC, date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_i12b_periods'
down_revision = '0006'
branch_labels = None
depends_on = None

LAW_START = date(2023, 7, 1)

# The English legal basis of each row 0004 seeded, by its Vietnamese text.
ENGLISH = {
    "Luật Tiếp công dân 42/2013/QH13, Điều 28(1)": "Law on Citizen Reception 42/2013/QH13, Art. 28(1)",
    "Quy định của địa phương (chưa có thời hạn chung)": "Local regulation (no national period)",
    "Quy định của cổng thông tin": "Rule of this portal",
    "Luật Khiếu nại 02/2011/QH13, Điều 27": "Law on Complaints 02/2011/QH13, Art. 27",
    "Luật Khiếu nại 02/2011/QH13, Điều 28": "Law on Complaints 02/2011/QH13, Art. 28",
    "Luật Khiếu nại 02/2011/QH13, Điều 28 (vụ việc phức tạp: 45 ngày)":
        "Law on Complaints 02/2011/QH13, Art. 28 (complex cases: 45 days)",
    "Luật Khiếu nại 02/2011/QH13, Điều 33 (khiếu nại lần hai)":
        "Law on Complaints 02/2011/QH13, Art. 33 (second complaint)",
    "Luật Tố cáo 25/2018/QH14, Điều 24(1)": "Law on Denunciations 25/2018/QH14, Art. 24(1)",
    "Luật Tố cáo 25/2018/QH14, Điều 30": "Law on Denunciations 25/2018/QH14, Art. 30",
    "Luật Tố cáo 25/2018/QH14, Điều 37 (tố cáo tiếp)": "Law on Denunciations 25/2018/QH14, Art. 37 (further denunciation)",
    "Luật Tiếp cận thông tin 104/2016/QH13, Điều 30": "Law on Access to Information 104/2016/QH13, Art. 30",
    "Luật Tiếp công dân 42/2013/QH13, Điều 28(1) (xử lý như kiến nghị)":
        "Law on Citizen Reception 42/2013/QH13, Art. 28(1) (handled as a petition)",
}

# kind, step, condition, amount, unit, max times, legal basis, in English, verified
SEED = [
    ("complaint", "resolve", "remote_area", 45, "calendar_days", 1,
     "Luật Khiếu nại 02/2011/QH13, Điều 28 (vùng sâu, vùng xa đi lại khó khăn; phức tạp: 60 ngày)",
     "Law on Complaints 02/2011/QH13, Art. 28 (remote areas with difficult travel; complex cases: 60 days)", True),
    ("denunciation", "acknowledge", "several_places", 10, "working_days", 1,
     "Luật Tố cáo 25/2018/QH14, Điều 24(1) (phải kiểm tra, xác minh tại nhiều địa điểm)",
     "Law on Denunciations 25/2018/QH14, Art. 24(1) (verification needed at several places)", True),
    ("denunciation", "forward", "general", 5, "working_days", 1,
     "Luật Tố cáo 25/2018/QH14, Điều 24(2) (chuyển đơn và thông báo cho người tố cáo)",
     "Law on Denunciations 25/2018/QH14, Art. 24(2) (forward and tell the denouncer)", True),
    ("denunciation", "publish", "general", 7, "working_days", 1,
     "Luật Tố cáo 25/2018/QH14, Điều 40 (công khai kết luận nội dung tố cáo)",
     "Law on Denunciations 25/2018/QH14, Art. 40 (publishing the conclusion)", True),
    ("feedback", "forward", "general", 5, "working_days", 1,
     "Nghị định 20/2008/NĐ-CP (áp dụng tương tự: chuyển phản ánh, kiến nghị và thông báo cho người gửi)",
     "Decree 20/2008/ND-CP (by analogy: forward the feedback and tell the citizen)", False),
    ("information_request", "resolve", "in_person", 10, "working_days", 1,
     "Luật Tiếp cận thông tin 104/2016/QH13, Điều 29 (yêu cầu trực tiếp)",
     "Law on Access to Information 104/2016/QH13, Art. 29 (requests in person)", True),
    ("information_request", "extend", "in_person", 10, "working_days", 1,
     "Luật Tiếp cận thông tin 104/2016/QH13, Điều 29 (yêu cầu trực tiếp)",
     "Law on Access to Information 104/2016/QH13, Art. 29 (requests in person)", True),
    ("information_request", "resolve", "by_post", 5, "working_days", 1,
     "Luật Tiếp cận thông tin 104/2016/QH13, Điều 31 (yêu cầu qua mạng bưu chính, fax)",
     "Law on Access to Information 104/2016/QH13, Art. 31 (requests by post or fax)", True),
    ("disclosure", "disclose", "general", 5, "working_days", 1,
     "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 12(3)",
     "Law on Implementation of Grassroots Democracy 10/2022/QH15, Art. 12(3)", True),
]

NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX: nghỉ Tết Dương lịch 2026"
SWAPS = [
    (date(2026, 1, 2), "day_off", NEW_YEAR_2026 + " (nghỉ thứ Sáu 02/01)"),
    (date(2026, 1, 10), "working_day", NEW_YEAR_2026 + " (làm bù thứ Bảy 10/01)"),
]

periods = sa.table(
    'legal_periods',
    sa.column('id', sa.Integer),
    sa.column('kind', sa.String),
    sa.column('step', sa.String),
    sa.column('condition', sa.String),
    sa.column('amount', sa.Integer),
    sa.column('period_unit', sa.String),
    sa.column('max_times', sa.Integer),
    sa.column('effective_from', sa.Date),
    sa.column('unit_id', sa.Integer),
    sa.column('legal_basis', sa.String),
    sa.column('legal_basis_en', sa.String),
    sa.column('is_verified', sa.Boolean),
    sa.column('created_by_id', sa.Integer),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
calendar_days = sa.table(
    'calendar_days',
    sa.column('day', sa.Date),
    sa.column('kind', sa.String),
    sa.column('note', sa.String),
    sa.column('created_at', sa.DateTime(timezone=True)),
)


def upgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_remote_area', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('legal_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'condition',
            sa.Enum('general', 'remote_area', 'several_places', 'in_person', 'by_post', name='periodcondition',
                    native_enum=False, length=16),
            server_default='general', nullable=False))
        batch_op.add_column(sa.Column('legal_basis_en', sa.String(length=300), server_default='', nullable=False))

    bind = op.get_bind()
    for vietnamese, english in ENGLISH.items():
        bind.execute(
            periods.update()
            .where(periods.c.legal_basis == vietnamese, periods.c.created_by_id.is_(None))
            .values(legal_basis_en=english)
        )
    now = datetime.now(UTC)
    op.bulk_insert(periods, [
        {"kind": kind, "step": step, "condition": condition, "amount": amount, "period_unit": unit,
         "max_times": times, "effective_from": LAW_START, "unit_id": None, "legal_basis": basis,
         "legal_basis_en": english, "is_verified": verified, "created_at": now}
        for kind, step, condition, amount, unit, times, basis, english, verified in SEED
    ])
    taken = set(bind.scalars(sa.select(calendar_days.c.day).where(calendar_days.c.day.in_([d for d, *_ in SWAPS]))))
    rows = [{"day": day, "kind": kind, "note": note, "created_at": now} for day, kind, note in SWAPS if day not in taken]
    if rows:
        op.bulk_insert(calendar_days, rows)


def downgrade():
    bind = op.get_bind()
    for day, kind, note in SWAPS:
        bind.execute(calendar_days.delete().where(calendar_days.c.day == day, calendar_days.c.note == note))
    # Without the new column and steps these rows, seeded or added since, would read as other rules.
    bind.execute(periods.delete().where(
        sa.or_(periods.c.condition != 'general', periods.c.step.in_(['forward', 'publish', 'disclose']))
    ))
    with op.batch_alter_table('legal_periods', schema=None) as batch_op:
        batch_op.drop_column('legal_basis_en')
        batch_op.drop_column('condition')
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_column('is_remote_area')
