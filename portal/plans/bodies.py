"""Bodies (offices, committees, boards) named in a plan's text, and matching them to the portal's units.

Plans name bodies loosely: "UBND huyện", "Ủy ban nhân dân huyện", "Phòng TN&MT", "Thường trực HDND" (a typo for
HĐND). Names are found by their head word ("Phòng", "Ban", "UBND", "các cơ quan" …) and end where the sentence's verb
begins ("… chủ trì", "… phối hợp"), since Vietnamese capitalizes only a name's first syllable.
"""

import functools
import re
import unicodedata
from difflib import SequenceMatcher

from portal.core.text import fold

_HEADS = (
    "phong",
    "ban",
    "trung tam",
    "thanh tra",
    "ubnd",
    "uy ban",
    "hdnd",
    "hoi dong nhan dan",
    "thuong truc",
    "tt",
    "ttr",
    "lien doan",
    "van phong",
    "cong an",
    "mat tran",
    "ubmttq",
    "ub mttq",
    "mttq",
    "cong doan",
    "dang uy",
    "huyen uy",
    "tinh uy",
    "cong chuc",
    "dai",
    "hoi",
    "doan",
    "chu tich",
    "thu truong",
    "so",
    "bo phan",
    "chi cuc",
    "bcd",
    "cac co quan",
    "cac don vi",
    "cac cap",
    "cac nganh",
    "cac ban",
    "cac phong",
    "cac to chuc",
    "cac doan the",
    "cac xa",
    "cac dia phuong",
    "cac can bo",
)
_NOT_BODIES = ("ban hanh", "phong chong", "phong, chong", "hoi nghi", "doan ket", "dai hoi", "so ket", "so luoc")
_STOPS = (
    "chu tri",
    "phoi hop",
    "tham muu",
    "tiep tuc",
    "ra soat",
    "day manh",
    "huong dan",
    "to chuc",
    "trien khai",
    "thuc hien",
    "can cu",
    "co trach nhiem",
    "chu dong",
    "tang cuong",
    "xay dung",
    "theo doi",
    "kiem tra",
    "bao cao",
    "tong hop",
    "danh gia",
    "tuyen truyen",
    "quan triet",
    "phan anh",
    "nghiem tuc",
    "yeu cau",
    "de nghi",
    "giai quyet",
    "lay y kien",
    "dang tin",
    "thuc thi",
    "ban hanh",
    "xem xet",
    "tiep nhan",
    "cung cap",
    "theo",
    "de",
    "ve",
    "trong",
    "voi",
    "cua",
    "nham",
    "tren",
    "khi",
    "neu",
    "thuong xuyen",
    "kip thoi",
    "phat huy",
    "nang cao",
    "hoan thanh",
    "lap",
    "gui",
    "xu ly",
    "van dong",
    "boi duong",
    "tap huan",
    "tham gia",
    "dam bao",
    "hang nam",
    "hang thang",
    "dinh ky",
    "truoc",
    "sau",
    "den",
    "giam sat",
)


def _words_pattern(words: tuple[str, ...]) -> re.Pattern:
    """Any of the folded words, longest first, as whole words."""
    return re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![a-z0-9])")


_HEAD_RE = _words_pattern(_HEADS)
_STOP_RE = _words_pattern(_STOPS)
_END = set(':;.()\n"“”[]')
_MAX_WORDS = 14
_MAX_GROUP_ITEM_WORDS = 5


@functools.lru_cache(maxsize=256)
def fold_chars(text: str) -> str:
    """Lowercase, without diacritics, one character for each of NFC text's: positions in it are positions in text."""
    return "".join(_fold_char(ch) for ch in text)


@functools.cache
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", ch)[0].lower()


def starts_body(text: str, folded: str, pos: int) -> bool:
    """Whether a body's name begins at pos: a head word, capitalized unless it is a group ("các cơ quan")."""
    if not _HEAD_RE.match(folded, pos) or folded.startswith(_NOT_BODIES, pos):
        return False
    if pos > 0 and (folded[pos - 1].isalnum()):
        return False
    return text[pos].isupper() or folded.startswith("cac ", pos)


def bodies_at(text: str, pos: int = 0) -> tuple[list[str], int]:
    """The bodies named from pos on ("Phòng Tư pháp, Phòng Văn hoá và Thông tin, Trung tâm …"), and where they end.

    Nothing is returned when what follows is not a name (too long to be one, or no head word)."""
    folded = fold_chars(text)
    pos = _skip_spaces(folded, pos)
    bodies: list[str] = []
    while pos < len(text) and starts_body(text, folded, pos):
        end, reason = _scan_name(text, folded, _HEAD_RE.match(folded, pos).end())
        if end is None:
            break
        is_group = folded.startswith("cac ", pos) or " cac " in folded[pos:end]
        end = _extend_group(text, folded, end) if is_group and reason == "," else end
        bodies.append(_tidy(text[pos:end]))
        pos = _skip_spaces(folded, end)
        if folded.startswith(",", pos) or folded.startswith("va ", pos):
            following = _skip_spaces(folded, pos + (1 if folded[pos] == "," else 2))
            if starts_body(text, folded, following):
                pos = following
                continue
        break
    return bodies, pos


def _scan_name(text: str, folded: str, start: int, words: int = 1) -> tuple[int | None, str]:
    """The end of a name whose first words end at start, and why it ended: punctuation, a verb, "và" before
    another name, or the text's end."""
    pos = start
    while pos < len(text):
        pos = _skip_spaces(folded, pos)
        if pos >= len(text):
            break
        if folded[pos] in _END or folded[pos] == ",":
            return _trim_end(folded, pos), folded[pos]
        if words and text[pos].islower() and _STOP_RE.match(folded, pos) and not _is_name_part(folded, pos):
            return _trim_end(folded, pos), "verb"
        if (
            words
            and folded.startswith("va ", pos)
            and starts_body(text, folded, _skip_spaces(folded, pos + 2))
            and not _is_name_part(folded, pos)
        ):
            return _trim_end(folded, pos), "and"
        while pos < len(text) and not folded[pos].isspace() and folded[pos] not in _END and folded[pos] != ",":
            pos += 1
        words += 1
        if words > _MAX_WORDS:
            return None, "long"
    return _trim_end(folded, pos), "end"


def _is_name_part(folded: str, pos: int) -> bool:
    """ "Ban Chỉ đạo thực hiện Quy chế dân chủ" and "Văn phòng HĐND và UBND" are one name each, although "thực
    hiện" usually starts the verb and "và" another name."""
    before = folded[max(0, pos - 12) : pos].rstrip()
    return (before.endswith("chi dao") and folded.startswith("thuc hien", pos)) or (
        before.endswith("hdnd") and folded.startswith("va ubnd", pos)
    )


def _extend_group(text: str, folded: str, end: int) -> int:
    """ "các cơ quan, đơn vị, địa phương": a group's short lowercase items after commas belong to it."""
    while folded.startswith(",", end):
        item = _skip_spaces(folded, end + 1)
        if item >= len(text) or not text[item].islower() or starts_body(text, folded, item):
            break
        item_end, reason = _scan_name(text, folded, item, words=0)
        if item_end is None or len(folded[item:item_end].split()) > _MAX_GROUP_ITEM_WORDS:
            break
        end = item_end
        if reason != ",":
            break
    return end


def _skip_spaces(folded: str, pos: int) -> int:
    while pos < len(folded) and folded[pos].isspace():
        pos += 1
    return pos


def _trim_end(folded: str, pos: int) -> int:
    while pos > 0 and folded[pos - 1].isspace():
        pos -= 1
    return pos


def _tidy(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" -,")


_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "ubmttq": "uy ban mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "mttq": "mat tran to quoc",
    "ub": "uy ban",
    "tn&mt": "tai nguyen va moi truong",
    "tnmt": "tai nguyen va moi truong",
    "ldtb&xh": "lao dong thuong binh va xa hoi",
    "ld-tb&xh": "lao dong thuong binh va xa hoi",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "vh&tt": "van hoa va thong tin",
    "vhtt": "van hoa thong tin",
    "vh": "van hoa",
    "tc-kh": "tai chinh ke hoach",
    "tckh": "tai chinh ke hoach",
    "tc": "tai chinh",
    "kh": "ke hoach",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "kt&ht": "kinh te va ha tang",
    "tt": "thuong truc",
    "ttr": "thuong truc",
    "hu": "huyen uy",
    "tu": "tinh uy",
    "bcd": "ban chi dao",
    "qcdc": "quy che dan chu",
    "ct": "chu tich",
    "pct": "pho chu tich",
    "vp": "van phong",
    "tp": "thanh pho",
    "tx": "thi xa",
}
_FILLERS = {"va", "cac"}


def name_words(name: str) -> tuple[str, ...]:
    """The words a name stands for: folded, abbreviations spelled out, "và" and punctuation left out."""
    words: list[str] = []
    for token in re.findall(r"[a-z0-9&]+(?:[-&][a-z0-9&]+)*", fold(name)):
        expanded = _ABBREVIATIONS.get(token)
        if expanded is None and "-" in token:
            expanded = " ".join(_ABBREVIATIONS.get(part, part) for part in token.split("-"))
        words.extend((expanded or token).replace("&", " ").split())
    return tuple(word for word in words if word not in _FILLERS)


def match_body(name: str, candidates: list[str], *, threshold: float = 0.86) -> str | None:
    """The candidate unit name that means the same body as name, or None when none does.

    One name's words (two at least) all found in the other's, with the same first word, counts as the same body
    ("Phòng Nội vụ huyện" is the district's "Phòng Nội vụ", but not "Huyện Vĩnh Cửu"); the closest such pair wins.
    Otherwise a near spelling ("Thanh tra huyen") above the threshold.
    """
    wanted = name_words(name)
    if not wanted:
        return None
    best, best_score = None, 0.0
    for candidate in candidates:
        words = name_words(candidate)
        if not words:
            continue
        same_head = words[0] == wanted[0] and min(len(set(words)), len(set(wanted))) >= 2
        if same_head and (set(wanted) <= set(words) or set(words) <= set(wanted)):
            score = 1 + len(set(wanted) & set(words)) / len(set(wanted) | set(words))
        else:
            score = SequenceMatcher(None, " ".join(wanted), " ".join(words)).ratio()
            if score < threshold:
                continue
        if score > best_score:
            best, best_score = candidate, score
    return best
