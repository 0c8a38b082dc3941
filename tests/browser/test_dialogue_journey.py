"""A citizen asks for a dialogue on a 360 px phone; the head of Xã Hà Trung schedules one from the request; the
citizen gets the notice, sends a question, and after the session reads the minutes and follows the promise made
there until it is kept."""

import re
from datetime import UTC, datetime, time, timedelta

import pyotp
from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import hash_password
from portal.core.timeutil import LOCAL_TZ, local_date
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.units.models import Unit
from tests.browser.conftest import choose_place, has_horizontal_scroll
from tests.clock import pinned

HEAD_EMAIL, PASSWORD = "chu-tich.doithoai@demo.dancuso.vn", "a long journey password"
CITIZEN_EMAIL = "nguyen.thi.mai@example.vn"


def _head_of_ha_trung(app) -> str:
    """A head of Xã Hà Trung with the second factor already set up (the demo's own are signed in by other
    journeys, and a first sign-in happens once)."""
    secret = pyotp.random_base32()
    with app.app_context():
        commune = db.session.scalar(select(Unit).where(Unit.code == "15271"))
        user = User(email=HEAD_EMAIL, full_name="Lê Văn Tâm", password_hash=hash_password(PASSWORD),
                    totp_secret=secret, totp_confirmed_at=datetime.now(UTC))
        db.session.add_all([user, Membership(user=user, unit=commune, role=Role.unit_head)])
        db.session.commit()
    return secret


def _sign_in(page, base_url: str, secret: str) -> None:
    page.goto(base_url + "/accounts/login")
    page.get_by_label("Địa chỉ email").fill(HEAD_EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Đăng nhập").click()


def _mail(app, kind: str, recipient: str) -> OutboxMessage | None:
    with app.app_context():
        return db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == kind,
                                                             OutboxMessage.recipient == recipient))


def test_a_request_for_dialogue_to_a_kept_commitment(live_server, browser, phone, screenshots):
    secret = _head_of_ha_trung(live_server.portal)
    citizen = phone
    citizen.goto(live_server.url + "/cases/new")
    citizen.locator("main a[href$='/cases/new/dialogue_request']").first.click()
    choose_place(citizen, "Thôn Đông", "XHATRUNG-THONDONG")
    citizen.select_option("#field", "construction")
    citizen.fill("#title", "Đề nghị đối thoại về đường liên thôn Thôn Đông")
    citizen.fill("#description", "Đường liên thôn xuống cấp đã lâu; người dân đề nghị Chủ tịch xã đối thoại.")
    citizen.fill("#email", CITIZEN_EMAIL)
    citizen.get_by_role("button", name="Gửi yêu cầu").click()
    code = re.search(r"[A-Z]{2}-[0-9A-Z]{5}-[0-9A-Z]{5}", citizen.locator("main").inner_text()).group(0)
    private_url = citizen.url.removesuffix("/receipt")

    day = local_date(datetime.now(UTC)) + timedelta(days=3)
    head = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(head, live_server.url, secret)
    head.goto(f"{live_server.url}/dialogues/new?unit=XHATRUNG-UBND&case={code}")
    head.select_option("#kind", "ad_hoc")
    head.fill("#title", "Đối thoại về đường liên thôn Thôn Đông")
    head.fill("#day", day.isoformat())
    head.fill("#starts", "08:00")
    head.fill("#ends", "10:00")
    head.fill("#place", "Nhà văn hóa Thôn Đông")
    head.fill("#chair", "Chủ tịch UBND xã Hà Trung")
    head.fill("#agenda", "Nghe ý kiến của Nhân dân về đường liên thôn và trả lời.")
    head.get_by_role("button", name="Lên lịch và công khai thông báo").click()
    assert head.get_by_text("Đã lên lịch đối thoại và công khai thông báo.").is_visible()
    session_url = head.url

    notice = _mail(live_server.portal, "dialogue_scheduled", CITIZEN_EMAIL)
    assert notice is not None and session_url.removeprefix(live_server.url) in notice.body
    citizen.goto(private_url)
    citizen.locator("li.event-dialogue_scheduled").scroll_into_view_if_needed()
    assert "Nhà văn hóa Thôn Đông" in citizen.locator("li.event-dialogue_scheduled").inner_text()
    citizen.goto(session_url)
    assert not has_horizontal_scroll(citizen)
    citizen.get_by_role("link", name="Gửi câu hỏi trước").click()
    citizen.fill("#text", "Khi nào đường liên thôn được sửa? Nhà tôi ở số 12, điện thoại 0912 345 678.")
    citizen.fill("#email", CITIZEN_EMAIL)
    citizen.get_by_role("button", name="Gửi câu hỏi").click()
    assert citizen.get_by_text("Đã nhận câu hỏi.", exact=False).is_visible()
    assert "Khi nào đường liên thôn" not in citizen.locator("main").inner_text()

    head.goto(session_url)
    head.get_by_role("link", name=re.compile("chờ kiểm duyệt")).click()
    head.get_by_role("link", name="Kiểm duyệt câu hỏi này").click()
    head.get_by_label("Công khai câu hỏi").check()
    head.get_by_role("button", name="Lưu quyết định").click()

    ended = datetime.combine(day, time(10, 30), tzinfo=LOCAL_TZ).astimezone(UTC)
    with pinned(ended, tick=True):
        head = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(head, live_server.url, secret)
        head.goto(session_url)
        head.get_by_role("link", name="Ghi câu trả lời").click()
        head.fill("#answer", "Xã sửa đường trong tháng tới bằng ngân sách xã.")
        head.get_by_role("button", name="Ghi vào biên bản").click()
        head.get_by_role("link", name="Ghi biên bản").click()
        head.fill("#attendance", "64")
        head.fill("#attending_bodies", "Ban công tác Mặt trận Thôn Đông")
        head.fill("#text", "Hội nghị nghe ý kiến về đường liên thôn; Chủ tịch xã cam kết sửa đường.")
        head.get_by_role("button", name="Công bố biên bản").click()
        head.get_by_role("link", name="Ghi nhận cam kết").click()
        head.fill("#text", "Sửa 300 m đường liên thôn Thôn Đông")
        head.select_option("#responsible", "XHATRUNG-UBND")
        head.fill("#due_on", (day + timedelta(days=30)).isoformat())
        head.get_by_role("button", name="Ghi nhận cam kết").click()

        citizen.goto(session_url)
        minutes = citizen.locator("main").inner_text()
        assert "Xã sửa đường trong tháng tới" in minutes and "0912" not in minutes
        assert "Hội nghị nghe ý kiến về đường liên thôn" in minutes
        assert not has_horizontal_scroll(citizen)
        citizen.screenshot(path=str(screenshots / "dialogue-minutes-360.png"), full_page=True)
        citizen.get_by_role("link", name="Sửa 300 m đường liên thôn Thôn Đông").click()
        commitment_url = citizen.url
        assert "Chưa bắt đầu" in citizen.locator("main .tag").inner_text()

        head.goto(commitment_url)
        head.get_by_role("link", name="Báo cáo về cam kết này").click()
        head.get_by_label("Cam kết đã thực hiện").check()
        head.fill("#text", "Đã sửa xong và nghiệm thu 300 m đường.")
        head.get_by_role("button", name="Công bố cập nhật").click()

        citizen.goto(commitment_url)
        assert "Đã thực hiện" in citizen.locator("main .tag").inner_text()
        assert "Đã sửa xong và nghiệm thu" in citizen.locator("main").inner_text()
        assert not has_horizontal_scroll(citizen)
    assert _mail(live_server.portal, "commitment_changed", CITIZEN_EMAIL) is not None
