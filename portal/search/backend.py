"""The one module that knows how each database matches and ranks words; everything else speaks in `Terms`.

SQLite: the FTS5 table `search_fts` over search_entries.folded (migration 0019 keeps it with triggers), ranked
by bm25(). PostgreSQL: the generated column search_entries.search_vector (to_tsvector('simple', folded)) with its
GIN index, matched with a tsquery whose phrases use `<->`, ranked by ts_rank_cd. A query is built only from words
of letters and digits (portal.core.text.searchable), so no operator a person types reaches MATCH or to_tsquery.

Moving search to OpenSearch or Meilisearch means replacing this module's three functions (and the writes of
portal/search/index.py) with calls to that engine: see the README's "Search".
"""

from dataclasses import dataclass

from sqlalchemy import Double, Select, cast, column, func, literal_column, table
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.search.models import SearchEntry, SearchTerm

_FTS = table("search_fts", column("rowid"))


@dataclass(frozen=True)
class Terms:
    """What a query looks for: every phrase (one word or several in a row) must be in the text."""

    phrases: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        return list(dict.fromkeys(word for phrase in self.phrases for word in phrase))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def matching(statement: Select, terms: Terms) -> tuple[Select, object]:
    """The statement narrowed to entries holding every phrase, and the score to sort by (smaller is better)."""
    if _dialect() == "postgresql":
        query = func.to_tsquery("simple", " & ".join(f"({' <-> '.join(phrase)})" for phrase in terms.phrases))
        vector = literal_column("search_entries.search_vector")
        # In double precision: a real read back as text is rounded, and the next page's cursor would not equal it.
        return statement.where(vector.op("@@")(query)), cast(-func.ts_rank_cd(vector, query), Double)
    match = " ".join('"' + " ".join(phrase) + '"' for phrase in terms.phrases)
    statement = statement.join(_FTS, _FTS.c.rowid == SearchEntry.id)
    statement = statement.where(literal_column("search_fts").op("MATCH")(match))
    return statement, func.bm25(literal_column("search_fts"))


def add_terms(words: set[str]) -> None:
    """Remember new words for "did you mean"; a word already known is left as it is."""
    if not words:
        return
    dialect = postgresql if _dialect() == "postgresql" else sqlite
    rows = [{"term": word} for word in sorted(words)]
    db.session.execute(dialect.insert(SearchTerm).on_conflict_do_nothing(), rows)


def rebuild() -> None:
    """SQLite's FTS5 table rebuilt from search_entries, for `search reindex` after a restore or a bulk load that went
    around the triggers; PostgreSQL's generated column needs nothing."""
    if _dialect() == "sqlite":
        db.session.connection().exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
