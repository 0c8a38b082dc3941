"""The two things every public list does: match every word of a search, and page by id without OFFSET.

Keyset paging ("the next 20 older than id N") costs the same on the 500th page as on the first, where OFFSET
would read and throw away everything before it.
"""

from sqlalchemy import Select

from portal.core.text import fold, like_pattern
from portal.extensions import db

MAX_SEARCH_WORDS = 10


def matching_every_word(statement: Select, folded_column, query: str) -> Select:
    """Rows whose folded text holds every word of the query, with or without diacritics, in any order."""
    for word in fold(query).split()[:MAX_SEARCH_WORDS]:
        statement = statement.where(folded_column.like(like_pattern(word), escape="\\"))
    return statement


def newest_first_page(statement: Select, id_column, after_id: int | None, limit: int) -> tuple[list, int | None]:
    """One page, newest first, and the id to continue after (None on the last page)."""
    if after_id:
        statement = statement.where(id_column < after_id)
    rows = list(db.session.scalars(statement.order_by(id_column.desc()).limit(limit + 1)))
    next_id = rows[limit - 1].id if len(rows) > limit else None
    return rows[:limit], next_id
