"""A resident on a 360 px phone with JavaScript off comments on article 3 of a draft regulation; the commune's
official moderates and synthesizes, the chair closes; the resident reads the answer to their comment."""

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import hash_password
from portal.consultations import services
from portal.consultations.models import Consultation
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.units.models import Unit
from tests.browser.conftest import has_horizontal_scroll
from tests.consultations.conftest import REGULATION

PASSWORD = "journey-password-17"
NHA_NAM = "07306"


def _official(email: str, role: Role, unit: Unit) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, full_name=email.split("@")[0], password_hash=hash_password(PASSWORD),
                    totp_secret=pyotp.random_base32(), totp_confirmed_at=utcnow())
        user.memberships.append(Membership(unit=unit, role=role))
        db.session.add(user)
    return user


@pytest.fixture
def consultation(live_server):
    """A draft regulation of Xã Nhã Nam, opened by its official and published by its chair today."""
    with live_server.portal.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == NHA_NAM))
        handler = _official("dan-ban.official@example.vn", Role.handler, unit)
        chair = _official("dan-ban.chair@example.vn", Role.unit_head, unit)
        db.session.flush()
        created = services.create_consultation(handler, unit, services.NewConsultation(
            matter="democracy_regulation", title="Dự thảo Quy chế dân chủ (hành trình thử)", draft_text=REGULATION,
            period_days=20, channels=["portal"]))
        services.publish_consultation(chair, created)
        made = {"id": created.id, "handler": (handler.email, handler.totp_secret),
                "chair": (chair.email, chair.totp_secret)}
        db.session.commit()
        db.session.remove()
    return made


def _sign_in(page, base_url: str, official: tuple[str, str]) -> None:
    email, secret = official
    page.goto(base_url + "/accounts/login")
    page.get_by_label("Địa chỉ email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.locator("#code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Đăng nhập").click()


def _period_passes(live_server, consultation_id: int) -> None:
    """The 20 days go by: the consultation is moved back in time, as the clock would have moved it."""
    with live_server.portal.app_context():
        found = db.session.get(Consultation, consultation_id)
        found.published_at -= timedelta(days=25)
        found.ends_on -= timedelta(days=25)
        db.session.commit()
        db.session.remove()


def test_a_resident_comments_on_article_3_and_reads_the_answer(live_server, browser, phone_without_javascript,
                                                               consultation, screenshots):
    citizen = phone_without_javascript
    citizen.goto(f"{live_server.url}/consultations/?unit={NHA_NAM}")
    citizen.get_by_role("link", name="Dự thảo Quy chế dân chủ (hành trình thử)").click()
    assert "Còn" in citizen.locator(".days-left").inner_text()
    citizen.get_by_role("link", name="Điều 3. Họp thôn").click()
    assert "Thông báo trước ít nhất 5 ngày" in citizen.locator(".part-text").inner_text()
    citizen.fill("#text", "Đề nghị họp thôn ba lần mỗi năm; liên hệ tôi 0912 345 678.")
    citizen.fill("#author_name", "Lê Thị Hoa")
    citizen.fill("#village", "Thôn 1")
    citizen.fill("#email", "hoa.dan-ban@example.vn")
    assert not has_horizontal_scroll(citizen)
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    assert "Ý kiến đã được tiếp nhận" in citizen.locator(".flashes").inner_text()
    citizen.screenshot(path=str(screenshots / "consultation-comment-360.png"), full_page=True)
    part_url = citizen.url.split("#")[0]

    official = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _sign_in(official, live_server.url, consultation["handler"])
    official.goto(f"{live_server.url}/consultations/{consultation['id']}/manage")
    moderation = official.locator("section.moderation").first
    assert "0912 345 678" in moderation.inner_text()
    moderation.get_by_role("button", name="Lưu quyết định").click()
    assert "Đã lưu quyết định" in official.locator(".flashes").inner_text()

    citizen.goto(part_url)
    shown = citizen.locator("ul.comments li").first.inner_text()
    assert "ba lần mỗi năm" in shown and "0912" not in shown and "Lê Thị Hoa" not in shown

    _period_passes(live_server, consultation["id"])
    official.goto(f"{live_server.url}/consultations/{consultation['id']}/manage")
    official.fill("#synthesis_text", "Nhận 1 ý kiến qua Cổng về Điều 3.")
    official.get_by_role("button", name="Lưu phần mở đầu").click()
    official.fill("#title", "Số lần họp thôn")
    official.get_by_role("button", name="Thêm nhóm").click()
    official.locator("#comments input[type=checkbox]").first.check()
    official.select_option("#group", label="Số lần họp thôn")
    official.get_by_role("button", name="Xếp vào nhóm").click()
    group = official.locator("section.group").first
    group.get_by_label("Tiếp thu", exact=True).check()
    group.locator("textarea").fill("Tiếp thu: Điều 3 sửa thành họp ít nhất ba lần mỗi năm.")
    group.get_by_role("button", name="Lưu câu trả lời").click()
    assert "Đã lưu câu trả lời" in official.locator(".flashes").inner_text()
    official.context.close()

    chair = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _sign_in(chair, live_server.url, consultation["chair"])
    chair.goto(f"{live_server.url}/consultations/{consultation['id']}/manage")
    chair.get_by_role("button", name="Kết thúc và công bố báo cáo tổng hợp (Chủ tịch)").click()
    assert "Đã kết thúc lấy ý kiến" in chair.locator(".flashes").inner_text()
    chair.context.close()

    with live_server.portal.app_context():
        mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "hoa.dan-ban@example.vn"))
        link = next(line for line in mail.body.splitlines() if "/consultations/" in line)
        db.session.remove()
    citizen.goto(link.replace("http://127.0.0.1", live_server.url))
    answer = citizen.locator(".comment .answer").first.inner_text()
    assert "Tiếp thu" in answer and "họp ít nhất ba lần mỗi năm" in answer
    assert not has_horizontal_scroll(citizen)
    citizen.screenshot(path=str(screenshots / "consultation-answer-360.png"), full_page=True)
