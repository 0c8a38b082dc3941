"""Two consultations of the commune that took over Tân Trung (Xã Nhã Nam): one open, on sample 002 (Tân Trung's
plan for making its democracy regulation public), with comments; one closed, on a village-meeting regulation, with
its synthesis published as a disclosure.

Both go through the services an official's work goes through, dated relative to the day the demo is loaded, so
the open one is open on that day. A consultation is found by its unit and title, so loading twice adds nothing.
"""

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.consultations import services, synthesis
from portal.consultations.models import Channel, Consultation, Disposition, Matter
from portal.core.timeutil import local_date, start_of_local_day
from portal.demo.samples import SAMPLES_DIR, title_of, to_markdown
from portal.extensions import db
from portal.units.models import Unit

NHA_NAM = "07306"
SAMPLE = "002_312b09239df70115.txt"
HANDLER = "vanthu.tantrung@demo.dancuso.vn"
CHAIR = "chu-tich.tantrung@demo.dancuso.vn"

OPEN_COMMENTS = [
    # (the part's number, or "" for the draft as a whole; text; name shown or ""; village)
    ("2.", "Đề nghị ghi rõ 20 ngày công khai là ngày liên tục, kể cả thứ Bảy và Chủ nhật.", "", ""),
    ("3.", "Nên đăng thêm trên nhóm Zalo của từng thôn để bà con ở xa cũng đọc được.", "Nguyễn Thị Hoa", "Thôn 1"),
    ("3.", "Đài truyền thanh xã nên đọc nội dung vào buổi tối, khi mọi người đã về nhà.", "", ""),
    ("", "Tôi đồng ý với kế hoạch, đề nghị có hòm thư góp ý tại nhà văn hóa thôn.", "", ""),
]

VILLAGE_MEETINGS = """QUY CHẾ HỌP THÔN, TỔ DÂN PHỐ XÃ NHÃ NAM

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc tổ chức hội nghị thôn, tổ dân phố trên địa bàn xã theo Luật Thực hiện dân chủ ở cơ sở.

Điều 2. Thành phần dự họp
Hội nghị gồm đại diện các hộ gia đình trong thôn, tổ dân phố; trưởng thôn, tổ trưởng tổ dân phố chủ trì.

Chương II
TỔ CHỨC HỘI NGHỊ

Điều 3. Số lần họp
Thôn, tổ dân phố họp ít nhất hai lần mỗi năm; họp bất thường khi cần.

Điều 4. Thông báo
Thời gian, địa điểm và nội dung hội nghị được thông báo trước ít nhất 5 ngày qua loa truyền thanh và niêm yết \
tại nhà văn hóa.
"""
VILLAGE_MEETINGS_REVISED = VILLAGE_MEETINGS.replace(
    "họp ít nhất hai lần mỗi năm", "họp ít nhất hai lần mỗi năm, vào tháng 6 và tháng 12").replace(
    "qua loa truyền thanh và niêm yết tại nhà văn hóa", "qua loa truyền thanh, nhóm Zalo của thôn và niêm yết tại "
    "nhà văn hóa")


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _existing(unit: Unit, title: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.unit_id == unit.id, Consultation.title == title))


def _part_id(consultation: Consultation, number: str) -> int | None:
    return next((part.id for part in consultation.draft_parts if part.number == number), None) if number else None


def _open_consultation(unit: Unit, handler: User, chair: User, now: datetime) -> int:
    text = unicodedata.normalize("NFC", (SAMPLES_DIR / SAMPLE).read_text(encoding="utf-8"))
    title = f"Dự thảo {title_of(text)}"[:500]
    if _existing(unit, title) is not None:
        return 0
    published = now - timedelta(days=6)
    consultation = services.create_consultation(handler, unit, services.NewConsultation(
        matter=Matter.democracy_regulation.value, title=title, draft_text=to_markdown(text), period_days=30,
        channels=[Channel.portal.value, Channel.meeting.value, Channel.comment_box.value],
        summary="UBND xã lấy ý kiến Nhân dân về kế hoạch công khai Quy chế thực hiện dân chủ trong hoạt động của "
                "cơ quan xã Tân Trung (mẫu 002).",
    ), now=published - timedelta(days=1))
    services.publish_consultation(chair, consultation, now=published)
    for day, (number, text_, name, village) in enumerate(OPEN_COMMENTS, start=1):
        comment = services.submit_comment(consultation, services.NewComment(
            text=text_, part_id=_part_id(consultation, number), author_name=name, village=village,
            is_named=bool(name)), sender=f"demo-{day}", now=published + timedelta(days=day))
        if day < len(OPEN_COMMENTS):
            services.moderate_comment(handler, comment, None, now=published + timedelta(days=day, hours=2))
    services.record_comment(handler, consultation, services.NewComment(
        text="Hội nghị Thôn 1 thống nhất đề nghị niêm yết bản in tại nhà văn hóa thôn.",
        part_id=_part_id(consultation, "3.")), Channel.meeting, local_date(published) + timedelta(days=3),
        now=published + timedelta(days=4))
    return 1


def _closed_consultation(unit: Unit, handler: User, chair: User, now: datetime) -> int:
    title = "Dự thảo Quy chế họp thôn, tổ dân phố xã Nhã Nam"
    if _existing(unit, title) is not None:
        return 0
    published = now - timedelta(days=60)
    consultation = services.create_consultation(handler, unit, services.NewConsultation(
        matter=Matter.community_decisions.value, title=title, draft_text=VILLAGE_MEETINGS, period_days=20,
        channels=[Channel.portal.value, Channel.meeting.value]), now=published - timedelta(days=1))
    services.publish_consultation(chair, consultation, now=published)
    comments = [
        ("Điều 3.", "Nên quy định rõ tháng họp để bà con sắp xếp công việc."),
        ("Điều 4.", "Đề nghị thông báo thêm qua nhóm Zalo của thôn."),
        ("Điều 4.", "Thông báo trước 5 ngày là quá ngắn, nên 10 ngày."),
    ]
    made = []
    for day, (number, text) in enumerate(comments, start=2):
        comment = services.submit_comment(consultation, services.NewComment(
            text=text, part_id=_part_id(consultation, number)), sender=f"demo-closed-{day}",
            now=published + timedelta(days=day))
        services.moderate_comment(handler, comment, None, now=published + timedelta(days=day, hours=3))
        made.append(comment)
    working = start_of_local_day(consultation.ends_on + timedelta(days=2)) + timedelta(hours=2)
    answers = [
        ("Thời gian họp", Disposition.accepted, "Điều 3 bổ sung: họp vào tháng 6 và tháng 12.", [made[0]]),
        ("Hình thức thông báo", Disposition.accepted, "Điều 4 bổ sung thông báo qua nhóm Zalo của thôn.", [made[1]]),
        ("Thời hạn thông báo", Disposition.not_accepted,
         "Giữ 5 ngày theo Nghị định 59/2023/NĐ-CP (Điều 11); thôn có thể thông báo sớm hơn.", [made[2]]),
    ]
    for title_, disposition, answer, members in answers:
        group = synthesis.add_group(handler, consultation, title_, now=working)
        synthesis.assign_comments(handler, consultation, group.id, [c.id for c in members], now=working)
        synthesis.answer_group(handler, group, disposition, answer, now=working)
    synthesis.attach_revision(handler, consultation, VILLAGE_MEETINGS_REVISED, now=working)
    synthesis.write_synthesis_text(handler, consultation, "UBND xã nhận được 3 ý kiến qua Cổng; tiếp thu 2 ý kiến, "
                                   "giải trình 1 ý kiến.", now=working)
    synthesis.close_consultation(chair, consultation, now=working + timedelta(days=1))
    return 1


def load_demo_consultations(now: datetime) -> int:
    """Flushes only; returns how many consultations were added (0 when loaded before)."""
    unit = db.session.scalar(select(Unit).where(Unit.code == NHA_NAM))
    handler, chair = _user(HANDLER), _user(CHAIR)
    if unit is None or handler is None or chair is None:
        raise LookupError("load the demo units and officials first (`flask --app portal demo load`)")
    added = _closed_consultation(unit, handler, chair, now) + _open_consultation(unit, handler, chair, now)
    db.session.flush()
    return added

