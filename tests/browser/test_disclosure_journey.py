"""An official drafts, attaches and schedules a disclosure and the head approves it; a citizen finds a posted
one by commune and search and opens the printable notice."""

from tests.browser.conftest import has_horizontal_scroll, sign_in_first_time

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_draft_attach_schedule_and_approve(live_server, browser):
    official = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_first_time(official, live_server.url, "tuphap.tantrung@demo.dancuso.vn")
    official.goto(live_server.url + "/disclosures/?unit=07306")
    official.get_by_role("link", name="Soạn thông tin công khai").click()
    official.get_by_label("Lĩnh vực").select_option("ngan-sach")
    official.get_by_label("Tiêu đề").fill("Dự toán ngân sách xã Nhã Nam năm 2027")
    official.get_by_label("Số văn bản").fill("45/QĐ-UBND")
    official.get_by_label("Nội dung", exact=True).fill("## Tổng thu\n\n- Thu ngân sách: **12 tỷ đồng**")
    official.get_by_label("Văn bản đã ký").set_input_files([{"name": "du-toan.pdf", "mimeType": "application/pdf",
                                                              "buffer": PDF}])
    official.get_by_label("Ngày bắt đầu niêm yết").fill("2030-01-02")
    official.get_by_label("Nơi niêm yết").fill("Trụ sở UBND xã Nhã Nam")
    official.get_by_role("button", name="Lưu bản nháp").click()
    assert official.locator("h1").inner_text() == "Dự toán ngân sách xã Nhã Nam năm 2027"
    assert official.get_by_role("link", name="du-toan.pdf").is_visible()
    draft_url = official.url
    official.context.close()

    head = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_first_time(head, live_server.url, "chu-tich.tantrung@demo.dancuso.vn")
    head.goto(draft_url)
    head.get_by_role("button", name="Duyệt để niêm yết").click()
    assert head.locator(".tag").first.inner_text() == "Đã lên lịch"
    assert "02/01/2030" in head.locator("dl.facts").inner_text()
    head.context.close()


def test_a_citizen_finds_a_posted_plan_and_prints_its_notice(live_server, phone):
    page = phone
    page.goto(live_server.url + "/units/?q=tan+trung")
    page.get_by_role("link", name="Xã Tân Trung", exact=True).click()
    page.get_by_role("link", name="Thông tin công khai của đơn vị này").click()
    page.get_by_label("Từ khóa").fill("ke hoach dan chu")
    page.locator("main").get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Kế hoạch công khai thực hiện quy chế dân chủ").first.click()
    assert "Đang niêm yết" in page.locator(".tag").first.inner_text()
    assert not has_horizontal_scroll(page)
    page.get_by_role("link", name="Bản in để niêm yết tại bảng tin").click()
    qr = page.get_by_role("img")
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    assert len(page.locator("code").inner_text().strip()) == 64
