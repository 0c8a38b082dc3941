"""Folding Vietnamese text for search.

Search must ignore diacritics and Unicode normalization form on SQLite and PostgreSQL
alike, so the folded form is computed in Python and stored in an indexed column:
"Đất đai", its NFD spelling and "dat dai" all fold to "dat dai". What is stored and what
is searched for are the same words, letters and digits only: "123/QĐ-UBND" is "123 qd ubnd".
"""

import re
import unicodedata

from portal.core.errors import InvalidInput

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")
MAX_SEARCH_WORDS = 10
_EMAIL = re.compile(r"^[^@\s<>\"'()\[\],;:\\]+@[^@\s<>\"'()\[\],;:\\]+\.[^@\s<>\"'()\[\],;:\\]+$")
MAX_EMAIL = 254


def fold(text: str | None) -> str:
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    return _SPACES.sub(" ", stripped).strip().casefold()


def searchable(text: str | None) -> str:
    """The words of the folded text, one space apart: what search_text columns hold."""
    return " ".join(_WORD.findall(fold(text)))


def search_words(query: str | None) -> list[str]:
    """The distinct words a search looks for, in the stored form; nothing else of the query reaches SQL."""
    return list(dict.fromkeys(searchable(query).split()))[:MAX_SEARCH_WORDS]


def like_pattern(folded_query: str) -> str:
    """A LIKE pattern matching the folded query anywhere, with LIKE's own wildcards escaped."""
    escaped = folded_query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def is_email_address(value: str) -> bool:
    """Whether a trimmed value can be a mail address: one check for every form that takes one."""
    return len(value) <= MAX_EMAIL and bool(_EMAIL.match(value))


def checked_text(value: str | None, limit: int, empty: str, long: str, *, minimum: int = 1,
                 field: str | None = None) -> str:
    """The trimmed text, or the person's own message when it is empty (shorter than `minimum`) or too long;
    `field` is the form field the message belongs to."""
    value = (value or "").strip()
    if len(value) < minimum:
        raise InvalidInput(empty, field=field)
    if len(value) > limit:
        raise InvalidInput(long, field=field)
    return value
