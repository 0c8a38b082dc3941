"""A citizen submits feedback with a photo on a 360 px phone and follows it; officials accept, transfer and
answer it; the citizen reads the answer and rates it."""

import io
import re

from PIL import Image

from tests.browser.conftest import choose_place, has_horizontal_scroll, sign_in_first_time


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "olive")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 2.0), 3: "E", 4: (105.0, 50.0, 3.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _case_code(page) -> str:
    return re.search(r"[A-Z]{2}-[0-9A-Z]{5}-[0-9A-Z]{5}", page.locator("main").inner_text()).group(0)


def test_feedback_from_a_phone_to_an_answer_and_a_rating(live_server, browser, phone, screenshots):
    citizen = phone
    citizen.goto(live_server.url + "/cases/new")
    citizen.locator("main a[href$='/cases/new/feedback']").first.click()
    choose_place(citizen, "Tổ dân phố 1", "XHATRUNG-TT-TDP1")
    citizen.select_option("#field", "construction")
    citizen.fill("#title", "Cống thoát nước tổ dân phố 1 bị tắc")
    citizen.fill("#description", "Cống thoát nước trước nhà văn hóa tổ dân phố 1 bị tắc, mưa là ngập đường.")
    citizen.set_input_files("#files", [{"name": "cong.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_gps()}])
    citizen.fill("#name", "Lê Thị Hoa")
    citizen.fill("#phone", "0912 345 678")
    citizen.check("#is_public_consent")
    assert not has_horizontal_scroll(citizen)
    citizen.get_by_role("button", name="Gửi yêu cầu").click()

    code = _case_code(citizen)
    assert citizen.url.endswith("/receipt")
    assert citizen.get_by_role("img").first.evaluate("image => image.complete && image.naturalWidth > 0")
    assert not has_horizontal_scroll(citizen)
    citizen.screenshot(path=str(screenshots / "case-receipt-360.png"), full_page=True)
    private_url = citizen.url.removesuffix("/receipt")

    handler = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_first_time(handler, live_server.url, "vanphong.hatrung@demo.dancuso.vn")
    handler.goto(live_server.url + "/casework/")
    handler.get_by_role("link", name=code).click()
    assert handler.locator("main").get_by_text("Lê Thị Hoa").is_visible()
    handler.locator("form[action$='/accept'] button").click()
    assert "Đã thụ lý" in handler.locator("main").inner_text()
    handler.fill("#unit_q", "UBND xã Hà Trung")
    handler.locator("form.search-form button").click()
    handler.select_option("#transfer-to_unit", "XHATRUNG-UBND")
    handler.fill("#transfer-reason", "Việc nạo vét cống do UBND xã trực tiếp giải quyết.")
    handler.locator("form[action$='/transfer'] button").click()
    handler.context.close()

    head = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_first_time(head, live_server.url, "chu-tich.hatrung@demo.dancuso.vn")
    head.goto(f"{live_server.url}/casework/{code}")
    assert "UBND xã Hà Trung" in head.locator("main").inner_text()
    head.locator("form[action$='/accept'] button").click()
    head.fill("#answer-text", "UBND xã đã cho nạo vét cống ngày 05/12; đề nghị bà theo dõi và báo lại.")
    head.locator("form[action$='/answer'] button").click()
    assert "Đã trả lời" in head.locator("main").inner_text()
    head.context.close()

    citizen.goto(private_url)
    main = citizen.locator("main").inner_text()
    assert "đã cho nạo vét cống" in main
    assert "UBND xã Hà Trung" in main
    citizen.check("input[name=rating][value='4']")
    citizen.locator("form[action$='/rate'] button").click()
    assert citizen.locator(".flash").first.is_visible()
    assert not has_horizontal_scroll(citizen)
    citizen.screenshot(path=str(screenshots / "case-private-360.png"), full_page=True)

    citizen.goto(f"{live_server.url}/cases/track?code={code.lower()}")
    tracked = citizen.locator("main").inner_text()
    assert code in tracked and "Lê Thị Hoa" not in tracked and "0912" not in tracked
