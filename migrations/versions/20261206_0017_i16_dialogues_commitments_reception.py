"""dialogues and citizen reception: sessions with their linked cases, questions, commitments and their progress;
reception schedules; and the disclosure category of a dialogue's notice (Law 10/2022 Art. 32-33)

A commitment's status is derived (due_on, done_on, dropped_on), so none is stored. The notice category has a
posting period of one day because the session's own date sets how long each notice stays posted.

Revision ID: 0017_i16
Revises: 0018_i17
Create Date: 2026-12-06 18:04:41.107378

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_i16'
down_revision = '0018_i17'
branch_labels = None
depends_on = None

NOTICE_CATEGORY = 'doi-thoai'


def upgrade():
    op.create_table('reception_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('recurrence', sa.Enum('monthly', 'weekly', name='recurrence', native_enum=False, length=16), nullable=False),
    sa.Column('day_of_month', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.Time(), nullable=False),
    sa.Column('ends_at', sa.Time(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('receiver', sa.String(length=200), nullable=False),
    sa.Column('day_off_rule', sa.Enum('next_working_day', 'previous_working_day', name='dayoffrule', native_enum=False, length=32), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reception_schedules_created_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_reception_schedules_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reception_schedules'))
    )
    with op.batch_alter_table('reception_schedules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reception_schedules_unit_id'), ['unit_id'], unique=False)

    op.create_table('dialogue_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('front_conference', 'village_conference', 'ad_hoc', name='dialoguekind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('chair', sa.String(length=200), nullable=False),
    sa.Column('bodies', sa.Text(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=True),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('attendance', sa.Integer(), nullable=True),
    sa.Column('attending_bodies', sa.Text(), nullable=False),
    sa.Column('minutes_text', sa.Text(), nullable=False),
    sa.Column('minutes_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_dialogue_sessions_created_by_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_dialogue_sessions_disclosure_id_disclosures')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_dialogue_sessions_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_sessions'))
    )
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_sessions_starts_at'), ['starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_sessions_unit_id'), ['unit_id'], unique=False)

    op.create_table('dialogue_commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('responsible_unit_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('dropped_on', sa.Date(), nullable=True),
    sa.Column('closing_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['responsible_unit_id'], ['units.id'], name=op.f('fk_dialogue_commitments_responsible_unit_id_units')),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_commitments_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_commitments'))
    )
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_commitments_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_commitments_responsible_unit_id'), ['responsible_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dialogue_commitments_session_id'), ['session_id'], unique=False)

    op.create_table('dialogue_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('advance', 'in_room', name='questionsource', native_enum=False, length=16), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'refused', name='questionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('public_text', sa.Text(), nullable=False),
    sa.Column('asker_sealed', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_dialogue_questions_moderated_by_id_users')),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_questions_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_questions'))
    )
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_questions_session_id'), ['session_id'], unique=False)

    op.create_table('dialogue_session_cases',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_dialogue_session_cases_case_id_cases')),
    sa.ForeignKeyConstraint(['session_id'], ['dialogue_sessions.id'], name=op.f('fk_dialogue_session_cases_session_id_dialogue_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'case_id', name=op.f('pk_dialogue_session_cases'))
    )
    with op.batch_alter_table('dialogue_session_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_session_cases_case_id'), ['case_id'], unique=False)

    op.create_table('dialogue_commitment_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_dialogue_commitment_updates_author_id_users')),
    sa.ForeignKeyConstraint(['commitment_id'], ['dialogue_commitments.id'], name=op.f('fk_dialogue_commitment_updates_commitment_id_dialogue_commitments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_commitment_updates'))
    )
    with op.batch_alter_table('dialogue_commitment_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_commitment_updates_commitment_id'), ['commitment_id'], unique=False)


    categories = sa.table(
        'disclosure_categories',
        sa.column('code', sa.String), sa.column('name_vi', sa.String), sa.column('name_en', sa.String),
        sa.column('legal_basis', sa.String), sa.column('posting_days', sa.Integer), sa.column('audience', sa.String),
        sa.column('required_for', sa.JSON), sa.column('is_correction_restarting', sa.Boolean),
        sa.column('is_active', sa.Boolean), sa.column('created_at', sa.DateTime(timezone=True)),
    )
    op.bulk_insert(categories, [{
        'code': NOTICE_CATEGORY, 'name_vi': 'Thông báo hội nghị đối thoại, hội nghị thôn, tổ dân phố',
        'name_en': 'Notice of a dialogue or village conference',
        'legal_basis': 'Luật 10/2022/QH15, Điều 32, 33; Nghị định 59/2023/NĐ-CP, Điều 11',
        'posting_days': 1, 'audience': 'public', 'required_for': [], 'is_correction_restarting': False,
        'is_active': True, 'created_at': datetime.now(UTC),
    }])


def downgrade():
    op.execute(sa.text("DELETE FROM disclosure_categories WHERE code = 'doi-thoai' AND id NOT IN "
                       "(SELECT category_id FROM disclosures)"))
    with op.batch_alter_table('dialogue_commitment_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_commitment_updates_commitment_id'))

    op.drop_table('dialogue_commitment_updates')
    with op.batch_alter_table('dialogue_session_cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_session_cases_case_id'))

    op.drop_table('dialogue_session_cases')
    with op.batch_alter_table('dialogue_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_questions_session_id'))

    op.drop_table('dialogue_questions')
    with op.batch_alter_table('dialogue_commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_commitments_session_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_commitments_responsible_unit_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_commitments_due_on'))

    op.drop_table('dialogue_commitments')
    with op.batch_alter_table('dialogue_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialogue_sessions_unit_id'))
        batch_op.drop_index(batch_op.f('ix_dialogue_sessions_starts_at'))

    op.drop_table('dialogue_sessions')
    with op.batch_alter_table('reception_schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reception_schedules_unit_id'))

    op.drop_table('reception_schedules')
