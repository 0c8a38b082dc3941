"""The two things every public list does: match every word of a search, and page by id without OFFSET.

Keyset paging ("the next 20 older than id N") costs the same on the 500th page as on the first, where OFFSET
would read and throw away everything before it.

Search matches whole words of the folded text (portal.core.text.searchable), with or without diacritics, in any
order: on PostgreSQL through a full-text GIN index of that text (migration 0006), elsewhere with LIKE. A search
for common words ("nước thải") matches a third of a province's cases, and neither the planner nor the index
can tell which of them are newest: the page is first looked for among the newest SEARCH_WINDOW ids, where the
index and the id range together read only a few hundred rows, and only when that window holds too few matches
among the older ids, where rare words cost little.
"""

from sqlalchemy import Select, and_, func, literal, select

from portal.core.text import search_words
from portal.extensions import db

SEARCH_WINDOW = 20_000


def newest_first_page(
    statement: Select, id_column, after_id: int | None, limit: int, *, searched_column=None, query: str = ""
) -> tuple[list, int | None]:
    """One page, newest first, of the rows holding every word of `query` in `searched_column`, and the id to
    continue after (None on the last page)."""
    words = search_words(query)
    if words:
        statement = statement.where(_holds_every_word(searched_column, words))
    if after_id:
        statement = statement.where(id_column < after_id)
    if not words:
        rows = _newest(statement, id_column, limit + 1)
    else:
        top = after_id or (db.session.scalar(select(func.max(id_column))) or 0) + 1
        floor = top - SEARCH_WINDOW
        rows = _newest(statement.where(id_column >= floor), id_column, limit + 1)
        if len(rows) <= limit:
            rows += _newest(statement.where(id_column < floor), id_column, limit + 1 - len(rows))
    next_id = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_id


def _newest(statement: Select, id_column, count: int) -> list:
    return list(db.session.scalars(statement.order_by(id_column.desc()).limit(count)))


def _holds_every_word(column, words: list[str]):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_tsvector("simple", column).op("@@")(func.to_tsquery("simple", " & ".join(words)))
    padded = literal(" ") + column + literal(" ")
    return and_(*(padded.like(f"% {word} %") for word in words))
