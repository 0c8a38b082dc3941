"""A short passage of a result around the words found, with those words marked.

The stored text is escaped piece by piece and only the `<mark>` elements this module adds are markup, so stored
HTML is never trusted. Words are found in the folded text, letter by letter aligned with the original, so "dat dai"
marks "đất đai" and an NFD spelling marks its NFC text.
"""

import re
import unicodedata

from markupsafe import Markup, escape

from portal.core.text import fold

SNIPPET_CHARS = 240
MAX_STARTS = 100


class _FoldTable(dict):
    """str.translate's table: each character to its folded letter or digit, anything else to a space. One character
    for one, so a match in the folded text is at the same place in the original; a letter that folds to several
    (rare in Vietnamese) is a space."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold(chr(codepoint))
        self[codepoint] = folded if len(folded) == 1 and folded.isalnum() else " "
        return self[codepoint]


_FOLD_TABLE = _FoldTable()


def _found(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    folded = text.translate(_FOLD_TABLE)
    found = []
    for word in words:
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", folded):
            found.append((match.start(), match.end(), word))
    return sorted(found)


def _best_start(found: list[tuple[int, int, str]], width: int) -> int:
    """Where the passage holding the most different words found begins: "dat dai" shows "đất đai" together rather
    than the first "đạt" alone."""
    best, best_count = 0, 0
    for index, (start, _end, _word) in enumerate(found[:MAX_STARTS]):
        count = len({word for other, _, word in found[index:index + MAX_STARTS] if other < start + width // 2})
        if count > best_count:
            best, best_count = start, count
    return best


def _merged(found: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end, _word in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: list[str], *, width: int | None = None) -> Markup:
    """The text (or, with `width`, a passage of about that many characters where most of the words are) escaped,
    with each word found inside <mark>."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    found = _found(text, words)
    spans = _merged(found)
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = _best_start(found, width)
        start = max(0, min(first - width // 3, len(text) - width))
        end = start + width
        while start > 0 and not text[start - 1].isspace() and first - start < width // 2:
            start -= 1
    pieces = [Markup("…") if start > 0 else Markup("")]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(Markup("<mark>%s</mark>") % text[span_start:span_end])
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append(Markup("…"))
    return Markup("").join(pieces)
