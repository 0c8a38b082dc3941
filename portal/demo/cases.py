"""Demonstration routing rules and citizen cases on the topics of the sample plans, in every state a case can be in.

Everything goes through the services an administrator, a citizen or an official would use (add_rule, submit_case,
accept_case, ...) with moments in the past, so the deadlines, history and audit log are what the portal would have
computed. A rule is found by its kind, field and area, a case by its title: loading again adds only what is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.accounts.models import User
from portal.cases import lifecycle, submission
from portal.cases import services as cases
from portal.cases.models import Case
from portal.casework import actions
from portal.casework import services as casework
from portal.core.errors import Conflict
from portal.core.timeutil import local_date
from portal.extensions import db
from portal.routing import dispatch
from portal.routing import services as routing

ADMIN_EMAIL = "admin@demo.dancuso.vn"
HEADS = {"07306": "chu-tich.tantrung@demo.dancuso.vn", "15271": "chu-tich.hatrung@demo.dancuso.vn"}
IA_PA_COMMUNE = "24022"  # Xã Ia Pa, Gia Lai, in the official list
DONG_NAI = "75"

DEMO_RULES = [
    # Sample 001 gave the Vĩnh Cửu offices their fields; since 2025 the Đồng Nai departments that took over their
    # work receive them: land to Agriculture and Environment, the democracy regulation's procedures to Home Affairs.
    routing.NewRule(kind="", field="land", area_code=DONG_NAI, target_code="XDONGNAI-SNNMT"),
    routing.NewRule(kind="", field="administrative_procedures", area_code=DONG_NAI, target_code="XDONGNAI-SNV"),
    # Requests for a dialogue in Xã Hà Trung go to its People's Committee, which holds dialogues with the Front.
    routing.NewRule(kind="dialogue_request", field="", area_code="15271", target_code="XHATRUNG-UBND"),
]
# Cases in Đồng Nai that nobody where they were sent can act on go to its Department of Home Affairs.
DEMO_ESCALATIONS = {DONG_NAI: "XDONGNAI-SNV"}


@dataclass(frozen=True)
class DemoCase:
    title: str
    kind: str
    field: str
    place: str
    received_days_ago: int
    description: str
    contact: lifecycle.Contact
    is_public_consent: bool = False
    is_resident: bool = False
    # (days ago, step): each step is called with the case, the acting official and the moment.
    steps: list[tuple[int, str, dict]] = field(default_factory=list)


def _citizen(name: str, address: str, phone: str = "0912 000 111") -> lifecycle.Contact:
    return lifecycle.Contact(name=name, phone=phone, address=address)


THON1 = "XTANTRUNG-THON1"
TDP1 = "XHATRUNG-TT-TDP1"

# A table of cases told step by step: its rows look alike because each is one more case of the same kind of data.
DEMO_CASES = [
    DemoCase(
        "Lấn chiếm hành lang đường liên thôn tại Thôn 1", "feedback", "land", THON1, 40,
        "Một số hộ dựng lán và đổ vật liệu xây dựng trên hành lang đường liên thôn đoạn qua Thôn 1, "
        "gây cản trở đi lại và mất an toàn giao thông.",
        _citizen("Nguyễn Văn Tâm", "Thôn 1, xã Tân Trung"), is_public_consent=True,
        steps=[(38, "accept", {}),
               (30, "answer", {"text": "UBND xã đã kiểm tra, lập biên bản và yêu cầu các hộ tháo dỡ lán, dọn vật liệu "
                                       "trước ngày 20. Đến nay hành lang đường đã được giải tỏa."}),
               (28, "rate", {"rating": 4, "comment": "Đã giải tỏa, cảm ơn UBND xã."}),
               (27, "publish", {})],
    ),
    DemoCase(
        "Đề nghị cung cấp dự toán thu, chi ngân sách xã năm 2026", "information_request", "fees", THON1, 20,
        "Tôi đề nghị UBND xã cung cấp bản dự toán thu, chi ngân sách xã năm 2026 đã được HĐND xã thông qua.",
        _citizen("Trần Văn Khoa", "Thôn 1, xã Tân Trung"), is_public_consent=True, is_resident=True,
        steps=[(19, "accept", {}),
               (15, "answer", {"text": "UBND xã gửi kèm bản dự toán thu, chi ngân sách xã năm 2026 theo Nghị quyết "
                                       "của HĐND xã; bản dự toán cũng được niêm yết tại trụ sở UBND xã."}),
               (14, "rate", {"rating": 5, "comment": ""}),
               (14, "publish", {})],
    ),
    DemoCase(
        "Khiếu nại việc thu hồi đất trồng lúa để mở rộng đường thôn", "complaint", "land", THON1, 45,
        "Gia đình tôi bị thu hồi 120 m2 đất trồng lúa để mở rộng đường thôn nhưng chưa nhận được quyết định thu hồi "
        "và phương án bồi thường. Tôi khiếu nại việc thu hồi này.",
        _citizen("Lê Thị Hạnh", "Thôn 1, xã Tân Trung"),
        steps=[(42, "accept", {})],
    ),
    DemoCase(
        "Tố cáo việc thu tiền đóng góp xây nhà văn hóa Thôn 1 không đúng quy định", "denunciation", "fees", THON1, 8,
        "Ban phát triển thôn thu của mỗi hộ 500.000 đồng để xây nhà văn hóa mà không tổ chức họp để người dân bàn và "
        "quyết định, không công khai danh sách đóng góp.",
        _citizen("Phạm Văn Lộc", "Thôn 1, xã Tân Trung"),
        steps=[(5, "accept", {})],
    ),
    DemoCase(
        "Đề nghị đối thoại về việc bình xét hộ nghèo năm 2026", "dialogue_request", "social_policy", THON1, 1,
        "Nhiều hộ trong thôn chưa hiểu cách chấm điểm khi bình xét hộ nghèo năm 2026. Chúng tôi đề nghị UBND xã tổ "
        "chức đối thoại với người dân thôn.",
        _citizen("Hoàng Văn Sơn", "Thôn 1, xã Tân Trung"),
    ),
    DemoCase(
        "Đường bê tông Thôn 1 xuống cấp, nhiều ổ gà sau mùa mưa", "feedback", "construction", THON1, 21,
        "Đoạn đường bê tông từ nhà văn hóa Thôn 1 ra đường tỉnh dài khoảng 300 m bị bong tróc, nhiều ổ gà, trời mưa "
        "đọng nước, học sinh đi lại khó khăn.",
        _citizen("Đỗ Văn Bình", "Thôn 1, xã Tân Trung"), is_public_consent=True,
        steps=[(19, "accept", {}), (18, "publish", {})],
    ),
    DemoCase(
        "Đường bê tông Thôn 1 hư hỏng nặng", "feedback", "construction", THON1, 16,
        "Đường bê tông Thôn 1 hư hỏng, đề nghị xã sửa chữa.",
        _citizen("Ngô Thị Thu", "Thôn 1, xã Tân Trung"),
        steps=[(15, "refuse", {"reason": "duplicate",
                               "note": "Nội dung này đang được UBND xã xem xét trong một phản ánh khác của người dân "
                                       "Thôn 1; kết quả sẽ được công khai tại nhà văn hóa thôn."})],
    ),
    DemoCase(
        "Khiếu nại mức bồi thường khi thu hồi đất làm hồ chứa nước tại xã Ia Pa", "complaint", "compensation", THON1,
        12,
        "Gia đình tôi có đất sản xuất bị thu hồi để làm hồ chứa nước tại xã Ia Pa, tỉnh Gia Lai. Đơn giá bồi thường "
        "thấp hơn giá đất thực tế, tôi khiếu nại phương án bồi thường.",
        _citizen("Rơ Châm Hyưn", "Thôn 1, xã Tân Trung"),
        steps=[(10, "transfer", {"to": IA_PA_COMMUNE,
                                 "reason": "Đất bị thu hồi nằm tại xã Ia Pa, tỉnh Gia Lai; việc giải quyết thuộc thẩm "
                                           "quyền của UBND xã Ia Pa."})],
    ),
    DemoCase(
        "Loa truyền thanh Tổ dân phố 1 bị hỏng nhiều tháng", "feedback", "other", TDP1, 35,
        "Cụm loa truyền thanh của Tổ dân phố 1 không hoạt động từ đầu năm, người dân không nghe được thông báo của "
        "thị trấn.",
        _citizen("Vũ Thị Nga", "Tổ dân phố 1, thị trấn Hà Trung"), is_public_consent=True,
        steps=[(34, "accept", {}),
               (25, "answer", {"text": "UBND thị trấn đã thay cụm loa mới cho Tổ dân phố 1; loa hoạt động lại từ ngày "
                                       "thay."}),
               (24, "rate", {"rating": 3, "comment": "Đã sửa nhưng chậm."}),
               (24, "publish", {})],
    ),
    DemoCase(
        "Lấn chiếm vỉa hè làm nơi buôn bán tại Tổ dân phố 1", "feedback", "public_order", TDP1, 25,
        "Nhiều hộ kinh doanh bày hàng kín vỉa hè đường chính qua Tổ dân phố 1, người đi bộ phải đi xuống lòng đường.",
        lifecycle.Contact(phone="0915 222 333"),
    ),
    DemoCase(
        "Tố cáo cán bộ địa chính thị trấn nhận tiền khi làm thủ tục cấp giấy chứng nhận", "denunciation", "land", TDP1,
        10,
        "Khi tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất, cán bộ địa chính yêu cầu nộp thêm tiền ngoài lệ phí "
        "theo quy định mà không có biên lai.",
        _citizen("Bùi Văn Thắng", "Tổ dân phố 1, thị trấn Hà Trung"),
        steps=[(8, "accept", {}),
               (2, "answer", {"text": "Kết luận nội dung tố cáo: qua xác minh, nội dung tố cáo là đúng một phần; UBND "
                                      "thị trấn đã xử lý kỷ luật cán bộ và yêu cầu hoàn trả số tiền đã thu."})],
    ),
    DemoCase(
        "Đề nghị cung cấp thông tin quy hoạch khu dân cư Tổ dân phố 1", "information_request", "land", TDP1, 6,
        "Tôi đề nghị được cung cấp bản đồ quy hoạch chi tiết khu dân cư mới tại Tổ dân phố 1.",
        _citizen("Trịnh Văn Hải", "Tổ dân phố 1, thị trấn Hà Trung"), is_resident=True,
        steps=[(5, "ask", {"question": "Đề nghị ông cho biết cụ thể khu dân cư (vị trí, tên dự án) để thị trấn "
                                       "cung cấp đúng bản đồ."})],
    ),
]


def _answer(case, actor, moment, text):
    actions.answer_case(case, actor, text, now=moment)


def _publish(case, actor, moment):
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, actor, title, description, now=moment)


STEPS: dict[str, Callable] = {
    "accept": lambda case, actor, moment: actions.accept_case(case, actor, now=moment),
    "answer": _answer,
    "rate": lambda case, actor, moment, rating, comment: cases.rate_case(case, rating, comment, now=moment),
    "publish": _publish,
    "refuse": lambda case, actor, moment, reason, note: actions.refuse_case(case, actor, reason, note, now=moment),
    "transfer": lambda case, actor, moment, to, reason: actions.transfer_case(case, actor, to, reason, now=moment),
    "ask": lambda case, actor, moment, question: actions.request_information(case, actor, question, now=moment),
}


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def load_demo_rules() -> int:
    admin = _user(ADMIN_EMAIL)
    created = 0
    for rule in DEMO_RULES:
        try:
            routing.add_rule(admin, rule)
        except Conflict:
            continue
        created += 1
    chosen = {row.province.code for row in dispatch.list_escalation_units()}
    for province_code, unit_code in DEMO_ESCALATIONS.items():
        if province_code not in chosen:
            dispatch.set_escalation_unit(admin, province_code, unit_code)
    return created


def _actor(case: Case, head: User) -> User:
    """The handler the case was given to does the work; the head when nobody was (or for the head's signature)."""
    return case.assignee or head


def load_demo_cases(now: datetime) -> int:
    """Each missing demo case, told from its receipt to its current state, with `now` as today."""
    existing = set(db.session.scalars(select(Case.title).where(Case.title.in_([c.title for c in DEMO_CASES]))))
    start_of_day = now.replace(hour=2, minute=0, second=0, microsecond=0)
    created = 0
    for spec in DEMO_CASES:
        if spec.title in existing:
            continue
        received = start_of_day - timedelta(days=spec.received_days_ago)
        # A complaint says when the citizen learned of the decision: the demo's citizens complain after 20 days.
        known_on = local_date(received) - timedelta(days=20) if spec.kind == "complaint" else None
        submitted = submission.submit_case(
            submission.Submission(kind=spec.kind, field=spec.field, place_code=spec.place, title=spec.title,
                             description=spec.description, contact=spec.contact,
                             is_public_consent=spec.is_public_consent, is_resident=spec.is_resident,
                             decision_known_on=known_on),
            now=received,
        )
        case = submitted.case
        head_email = next((HEADS[unit.code] for unit in [case.unit, *case.unit.ancestors()] if unit.code in HEADS),
                          ADMIN_EMAIL)
        head = _user(head_email)
        for days_ago, step, arguments in spec.steps:
            moment = start_of_day - timedelta(days=days_ago) + timedelta(hours=1)
            STEPS[step](case, _actor(case, head), moment, **arguments)
        created += 1
    db.session.flush()
    return created
