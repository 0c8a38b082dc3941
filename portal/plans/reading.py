"""Reading a plan ("Kế hoạch") into a proposal an official checks: header, legal bases, tasks, report duties.

Real plans are uneven: bold markers run together, PDF extraction breaks every printed line, numbers are blank,
headings carry typos ("TỐI CHỨC"). The reader repairs the text into paragraphs, follows the document's own
numbering (I., 1., a), -, +) and keeps every passage it cannot place in `unread`, so nothing is silently dropped.
It touches no database: matching the bodies to units is left to the caller (`portal.plans.bodies.match_body`).
"""

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from portal.core.text import fold
from portal.core.timeutil import local_date, utcnow
from portal.plans.bodies import bodies_at, fold_chars, starts_body
from portal.plans.timeframes import Period, safe_date, timeframe_period, year_period, yearly_dates


class ReportKind(enum.StrEnum):
    six_month = "six_month"  # sơ kết
    annual = "annual"  # tổng kết
    other = "other"


@dataclass(frozen=True)
class ReportDuty:
    text: str  # as written: "Định kỳ 06 tháng (trước ngày 05/5/2024)"
    kind: ReportKind
    due_dates: tuple[date, ...]  # concrete dates within the plan's period
    yearly_on: tuple[int, int] | None  # (month, day) when the duty recurs every year
    recipient: str | None  # to whom
    via: str | None  # through whom ("qua Phòng Nội vụ")
    maker: str | None  # who must make it
    task_path: tuple[int, ...]  # where the task whose text holds it is: indexes from the top of the tree


@dataclass(frozen=True)
class PlanTask:
    number: str  # as written: "II.", "1.", "a)", "-", "" for an unnumbered paragraph
    level: int  # 1 for the top of the tree
    text: str
    lead: str | None
    cooperating: tuple[str, ...]
    timeframe_text: str | None
    starts_on: date | None
    ends_on: date | None
    children: tuple["PlanTask", ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class PlanProposal:
    number: str | None
    issued_on: date | None
    place: str | None
    issuer: str | None
    title: str
    legal_bases: tuple[str, ...]
    starts_on: date
    ends_on: date
    objectives: tuple[str, ...]
    tasks: tuple[PlanTask, ...]
    report_duties: tuple[ReportDuty, ...]
    closing: tuple[str, ...]
    unread: tuple[str, ...]

    def all_tasks(self):
        for task in self.tasks:
            yield from task.walk()


@dataclass
class _Paragraph:
    text: str
    is_heading: bool  # a Markdown heading or a wholly bold line: what follows belongs under it


@dataclass
class _Draft:
    number: str
    kind: int
    text: str
    is_heading: bool
    attributes: dict[str, str] = field(default_factory=dict)
    children: list["_Draft"] = field(default_factory=list)


_SENTENCE_END = (".", ":", ";", "!", "?")
_ROMAN = re.compile(r"^((?:X{0,2})(?:IX|IV|V?I{0,3}))\.\s*(.*)$")
_NUMBER = re.compile(r"^(\d{1,2})[.)](?!\d)\s*(.*)$")
_SUBNUMBER = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(.*)$")
_DASH = re.compile(r"^([-–—•+])\s*(.*)$")
_KINDS = {"roman": 0, "number": 1, "subnumber": 2, "letter": 3, "-": 4, "+": 5, "paragraph": 6}
_ATTRIBUTE = re.compile(
    r"^(?P<label>thực hiện|chủ trì|đơn vị thực hiện|cơ quan thực hiện|đơn vị chủ trì|cơ quan chủ trì|phối hợp"
    r"|đơn vị phối hợp|cơ quan phối hợp|tham mưu thực hiện|tham mưu|thời gian thực hiện|thời gian|thời hạn)"
    r"\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_LEAD_LABELS = {"thuc hien", "chu tri", "don vi thuc hien", "co quan thuc hien", "don vi chu tri", "co quan chu tri"}
_TIME_LABELS = {"thoi gian thuc hien", "thoi gian", "thoi han"}
_TIMEFRAME_LABELED = re.compile(
    r"thời\s+gian(?:\s+thực\s+hiện\s*:?|\s+công\s+khai\s*:?|\s*:)\s*([^).;]+)", re.IGNORECASE
)
_TIMEFRAME_FREE = re.compile(
    r"(?:trong\s+)?quý\s+(?:IV|III|II|I)(?:\s*/\s*\d{4})?|(?:trong\s+)?tháng\s+\d{1,2}/\d{4}"
    r"|\bthường\s+xuyên\b|(?<![\d/]\s)\bh[aàằ]ng\s+năm\b",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"^Số\s*:\s*(.*)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^(?P<place>[^,]*),\s*ngày\s*(?P<rest>.*)$", re.IGNORECASE)
_FULL_DATE = re.compile(r"(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
_ANY_YEAR = re.compile(r"năm\s*(\d{4})", re.IGNORECASE)
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc", "doc lap tu do hanh phuc")
_BASIS_STARTS = ("can cu", "thuc hien", "trien khai", "theo", "thi hanh")
_ISSUER_CLAUSE = re.compile(r"\s(?:ban hành|xây dựng)\s+kế hoạch", re.IGNORECASE)
_PERIOD_RANGE = re.compile(r"giai\s+đoạn\s+(\d{4})\s*[-–]\s*(\d{4})", re.IGNORECASE)
_PERIOD_UNTIL = re.compile(r"đến\s+(?:hết\s+)?năm\s+(\d{4})", re.IGNORECASE)
_REPORT_LABELED = re.compile(
    r"(?P<label>(?:định\s+kỳ\s+)?(?:0?6|sáu)\s+tháng|cuối\s+năm|(?:0?1|một)\s+năm|quý)\s*"
    r"\(\s*(?:trước\s+ngày\s+)?(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?P<rest>[^)]*)\)",
    re.IGNORECASE,
)
_REPORT_BARE = re.compile(
    r"trước\s+ngày\s+(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}))?(?P<rest>\s+h[aàằ]ng\s+năm)?",
    re.IGNORECASE,
)
_AD_HOC = re.compile(r"đột\s+xuất(?:\s*\([^)]*\))?", re.IGNORECASE)
_VIA = re.compile(r"\(\s*qua\s+([^)]+)\)", re.IGNORECASE)
_CLOSING_STARTS = ("tren day la", "noi nhan")


def read_plan(text: str, *, today: date | None = None) -> PlanProposal:
    """A proposal from the plan's text, for an official to check: what the reader could not place is in `unread`.

    `today` (default: today in Asia/Ho_Chi_Minh) gives the year of a plan that names none: its period is that year."""
    lines = _clean_source(text).split("\n")
    heading = _heading_index(lines)
    unread: list[str] = []
    number, issued_on, place, header_year = _read_header(lines[: max(heading, 0)], unread)
    title, body_start = _read_title(lines, heading)
    paragraphs = _paragraphs(lines[body_start:])
    preamble, body, closing = _split_body(paragraphs)
    legal_bases, issuer = _read_preamble(preamble, unread)
    period = _plan_period(title, issued_on, header_year, today)
    objectives, drafts = _build_tree(body, unread)
    tasks = tuple(_freeze(draft, 1, None, period) for draft in drafts)
    duties = tuple(_all_duties(tasks, (), period))
    return PlanProposal(
        number=number,
        issued_on=issued_on,
        place=place,
        issuer=issuer,
        title=title,
        legal_bases=tuple(legal_bases),
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        objectives=tuple(objectives),
        tasks=tasks,
        report_duties=duties,
        closing=tuple(paragraph.text for paragraph in closing),
        unread=tuple(unread),
    )


def _clean_source(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ").replace("\ufeff", "")
    return text.replace("****", "**\n\n**")


def _strip_marks(line: str) -> tuple[str, bool]:
    """The line without Markdown's heading and emphasis marks, and whether it was a heading or wholly bold."""
    stripped = line.strip()
    is_heading = stripped.startswith("#")
    stripped = stripped.lstrip("#").strip()
    if stripped.startswith("**") and stripped.rstrip().endswith("**") and stripped.count("**") == 2:
        is_heading = True
    plain = re.sub(r"\s+", " ", re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", stripped)).strip()
    plain = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", plain))
    return plain, is_heading


def _heading_index(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        plain, _ = _strip_marks(line)
        if fold(plain).startswith("ke hoach") and len(plain) <= 12:
            return index
    return -1


def _read_header(lines: list[str], unread: list[str]):
    number = issued_on = place = header_year = None
    for line in lines:
        plain, _ = _strip_marks(line)
        if not plain:
            continue
        if match := _NUMBER_LINE.match(plain):
            written = re.sub(r"\s+", "", match.group(1))
            number = written if re.search(r"\d", written) else None
        elif match := _DATE_LINE.match(plain):
            place = match.group("place").strip() or None
            if full := _FULL_DATE.search(match.group("rest")):
                issued_on = safe_date(int(full.group(3)), int(full.group(2)), int(full.group(1)))
            if year := _ANY_YEAR.search(match.group("rest")):
                header_year = int(year.group(1))
        elif fold(plain).strip(" .") not in _MOTTO:
            unread.append(plain)
    return number, issued_on, place, header_year


def _read_title(lines: list[str], heading: int) -> tuple[str, int]:
    """The line after "KẾ HOẠCH", with a following line that continues it (a lowercase start)."""
    if heading < 0:
        return "", 0
    index = heading + 1
    while index < len(lines) and not _strip_marks(lines[index])[0]:
        index += 1
    if index >= len(lines):
        return "", index
    title = _strip_marks(lines[index])[0]
    index += 1
    while index < len(lines) and (following := _strip_marks(lines[index])[0]) and following[0].islower():
        title, index = f"{title} {following}", index + 1
    return title, index


def _is_hard_wrapped(lines: list[str]) -> bool:
    """PDF extraction leaves every printed line on its own: most lines then end mid-sentence."""
    content = [line.strip() for line in lines if line.strip()]
    unfinished = [line for line in content if not _strip_marks(line)[0].endswith(_SENTENCE_END)]
    return len(content) > 20 and len(unfinished) > len(content) / 2


def _starts_item(text: str) -> bool:
    return _marker(text)[1] != "paragraph"


def _paragraphs(lines: list[str]) -> list[_Paragraph]:
    """Physical lines joined into paragraphs: hard line breaks inside a sentence are not paragraph ends."""
    hard_wrapped = _is_hard_wrapped(lines)
    paragraphs: list[_Paragraph] = []
    gap, previous_raw = False, ""
    for raw in lines:
        if not raw.strip():
            gap = True
            continue
        plain, is_heading = _strip_marks(raw)
        if not plain:
            continue
        if paragraphs and _continues(paragraphs[-1], previous_raw, plain, is_heading, gap, hard_wrapped):
            paragraphs[-1].text = f"{paragraphs[-1].text} {plain}"
        else:
            paragraphs.append(_Paragraph(plain, is_heading))
        gap, previous_raw = False, raw
    return paragraphs


def _continues(previous: _Paragraph, previous_raw: str, plain: str, is_heading: bool, gap: bool, wrapped: bool):
    if is_heading or previous.is_heading or _starts_item(plain) or previous.text.endswith(_SENTENCE_END):
        return False
    if wrapped:
        return True
    if previous_raw.endswith("  "):
        return False
    return not gap or plain[0].islower() or len(previous.text) >= 60


def _split_body(paragraphs: list[_Paragraph]):
    """Preamble (before the first numbered part), body, and closing ("Trên đây là …", "Nơi nhận", signature)."""
    start = next((i for i, p in enumerate(paragraphs) if _marker(p.text)[1] in ("roman", "number")), len(paragraphs))
    end = next(
        (i for i, p in enumerate(paragraphs) if i >= start and fold(p.text[:20]).startswith(_CLOSING_STARTS)),
        len(paragraphs),
    )
    return paragraphs[:start], paragraphs[start:end], paragraphs[end:]


def _read_preamble(preamble: list[_Paragraph], unread: list[str]) -> tuple[list[str], str | None]:
    bases: list[str] = []
    issuer = None
    for paragraph in preamble:
        for part in _clauses(paragraph.text):
            basis, named = _issuer_of(part)
            if named and issuer is None:
                issuer = named
            if basis:
                bases.append(basis.rstrip(" ."))
            elif not named:
                unread.append(part)
    return bases, issuer


def _issuer_of(part: str) -> tuple[str | None, str | None]:
    """A clause as (legal basis, issuer): "Căn cứ …" is a basis, "UBND huyện ban hành kế hoạch …" names the
    issuer (the last name before the verb), and "Thực hiện …, UBND xã ban hành kế hoạch …" is both."""
    clause = _ISSUER_CLAUSE.search(part)
    is_basis = fold(part[:20]).startswith(_BASIS_STARTS)
    if not clause:
        return (part if is_basis else None), None
    head = part[: clause.start()]
    cut = head.rfind(", ")
    named = head[cut + 2 :].strip() if cut >= 0 else head.strip()
    if not is_basis:
        return None, named or None
    folded = fold_chars(named)
    if cut >= 0 and named and starts_body(named, folded, 0):
        return head[:cut].strip(), named
    return part, None


def _clauses(text: str) -> list[str]:
    """Parts separated by ";" where the next part starts a new sentence (an uppercase letter)."""
    parts: list[str] = []
    for piece in text.split(";"):
        piece = piece.strip()
        if not piece:
            continue
        if parts and not piece[0].isupper():
            parts[-1] = f"{parts[-1]}; {piece}"
        else:
            parts.append(piece)
    return [part.rstrip(" ;") for part in parts]


def _plan_period(title: str, issued_on: date | None, header_year: int | None, today: date | None) -> Period:
    if match := _PERIOD_RANGE.search(title):
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last:
            return Period(date(first, 1, 1), date(last, 12, 31))
    if match := _PERIOD_UNTIL.search(title):
        last = int(match.group(1))
        start = issued_on or date(min(header_year or last, last), 1, 1)
        return Period(min(start, date(last, 12, 31)), date(last, 12, 31))
    if match := _ANY_YEAR.search(title):
        return year_period(int(match.group(1)))
    year = header_year or (issued_on.year if issued_on else (today or local_date(utcnow())).year)
    return year_period(year)


def _marker(text: str) -> tuple[str, str, str]:
    """(number as written, kind, the rest of the text): "II.", "1.", "1.1.", "a)", "-", "+" or none."""
    match = _ROMAN.match(text)
    if match and match.group(1):
        return f"{match.group(1)}.", "roman", match.group(2)
    if match := _NUMBER.match(text):
        return text[: match.start(2)].strip(), "number", match.group(2)
    if match := _SUBNUMBER.match(text):
        return text[: match.start(2)].strip(), "subnumber", match.group(2)
    if match := _LETTER.match(text):
        return f"{match.group(1)})", "letter", match.group(2)
    if match := _DASH.match(text):
        kind = "+" if match.group(1) == "+" else "-"
        return kind, kind, match.group(2)
    return "", "paragraph", text


def _looks_like_heading(text: str, is_heading: bool) -> bool:
    return is_heading or text.endswith(":") or (not text.endswith(_SENTENCE_END) and len(text) <= 80)


def _section_kind(text: str) -> str:
    folded = fold(text[:40])
    if "muc dich" in folded or folded.startswith("yeu cau"):
        return "objectives"
    return "tasks"


def _build_tree(body: list[_Paragraph], unread: list[str]) -> tuple[list[str], list[_Draft]]:
    """The numbered items as a tree; the objectives section's text apart; attribute lines ("Thực hiện: …")
    on the item they describe; unnumbered paragraphs under a heading item, or else part of the item before."""
    objectives: list[str] = []
    roots: list[_Draft] = []
    stack: list[_Draft] = []
    in_objectives = False
    for paragraph in body:
        number, kind, rest = _marker(paragraph.text)
        if kind == "roman":
            in_objectives = _section_kind(rest) == "objectives"
            stack = []
            if in_objectives:
                objectives.append(paragraph.text)
                continue
        elif in_objectives:
            objectives.append(paragraph.text)
            continue
        attribute = _ATTRIBUTE.match(rest) if kind in ("-", "+", "paragraph") else None
        if attribute and stack:
            label = fold(attribute.group("label"))
            stack[-1].attributes[label] = attribute.group("value").strip().rstrip(".")
            continue
        if kind == "paragraph" and stack and not stack[-1].is_heading and stack[-1].kind != _KINDS["paragraph"]:
            stack[-1].text = f"{stack[-1].text}\n{rest}"
            continue
        draft = _Draft(number, _KINDS[kind], rest, _looks_like_heading(rest, paragraph.is_heading))
        while stack and stack[-1].kind >= draft.kind:
            stack.pop()
        if stack:
            stack[-1].children.append(draft)
        elif kind in ("roman", "number"):
            roots.append(draft)
        else:
            unread.append(paragraph.text)
            continue
        stack.append(draft)
    return objectives, roots


def _freeze(draft: _Draft, level: int, parent_lead: str | None, period: Period) -> PlanTask:
    lead, cooperating = _bodies_of(draft)
    timeframe = _timeframe_text(draft)
    dates = timeframe_period(timeframe, period) if timeframe else None
    own_lead = lead or parent_lead
    return PlanTask(
        number=draft.number,
        level=level,
        text=draft.text,
        lead=own_lead,
        cooperating=tuple(body for body in dict.fromkeys(cooperating) if body != own_lead),
        timeframe_text=timeframe,
        starts_on=dates.starts_on if dates else None,
        ends_on=dates.ends_on if dates else None,
        children=tuple(_freeze(child, level + 1, own_lead, period) for child in draft.children),
    )


def _bodies_of(draft: _Draft) -> tuple[str | None, list[str]]:
    """The lead body and the cooperating ones, from attribute lines first, then from the text itself."""
    lead_bodies: list[str] = []
    cooperating: list[str] = []
    for label, value in draft.attributes.items():
        bodies = _split_listed(value)
        if label in _LEAD_LABELS:
            lead_bodies.extend(bodies)
        elif label not in _TIME_LABELS:
            cooperating.extend(bodies)
    text = draft.text
    if not lead_bodies:
        start = re.match(r"^(?:Giao|Đề nghị)\s+", text)
        lead_bodies, _ = bodies_at(text, start.end() if start else 0)
    for match in re.finditer(r"phối hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", text, re.IGNORECASE):
        cooperating.extend(bodies_at(text, match.end())[0])
    lead = lead_bodies[0] if lead_bodies else None
    return lead, lead_bodies[1:] + cooperating


def _split_listed(value: str) -> list[str]:
    """A labelled value ("Thường trực HĐND, các Ban HĐND huyện") as its bodies, or whole when not read as names."""
    bodies, _ = bodies_at(value)
    return bodies or [value]


def _timeframe_text(draft: _Draft) -> str | None:
    for label, value in draft.attributes.items():
        if label in _TIME_LABELS:
            return value
    text = draft.text
    if match := _TIMEFRAME_LABELED.search(text):
        return match.group(1).strip()
    if match := _TIMEFRAME_FREE.search(text):
        return match.group(0)
    return None


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.;!?])\s+|\n", text) if part.strip()]


def _all_duties(tasks: tuple[PlanTask, ...], path: tuple[int, ...], period: Period):
    for index, task in enumerate(tasks):
        yield from _report_duties(task, (*path, index), period)
        yield from _all_duties(task.children, (*path, index), period)


def _report_duties(task: PlanTask, path: tuple[int, ...], period: Period) -> list[ReportDuty]:
    sentences = _sentences(task.text)
    duties: list[ReportDuty] = []
    for index, sentence in enumerate(sentences):
        if "bao cao" not in fold_chars(sentence):
            continue
        found = list(_REPORT_LABELED.finditer(sentence))
        taken = [(match.start(), match.end()) for match in found]
        found += [m for m in _REPORT_BARE.finditer(sentence) if not any(a <= m.start() < b for a, b in taken)]
        if not found:
            continue
        recipient, via = _recipient(sentence)
        maker = _maker(sentences[: index + 1], max(match.end() for match in found)) or task.lead
        for match in sorted(found, key=lambda m: m.start()):
            duties.append(_duty(match, period, recipient, via, maker, path))
        if ad_hoc := _AD_HOC.search(sentence):
            duties.append(ReportDuty(ad_hoc.group(0), ReportKind.other, (), None, recipient, via, maker, path))
    return duties


def _duty(match, period: Period, recipient, via, maker, path: tuple[int, ...]) -> ReportDuty:
    label = fold(match.groupdict().get("label") or "")
    if "6 thang" in label or "sau thang" in label:
        kind = ReportKind.six_month
    elif label.endswith("nam"):
        kind = ReportKind.annual
    else:
        kind = ReportKind.other
    day, month = int(match.group("day")), int(match.group("month"))
    if match.group("year"):
        due = safe_date(int(match.group("year")), month, day)
        return ReportDuty(match.group(0), kind, (due,) if due else (), None, recipient, via, maker, path)
    dates = yearly_dates(month, day, period)
    return ReportDuty(match.group(0), kind, dates, (month, day), recipient, via, maker, path)


def _recipient(sentence: str) -> tuple[str | None, str | None]:
    """To whom: the body right after "báo cáo", or after "về" following it; through whom: "(qua …)"."""
    via_match = _VIA.search(sentence)
    via = via_match.group(1).strip() if via_match else None
    folded = fold_chars(sentence)
    for report in re.finditer(r"bao cao\s+", folded):
        bodies, _ = bodies_at(sentence, report.end())
        if bodies:
            return bodies[0], via
        towards = re.compile(r"\bve\s+").search(folded, report.end())
        if towards and (bodies := bodies_at(sentence, towards.end())[0]):
            return bodies[0], via
    return None, via


def _maker(sentences: list[str], after: int) -> str | None:
    """Who must report: the subject before "báo cáo" in the duty's sentence, else the nearest earlier sentence's."""
    last = sentences[-1]
    report = fold_chars(last).find("bao cao", after)
    while after < len(last) and last[after] in " ,":
        after += 1
    if report > after:
        bodies, end = bodies_at(last, after)
        if bodies and end <= report:
            return bodies[0]
    for sentence in reversed(sentences[:-1]):
        if subject := _subject(sentence):
            return subject
    return None


def _subject(sentence: str) -> str | None:
    """A body at the start of the sentence or after a comma, followed by what it does."""
    folded = fold_chars(sentence)
    for start in [0] + [match.end() for match in re.finditer(r",\s+", folded)]:
        if starts_body(sentence, folded, start):
            bodies, _ = bodies_at(sentence, start)
            if bodies:
                return bodies[0]
    return None
