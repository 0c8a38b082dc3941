"""trigram indexes for searching published cases and disclosures, on PostgreSQL

Search matches every word as LIKE '%word%' on the folded search_text (portal.core.listing), which no b-tree index
can answer, so PostgreSQL read every published case for each search (about 0.5 to 2 s at 1,000,000 cases). A GIN
index of pg_trgm trigrams answers such patterns for words of three letters or more. The cases index covers only
published cases, the only ones search reads.

SQLite has no trigram index: there the migration does nothing and search keeps scanning the table, which is fine
at the sizes SQLite is meant for. pg_trgm ships with PostgreSQL and is a trusted extension from version 13, so the
database owner may create it; the downgrade keeps the extension, which other databases' objects may use.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if not _is_postgresql():
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index('ix_cases_search_text_trgm', 'cases', ['search_text'], unique=False,
                    postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'},
                    postgresql_where=sa.text('published_at IS NOT NULL'))
    op.create_index('ix_disclosures_search_text_trgm', 'disclosures', ['search_text'], unique=False,
                    postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})


def downgrade():
    if not _is_postgresql():
        return
    op.drop_index('ix_disclosures_search_text_trgm', table_name='disclosures')
    op.drop_index('ix_cases_search_text_trgm', table_name='cases')
