"""A plan brought in: an official of the Vĩnh Cửu district uploads sample 001 as a .docx, picks the lead body of a
task the portal could not match, sends it; the chairman approves and publishes it; Phòng Nội vụ reports a task
done; a citizen on a 360 px phone sees it done."""

import pytest
from sqlalchemy import select

from portal.accounts.models import Membership, Role, User
from portal.accounts.passwords import hash_password
from portal.core.timeutil import local_date, utcnow
from portal.demo.services import DEMO_PASSWORD
from portal.extensions import db
from portal.units.models import Unit
from tests.browser.conftest import has_horizontal_scroll, sign_in_first_time
from tests.plans.test_documents import make_docx
from tests.plans.test_reading import sample_text

OFFICIALS = [
    # The demo keeps its officials in today's units; the journey adds those of the district as it was in 2024.
    ("vanphong.vinhcuu@journey.dancuso.vn", "Ngô Thị Thảo", Role.handler, "XVINHCUU-UBND"),
    ("chu-tich.vinhcuu@journey.dancuso.vn", "Trịnh Văn Lâm", Role.unit_head, "XVINHCUU-UBND"),
    ("phongnoivu.vinhcuu@journey.dancuso.vn", "Mai Văn Tuấn", Role.handler, "XVINHCUU-NOIVU"),
]


@pytest.fixture(scope="module")
def district_officials(live_server):
    with live_server.portal.app_context():
        for email, name, role, code in OFFICIALS:
            unit = db.session.scalar(select(Unit).where(Unit.code == code))
            user = User(email=email, full_name=name, password_hash=hash_password(DEMO_PASSWORD))
            db.session.add_all([user, Membership(user=user, unit=unit, role=role)])
        db.session.commit()
    return [email for email, *_rest in OFFICIALS]


def _desktop(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()


def test_a_plan_from_upload_to_a_task_done_on_a_phone(live_server, browser, phone, district_officials, screenshots):
    drafter_email, head_email, office_email = district_officials

    drafter = _desktop(browser)
    sign_in_first_time(drafter, live_server.url, drafter_email)
    drafter.goto(live_server.url + "/accounts/")
    drafter.locator("a[href='/plans/new?unit=XVINHCUU-UBND']").click()
    drafter.get_by_label("Văn bản kế hoạch").set_input_files([{
        "name": "ke-hoach-vinh-cuu.docx",
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "buffer": make_docx(sample_text(1)),
    }])
    drafter.get_by_role("button", name="Đọc kế hoạch").click()
    assert drafter.locator("h1").inner_text() == "Xem xét kế hoạch"
    review_url = drafter.url
    unmatched = drafter.locator("li[id^=task-]:has(> p.meta > .unmatched)").first
    task_id = unmatched.get_attribute("id")
    unmatched.locator("> p > a").first.click()
    drafter.get_by_label("Cơ quan chủ trì", exact=True).select_option(label="Phòng Tư pháp")
    drafter.get_by_role("button", name="Lưu nhiệm vụ").click()
    assert "Phòng Tư pháp" in drafter.locator(f"#{task_id} > p.meta").inner_text()
    drafter.screenshot(path=str(screenshots / "plan-review.png"), full_page=False)
    drafter.get_by_role("button", name="Trình duyệt").click()
    assert drafter.locator(".plan-status").inner_text() == "Đã trình phê duyệt"
    drafter.context.close()

    head = _desktop(browser)
    sign_in_first_time(head, live_server.url, head_email)
    head.goto(review_url)
    head.get_by_role("button", name="Phê duyệt kế hoạch").click()
    head.get_by_label("Nhóm nội dung công khai của văn bản gốc").select_option("khac")
    head.get_by_role("button", name="Công bố kế hoạch và công khai văn bản").click()
    plan_url = head.url
    head.locator("dl.facts a[href^='/disclosures/']").click()
    assert head.locator("a.plan-link").get_attribute("href") == plan_url.removeprefix(live_server.url)
    head.context.close()

    office = _desktop(browser)
    sign_in_first_time(office, live_server.url, office_email)
    office.goto(plan_url)
    task = office.locator("li[id^=task-]", has_text="Giao Phòng Nội vụ rà soát").last
    task.locator("a.report-progress").click()
    office.get_by_label("Ngày có tiến độ").fill(local_date(utcnow()).isoformat())
    office.get_by_label("Những việc đã làm").fill("Đã rà soát xong 14 văn bản, đề xuất sửa đổi 3 văn bản.")
    office.get_by_label("Nhiệm vụ đã hoàn thành").check()
    office.get_by_role("button", name="Công bố tiến độ").click()
    office.context.close()

    phone.goto(plan_url)
    done = phone.locator("li[id^=task-]", has_text="Giao Phòng Nội vụ rà soát").last
    assert "task-done" in done.get_attribute("class")
    assert done.locator("progress").get_attribute("value") == "100"
    assert not has_horizontal_scroll(phone)
    done.scroll_into_view_if_needed()
    phone.screenshot(path=str(screenshots / "plan-phone.png"), full_page=False)
