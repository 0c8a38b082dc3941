"""The one module that knows how each database matches and ranks words; everything else speaks in `Terms`.

SQLite: the FTS5 table `search_fts` over search_entries.folded (migration 0019 keeps it with triggers), ranked
by bm25(). PostgreSQL: the generated column search_entries.search_vector (to_tsvector('simple', folded)) with its
GIN index, matched with a tsquery whose phrases use `<->`, ranked by ts_rank_cd. A query is built only from words
of letters and digits (portal.core.text.searchable), so no operator a person types reaches MATCH or to_tsquery.

Moving search to OpenSearch or Meilisearch means replacing this module's three functions (and the writes of
portal/search/index.py) with calls to that engine: see the README's "Search".
"""

import time
from dataclasses import dataclass

from sqlalchemy import Double, Select, cast, column, func, literal_column, table, text
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


def _tsquery(terms: Terms):
    return func.to_tsquery("simple", " & ".join(f"({' <-> '.join(phrase)})" for phrase in terms.phrases))


_VECTOR = literal_column("search_entries.search_vector")


def matching(statement: Select, terms: Terms) -> Select:
    """The statement narrowed to entries holding every phrase."""
    if _dialect() == "postgresql":
        return statement.where(_VECTOR.op("@@")(_tsquery(terms)))
    match = " ".join('"' + " ".join(phrase) + '"' for phrase in terms.phrases)
    statement = statement.join(_FTS, _FTS.c.rowid == SearchEntry.id)
    return statement.where(literal_column("search_fts").op("MATCH")(match))


# How the newest matches are read on PostgreSQL is chosen here, not by the planner, which takes words to be
# independent and a test of a vector to be cheap. People look for words that stand together, so the words of a query
# are taken to be as common together as the rarest of them alone: when that is 0.8% of the entries or more, the
# entries are read newest first until enough match; rarer, through the word index, then sorted. For "ngân sách
# xã", in half of all entries, the planner's own choice read 95,000 vectors with their files' text (1.7 s at a
# province's size) where 1,000 were enough.
DENSE = 0.008
# Newest first is the (audience, visible_from) index read backwards; through the words, the word index's bitmap.
# Neither reads every row, in parallel or not, which the planner prefers when it expects few or many matches.
_ONE_PROCESS = {"enable_seqscan": "off", "max_parallel_workers_per_gather": "0"}
NEWEST_FIRST = {"enable_bitmapscan": "off", **_ONE_PROCESS}
THROUGH_WORDS = {"enable_indexscan": "off", **_ONE_PROCESS}
STATISTICS_SECONDS = 300
_statistics: dict = {"read_at": float("-inf"), "frequencies": {}}


def _frequencies() -> dict[str, float]:
    """The share of entries holding each of the commonest words, from PostgreSQL's own sample of the index (pg_stats,
    refreshed by autovacuum's ANALYZE), read at most every five minutes; a word not in it is rarer than all of them."""
    now = time.monotonic()
    if now - _statistics["read_at"] > STATISTICS_SECONDS:
        row = db.session.execute(text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = 'search_entries' AND attname = 'search_vector'")).first()
        words, shares = (row[0] or [], row[1] or []) if row else ([], [])
        _statistics.update(read_at=now, frequencies=dict(zip(words, shares, strict=False)))
    return _statistics["frequencies"]


def _is_dense(terms: Terms) -> bool:
    frequencies = _frequencies()
    return min((frequencies.get(word, 0.0) for word in terms.words), default=0.0) >= DENSE


def newest_matching(statement: Select, terms: Terms, limit: int) -> list[int]:
    """Ids of the newest `limit` entries of `statement` (ids, narrowed to what the reader may see) holding every
    phrase, newest first."""
    newest = matching(statement, terms).order_by(SearchEntry.visible_from.desc(), SearchEntry.id.desc()).limit(limit)
    if _dialect() != "postgresql":
        return list(db.session.scalars(newest))
    settings = NEWEST_FIRST if _is_dense(terms) else THROUGH_WORDS
    connection = db.session.connection()
    connection.exec_driver_sql("; ".join(f"SET LOCAL {setting} = {value}" for setting, value in settings.items()))
    try:
        return list(db.session.scalars(newest))
    finally:
        connection.exec_driver_sql("; ".join(f"RESET {setting}" for setting in settings))


def scored(statement: Select, terms: Terms) -> tuple[Select, object]:
    """The statement, over entries already known to match, with the score to sort by (smaller is better).

    PostgreSQL scores the vector without matching it again (each test reads the whole vector, a file's text
    included); FTS5's bm25() is only known inside a MATCH, so SQLite matches again."""
    if _dialect() == "postgresql":
        # In double precision: a real read back as text is rounded, and the next page's cursor would not equal it.
        return statement, cast(-func.ts_rank_cd(_VECTOR, _tsquery(terms)), Double)
    return matching(statement, terms), func.bm25(literal_column("search_fts"))


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
