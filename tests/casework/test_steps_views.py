"""The officials' side of the new steps through the views: a late complaint, a second complaint's first decision,
the public conclusion written and approved, and requests recorded in person or by post."""

from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.cases import lifecycle, services
from portal.cases.models import CaseStatus
from portal.casework import actions
from portal.casework import services as casework

pytestmark = pytest.mark.usefixtures("english_pages")

DENOUNCER = lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678", email="binh@example.vn",
                             address="Thôn Đông, xã Tân Trung")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


@pytest.fixture
def today(monkeypatch):
    moment = {"now": at("2026-06-03")}
    monkeypatch.setattr("portal.casework.views.utcnow", lambda: moment["now"])
    return moment


def test_a_late_complaint_is_flagged_and_accepted_only_with_the_obstacle(page, login, handler, create_case, today):
    case = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-02")).case
    login(handler)
    queue = page("/casework/")
    row = next(r for r in queue.select("table.queue tbody tr") if r.select_one("td a").get_text() == case.code)
    assert row.select_one(".late-complaint")
    soup = page(f"/casework/{case.code}")
    assert "01/06/2026" in soup.select_one("p.late-complaint").get_text()
    assert soup.select_one("#accept-late_reason") is not None
    refused = page(f"/casework/{case.code}/accept", method="post", data={"accept-late_reason": ""},
                   expected_status=422)
    assert "01/06/2026" in refused.select_one(".error-summary").get_text()
    assert case.status == CaseStatus.received
    page(f"/casework/{case.code}/accept", method="post",
         data={"accept-late_reason": "Công dân nằm viện từ 20/5 đến 1/6."}, follow_redirects=True)
    assert case.status == CaseStatus.accepted


def test_an_on_time_complaint_is_accepted_with_a_click(page, login, handler, create_case, today):
    case = create_case(kind="complaint", decision_known_on=date(2026, 5, 20), now=at("2026-06-02")).case
    login(handler)
    soup = page(f"/casework/{case.code}")
    assert soup.select_one("#accept-late_reason") is None and soup.select_one("p.late-complaint") is None
    assert "The last day to complain was 18/08/2026." in soup.select_one(".complain-until").get_text()
    page(f"/casework/{case.code}/accept", method="post", follow_redirects=True)
    assert case.status == CaseStatus.accepted


def test_the_level_above_sees_the_first_decision(page, switch, handler, head, create_case, create_user, province,
                                                 today):
    first = create_case(kind="complaint", now=at("2026-03-02")).case
    actions.accept_case(first, handler, now=at("2026-03-02"))
    actions.answer_case(first, head, "Quyết định lần đầu: giữ nguyên quyết định thu hồi.", now=at("2026-03-20"))
    second = services.submit_second_complaint(first, "Không đồng ý với quyết định lần đầu.", now=at("2026-03-23")).case
    province_handler = create_user(role=Role.handler, unit=province, email="hoa@bacninh.gov.vn")
    switch(province_handler)
    soup = page(f"/casework/{second.code}")
    section = soup.select_one(".first-decision")
    assert first.code in section.get_text() and "giữ nguyên quyết định" in section.get_text()
    assert section.select_one("a")["href"] == f"/casework/{first.code}"
    row = next(r for r in page("/casework/").select("table.queue tbody tr")
               if r.select_one("td a").get_text() == second.code)
    assert "Second complaint" in row.get_text()
    page(f"/casework/{second.code}/accept", method="post", follow_redirects=True)
    # Accepted 03/06/2026: 45 days: 27 to 30/06, 18 in July: Saturday 18/07 -> Monday 20/07/2026.
    assert second.resolve_due_on == date(2026, 7, 20)


def test_the_conclusion_is_written_approved_and_published(page, switch, client, handler, head, create_case, today):
    case = create_case(kind="denunciation", contact=DENOUNCER, now=at("2026-03-02")).case
    case.assignee = handler
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, head, "Kết luận: tố cáo của ông Lê Văn Bình là đúng một phần.", now=at("2026-03-20"))
    today["now"] = at("2026-03-24")
    switch(handler)
    soup = page(f"/casework/{case.code}")
    assert "31/03/2026" in soup.select_one(".conclusion-due").get_text()
    suggestion = soup.select_one("#conclusion-text").get_text()
    assert "Bình" not in suggestion and "đúng một phần" in suggestion
    assert soup.select_one("#approve_conclusion-heading") is None
    row = next(r for r in page("/casework/").select("table.queue tbody tr")
               if r.select_one("td a").get_text() == case.code)
    assert "Conclusion to publish" in row.get_text()
    page(f"/casework/{case.code}/conclusion", method="post", data={"conclusion-text": ""}, expected_status=422)
    page(f"/casework/{case.code}/conclusion", method="post",
         data={"conclusion-text": suggestion + " Liên hệ 0912 345 678."}, follow_redirects=True)
    assert case.conclusion_text and case.conclusion_published_at is None and "0912 345 678" not in case.conclusion_text
    denied = page(f"/casework/{case.code}/approve-conclusion", method="post", expected_status=422)
    assert "Only the unit head" in denied.select_one(".error-summary").get_text()
    switch(head)
    assert page(f"/casework/{case.code}").select_one("#approve_conclusion-heading")
    page(f"/casework/{case.code}/approve-conclusion", method="post", follow_redirects=True)
    assert case.conclusion_published_at is not None and case.due_on is None
    client.post("/accounts/logout")
    public = page(f"/cases/conclusions/{case.id}")
    assert "Bình" not in public.get_text() and "0912 345 678" not in public.get_text()


def test_an_official_records_a_request_made_in_person(page, client, login, handler, commune, village, today,
                                                      db_session):
    login(handler)
    soup = page("/casework/record")
    assert {option["value"] for option in soup.select("#place option")} >= {commune.code, village.code}
    data = {"channel": "in_person", "kind": "information_request", "place": village.code, "field": "fees",
            "title": "Dự toán ngân sách xã",
            "description": "Đề nghị cung cấp dự toán ngân sách xã năm 2026.", "name": "Trần Văn Khoa",
            "address": "Thôn Đông", "is_resident": "y"}
    missing = page("/casework/record", method="post", data={**data, "channel": ""}, expected_status=422)
    assert missing.select_one("#description").get_text().strip() == data["description"]
    response = client.post("/casework/record", data=data)
    assert response.status_code == 302
    assert "/cases/t/" in response.location and response.location.endswith("/receipt")
    case = db_session.scalars(casework.queue(handler, casework.QueueFilter(), at("2026-06-03"))).first()
    assert case.channel == "in_person" and case.kind.value == "information_request"
    shown = page(f"/casework/{case.code}")
    assert shown.select_one(".case-channel").get_text() == "In person"
    page(f"/casework/{case.code}/accept", method="post", follow_redirects=True)
    # Accepted Wednesday 03/06/2026: 4, 5, 8-12, 15, 16, 17 June: the tenth working day is Wednesday 17/06/2026.
    assert case.resolve_due_on == date(2026, 6, 17)


def test_recording_needs_a_resident_and_a_way_to_reach_them(page, login, handler, commune, today):
    login(handler)
    data = {"channel": "post", "kind": "information_request", "place": commune.code, "field": "fees",
            "title": "Dự toán",
            "description": "Đề nghị cung cấp dự toán ngân sách xã năm 2026.", "name": "Trần Văn Khoa"}
    soup = page("/casework/record", method="post", data=data, expected_status=422)
    assert soup.select_one(".error-summary") and soup.select_one("#title")["value"] == "Dự toán"


def test_the_record_page_in_vietnamese(page, client, login, handler):
    login(handler)
    client.delete_cookie("lang")
    soup = page("/casework/record")
    assert soup.find("html")["lang"] == "vi" and "Ghi nhận yêu cầu" in soup.find("h1").get_text()


def test_a_complaint_brought_to_the_reception_desk_is_recorded_with_a_complaint_s_rules(
        page, client, login, handler, commune, today, db_session):
    login(handler)
    data = {"channel": "in_person", "kind": "complaint", "place": commune.code, "field": "land",
            "title": "Khiếu nại quyết định thu hồi đất", "description": "Tôi khiếu nại quyết định thu hồi đất số 12.",
            "name": "Lê Văn Tám", "address": "Thôn Đông", "decision_known_on": "2026-05-20"}
    refused = page("/casework/record", method="post", data={**data, "address": ""}, expected_status=422)
    assert refused.select_one("#address-error") or refused.select_one(".error-summary a[href='#address']")
    assert refused.select_one("#description").get_text().strip() == data["description"]
    response = client.post("/casework/record", data=data)
    assert response.status_code == 302 and response.location.endswith("/receipt")
    case = db_session.scalars(casework.queue(handler, casework.QueueFilter(), at("2026-06-03"))).first()
    assert (case.kind.value, case.channel, case.decision_known_on) == ("complaint", "in_person", date(2026, 5, 20))
    assert case.events[-1].action == "recorded"
