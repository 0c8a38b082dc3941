"""A visitor on a phone opens the portal, finds a commune, and switches language."""

from tests.browser.conftest import has_horizontal_scroll


def test_home_page_in_vietnamese_then_english_on_a_phone(live_server, phone, screenshots):
    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "vi"
    assert phone.locator("h1").inner_text() == "Cổng thông tin dân chủ cơ sở"
    assert not has_horizontal_scroll(phone)
    phone.screenshot(path=str(screenshots / "home-vi-360.png"), full_page=True)

    phone.get_by_role("link", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == "Grassroots Democracy Portal"
    phone.goto(live_server.url + "/calendar/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert not has_horizontal_scroll(phone)


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, desktop):
    desktop.goto(live_server.url + "/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Bỏ qua, đến nội dung chính"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("location.hash") == "#main"


def test_finding_a_commune_without_javascript_and_without_accents(live_server, phone_without_javascript):
    page = phone_without_javascript
    page.goto(live_server.url + "/")
    page.get_by_label("Tên xã, phường hoặc cơ quan của bạn").fill("tan trung")
    page.locator("main").get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Xã Tân Trung", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Xã Tân Trung")
