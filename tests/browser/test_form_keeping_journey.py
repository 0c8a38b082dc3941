"""A citizen whose session cookie is gone when they press Send (a phone restoring a tab drops it) gets the form
back with the text and the photo kept, and the next Send goes through with the photo attached."""

from tests.browser.test_case_journey import _photo_with_gps


def test_cookies_cleared_before_send_keep_the_text_and_the_files(live_server, phone):
    citizen = phone
    citizen.goto(live_server.url + "/cases/new/feedback?place=XHATRUNG-TT-TDP1")
    citizen.select_option("#field", "construction")
    citizen.fill("#title", "Đèn đường tổ dân phố 1 hỏng")
    description = "Ba bóng đèn đường trước chợ tổ dân phố 1 hỏng đã hai tuần, buổi tối rất tối."
    citizen.fill("#description", description)
    citizen.set_input_files("#files", [{"name": "den.jpg", "mimeType": "image/jpeg", "buffer": _photo_with_gps()}])
    citizen.context.clear_cookies()
    # Read back before Send: once, on a loaded CI machine, the send still carried the session (it went through).
    assert citizen.context.cookies() == []
    citizen.get_by_role("button", name="Gửi yêu cầu").click()

    summary = citizen.locator(".error-summary")
    assert summary.is_visible()
    assert "phiên" in summary.inner_text().lower()
    assert citizen.locator("#description").input_value() == description
    assert citizen.locator("#title").input_value() == "Đèn đường tổ dân phố 1 hỏng"
    assert "den.jpg" in citizen.locator(".kept-files").inner_text()
    assert citizen.locator(".kept-files input[type=checkbox]").is_checked()

    citizen.get_by_role("button", name="Gửi yêu cầu").click()
    assert citizen.url.endswith("/receipt")
    citizen.goto(citizen.url.removesuffix("/receipt"))
    assert "den.jpg" in citizen.locator(".case-files").inner_text()
