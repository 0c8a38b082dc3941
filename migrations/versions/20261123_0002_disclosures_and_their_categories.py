"""disclosures, their versions and files, and the categories of Law 10/2022/QH15

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:43:26.138213

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    categories = op.create_table('disclosure_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name_vi', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('posting_days', sa.Integer(), nullable=True),
    sa.Column('audience', sa.Enum('public', 'staff', name='audience', native_enum=False, length=16), nullable=False),
    sa.Column('required_for', sa.JSON(), nullable=False),
    sa.Column('is_correction_restarting', sa.Boolean(), nullable=False),
    sa.Column('due_month', sa.Integer(), nullable=True),
    sa.Column('due_day', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_disclosure_categories_code'))
    )
    op.create_table('disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('document_date', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('posting_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('posting_days', sa.Integer(), nullable=True),
    sa.Column('posting_end', sa.DateTime(timezone=True), nullable=True),
    sa.Column('posting_places', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_disclosures_approved_by_id_users')),
    sa.ForeignKeyConstraint(['category_id'], ['disclosure_categories.id'], name=op.f('fk_disclosures_category_id_disclosure_categories')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_disclosures_created_by_id_users')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['disclosures.id'], name=op.f('fk_disclosures_replaced_by_id_disclosures')),
    sa.ForeignKeyConstraint(['replaces_id'], ['disclosures.id'], name=op.f('fk_disclosures_replaces_id_disclosures')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_disclosures_unit_id_units')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['users.id'], name=op.f('fk_disclosures_withdrawn_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_category_id'), ['category_id'], unique=False)
        batch_op.create_index('ix_disclosures_start', ['posting_start', 'id'], unique=False)
        batch_op.create_index('ix_disclosures_unit_id_id', ['unit_id', 'id'], unique=False)

    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_attachments_created_by_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_attachments_disclosure_id_disclosures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_disclosure_id'), ['disclosure_id'], unique=False)

    op.create_table('disclosure_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('body_markdown', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('is_period_restarted', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_disclosure_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_disclosure_versions_disclosure_id_disclosures')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosure_versions')),
    sa.UniqueConstraint('disclosure_id', 'number', name='uq_disclosure_versions_number')
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_api_tokens_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_unit_id'), ['unit_id'], unique=False)

    _seed_categories(categories)


COMMUNE = ["commune"]
BODY = ["body", "district", "province"]
# (code, Vietnamese name, English name, legal basis, posting days or None for permanent, audience,
#  required for unit kinds, whether a correction restarts the period)
CATEGORIES = [
    ("kt-xh", "Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện", "Socio-economic development plan and results",
     "Luật 10/2022/QH15, Điều 11 khoản 1; Điều 13", 30, "public", COMMUNE, False),
    ("ngan-sach", "Dự toán, tình hình thực hiện và quyết toán ngân sách", "Budget estimates, execution and final accounts",
     "Luật 10/2022/QH15, Điều 11 khoản 2; Điều 13", 30, "public", COMMUNE, False),
    ("dat-dai-du-an", "Dự án đầu tư, thu hồi đất, bồi thường, hỗ trợ, tái định cư; quy hoạch, kế hoạch sử dụng đất",
     "Investment projects, land recovery, compensation and resettlement, land-use and construction plans",
     "Luật 10/2022/QH15, Điều 11 khoản 3; Điều 13", 30, "public", COMMUNE, True),
    ("quy-che-dan-chu", "Quy chế thực hiện dân chủ, nhiệm vụ, quyền hạn của cán bộ, quy tắc ứng xử",
     "Democracy regulation, officials' duties and powers, code of conduct",
     "Luật 10/2022/QH15, Điều 11 khoản 4; Điều 13 (niêm yết thường xuyên)", None, "public", COMMUNE, False),
    ("quy-dong-gop", "Các khoản đóng góp, quỹ, huy động của Nhân dân", "Contributions and community funds",
     "Luật 10/2022/QH15, Điều 11 khoản 5; Điều 13", 30, "public", COMMUNE, False),
    ("tai-san-cong", "Quản lý, sử dụng tài sản công", "Management and use of public assets",
     "Luật 10/2022/QH15, Điều 11 khoản 6; Điều 13", 30, "public", COMMUNE, False),
    ("an-sinh", "Tiêu chuẩn, đối tượng và kết quả hỗ trợ an sinh xã hội", "Social-support criteria, beneficiaries and results",
     "Luật 10/2022/QH15, Điều 11 khoản 7; Điều 13", 30, "public", COMMUNE, False),
    ("thien-tai", "Hỗ trợ khắc phục thiên tai, dịch bệnh", "Disaster and epidemic relief",
     "Luật 10/2022/QH15, Điều 11 khoản 8; Điều 13", 30, "public", COMMUNE, False),
    ("nghia-vu-quan-su", "Danh sách gọi nhập ngũ", "Conscription lists",
     "Luật 10/2022/QH15, Điều 11 khoản 9; Điều 13", 30, "public", COMMUNE, False),
    ("thanh-tra", "Kết luận thanh tra, kết quả phòng chống tham nhũng, lấy phiếu tín nhiệm",
     "Inspection conclusions, anti-corruption and confidence-vote results",
     "Luật 10/2022/QH15, Điều 11 khoản 10; Điều 13", 30, "public", COMMUNE, False),
    ("lay-y-kien", "Kế hoạch lấy ý kiến, tổng hợp ý kiến và giải trình", "Consultation plans, synthesis of comments and explanations",
     "Luật 10/2022/QH15, Điều 11 khoản 11; Điều 13", 30, "public", COMMUNE, True),
    ("phi-le-phi", "Phí, lệ phí và các khoản thu", "Fees and charges",
     "Luật 10/2022/QH15, Điều 11 khoản 12; Điều 13", 30, "public", COMMUNE, False),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Administrative procedures",
     "Luật 10/2022/QH15, Điều 11 khoản 13; Điều 13 (niêm yết thường xuyên)", None, "public", COMMUNE, False),
    ("khac", "Nội dung khác theo quy định của pháp luật", "Other matters required by law",
     "Luật 10/2022/QH15, Điều 11 khoản 14", 30, "public", [], False),
    ("noi-bo-co-quan", "Công khai trong nội bộ cơ quan, đơn vị", "Internal disclosure to the staff of an agency",
     "Luật 10/2022/QH15, Điều 46-48 (ít nhất 20 ngày liên tục)", 20, "staff", BODY, False),
]


def _seed_categories(table):
    op.bulk_insert(table, [
        {"code": code, "name_vi": name_vi, "name_en": name_en, "legal_basis": basis, "posting_days": days,
         "audience": audience, "required_for": required, "is_correction_restarting": restarts, "is_active": True,
         "created_at": datetime.now(UTC)}
        for code, name_vi, name_en, basis, days, audience, required, restarts in CATEGORIES
    ])


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_unit_id'))

    op.drop_table('api_tokens')
    op.drop_table('disclosure_versions')
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_disclosure_id'))

    op.drop_table('attachments')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index('ix_disclosures_unit_id_id')
        batch_op.drop_index('ix_disclosures_start')
        batch_op.drop_index(batch_op.f('ix_disclosures_category_id'))

    op.drop_table('disclosures')
    op.drop_table('disclosure_categories')
