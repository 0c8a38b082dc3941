"""one search over what was published: search_entries, file_texts, search_terms, and each database's word index

SQLite: an FTS5 table over search_entries.folded (external content, kept by three triggers; the unicode61
tokenizer with remove_diacritics 2, although the folded text has none left). PostgreSQL: a generated tsvector column
('simple' configuration over the folded text) with a GIN index. Neither is declared by a model: portal/search/backend.py
is the one module that knows them. The index is filled for existing rows by `flask --app portal search reindex`
(README, "Upgrading"), which reads the models as the application does.

Revision ID: 0019_i18
Revises: 0017_i16
Create Date: 2026-12-06 18:20:00

"""
from alembic import op
import sqlalchemy as sa



revision = '0019_i18'
down_revision = '0017_i16'
branch_labels = None
depends_on = None

SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_fts_insert AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_entries_fts_update AFTER UPDATE OF folded ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END",
)
POSTGRESQL_INDEX = (
    "ALTER TABLE search_entries ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED",
    "CREATE INDEX ix_search_entries_search_vector ON search_entries USING gin (search_vector)",
)


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('visible_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visible_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('shown_on', sa.Date(), nullable=True),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.Column('endpoint', sa.String(length=64), nullable=False),
    sa.Column('url_args', sa.JSON(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_search_entries_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('kind', 'ref_id', name='uq_search_entries_kind_ref_id')
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_audience_visible_from', ['audience', 'visible_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_unit_id'), ['unit_id'], unique=False)

    op.create_table('file_texts',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('extracted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_file_texts'))
    )
    op.create_table('search_terms',
    sa.Column('term', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_terms'))
    )
    statements = SQLITE_INDEX if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_INDEX
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_fts")
    op.drop_table('search_terms')
    op.drop_table('file_texts')
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_unit_id'))
        batch_op.drop_index('ix_search_entries_audience_visible_from')
    op.drop_table('search_entries')
