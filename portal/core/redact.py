"""Removing personal data from text before the public sees it.

Names, phone numbers, ID numbers, emails and street addresses never appear on public
pages (DESIGN.md). This automatic pass catches what has a shape; the official's manual
redaction before publication catches the rest, such as a neighbour's name.
"""

import re

from portal.core.text import fold

MASK = "[…]"
_PUNCTUATION = ".,;:!?()\"'"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<!\w)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\w)")
_DIGITS = re.compile(r"(?<!\w)\d(?:[\s.\-]?\d){7,14}(?!\w)")
_STREET_NAME = r"(?:đường|phố|duong|pho)\s+[^\s,.;]+(?:\s+[^\s,.;]+){0,3}"
_STREET = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?:số nhà|nhà số|so nha|nha so|ngõ|ngách|hẻm|kiệt|ngo|ngach|hem|kiet)\s*\d+[\w/\-]*"
    r"(?:\s*,?\s*" + _STREET_NAME + r")?"
    r"|(?:số|so)\s*\d+[\w/\-]*\s*,?\s*" + _STREET_NAME
    + r")",
    re.UNICODE,
)


def redact(text: str | None, names: list[str] | None = None) -> str:
    """The text with emails, phone and ID numbers, house-number addresses and the given names masked."""
    if not text:
        return ""
    result = _EMAIL.sub(MASK, text)
    result = _PHONE.sub(MASK, result)
    result = _DIGITS.sub(MASK, result)
    result = _STREET.sub(MASK, result)
    for name in names or []:
        result = _mask_name(result, name)
        result = _mask_given_name(result, name)
    return result


def _mask_given_name(text: str, name: str) -> str:
    """People sign with their given name alone ("anh Bình"): mask it where it stands capitalized as a word, the way
    a name is written, and leave the same word in lower case ("bình thường") alone."""
    given = name.split()[-1] if len(name.split()) > 1 else ""
    if len(given) < 2 or not given[0].isupper():
        return text
    return re.sub(rf"(?<!\w){re.escape(given)}(?!\w)", MASK, text)


def _mask_name(text: str, name: str) -> str:
    """Mask a person's name however it was typed: with or without accents, any case."""
    target = fold(name)
    if len(target) < 3:
        return text
    words = list(re.finditer(r"\S+", text))
    size = len(target.split())
    spans = []
    for index in range(len(words) - size + 1):
        window = words[index : index + size]
        last = window[-1].group()
        trailing = len(last) - len(last.rstrip(_PUNCTUATION))
        if fold(" ".join(w.group() for w in window)).strip(_PUNCTUATION) == target:
            spans.append((window[0].start(), window[-1].end() - trailing))
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text
