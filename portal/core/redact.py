"""Removing personal data from text before the public sees it.

Names, phone numbers, ID numbers, emails and street addresses never appear on public
pages (DESIGN.md). This automatic pass catches what has a shape, in the many ways people
type it; the official's manual redaction before publication catches the rest, such as a
neighbour's name. It leans towards masking: a masked word costs a reader little, a phone
number left in place costs its owner a great deal. Dates, amounts and document numbers
("12/03/2026", "2.500.000 đồng", "123/QĐ-UBND") are what official text is made of and stay.
"""

import re

from portal.core.text import fold

MASK = "[…]"

# Capital letters of the Latin alphabets, Vietnamese ones included (Ắ, Ệ and the like sit below U+2000).
_UPPER = "".join(ch for ch in map(chr, range(0x2000)) if ch.isupper())
_CAPITALIZED = rf"[{re.escape(_UPPER)}][^\W\d_]*"

# The at sign and the dot as people write them to dodge harvesters: "[at]", "(at)", " at ", "a còng", " chấm ".
_AT = r"(?:\s*@\s*|\s*[\[({]\s*(?:at|a còng|@)\s*[\])}]\s*|\s+(?:at|a còng)\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\[({]\s*(?:dot|chấm|\.)\s*[\])}]\s*|\s+(?:dot|chấm)\s+)"
_EMAIL = re.compile(rf"(?i)[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}(?:com|net|org|edu|gov|info|vn|[a-z]{{2,6}})\b")

# A Vietnamese number: a leading 0 and nine more digits (mobile) or ten (landline, 02x), or +84 / 84 instead of
# the 0; digits in any grouping, with spaces, dots, dashes, one slash or the area code in brackets between them.
_SEPARATOR = r"[\s.\-/)(]{0,3}"
_PHONE = re.compile(
    rf"(?<![\w/.,\-])(?:\(?\+\s?84\)?{_SEPARATOR}(?:\(0\))?|(?<!\d)84[\s.\-]|\(?0(?=[1-9\s.\-/)]))"
    rf"(?:{_SEPARATOR}\d){{9,10}}(?![\w/])"
)
_DIGITS = re.compile(r"(?<![\w/.,\-])\d(?:[\s.\-]?\d){7,14}(?![\w/])")
_DATE = re.compile(r"(?<!\d)\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}(?!\d)")
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_CURRENCY = re.compile(r"(?i)\s*(?:đ|đồng|dong|vnđ|vnd|triệu|tỷ)(?!\w)")

# A house in an alley: "nhà 12 ngách 34 ngõ 56 phố Chùa Láng", "kiệt 45 Phan Chu Trinh", "số 5 phố Huế". A street
# name is a keyword with what follows it, or capitalized words after an alley number; "nhà 12 tầng" and "số 1"
# alone stay.
_NUMBER = r"\d+[\w/\-]*"
_HOUSE = r"(?i:số nhà|nhà số|so nha|nha so|nhà|nha|số|so)\s*" + _NUMBER
_ALLEY = r"(?i:ngõ|ngách|hẻm|kiệt|ngo|ngach|hem|kiet)\s*" + _NUMBER
_STREET_NAME = (
    rf"(?i:đường|phố|duong|pho)\s+(?:(?i:số)\s*)?(?:\d+(?:/\d+)?|{_CAPITALIZED}(?:\s+{_CAPITALIZED}){{0,4}})"
)
_AFTER_ALLEY = rf"(?:\s*,?\s*(?:{_STREET_NAME}|{_CAPITALIZED}(?:\s+{_CAPITALIZED}){{0,4}}))?"
_ADDRESS = re.compile(
    rf"(?<!\w)(?:(?:{_HOUSE}\s*,?\s*)?{_ALLEY}(?:\s*,?\s*{_ALLEY})*{_AFTER_ALLEY}"
    rf"|(?i:số nhà|nhà số|so nha|nha so)\s*{_NUMBER}(?:\s*,?\s*{_STREET_NAME})?"
    rf"|{_HOUSE}\s*,?\s*{_STREET_NAME})",
)
_WORD = re.compile(r"[^\W\d_]+")


def redact(text: str | None, names: list[str] | None = None) -> str:
    """The text with emails, phone and ID numbers, house-in-alley addresses and the given names masked."""
    return _masked(text, names, [])


def personal_data(text: str | None, names: list[str] | None = None) -> list[str]:
    """The passages `redact` would mask, each once, in the order found: what an official is offered to remove."""
    found: list[str] = []
    _masked(text, names, found)
    return list(dict.fromkeys(passage for passage in found if MASK not in passage))


def _masked(text: str | None, names: list[str] | None, found: list[str]) -> str:
    if not text:
        return ""

    def mask(match: re.Match) -> str:
        found.append(match.group())
        return MASK

    def unless_date(match: re.Match) -> str:
        keep = _DATE.search(match.group()) or match.group().count("/") > 1
        return match.group() if keep else mask(match)

    def unless_amount_or_date(match: re.Match) -> str:
        """An ID or account number is a long run of digits; a sum of money or a date is not one."""
        value = match.group()
        keep = _AMOUNT.fullmatch(value) or _DATE.search(value) or _CURRENCY.match(match.string, match.end())
        return value if keep else mask(match)

    result = _EMAIL.sub(mask, text)
    result = _PHONE.sub(unless_date, result)
    result = _DIGITS.sub(unless_amount_or_date, result)
    result = _ADDRESS.sub(mask, result)
    for name in names or []:
        result = _mask_name(result, name, found)
    return result


def _mask_name(text: str, name: str, found: list[str]) -> str:
    """Mask a person's name in any word order and with or without accents: the whole name in any case ("nguyen van
    an", "An Nguyễn Văn"), two or more of its words with the given name when capitalized ("Nguyễn An", "Văn An"),
    and the given name alone where it is capitalized as a name ("anh Bình"), not the same word in lower case
    ("bình thường")."""
    parts = fold(name).split()
    if not parts or len("".join(parts)) < 2:
        return text
    given = parts[-1]
    words = list(_WORD.finditer(text))
    spans = []
    index = 0
    while index < len(words):
        size = _name_run(text, words, index, parts, given)
        if size:
            spans.append((words[index].start(), words[index + size - 1].end()))
            index += size
        else:
            index += 1
    found.extend(text[start:end] for start, end in spans)
    for start, end in reversed(spans):
        text = text[:start] + MASK + text[end:]
    return text


def _name_run(text: str, words: list[re.Match], index: int, parts: list[str], given: str) -> int:
    """How many words from `index` on spell the name or part of it (0 if none)."""
    remaining = list(parts)
    size = 0
    while index + size < len(words):
        word = words[index + size]
        if size and text[words[index + size - 1].end() : word.start()].strip():
            break
        folded = fold(word.group())
        if folded not in remaining:
            break
        remaining.remove(folded)
        size += 1
    for length in range(size, 0, -1):
        run = words[index : index + length]
        folded = [fold(word.group()) for word in run]
        capitalized = all(word.group()[0].isupper() for word in run)
        if length == len(parts) and len(parts) > 1:
            return length
        if given in folded and capitalized and (length > 1 or len(given) > 1):
            return length
    return 0
