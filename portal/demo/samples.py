"""Publishing the five sample plans in samples/, beside this module, as disclosures of their issuers, on their dates.

The files are what local governments wrote, formatted unevenly: bold markers run
together, PDF-extracted text breaks every line, one file is in decomposed Unicode.
`to_markdown` repairs only what would render wrongly and keeps every word.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select

from portal.core.audit import record_about
from portal.core.calendar import WorkingCalendar, load_calendar
from portal.core.timeutil import LOCAL_TZ, local_date, utcnow
from portal.disclosures.models import Disclosure, DisclosureCategory
from portal.disclosures.services import new_disclosure
from portal.extensions import db
from portal.units.models import Unit


@dataclass(frozen=True)
class SamplePlan:
    filename: str
    issuer_code: str
    category_code: str
    document_date: date | None
    posting_start: date  # the document's own date when it has one, else the day after the latest document it cites
    places: tuple[str, ...]


SAMPLE_PLANS = [
    SamplePlan(
        "000_07e7b44f6abc2798.txt",
        "XMINHLONG-HDND",
        "khac",
        date(2022, 4, 25),
        date(2022, 4, 26),
        ("Trụ sở HĐND - UBND huyện Minh Long",),
    ),
    SamplePlan(
        "001_843a20fd0a9b1e8d.txt", "XVINHCUU-UBND", "khac", None, date(2024, 3, 15), ("Trụ sở UBND huyện Vĩnh Cửu",)
    ),
    SamplePlan(
        "002_312b09239df70115.txt",
        "XTANTRUNG",
        "quy-che-dan-chu",
        None,
        date(2024, 3, 1),
        ("Trụ sở UBND xã Tân Trung", "Trang Zalo của xã Tân Trung"),
    ),
    SamplePlan(
        "003_93d6b709dd7d643f.txt",
        "XHATRUNG-TT",
        "khac",
        None,
        date(2023, 1, 3),
        ("Trụ sở UBND thị trấn Hà Trung", "Nhà văn hóa Tổ dân phố 1"),
    ),
    SamplePlan("004_01486d628d01352f.txt", "XIAPA-UBND", "khac", None, date(2022, 4, 9), ("Trụ sở UBND huyện Ia Pa",)),
]

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"

_NUMBER = re.compile(r"Số:\s*([^\n]*?)\s*$", re.MULTILINE)
_HEADING_MARKS = re.compile(r"^[#\s*]+|[#*\s]+$")
_SENTENCE_END = (".", ":", ";", "!", "?", "**")


def _clean_line(line: str) -> str:
    return _HEADING_MARKS.sub("", line).strip()


def title_of(text: str) -> str:
    """ "Kế hoạch" plus the line after the "KẾ HOẠCH" heading, as the documents name themselves."""
    lines = [_clean_line(line) for line in text.splitlines()]
    for index, line in enumerate(lines):
        if line.upper().startswith("KẾ HOẠCH") and len(line) <= 12:
            following = next(candidate for candidate in lines[index + 1 :] if candidate)
            return f"Kế hoạch {following[0].lower()}{following[1:]}".rstrip("*").strip()
    raise ValueError("no KẾ HOẠCH heading")


def document_number(text: str) -> str:
    match = _NUMBER.search(text)
    number = re.sub(r"\s+", "", match.group(1)) if match else ""
    return number if re.search(r"\d", number) else ""


def _is_hard_wrapped(lines: list[str]) -> bool:
    """PDF extraction leaves a blank line after every printed line: most lines then end mid-sentence."""
    content = [line for line in lines if line.strip()]
    unfinished = [line for line in content if not line.rstrip().endswith(_SENTENCE_END)]
    return len(content) > 20 and len(unfinished) > len(content) / 2


def _join_wrapped(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        starts_block = line.startswith(("-", "+", "*", "#")) or re.match(r"^([IVX]+|\d+|[a-zđ])[.)]\s", line)
        if paragraphs and not starts_block and not paragraphs[-1].endswith(_SENTENCE_END):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def to_markdown(text: str) -> str:
    """The body after the title (which the page shows as its heading), repaired for Markdown:
    wrapped lines joined, run-together bold split, roman-numeral section heads made headings."""
    text = unicodedata.normalize("NFC", text).replace("****", "**\n\n**")
    lines = text.splitlines()
    heading = next(i for i, line in enumerate(lines) if _clean_line(line).upper().startswith("KẾ HOẠCH"))
    subtitle = next(i for i in range(heading + 1, len(lines)) if _clean_line(lines[i]))
    body = lines[subtitle + 1 :]
    paragraphs = _join_wrapped(body) if _is_hard_wrapped(body) else [line.rstrip() for line in body]
    result = []
    for paragraph in paragraphs:
        plain = _clean_line(paragraph)
        if re.match(r"^[IVX]+\.\s", plain) and plain.upper() == plain:
            paragraph = f"## {plain}"
        result.append(paragraph)
    separator = "\n\n" if _is_hard_wrapped(body) else "\n"
    return separator.join(result).strip() + "\n"


def publish_sample_plans(samples_dir: Path = SAMPLES_DIR) -> int:
    """Publish each sample once (looked up by title and issuer), approved and posted from its real date."""
    calendar = load_calendar()
    published = 0
    for plan in SAMPLE_PLANS:
        raw = (samples_dir / plan.filename).read_text(encoding="utf-8")
        unit = db.session.scalar(select(Unit).where(Unit.code == plan.issuer_code))
        category = db.session.scalar(select(DisclosureCategory).where(DisclosureCategory.code == plan.category_code))
        title, number, body = title_of(unicodedata.normalize("NFC", raw)), document_number(raw), to_markdown(raw)
        exists = db.session.scalar(
            select(Disclosure.id).where(Disclosure.unit_id == unit.id, Disclosure.title == title)
        )
        if exists:
            continue
        start = datetime.combine(plan.posting_start, time(8), tzinfo=LOCAL_TZ)
        disclosure = _approved_disclosure(
            unit, category, title, number, body, start, calendar, made_at=start, posting_places=list(plan.places),
            document_date=plan.document_date, decided_on=plan.document_date,
        )
        record_about(
            disclosure, "disclosures.approved", "disclosure", unit_id=unit.id,
            details={"via": "demo load", "sample": plan.filename}, now=start,
        )
        published += 1
    return published


# Built here, not through create_draft: the demo posts documents as already approved, which no rule allows.
def _approved_disclosure(
    unit: Unit, category: DisclosureCategory, title: str, number: str, body: str, start: datetime,
    calendar: WorkingCalendar, *, made_at: datetime, **fields,
) -> Disclosure:
    """A disclosure approved as it is made, with its one version, posted for its category's period."""
    return new_disclosure(
        unit, category, title, number, body, start, category.posting_days, calendar,
        author_id=None, made_at=made_at, approved_at=made_at, **fields,
    )


UPCOMING_NOTICE_UNIT = "XTANTRUNG"
UPCOMING_NOTICE_BODY = """## Lịch tiếp công dân định kỳ

Chủ tịch UBND xã tiếp công dân định kỳ vào **ngày 15** hằng tháng tại Trụ sở UBND xã.

- Buổi sáng: từ 7 giờ 30 đến 11 giờ 00
- Buổi chiều: từ 13 giờ 30 đến 16 giờ 30

Công dân mang theo giấy tờ tùy thân và tài liệu liên quan (nếu có).
"""


def schedule_upcoming_notice(now: datetime | None = None) -> int:
    """A notice posted from the first day of next month, so the demo always shows a scheduled disclosure too.

    Its title names that month: running the load again in the same month finds it and adds nothing; in a later
    month the earlier one has gone live and next month's is scheduled.
    """
    now = now or utcnow()
    today = local_date(now)
    first = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    unit = db.session.scalar(select(Unit).where(Unit.code == UPCOMING_NOTICE_UNIT))
    category = db.session.scalar(select(DisclosureCategory).where(DisclosureCategory.code == "khac"))
    if unit is None or category is None:
        return 0
    title = f"Thông báo lịch tiếp công dân định kỳ tháng {first:%m/%Y} của UBND xã Tân Trung"
    if db.session.scalar(select(Disclosure.id).where(Disclosure.unit_id == unit.id, Disclosure.title == title)):
        return 0
    start = datetime.combine(first, time(8), tzinfo=LOCAL_TZ)
    disclosure = _approved_disclosure(
        unit, category, title, "", UPCOMING_NOTICE_BODY, start, load_calendar(), made_at=now,
        posting_places=["Trụ sở UBND xã Tân Trung", "Nhà văn hóa Thôn 1"],
    )
    record_about(
        disclosure, "disclosures.approved", "disclosure", unit_id=unit.id,
        details={"via": "demo load", "scheduled": True}, now=now,
    )
    return 1
