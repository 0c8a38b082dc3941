"""consultations (dân bàn, Law 10/2022 Art. 25-28): drafts split into parts, the villages consulted, attachments,
comments with their channel and moderation, and the groups of the synthesis that answer them

The status is derived from published_at, ends_on (the computed last day) and closed_at, so none is stored.

Revision ID: 0018_i17
Revises: 0015_i15a
Create Date: 2026-12-06 18:07:59.696417

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_i17'
down_revision = "0015_i15a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('matter', sa.Enum('socio_economic_plan', 'land_use', 'projects_resettlement', 'boundaries', 'community_decisions', 'construction_plans', 'democracy_regulation', 'other', name='matter', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('period_days', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('synthesis_text', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('disclosure_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_consultations_closed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultations_created_by_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_consultations_disclosure_id_disclosures')),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_consultations_published_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_consultations_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_unit_id'), ['unit_id'], unique=False)

    op.create_table('consultation_areas',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_areas_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_consultation_areas_unit_id_units')),
    sa.PrimaryKeyConstraint('consultation_id', 'unit_id', name=op.f('pk_consultation_areas'))
    )
    op.create_table('consultation_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_files_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_files'))
    )
    with op.batch_alter_table('consultation_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_files_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('disposition', sa.Enum('accepted', 'partly_accepted', 'not_accepted', name='disposition', native_enum=False, length=20), nullable=True),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_groups_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_groups'))
    )
    with op.batch_alter_table('consultation_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_groups_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('heading', sa.String(length=500), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_parts_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_parts'))
    )
    with op.batch_alter_table('consultation_parts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_parts_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('shown_text', sa.Text(), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('village', sa.String(length=200), nullable=False),
    sa.Column('is_named', sa.Boolean(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('channel', sa.Enum('portal', 'meeting', 'comment_box', 'paper', name='channel', native_enum=False, length=16), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('sender_key', sa.String(length=64), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('moderation', sa.Enum('pending', 'published', 'refused', name='moderation', native_enum=False, length=16), nullable=False),
    sa.Column('refusal', sa.Enum('abuse', 'off_topic', 'spam', name='refusalreason', native_enum=False, length=16), nullable=True),
    sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_comments_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['consultation_comments.id'], name=op.f('fk_consultation_comments_duplicate_of_id_consultation_comments')),
    sa.ForeignKeyConstraint(['group_id'], ['consultation_groups.id'], name=op.f('fk_consultation_comments_group_id_consultation_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_consultation_comments_moderated_by_id_users')),
    sa.ForeignKeyConstraint(['part_id'], ['consultation_parts.id'], name=op.f('fk_consultation_comments_part_id_consultation_parts')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_consultation_comments_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_comments'))
    )
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_comments_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comments_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comments_part_id'), ['part_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_comments_sender_key'), ['sender_key'], unique=False)



def downgrade():
    with op.batch_alter_table('consultation_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_comments_sender_key'))
        batch_op.drop_index(batch_op.f('ix_consultation_comments_part_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_comments_fingerprint'))
        batch_op.drop_index(batch_op.f('ix_consultation_comments_consultation_id'))

    op.drop_table('consultation_comments')
    with op.batch_alter_table('consultation_parts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_parts_consultation_id'))

    op.drop_table('consultation_parts')
    with op.batch_alter_table('consultation_groups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_groups_consultation_id'))

    op.drop_table('consultation_groups')
    with op.batch_alter_table('consultation_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_files_consultation_id'))

    op.drop_table('consultation_files')
    op.drop_table('consultation_areas')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_unit_id'))

    op.drop_table('consultations')
