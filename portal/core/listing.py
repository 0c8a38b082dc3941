"""The two things every public list does: match every word of a search, and page by id without OFFSET.

Keyset paging ("the next 20 older than id N") costs the same on the 500th page as on the first, where OFFSET
would read and throw away everything before it.

Search matches whole words of the folded text (portal.core.text.searchable), with or without diacritics, in any
order. A search for common words ("nước thải") matches a third of a province's cases, and no index tells which of
them are newest, so a page is first looked for among the newest SEARCH_WINDOW rows the list would show, with
LIKE on each, which costs the same whatever the words. Only when they hold too few matches are the older rows
searched, through PostgreSQL's full-text GIN index (migration 0006): the words are then rare, so the index reads
few rows. SQLite, meant for a single commune, uses LIKE throughout.
"""

from sqlalchemy import Index, Select, and_, func, literal, select, text

from portal.core.text import search_words
from portal.extensions import db

SEARCH_WINDOW = 2_000


def words_index(table: str) -> Index:
    """The GIN index on `table`'s search_text that a search of older rows reads: PostgreSQL only (migration 0006)."""
    return Index(
        f"ix_{table}_search_text_words", text("to_tsvector('simple', search_text)"), postgresql_using="gin"
    ).ddl_if(dialect="postgresql")


def newest_first_page(
    statement: Select, id_column, after_id: int | None, limit: int, *, searched_column=None, query: str = ""
) -> tuple[list, int | None]:
    """One page, newest first, of the rows holding every word of `query` in `searched_column`, and the id to
    continue after (None on the last page)."""
    words = search_words(query)
    if after_id:
        statement = statement.where(id_column < after_id)
    if not words:
        rows = _newest(statement, id_column, limit + 1)
    else:
        candidates = statement.subquery()
        boundary = db.session.scalar(
            select(candidates.c.id).order_by(candidates.c.id.desc()).offset(SEARCH_WINDOW).limit(1)
        )
        recent = statement.where(_like_every_word(searched_column, words))
        if boundary is None:
            rows = _newest(recent, id_column, limit + 1)
        else:
            rows = _newest(recent.where(id_column > boundary), id_column, limit + 1)
            if len(rows) <= limit:
                older = statement.where(id_column <= boundary, _indexed_every_word(id_column, searched_column, words))
                rows += _newest(older, id_column, limit + 1 - len(rows))
    next_id = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_id


def _newest(statement: Select, id_column, count: int) -> list:
    return list(db.session.scalars(statement.order_by(id_column.desc()).limit(count)))


def _like_every_word(column, words: list[str]):
    padded = literal(" ") + column + literal(" ")
    return and_(*(padded.like(f"% {word} %") for word in words))


def _indexed_every_word(id_column, column, words: list[str]):
    """The rows holding every word, found through the GIN index first, in a materialized CTE. Left to itself, with
    statistics not yet gathered (after a bulk load or a restore, before autovacuum analyzes the table), the planner
    walked the list's other indexes and computed the text's vector for each of 100,000 disclosures: 0.7 s, where
    the index answers in 80 ms. With fresh statistics both take about 15 ms."""
    if db.session.get_bind().dialect.name != "postgresql":
        return _like_every_word(column, words)
    query = func.to_tsquery("simple", " & ".join(words))
    matched = select(id_column).where(func.to_tsvector("simple", column).op("@@")(query))
    return id_column.in_(select(matched.cte().prefix_with("MATERIALIZED").c[0]))
