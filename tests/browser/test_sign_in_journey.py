"""An official signs in for the first time: password, scanning the QR code, the first code; then again."""

from datetime import UTC, datetime, timedelta

import pyotp

from portal.demo.services import DEMO_PASSWORD
from tests.browser.conftest import has_horizontal_scroll
from tests.clock import pinned


def _code_after(secret: str, used: str, clock) -> str:
    """A code the portal has not seen yet: when the current one was just used, the clock moves on to the next time
    step instead of the test waiting for it (the live server runs in this process and reads the same clock)."""
    totp = pyotp.TOTP(secret)
    code = totp.now()
    if code == used:
        clock.shift(timedelta(seconds=totp.interval))
        code = totp.now()
    return code


def test_first_sign_in_sets_up_totp_then_signs_in_with_a_code(live_server, phone, screenshots):
    page = phone
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Cán bộ đăng nhập").click()
    page.get_by_label("Địa chỉ email").fill("vanthu.tantrung@demo.dancuso.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()

    assert page.locator("h1").inner_text() == "Cài đặt xác thực hai lớp"
    qr = page.get_by_role("img", name="Mã QR để cài đặt ứng dụng xác thực")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "the QR code did not render"
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "totp-setup-360.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text().strip()
    first_code = pyotp.TOTP(secret).now()
    page.get_by_label("Mã 6 chữ số").fill(first_code)
    page.get_by_role("button", name="Xác nhận và đăng nhập").click()
    assert page.locator("h1").inner_text() == "Tài khoản của tôi"
    assert "Trần Thị Lan" in page.locator("main").inner_text()

    page.get_by_role("button", name="Đăng xuất").click()
    assert page.get_by_text("Bạn đã đăng xuất.").is_visible()

    page.goto(live_server.url + "/accounts/login")
    page.get_by_label("Địa chỉ email").fill("vanthu.tantrung@demo.dancuso.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    assert page.locator("h1").inner_text() == "Nhập mã xác thực"
    assert page.locator("#totp-secret").count() == 0
    with pinned(datetime.now(UTC), tick=True) as clock:
        page.get_by_label("Mã 6 chữ số").fill(_code_after(secret, first_code, clock))
        page.get_by_role("button", name="Đăng nhập").click()
        assert page.locator("h1").inner_text() == "Tài khoản của tôi"


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(live_server, desktop):
    page = desktop
    page.goto(live_server.url + "/accounts/login")
    page.get_by_label("Địa chỉ email").fill("admin@demo.dancuso.vn")
    page.get_by_label("Mật khẩu").fill("not the password")
    page.get_by_role("button", name="Tiếp tục").click()
    summary = page.get_by_role("alert")
    assert "chưa đúng" in summary.inner_text()
    assert page.get_by_label("Địa chỉ email").input_value() == "admin@demo.dancuso.vn"
