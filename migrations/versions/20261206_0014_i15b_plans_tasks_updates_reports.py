"""plans as living things: plans, their task tree with lead and cooperating units, dated progress with evidence
files, report duties and the reports due under them

Statuses are derived (plan from approved_at/published_at, task from dates and updates, report from due_on and
submitted_on), so no status column is stored. Bodies the reader could not match keep their names as written.

Revision ID: 0014_i15b
Revises: 0010_i14
Create Date: 2026-12-06 16:16:32

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_i15b'
down_revision = '0010_i14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('issuer_text', sa.String(length=300), nullable=False),
    sa.Column('issuer_unit_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('legal_bases', sa.JSON(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('unread', sa.JSON(), nullable=False),
    sa.Column('disclosure_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_plans_approved_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_plans_disclosure_id_disclosures')),
    sa.ForeignKeyConstraint(['issuer_unit_id'], ['units.id'], name=op.f('fk_plans_issuer_unit_id_units')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_plans_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_disclosure_id'), ['disclosure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_unit_id'), ['unit_id'], unique=False)

    op.create_table('plan_report_duties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('recurrence_text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('maker_text', sa.String(length=300), nullable=False),
    sa.Column('maker_unit_id', sa.Integer(), nullable=True),
    sa.Column('recipient_text', sa.String(length=300), nullable=False),
    sa.Column('recipient_unit_id', sa.Integer(), nullable=True),
    sa.Column('via_text', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['maker_unit_id'], ['units.id'], name=op.f('fk_plan_report_duties_maker_unit_id_units')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_report_duties_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_unit_id'], ['units.id'], name=op.f('fk_plan_report_duties_recipient_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_report_duties'))
    )
    with op.batch_alter_table('plan_report_duties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_report_duties_maker_unit_id'), ['maker_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_report_duties_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('lead_text', sa.String(length=300), nullable=False),
    sa.Column('lead_unit_id', sa.Integer(), nullable=True),
    sa.Column('cooperating_text', sa.JSON(), nullable=False),
    sa.Column('timeframe_text', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lead_unit_id'], ['units.id'], name=op.f('fk_plan_tasks_lead_unit_id_units')),
    sa.ForeignKeyConstraint(['parent_id'], ['plan_tasks.id'], name=op.f('fk_plan_tasks_parent_id_plan_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_tasks_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_tasks'))
    )
    with op.batch_alter_table('plan_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_tasks_lead_unit_id'), ['lead_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_tasks_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_tasks_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('duty_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('disclosure_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_reports_author_id_users')),
    sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id'], name=op.f('fk_plan_reports_disclosure_id_disclosures')),
    sa.ForeignKeyConstraint(['duty_id'], ['plan_report_duties.id'], name=op.f('fk_plan_reports_duty_id_plan_report_duties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_reports'))
    )
    with op.batch_alter_table('plan_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_reports_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_reports_duty_id'), ['duty_id'], unique=False)

    op.create_table('plan_task_cooperators',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['plan_tasks.id'], name=op.f('fk_plan_task_cooperators_task_id_plan_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_plan_task_cooperators_unit_id_units')),
    sa.PrimaryKeyConstraint('task_id', 'unit_id', name=op.f('pk_plan_task_cooperators'))
    )
    op.create_table('plan_task_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('is_done', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_plan_task_updates_author_id_users')),
    sa.ForeignKeyConstraint(['task_id'], ['plan_tasks.id'], name=op.f('fk_plan_task_updates_task_id_plan_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_task_updates'))
    )
    with op.batch_alter_table('plan_task_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_task_updates_task_id'), ['task_id'], unique=False)

    op.create_table('plan_task_update_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('update_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['update_id'], ['plan_task_updates.id'], name=op.f('fk_plan_task_update_files_update_id_plan_task_updates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_task_update_files'))
    )
    with op.batch_alter_table('plan_task_update_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_task_update_files_update_id'), ['update_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_task_update_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_task_update_files_update_id'))

    op.drop_table('plan_task_update_files')
    with op.batch_alter_table('plan_task_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_task_updates_task_id'))

    op.drop_table('plan_task_updates')
    op.drop_table('plan_task_cooperators')
    with op.batch_alter_table('plan_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_reports_duty_id'))
        batch_op.drop_index(batch_op.f('ix_plan_reports_due_on'))

    op.drop_table('plan_reports')
    with op.batch_alter_table('plan_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_tasks_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_tasks_parent_id'))
        batch_op.drop_index(batch_op.f('ix_plan_tasks_lead_unit_id'))

    op.drop_table('plan_tasks')
    with op.batch_alter_table('plan_report_duties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_report_duties_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_report_duties_maker_unit_id'))

    op.drop_table('plan_report_duties')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_unit_id'))
        batch_op.drop_index(batch_op.f('ix_plans_disclosure_id'))

    op.drop_table('plans')
