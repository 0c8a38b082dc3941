"""A draft's text cut into the parts people comment on, by the document's own numbering.

A regulation is numbered "Chương I", "Điều 1.", then "1." and "a)" inside an article; a plan is numbered "I.",
"1.", "a)". The draft is cut at its two highest levels that carry text: chapters and articles when it has articles
(items stay inside their article, which is what a resident cites), otherwise Roman sections and the numbered items
inside them. Markdown marks (#, *) around a number are the document's formatting, not its words, and go.
"""

import re
from dataclasses import dataclass

MAX_HEADING = 500
MAX_PARTS = 500

_MARKS = re.compile(r"^[#>\s]*[*_]*\s*")
_CHAPTER = re.compile(r"^(ch[uư][oơ]ng|CH[UƯ][OƠ]NG|Phần|PHẦN)\s+([IVXLC]+|\d+)\b[.:]?", re.IGNORECASE)
_ARTICLE = re.compile(r"^(Điều|ĐIỀU|Dieu)\s+(\d+[a-z]?)\s*[.:]", re.IGNORECASE)
_SECTION = re.compile(r"^([IVXLC]+)\s*[.)]")
_ITEM = re.compile(r"^(\d{1,3})\s*[.)](?!\d)")
_STRIP_BOLD = re.compile(r"[*_]{1,3}")


@dataclass(frozen=True)
class Part:
    kind: str  # preamble, chapter, article, section, item
    number: str
    heading: str
    text: str


def _clean(line: str) -> str:
    return _STRIP_BOLD.sub("", _MARKS.sub("", line)).strip()


def _marker(line: str) -> tuple[str, str, str] | None:
    """The kind, the number as written and the rest of the line, when the line starts a numbered part."""
    for kind, pattern in (("chapter", _CHAPTER), ("article", _ARTICLE), ("section", _SECTION), ("item", _ITEM)):
        found = pattern.match(line)
        if found:
            number = found.group(0).strip()
            if kind == "chapter":
                number = f"{found.group(1).capitalize()} {found.group(2)}"
            return kind, number, line[found.end():].strip(" .:-–")
    return None


def _levels(lines: list[str]) -> set[str]:
    kinds = {found[0] for found in map(_marker, lines) if found}
    if "article" in kinds:
        return {"chapter", "article"}
    if "section" in kinds:
        return {"section", "item"}
    return {"item"}


def split_draft(text: str) -> list[Part]:
    """The parts in document order; text before the first number is the preamble. A text with no numbering at all
    is one part, so every draft can be commented on."""
    lines = [_clean(line) for line in (text or "").replace("\r\n", "\n").split("\n")]
    levels = _levels(lines)
    parts: list[Part] = []
    kind, number, heading, body = "preamble", "", "", []

    def close():
        content = "\n".join(body).strip()
        if number or content:
            parts.append(Part(kind, number, heading[:MAX_HEADING], content))

    for line in lines:
        found = _marker(line)
        if found and found[0] in levels and len(parts) < MAX_PARTS - 1:
            close()
            kind, number, rest = found
            heading, body = (rest, []) if len(rest) <= 200 else ("", [rest])
        else:
            body.append(line)
    close()
    return [_tidy(part) for part in parts]


def _tidy(part: Part) -> Part:
    """Blank lines of the source collapse to one, so a part reads as its paragraphs."""
    text = re.sub(r"\n{3,}", "\n\n", part.text)
    return Part(part.kind, part.number, part.heading, text)
