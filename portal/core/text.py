"""Folding Vietnamese text for search.

Search must ignore diacritics and Unicode normalization form on SQLite and PostgreSQL
alike, so the folded form is computed in Python and stored in an indexed column:
"Đất đai", its NFD spelling and "dat dai" all fold to "dat dai".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
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


def like_pattern(folded_query: str) -> str:
    """A LIKE pattern matching the folded query anywhere, with LIKE's own wildcards escaped."""
    escaped = folded_query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def is_email_address(value: str) -> bool:
    """Whether a trimmed value can be a mail address: one check for every form that takes one."""
    return len(value) <= MAX_EMAIL and bool(_EMAIL.match(value))
