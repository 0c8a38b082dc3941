"""After the 2025 reform an official of Xã Hà Trung carries on the old town's plan: finds its tasks under "my
tasks", posts progress with a PDF as evidence and makes the overdue report; a citizen on a 360 px phone without
JavaScript sees the progress, downloads the evidence and sees the report marked late."""

from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.accounts.services import hash_password
from portal.demo.plans import publish_plans_from_samples
from portal.demo.services import DEMO_PASSWORD
from portal.extensions import db
from portal.units.models import Unit
from tests.browser.conftest import has_horizontal_scroll, sign_in_first_time

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EMAIL = "kehoach.hatrung@demo.dancuso.vn"


def _official_of_ha_trung(app) -> None:
    with app.app_context():
        publish_plans_from_samples()
        if db.session.scalar(select(User.id).where(User.email == EMAIL)) is None:
            unit = db.session.scalar(select(Unit).where(Unit.code == "15271"))
            user = User(email=EMAIL, full_name="Ngô Thị Thanh", password_hash=hash_password(DEMO_PASSWORD))
            db.session.add_all([user, Membership(user=user, unit=unit, role=Role.unit_head)])
        db.session.commit()


def test_the_merged_commune_carries_on_the_old_towns_plan(live_server, browser, phone_without_javascript):
    _official_of_ha_trung(live_server.portal)
    official = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_first_time(official, live_server.url, EMAIL)
    official.get_by_role("link", name="Nhiệm vụ của tôi theo kế hoạch").click()
    assert "Thị trấn Hà Trung" in official.locator("main").inner_text()
    official.get_by_label("Trạng thái").select_option("overdue")
    official.get_by_role("button", name="Xem nhiệm vụ").click()
    official.get_by_role("link", name="Báo cáo tiến độ", exact=True).first.click()
    official.get_by_label("Ngày có tiến độ").fill("2026-12-01")
    official.get_by_label("Những việc đã làm").fill("Đã tổ chức hội nghị tuyên truyền tại 5 thôn.")
    official.get_by_label("Tỷ lệ hoàn thành (không bắt buộc)").fill("70")
    official.get_by_label("Minh chứng: văn bản hoặc ảnh (không bắt buộc)").set_input_files(
        [{"name": "bien-ban-hoi-nghi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    official.get_by_role("button", name="Công bố tiến độ").click()
    plan_url = official.url.split("#")[0]
    official.get_by_role("link", name="Nhiệm vụ của tôi theo kế hoạch").click()
    official.locator("#reports-due ~ ul a").first.click()
    assert "Kỳ báo cáo: từ" in official.get_by_label("Nội dung báo cáo").input_value()
    official.get_by_role("button", name="Nộp báo cáo").click()
    assert "Báo cáo đã được nộp và công khai." in official.locator("main").inner_text()
    official.context.close()

    citizen = phone_without_javascript
    citizen.goto(plan_url)
    assert not has_horizontal_scroll(citizen)
    update = citizen.locator("li", has_text="Đã tổ chức hội nghị tuyên truyền tại 5 thôn.").last
    assert update.is_visible()
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="bien-ban-hoi-nghi.pdf").first.click()
    assert download.value.suggested_filename == "bien-ban-hoi-nghi.pdf"
    assert "Nộp trễ hạn" in citizen.locator("#reports ~ table").inner_text()
