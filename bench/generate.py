"""Generate realistic data at scale: the 3,321 official communes, disclosures with versions, cases with events.

Usage: .venv/bin/python bench/generate.py [--database-url URL] [--cases 1000000] [--disclosures 100000]

Without --database-url it writes a fresh SQLite file under /tmp. A PostgreSQL database given is emptied first
(DROP SCHEMA public CASCADE), then migrated: the migrations seed the disclosure categories and legal periods as
in production. Rows are written with COPY on PostgreSQL and with executemany batches of 10,000 on SQLite; the
time per table is printed, then PostgreSQL is ANALYZEd. Text is Vietnamese, composed from phrase lists; ~10% of
the cases are published with a public text; each disclosure has an attached PDF whose extracted text (1 to 3
pages of lines with names and figures) is in file_texts, as upload would have left it. Every case carries the
same sealed contact (sealed once with
portal.core.crypto.seal under SECRET_KEY "bench", the key bench/load.py serves with), unique tracking codes in the
services' format (PA-XXXXX-XXXXX) and unique token hashes (the SHA-256 of "bench-<id>").
Prints the figures; asserts nothing.
"""

import argparse
import functools
import hashlib
import json
import random
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fresh import bench_app, migrate_empty
from sqlalchemy import func, insert, select, text

from portal.cases.models import Case, CaseEvent, CaseField, CaseKind, CaseStatus
from portal.core import crypto
from portal.core.text import searchable
from portal.core.timeutil import local_date
from portal.disclosures.models import Attachment, Disclosure, DisclosureCategory, DisclosureVersion
from portal.extensions import db
from portal.search.models import FileText
from portal.units.importer import import_official_units
from portal.units.models import Unit, UnitKind

SECRET_KEY = "bench"  # noqa: S105 (a bench database's key, not a secret)
BATCH = 10_000
YEARS = 3
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_SPACE = 32**10
CODE_MULTIPLIER = 0x2545F4914F6CDD1D % CODE_SPACE | 1  # odd, so i -> i * m mod 32**10 is a bijection

SUBJECTS = [
    "Việc thu hồi đất",
    "Phương án bồi thường, hỗ trợ",
    "Công tác giải phóng mặt bằng",
    "Ô nhiễm môi trường",
    "Nước thải của cơ sở chăn nuôi",
    "Khói bụi từ nhà máy gạch",
    "Việc cấp giấy chứng nhận quyền sử dụng đất",
    "Tranh chấp ranh giới đất",
    "Xây dựng trái phép",
    "Đường giao thông nông thôn xuống cấp",
    "Khoản đóng góp xây dựng nhà văn hóa",
    "Chế độ trợ cấp hộ nghèo",
    "Bố trí tái định cư",
    "Rác thải sinh hoạt không được thu gom",
    "Thủ tục chuyển mục đích sử dụng đất",
    "Tiếng ồn của quán karaoke",
]
PLACES = [
    "tại thôn Đông",
    "ở xóm Bãi",
    "tại tổ dân phố số 3",
    "gần cầu Máng",
    "dọc kênh N2",
    "ở khu tái định cư phía Bắc",
    "tại ấp Tân Lợi",
    "cạnh trường tiểu học",
    "ở bản Nà Hin",
    "trên tuyến đường liên xã",
]
DETAILS = [
    "Gia đình tôi đã nhận được thông báo thu hồi đất nhưng chưa được giải thích về đơn giá bồi thường.",
    "Mức bồi thường thấp hơn nhiều so với giá đất thực tế trên thị trường tại địa phương.",
    "Nhiều hộ dân chưa được nhận tiền hỗ trợ chuyển đổi nghề nghiệp theo phương án đã niêm yết.",
    "Nước thải chảy trực tiếp ra mương, bốc mùi hôi, ảnh hưởng đến sức khỏe của người dân.",
    "Khói bụi bay vào nhà dân suốt ngày đêm, nhất là vào mùa khô.",
    "Hồ sơ đã nộp từ lâu nhưng đến nay vẫn chưa có kết quả và không ai trả lời.",
    "Công trình xây dựng lấn chiếm hành lang an toàn giao thông và lối đi chung của xóm.",
    "Mặt đường bị sụt lún, trời mưa ngập sâu, học sinh đi lại rất nguy hiểm.",
    "Danh sách hộ nghèo niêm yết tại nhà văn hóa có nhiều trường hợp không đúng đối tượng.",
    "Khu tái định cư chưa có điện, nước sạch và đường nội bộ như đã cam kết.",
    "Các khoản thu đóng góp chưa được công khai, người dân không biết đã chi vào việc gì.",
    "Việc đo đạc lại ranh giới thửa đất không có mặt các hộ liền kề.",
]
REQUESTS = [
    "Đề nghị Ủy ban nhân dân xã kiểm tra và trả lời bằng văn bản.",
    "Kính đề nghị cơ quan có thẩm quyền xem xét, giải quyết dứt điểm.",
    "Đề nghị công khai phương án bồi thường, hỗ trợ và tái định cư.",
    "Mong chính quyền sớm có biện pháp xử lý để bảo vệ môi trường.",
    "Đề nghị tổ chức đối thoại với các hộ dân bị ảnh hưởng.",
]
ANSWERS = [
    "Ủy ban nhân dân xã đã kiểm tra thực tế và yêu cầu cơ sở khắc phục trong 15 ngày.",
    "Phương án bồi thường đã được niêm yết công khai tại trụ sở Ủy ban và nhà văn hóa thôn.",
    "Đơn giá bồi thường được áp dụng theo bảng giá đất do Ủy ban nhân dân tỉnh ban hành.",
    "Đã giao công chức địa chính phối hợp với các hộ liền kề đo đạc lại ranh giới.",
]
DISCLOSURE_TITLES = [
    "Kế hoạch thực hiện dân chủ ở cơ sở",
    "Phương án bồi thường, hỗ trợ, tái định cư dự án",
    "Quyết định thu hồi đất để giải phóng mặt bằng",
    "Dự toán ngân sách xã năm",
    "Quyết toán ngân sách xã năm",
    "Danh sách hộ nghèo, hộ cận nghèo",
    "Kế hoạch sử dụng đất năm",
    "Kết quả thu các khoản đóng góp của Nhân dân",
    "Thủ tục hành chính thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã",
    "Kế hoạch lấy ý kiến Nhân dân về quy hoạch",
]
DISCLOSURE_OBJECTS = [
    "đường liên thôn",
    "khu dân cư mới",
    "trạm xử lý nước thải",
    "cụm công nghiệp",
    "trường mầm non",
    "kênh mương nội đồng",
    "chợ trung tâm",
    "nghĩa trang nhân dân",
]
PARAGRAPHS = [
    "Căn cứ Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 ngày 10 tháng 11 năm 2022;",
    "Căn cứ Luật Đất đai và các văn bản hướng dẫn thi hành;",
    "Ủy ban nhân dân xã thông báo công khai nội dung sau để Nhân dân biết, tham gia ý kiến và giám sát.",
    "Thời gian niêm yết: 30 ngày kể từ ngày ký. Địa điểm niêm yết: trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn.",
    "Mọi ý kiến đóng góp xin gửi về bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân xã.",
    "Tổng diện tích đất thu hồi, số hộ bị ảnh hưởng và mức hỗ trợ được nêu chi tiết trong phụ lục kèm theo.",
]
# What an attached scan or spreadsheet reads as once extracted (portal/search/files.py): a page is 12 to 20 such
# lines with their figures, as in a budget table or a list of households; a file holds 1 to 3 pages.
FILE_LINES = [
    "Hộ ông (bà) {name}, thửa đất số {n}, tờ bản đồ số {m}, diện tích {a} m2, loại đất {land}.",
    "Mục {m}: chi sự nghiệp {land}, dự toán {a} triệu đồng, thực hiện {n} triệu đồng, đạt {p}%.",
    "Khoản thu đóng góp tự nguyện của thôn {place}: {a} nghìn đồng, số hộ tham gia {n}.",
    "Đơn giá bồi thường đất {land}: {a} nghìn đồng/m2 theo quyết định số {n}/QĐ-UBND.",
    "Hỗ trợ ổn định đời sống {m} tháng cho {n} nhân khẩu, mức {a} nghìn đồng/người/tháng.",
    "Công trình {place}: tổng mức đầu tư {a} triệu đồng, nguồn vốn ngân sách xã và Nhân dân đóng góp.",
    "Danh sách hộ {name} thuộc diện hộ {kind}, mã hộ {n}, số thành viên {m}.",
    "Ý kiến của Nhân dân tại hội nghị thôn {place}: {p}% số hộ đồng ý với phương án.",
]
FILE_NAMES = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Văn Tám", "Phạm Thị Hoa", "Hoàng Văn Nam", "Đỗ Thị Lan",
              "Vũ Văn Bình", "Bùi Thị Thu", "Đặng Văn Sơn", "Ngô Thị Hằng"]
FILE_LAND = ["trồng lúa", "ở tại nông thôn", "trồng cây lâu năm", "nuôi trồng thủy sản", "giao thông", "thủy lợi"]
FILE_PLACES = ["Đông", "Đoài", "Thượng", "Hạ", "Trung", "Bắc Sơn", "Tân Lập", "Phú Mỹ"]
STATUS_WEIGHTS = [
    (CaseStatus.answered, 55),
    (CaseStatus.refused, 10),
    (CaseStatus.accepted, 15),
    (CaseStatus.received, 10),
    (CaseStatus.awaiting_info, 5),
    (CaseStatus.answer_pending, 5),
]
KIND_WEIGHTS = [
    (CaseKind.feedback, 60),
    (CaseKind.complaint, 20),
    (CaseKind.denunciation, 8),
    (CaseKind.information_request, 8),
    (CaseKind.dialogue_request, 4),
]
FIELD_BY_SUBJECT = [
    CaseField.land,
    CaseField.compensation,
    CaseField.compensation,
    CaseField.environment,
    CaseField.environment,
    CaseField.environment,
    CaseField.land,
    CaseField.land,
    CaseField.construction,
    CaseField.construction,
    CaseField.fees,
    CaseField.social_policy,
    CaseField.compensation,
    CaseField.environment,
    CaseField.administrative_procedures,
    CaseField.public_order,
]
REFUSALS = ["missing_information", "not_a_matter_for_authorities", "duplicate", "withdrawn", "out_of_time"]


cached_searchable = functools.lru_cache(maxsize=100_000)(searchable)


def case_code(kind: CaseKind, number: int) -> str:
    """The services' format, unique for every number: a bijective scramble of the number written in base 32."""
    value = (number * CODE_MULTIPLIER) % CODE_SPACE
    digits = []
    for _ in range(10):
        value, digit = divmod(value, 32)
        digits.append(CODE_ALPHABET[digit])
    random_part = "".join(digits)
    return f"{kind.code_prefix}-{random_part[:5]}-{random_part[5:]}"


def weighted(rng: random.Random, pairs: list) -> list:
    """A list to rng.choice from, with each value repeated by its weight."""
    return [value for value, weight in pairs for _ in range(weight)]


# --- writers ---------------------------------------------------------------------------------------------------


class Writer:
    """Writes rows (tuples in a table's column order) with COPY on PostgreSQL, executemany batches elsewhere."""

    def __init__(self):
        self.is_postgresql = db.engine.dialect.name == "postgresql"

    def write(self, table, columns: list[str], rows: Iterable[tuple]) -> int:
        count = 0
        if self.is_postgresql:
            raw = db.session.connection().connection.driver_connection
            with raw.cursor() as cursor:
                copy_sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
                with cursor.copy(copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
            return count
        statement = insert(table)
        batch = []
        for row in rows:
            batch.append(dict(zip(columns, row, strict=True)))
            if len(batch) >= BATCH:
                db.session.execute(statement, batch)
                count += len(batch)
                batch = []
        if batch:
            db.session.execute(statement, batch)
            count += len(batch)
        return count

    def json(self, value):
        """JSON columns: text for COPY, Python objects for SQLAlchemy."""
        return json.dumps(value, ensure_ascii=False) if self.is_postgresql else value


def timed(label: str, action) -> None:
    began = time.perf_counter()
    count = action()
    db.session.commit()
    elapsed = time.perf_counter() - began
    print(f"{label:<24} {count:>10,} rows {elapsed:8.1f} s {count / max(elapsed, 1e-9):>10,.0f} rows/s", flush=True)


# --- disclosures -----------------------------------------------------------------------------------------------


def disclosure_rows(
    writer: Writer,
    count: int,
    communes: list[int],
    categories: list[tuple[int, int | None]],
    start: datetime,
    rng: random.Random,
    versions: list[tuple],
) -> Iterator[tuple]:
    span_minutes = YEARS * 365 * 24 * 60
    places = writer.json(["Trụ sở Ủy ban nhân dân xã", "Nhà văn hóa thôn"])
    for number in range(1, count + 1):
        # Ids grow with the posting date, as they do when units post day after day.
        posted = start + timedelta(minutes=span_minutes * number // (count + 1) + rng.randrange(60))
        category_id, days = rng.choice(categories)
        prefix = f"{rng.choice(DISCLOSURE_TITLES)} {rng.choice(DISCLOSURE_OBJECTS)}"
        title = f"{prefix} số {number}"
        withdrawn = posted + timedelta(days=3) if rng.random() < 0.01 else None
        yield (
            number,
            rng.choice(communes),
            category_id,
            title,
            f"{cached_searchable(prefix)} so {number} {number} tb ubnd",
            f"{number}/TB-UBND",
            local_date(posted),
            posted,
            days,
            local_date(posted) + timedelta(days=days) if days else None,
            places,
            posted,
            posted,
            withdrawn,
            "Ban hành nhầm văn bản" if withdrawn else None,
        )
        body = "\n\n".join(rng.sample(PARAGRAPHS, 4))
        versions.append((number, 1, body, posted, False))
        if rng.random() < 0.1:
            versions.append(
                (number, 2, body + "\n\nĐính chính: sửa số liệu tại phụ lục.", posted + timedelta(days=2), True)
            )


def file_text(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 3) * rng.randint(12, 20)):
        lines.append(rng.choice(FILE_LINES).format(
            name=rng.choice(FILE_NAMES), n=rng.randrange(1, 5000), m=rng.randrange(1, 60), a=rng.randrange(10, 99999),
            p=rng.randrange(50, 100), land=rng.choice(FILE_LAND), place=rng.choice(FILE_PLACES),
            kind=rng.choice(["nghèo", "cận nghèo", "chính sách"])))
    return "\n".join(lines)


def attachment_rows(count: int, texts: list[tuple], rng: random.Random,
                    start: datetime) -> Iterator[tuple]:
    """One attached PDF per disclosure, its text as extraction left it (`texts` collects the file_texts rows)."""
    span_minutes = YEARS * 365 * 24 * 60
    for number in range(1, count + 1):
        body = file_text(rng)
        sha256 = hashlib.sha256(f"{number}:{body}".encode()).hexdigest()
        created = start + timedelta(minutes=span_minutes * number // (count + 1))
        texts.append((sha256, body, created))
        yield (number, number, f"phu-luc-{number}.pdf", "application/pdf", len(body) * 3, sha256, created)


def version_rows(versions: list[tuple]) -> Iterator[tuple]:
    for identifier, (disclosure_id, number, body, created, restarted) in enumerate(versions, start=1):
        html = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
        yield (
            identifier,
            disclosure_id,
            number,
            body,
            html,
            "Đính chính" if number > 1 else None,
            hashlib.sha256(body.encode()).hexdigest(),
            restarted,
            created,
        )


# --- cases -----------------------------------------------------------------------------------------------------


def case_rows(
    writer: Writer,
    count: int,
    communes: list[tuple[int, str]],
    start: datetime,
    now: datetime,
    rng: random.Random,
    events: list[tuple],
    sealed: str,
    digest: str,
) -> Iterator[tuple]:
    statuses, kinds = weighted(rng, STATUS_WEIGHTS), weighted(rng, KIND_WEIGHTS)
    span_seconds = int((now - start).total_seconds()) - 86_400
    event_id = 0
    empty = writer.json({})
    unit_json = {name: json.dumps(name, ensure_ascii=False) for _, name in communes}

    def event(case_id, at, action, is_public, note, details=None):
        nonlocal event_id
        event_id += 1
        events.append((event_id, case_id, at, action, is_public, note, details or empty))

    def due_details(due: date, unit_name: str | None = None):
        """The JSON of the details, written directly: json.dumps of a million dicts costs more than the COPY."""
        if not writer.is_postgresql:
            return {"unit": unit_name, "due_on": due.isoformat()} if unit_name else {"due_on": due.isoformat()}
        if unit_name:
            return f'{{"unit": {unit_json[unit_name]}, "due_on": "{due.isoformat()}"}}'
        return f'{{"due_on": "{due.isoformat()}"}}'

    for number in range(1, count + 1):
        kind = rng.choice(kinds)
        subject = rng.randrange(len(SUBJECTS))
        field = FIELD_BY_SUBJECT[subject]
        unit_id, unit_name = rng.choice(communes)
        received = start + timedelta(seconds=span_seconds * number // (count + 1) + rng.randrange(3600))
        age_days = (now - received).days
        status = rng.choice(statuses) if age_days > 20 else rng.choice([CaseStatus.received, CaseStatus.accepted])
        title = f"{SUBJECTS[subject]} {rng.choice(PLACES)}"
        description = " ".join(rng.sample(DETAILS, 3)) + " " + rng.choice(REQUESTS)
        acknowledge_due = local_date(received) + timedelta(days=14)
        accepted = resolve_due = answered = closed = answer = refusal = is_on_time = None
        awaiting = None
        due = acknowledge_due
        event(number, received, "received", True, "", due_details(acknowledge_due, unit_name))
        if status == CaseStatus.refused:
            closed = received + timedelta(days=rng.randrange(1, 10))
            refusal, due, is_on_time = rng.choice(REFUSALS), None, True
            event(number, closed, "refused", True, "Đơn không thuộc thẩm quyền giải quyết của xã.")
        elif status != CaseStatus.received:
            accepted = received + timedelta(days=rng.randrange(1, 10))
            resolve_due = local_date(accepted) + timedelta(days=rng.choice([30, 45, 60]))
            due = resolve_due
            event(number, accepted, "accepted", True, "", due_details(resolve_due))
            if status == CaseStatus.awaiting_info:
                awaiting = accepted + timedelta(days=2)
                event(number, awaiting, "info_requested", True, "Đề nghị bổ sung bản sao giấy tờ đất.")
            elif status == CaseStatus.answer_pending:
                event(number, accepted + timedelta(days=5), "answer_submitted", False, "")
            elif status == CaseStatus.answered:
                answered = accepted + timedelta(days=rng.randrange(5, 70))
                closed, answer, due = answered, rng.choice(ANSWERS), None
                is_on_time = local_date(answered) <= resolve_due
                event(number, answered, "answered", True, "")
        consent = kind != CaseKind.denunciation and rng.random() < 0.3
        published = None
        public_title = public_description = None
        search_text = ""
        if consent and rng.random() < 0.34:  # ~10% of all cases
            published = received + timedelta(days=rng.randrange(1, 20))
            public_title, public_description = title, description
            search_text = f"{cached_searchable(public_title)} {cached_searchable(public_description)}"
            event(number, published, "published", False, "")
        has_email = rng.random() < 0.5
        yield (
            number,
            case_code(kind, number),
            hashlib.sha256(f"bench-{number}".encode()).hexdigest(),
            kind.name,
            field.name,
            status.name,
            rng.choice(["web", "web", "web", "counter", "open311"]),
            "vi",
            unit_id,
            unit_id,
            title,
            description,
            rng.choice(PLACES),
            None,
            None,
            sealed,
            digest if has_email else None,
            rng.random() < 0.2,
            consent,
            public_title,
            public_description,
            published,
            search_text,
            received,
            acknowledge_due,
            accepted,
            resolve_due,
            due,
            0,
            awaiting,
            refusal,
            answer,
            answered,
            closed,
            is_on_time,
            0,
            closed or awaiting or accepted or received,
        )


CASE_COLUMNS = [
    "id",
    "code",
    "token_hash",
    "kind",
    "field",
    "status",
    "channel",
    "language",
    "unit_id",
    "place_id",
    "title",
    "description",
    "location",
    "latitude",
    "longitude",
    "contact_sealed",
    "contact_email_digest",
    "is_anonymous",
    "is_public_consent",
    "public_title",
    "public_description",
    "published_at",
    "search_text",
    "received_at",
    "acknowledge_due_on",
    "accepted_at",
    "resolve_due_on",
    "due_on",
    "extension_count",
    "awaiting_since",
    "refusal_reason",
    "answer_text",
    "answered_at",
    "closed_at",
    "is_on_time",
    "reopen_count",
    "updated_at",
]
DISCLOSURE_COLUMNS = [
    "id",
    "unit_id",
    "category_id",
    "title",
    "search_text",
    "document_number",
    "document_date",
    "posting_start",
    "posting_days",
    "posting_last_day",
    "posting_places",
    "created_at",
    "approved_at",
    "withdrawn_at",
    "withdrawal_reason",
]
VERSION_COLUMNS = [
    "id",
    "disclosure_id",
    "number",
    "body_markdown",
    "body_html",
    "reason",
    "content_sha256",
    "is_period_restarted",
    "created_at",
]
EVENT_COLUMNS = ["id", "case_id", "occurred_at", "action", "is_public", "note", "details"]


def build(cases: int, disclosures: int) -> None:
    writer = Writer()
    rng = random.Random(42)
    now = datetime.now(UTC)
    start = now - timedelta(days=YEARS * 365)

    def units() -> int:
        result = import_official_units()
        return result.provinces + result.communes

    timed("units (official list)", units)
    communes = db.session.execute(select(Unit.id, Unit.name).where(Unit.kind == UnitKind.commune)).all()
    public = db.session.execute(
        select(DisclosureCategory.id, DisclosureCategory.posting_days).where(DisclosureCategory.audience == "public")
    ).all()
    print(
        f"{'categories (migration)':<24} {len(public):>10,} public of "
        f"{db.session.scalar(select(func.count(DisclosureCategory.id))):,}"
    )

    versions: list[tuple] = []
    unit_ids = [row.id for row in communes]
    categories = [(row.id, row.posting_days) for row in public]
    timed(
        "disclosures",
        lambda: writer.write(
            Disclosure.__table__,
            DISCLOSURE_COLUMNS,
            disclosure_rows(writer, disclosures, unit_ids, categories, start, rng, versions),
        ),
    )
    timed(
        "disclosure_versions",
        lambda: writer.write(DisclosureVersion.__table__, VERSION_COLUMNS, version_rows(versions)),
    )
    versions.clear()
    texts: list[tuple] = []
    timed(
        "attachments",
        lambda: writer.write(Attachment.__table__, ["id", "disclosure_id", "filename", "content_type", "size",
                                                    "sha256", "created_at"],
                             attachment_rows(disclosures, texts, rng, start)),
    )
    timed("file_texts", lambda: writer.write(FileText.__table__, ["sha256", "text", "extracted_at"], iter(texts)))
    texts.clear()

    sealed = crypto.seal(
        {
            "name": "Nguyễn Văn An",
            "phone": "0912 345 678",
            "email": "an.nguyen@example.vn",
            "address": "Thôn Đông, xã Tân Trung",
            "id_number": "",
        }
    )
    digest = crypto.digest("an.nguyen@example.vn")
    events: list[tuple] = []
    # Cases go in chunks, each followed by its events, so the events list stays small.
    chunk = 200_000
    total_cases = total_events = 0
    began = time.perf_counter()
    case_generator = case_rows(
        writer, cases, [(row.id, row.name) for row in communes], start, now, rng, events, sealed, digest
    )
    event_seconds = 0.0
    while total_cases < cases:
        size = min(chunk, cases - total_cases)
        total_cases += writer.write(Case.__table__, CASE_COLUMNS, (next(case_generator) for _ in range(size)))
        event_began = time.perf_counter()
        total_events += writer.write(CaseEvent.__table__, EVENT_COLUMNS, iter(events))
        event_seconds += time.perf_counter() - event_began
        events.clear()
        db.session.commit()
    elapsed = time.perf_counter() - began
    print(f"{'cases':<24} {total_cases:>10,} rows {elapsed - event_seconds:8.1f} s")
    print(f"{'case_events':<24} {total_events:>10,} rows {event_seconds:8.1f} s")

    if writer.is_postgresql:
        for table, column in (
            ("disclosures", "id"),
            ("disclosure_versions", "id"),
            ("attachments", "id"),
            ("cases", "id"),
            ("case_events", "id"),
        ):
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
                    f"(SELECT coalesce(max({column}), 1) FROM {table}))"
                )
            )
        db.session.commit()
        began = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        print(f"{'VACUUM ANALYZE':<24} {'':>10} {'':>5} {time.perf_counter() - began:8.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--disclosures", type=int, default=100_000)
    arguments = parser.parse_args()
    app = bench_app(arguments.database_url, Path("/tmp/portal-bench.sqlite3"),  # noqa: S108
                    {"SECRET_KEY": SECRET_KEY, "PORTAL_DATA_KEY": ""})
    began = time.perf_counter()
    with app.app_context():
        migrate_began = time.perf_counter()
        migrate_empty()
        print(f"{'migrations':<24} {'':>10} {'':>5} {time.perf_counter() - migrate_began:8.1f} s")
        build(arguments.cases, arguments.disclosures)
        published = db.session.scalar(select(func.count(Case.id)).where(Case.published_at.is_not(None)))
        where = db.engine.url.render_as_string().split("@")[-1]
        print(
            f"{db.engine.dialect.name}: {arguments.cases:,} cases ({published:,} published), "
            f"{arguments.disclosures:,} disclosures in {time.perf_counter() - began:.1f} s  [{where}]"
        )
        db.engine.dispose()


if __name__ == "__main__":
    main()
