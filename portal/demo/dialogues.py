"""Xã Hà Trung's dialogues for the demo: last quarter's conference with the Fatherland Front, with questions sent
in advance, minutes and three commitments (one kept, one in progress, one overdue); Thôn Đông's year-end conference
coming up, answering the demo's request for a dialogue; and the commune's citizen reception schedule.

Every step goes through the services a head, a handler or a citizen uses, at moments counted from `now`, so the
statuses read the same whatever day the demo is loaded. Loading again adds nothing: each session is found by its
unit and title, each schedule by its unit.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.cases.models import Case, CaseKind
from portal.core.timeutil import local_date
from portal.demo.services import HA_TRUNG
from portal.dialogues import commitments, services
from portal.dialogues.models import DialogueSession
from portal.extensions import db
from portal.reception import services as reception
from portal.units.models import Unit

HEAD, HANDLER = "chu-tich.hatrung@demo.dancuso.vn", "vanphong.hatrung@demo.dancuso.vn"
COMMITTEE, VILLAGE = "XHATRUNG-UBND", "XHATRUNG-THONDONG"
CONFERENCE = "Hội nghị đối thoại giữa Chủ tịch UBND xã với Nhân dân năm 2026"
VILLAGE_CONFERENCE = "Hội nghị Thôn Đông cuối năm: bình xét hộ nghèo và kế hoạch năm tới"
QUESTIONS = [
    "Bao giờ xã nạo vét cống thoát nước trước nhà văn hóa tổ dân phố 1? Mưa lớn là ngập đường.",
    "Xã có hỗ trợ lắp đèn chiếu sáng đường liên thôn không?",
    "Việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ ở khu tái định cư đến đâu rồi?",
]
ANSWERS = [
    "UBND xã đã giao công chức địa chính - xây dựng khảo sát; cống sẽ được nạo vét trước mùa mưa.",
    "Xã bố trí ngân sách năm nay lắp 40 bóng đèn trên tuyến đường liên thôn, Nhân dân góp công lắp đặt.",
    "Hồ sơ đã chuyển Văn phòng đăng ký đất đai tỉnh; xã sẽ thông báo từng hộ khi có kết quả.",
]


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def _exists(unit: Unit, title: str) -> bool:
    return db.session.scalar(
        select(DialogueSession.id).where(DialogueSession.unit_id == unit.id, DialogueSession.title == title)
    ) is not None


def _past_conference(now: datetime, head: User, handler: User) -> None:
    committee = _unit(COMMITTEE)
    if _exists(committee, CONFERENCE):
        return
    held_on = local_date(now) - timedelta(days=60)
    announced = now - timedelta(days=75)
    session = services.schedule_session(services.NewSession(
        unit_code=COMMITTEE, kind="front_conference", title=CONFERENCE, day=held_on, starts=time(8), ends=time(11),
        place="Hội trường UBND xã Hà Trung", chair="Chủ tịch UBND xã Hà Trung",
        bodies="Ủy ban MTTQ Việt Nam xã, Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên, Hội Cựu chiến binh",
        agenda="1. UBND xã báo cáo tình hình kinh tế - xã hội và việc giải quyết kiến nghị của Nhân dân.\n"
               "2. Nhân dân nêu câu hỏi, kiến nghị.\n3. Chủ tịch UBND xã trả lời và kết luận.",
    ), head, now=announced)
    asked = [services.submit_question(session, text, now=announced + timedelta(days=2 + index),
                                      email=f"nguoidan{index + 1}@example.vn")
             for index, text in enumerate(QUESTIONS)]
    for question in asked:
        services.moderate_question(question, handler, True, now=announced + timedelta(days=6))
    after = session.ends_at + timedelta(hours=1)
    for question, answer in zip(asked, ANSWERS, strict=True):
        services.answer_question(question, handler, answer, now=after)
    services.add_room_question(session, handler, "Kinh phí sửa chữa nhà văn hóa thôn lấy từ nguồn nào?",
                               "Từ ngân sách xã và nguồn vận động xã hội hóa, công khai tại thôn.", now=after)
    services.record_minutes(
        session, handler, 126, "Ủy ban MTTQ Việt Nam xã, Hội Nông dân, Hội Phụ nữ, Đoàn Thanh niên",
        "Hội nghị nghe UBND xã báo cáo; 4 ý kiến của Nhân dân được trả lời trực tiếp. Chủ tịch UBND xã kết luận "
        "và giao các cơ quan thực hiện ba cam kết dưới đây.", now=after)
    kept = commitments.add_commitment(session, handler, "Nạo vét cống thoát nước trước nhà văn hóa tổ dân phố 1",
                                      COMMITTEE, held_on + timedelta(days=30), now=after)
    lights = commitments.add_commitment(session, handler, "Lắp 40 bóng đèn chiếu sáng đường liên thôn",
                                        COMMITTEE, held_on + timedelta(days=180), now=after)
    commitments.add_commitment(session, handler, "Thông báo kết quả cấp giấy chứng nhận cho các hộ tái định cư",
                               COMMITTEE, held_on + timedelta(days=40), now=after)
    commitments.post_update(kept, commitments.NewUpdate(held_on + timedelta(days=12), "Đã khảo sát, lập dự toán."),
                            handler, now=after + timedelta(days=12))
    commitments.post_update(kept, commitments.NewUpdate(held_on + timedelta(days=25),
                                                        "Đã nạo vét xong 120 m cống, nghiệm thu ngày 25.", "done"),
                            handler, now=after + timedelta(days=25))
    commitments.post_update(lights, commitments.NewUpdate(held_on + timedelta(days=30),
                                                          "Đã lắp 15 trên 40 bóng đèn."),
                            handler, now=after + timedelta(days=30))


def _village_conference(now: datetime, head: User) -> None:
    village = _unit(VILLAGE)
    if _exists(village, VILLAGE_CONFERENCE):
        return
    request = db.session.scalar(select(Case).where(Case.kind == CaseKind.dialogue_request,
                                                   Case.unit_id == _unit(COMMITTEE).id).limit(1))
    session = services.schedule_session(services.NewSession(
        unit_code=VILLAGE, kind="village_conference", title=VILLAGE_CONFERENCE,
        day=local_date(now) + timedelta(days=services.VILLAGE_NOTICE_DAYS + 5), starts=time(19, 30), ends=time(21),
        place="Nhà văn hóa Thôn Đông", chair="Trưởng Thôn Đông",
        agenda="1. Tổng kết năm.\n2. Bình xét hộ nghèo, hộ cận nghèo.\n3. Kế hoạch năm tới.",
        case_codes=[request.code] if request is not None else [],
    ), head, now=now)
    services.submit_question(session, "Cách chấm điểm hộ nghèo năm nay có gì khác năm trước?", now=now)


def _reception(head: User) -> int:
    commune = _unit(HA_TRUNG)
    if reception.schedules_of(commune):
        return 0
    reception.publish_schedule(commune, reception.NewSchedule(
        "monthly", 15, None, time(7, 30), time(11, 30), "Phòng tiếp công dân, trụ sở UBND xã Hà Trung",
        "Chủ tịch UBND xã", "next_working_day"), head)
    reception.publish_schedule(commune, reception.NewSchedule(
        "weekly", None, 3, time(7, 30), time(11, 30), "Phòng tiếp công dân, trụ sở UBND xã Hà Trung",
        "Công chức Văn phòng - Thống kê", "next_working_day"), head)
    return 2


def load_demo_dialogues(now: datetime) -> int:
    """The dialogues and reception schedule above, once; the number of sessions and schedules added."""
    head, handler = _user(HEAD), _user(HANDLER)
    before = db.session.scalar(select(db.func.count(DialogueSession.id)))
    _past_conference(now, head, handler)
    _village_conference(now, head)
    schedules = _reception(head)
    db.session.flush()
    return db.session.scalar(select(db.func.count(DialogueSession.id))) - before + schedules
