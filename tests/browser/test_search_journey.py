"""A citizen on a phone, JavaScript off, types "dat dai" without accents in the box every page has, and finds the
sample disclosure that speaks of đất đai, its words marked, on a page that fits 360 px."""

from tests.browser.conftest import has_horizontal_scroll


def test_searching_from_the_header_on_a_phone_without_javascript(live_server, phone_without_javascript, screenshots):
    page = phone_without_javascript
    page.goto(live_server.url + "/calendar/")
    page.get_by_label("Tìm kiếm trên cổng thông tin").fill("dat dai")
    with page.expect_navigation(wait_until="load"):
        page.locator("form.site-search button").click()
    assert page.locator("h1").inner_text() == "Tìm kiếm: dat dai"
    group = page.locator("section.search-group", has=page.get_by_role("heading", name="Công khai"))
    assert group.locator("mark").first.inner_text().lower() in {"đất", "đai"}
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(screenshots / "search-360.png"), full_page=True)
    group.locator("li a").first.click()
    assert page.url.startswith(live_server.url + "/disclosures/")
