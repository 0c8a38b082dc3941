"""places after the 2025 reform: successions of dissolved units, their old codes, and each province's escalation unit

unit_successions records which unit took over a dissolved commune, district or province (imported from the
vietnamadminunits library, corrected by administrators); units.legacy_code keeps a historical unit's code from
before the reform, which documents and other systems still quote; escalation_units names, per province, the unit
that receives cases nobody in the responsible unit can act on.

Revision ID: 0010_i14
Revises: 0010_i11b
Create Date: 2026-12-06 15:07:04.110890

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_i14'
down_revision = '0010_i11b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('escalation_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('province_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['province_id'], ['units.id'], name=op.f('fk_escalation_units_province_id_units')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_escalation_units_set_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_escalation_units_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_escalation_units')),
    sa.UniqueConstraint('province_id', name=op.f('uq_escalation_units_province_id'))
    )
    op.create_table('unit_successions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('source', sa.Enum('library', 'manual', name='successionsource', native_enum=False, length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_id'], ['units.id'], name=op.f('fk_unit_successions_predecessor_id_units')),
    sa.ForeignKeyConstraint(['successor_id'], ['units.id'], name=op.f('fk_unit_successions_successor_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_successions')),
    sa.UniqueConstraint('predecessor_id', 'successor_id', name='uq_unit_successions_pair')
    )
    with op.batch_alter_table('unit_successions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_successions_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_successions_successor_id'), ['successor_id'], unique=False)

    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legacy_code', sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_units_legacy_code'), ['legacy_code'])



def downgrade():
    with op.batch_alter_table('units', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_units_legacy_code'), type_='unique')
        batch_op.drop_column('legacy_code')

    with op.batch_alter_table('unit_successions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_successions_successor_id'))
        batch_op.drop_index(batch_op.f('ix_unit_successions_predecessor_id'))

    op.drop_table('unit_successions')
    op.drop_table('escalation_units')
