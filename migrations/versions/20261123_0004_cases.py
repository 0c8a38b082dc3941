"""citizen cases, their append-only history and files; routing rules; the legal periods of each kind

legal_periods is seeded with the periods of the laws on cases (Law 42/2013, 02/2011, 25/2018, 104/2016); rows the
law does not fix nationally are seeded unverified and flagged to the administrator. case_events is append-only in
the database as audit_events is.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 12:53:11.719827

"""
from alembic import op
import sqlalchemy as sa
from datetime import UTC, date, datetime


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('feedback', 'complaint', 'denunciation', 'information_request', 'dialogue_request', name='casekind', native_enum=False, length=32), nullable=False),
    sa.Column('field', sa.Enum('land', 'environment', 'construction', 'compensation', 'social_policy', 'public_order', 'administrative_procedures', 'fees', 'other', name='casefield', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('received', 'awaiting_info', 'accepted', 'answer_pending', 'answered', 'refused', name='casestatus', native_enum=False, length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('decision_known_on', sa.Date(), nullable=True),
    sa.Column('contact_sealed', sa.Text(), nullable=False),
    sa.Column('contact_email_digest', sa.String(length=64), nullable=True),
    sa.Column('is_anonymous', sa.Boolean(), nullable=False),
    sa.Column('is_public_consent', sa.Boolean(), nullable=False),
    sa.Column('public_title', sa.String(length=200), nullable=True),
    sa.Column('public_description', sa.Text(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acknowledge_due_on', sa.Date(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolve_due_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('extension_count', sa.Integer(), nullable=False),
    sa.Column('awaiting_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('refusal_reason', sa.String(length=64), nullable=True),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('answer_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_on_time', sa.Boolean(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reopen_count', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_by_id'], ['users.id'], name=op.f('fk_cases_answer_by_id_users')),
    sa.ForeignKeyConstraint(['assignee_id'], ['users.id'], name=op.f('fk_cases_assignee_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['units.id'], name=op.f('fk_cases_place_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_cases_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases')),
    sa.UniqueConstraint('code', name=op.f('uq_cases_code')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_cases_token_hash'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_contact_email_digest'), ['contact_email_digest'], unique=False)
        batch_op.create_index('ix_cases_assignee_status', ['assignee_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_place_id'), ['place_id'], unique=False)
        batch_op.create_index('ix_cases_public', ['published_at', 'id'], unique=False)
        batch_op.create_index('ix_cases_unit_status_due', ['unit_id', 'status', 'due_on'], unique=False)

    periods = op.create_table('legal_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('feedback', 'complaint', 'denunciation', 'information_request', 'dialogue_request', name='casekind', native_enum=False, length=32), nullable=False),
    sa.Column('step', sa.Enum('acknowledge', 'resolve', 'extend', 'reopen', name='step', native_enum=False, length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('period_unit', sa.Enum('working_days', 'calendar_days', name='periodunit', native_enum=False, length=16), nullable=False),
    sa.Column('max_times', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('is_verified', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_legal_periods_created_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_legal_periods_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_periods'))
    )
    with op.batch_alter_table('legal_periods', schema=None) as batch_op:
        batch_op.create_index('ix_legal_periods_kind_step', ['kind', 'step', 'effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_periods_unit_id'), ['unit_id'], unique=False)

    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('feedback', 'complaint', 'denunciation', 'information_request', 'dialogue_request', name='casekind', native_enum=False, length=32), nullable=True),
    sa.Column('field', sa.Enum('land', 'environment', 'construction', 'compensation', 'social_policy', 'public_order', 'administrative_procedures', 'fees', 'other', name='casefield', native_enum=False, length=32), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['units.id'], name=op.f('fk_routing_rules_area_id_units')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_routing_rules_created_by_id_users')),
    sa.ForeignKeyConstraint(['target_id'], ['units.id'], name=op.f('fk_routing_rules_target_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules'))
    )
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_rules_area_id'), ['area_id'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('case_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('is_from_citizen', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_files_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_files'))
    )
    with op.batch_alter_table('case_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_files_case_id'), ['case_id'], unique=False)

    _seed_legal_periods(periods)
    _forbid_changes_to_case_events()


LAW_START = date(2023, 7, 1)

# kind, step, amount, unit, max times, legal basis, verified
SEED = [
    ("feedback", "acknowledge", 10, "working_days", 1, "Luật Tiếp công dân 42/2013/QH13, Điều 28(1)", True),
    ("feedback", "resolve", 15, "working_days", 1, "Quy định của địa phương (chưa có thời hạn chung)", False),
    ("feedback", "extend", 15, "working_days", 1, "Quy định của địa phương (chưa có thời hạn chung)", False),
    ("feedback", "reopen", 30, "calendar_days", 1, "Quy định của cổng thông tin", False),
    ("complaint", "acknowledge", 10, "working_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 27", True),
    ("complaint", "resolve", 30, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 28", True),
    ("complaint", "extend", 15, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 28 (vụ việc phức tạp: 45 ngày)",
     True),
    ("complaint", "reopen", 30, "calendar_days", 1, "Luật Khiếu nại 02/2011/QH13, Điều 33 (khiếu nại lần hai)", False),
    ("denunciation", "acknowledge", 7, "working_days", 1, "Luật Tố cáo 25/2018/QH14, Điều 24(1)", True),
    ("denunciation", "resolve", 30, "calendar_days", 1, "Luật Tố cáo 25/2018/QH14, Điều 30", True),
    ("denunciation", "extend", 30, "calendar_days", 2, "Luật Tố cáo 25/2018/QH14, Điều 30", True),
    ("denunciation", "reopen", 30, "calendar_days", 1, "Luật Tố cáo 25/2018/QH14, Điều 37 (tố cáo tiếp)", False),
    ("information_request", "acknowledge", 3, "working_days", 1,
     "Luật Tiếp cận thông tin 104/2016/QH13, Điều 30", True),
    ("information_request", "resolve", 15, "working_days", 1, "Luật Tiếp cận thông tin 104/2016/QH13, Điều 30",
     True),
    ("information_request", "extend", 15, "working_days", 1, "Luật Tiếp cận thông tin 104/2016/QH13, Điều 30", True),
    ("information_request", "reopen", 30, "calendar_days", 1, "Quy định của cổng thông tin", False),
    ("dialogue_request", "acknowledge", 10, "working_days", 1,
     "Luật Tiếp công dân 42/2013/QH13, Điều 28(1) (xử lý như kiến nghị)", False),
    ("dialogue_request", "resolve", 15, "working_days", 1, "Quy định của địa phương (chưa có thời hạn chung)", False),
    ("dialogue_request", "extend", 15, "working_days", 1, "Quy định của địa phương (chưa có thời hạn chung)", False),
    ("dialogue_request", "reopen", 30, "calendar_days", 1, "Quy định của cổng thông tin", False),
]


def _seed_legal_periods(table):
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "kind": kind,
                "step": step,
                "amount": amount,
                "period_unit": unit,
                "max_times": times,
                "effective_from": LAW_START,
                "unit_id": None,
                "legal_basis": basis,
                "is_verified": verified,
                "created_at": now,
            }
            for kind, step, amount, unit, times, basis, verified in SEED
        ],
    )


def _forbid_changes_to_case_events():
    """A case's history is append-only at the database too."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'case_events is append-only';
            END;
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events "
            "FOR EACH ROW EXECUTE FUNCTION case_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER case_events_no_{verb.lower()} BEFORE {verb} ON case_events "
                "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END"
            )


def _allow_dropping_case_events():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER case_events_append_only ON case_events")
        op.execute("DROP FUNCTION case_events_append_only()")
    else:
        op.execute("DROP TRIGGER case_events_no_update")
        op.execute("DROP TRIGGER case_events_no_delete")



def downgrade():
    _allow_dropping_case_events()
    with op.batch_alter_table('case_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_files_case_id'))

    op.drop_table('case_files')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_rules_area_id'))

    op.drop_table('routing_rules')
    with op.batch_alter_table('legal_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_periods_unit_id'))
        batch_op.drop_index('ix_legal_periods_kind_step')

    op.drop_table('legal_periods')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_unit_status_due')
        batch_op.drop_index('ix_cases_public')
        batch_op.drop_index(batch_op.f('ix_cases_place_id'))
        batch_op.drop_index('ix_cases_assignee_status')
        batch_op.drop_index(batch_op.f('ix_cases_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_cases_contact_email_digest'))

    op.drop_table('cases')
