"""The citizen's and the public's side of the new steps through the test client: the second complaint from the
private page, the date a complaint needs, and the public conclusions on denunciations, in both languages, with no
personal data."""

import json
from datetime import UTC, date, datetime

import pytest

from portal.accounts.models import Role
from portal.cases import lifecycle, services
from portal.cases.models import CaseStatus
from portal.casework import actions
from portal.casework import services as casework

pytestmark = pytest.mark.usefixtures("english_pages")

DENOUNCER = lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678", email="binh@example.vn",
                             address="Thôn Đông, xã Tân Trung", id_number="079123456789")
PERSONAL = ("Lê Văn Bình", "Bình", "0912 345 678", "binh@example.vn", "Thôn Đông, xã Tân Trung", "079123456789")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


@pytest.fixture
def today(monkeypatch):
    """The citizen's pages read the clock through portal.cases.views.utcnow."""
    moment = {"now": at("2026-03-23")}
    monkeypatch.setattr("portal.cases.views.utcnow", lambda: moment["now"])
    return moment


@pytest.fixture
def decided(create_case, handler, head, db_session):
    """A first-instance complaint accepted on 02/03/2026 and decided on Friday 20/03/2026."""
    submitted = create_case(kind="complaint", now=at("2026-03-02"))
    actions.accept_case(submitted.case, handler, now=at("2026-03-02"))
    actions.answer_case(submitted.case, head, "Quyết định giải quyết khiếu nại lần đầu.", now=at("2026-03-20"))
    db_session.flush()
    return submitted


def test_the_private_page_offers_a_second_complaint_not_a_reopening(page, client, decided, today, province,
                                                                      db_session):
    soup = page(f"/cases/t/{decided.token}")
    assert soup.select_one("#reopen-title") is None
    section = soup.select_one("#appeal-title").parent
    assert "20/04/2026" in section.get_text() and province.name in section.get_text()
    empty = page(f"/cases/t/{decided.token}/appeal", method="post", data={"reason": "Ngắn"}, expected_status=422)
    assert empty.select_one("#reason").get_text().strip() == "Ngắn"
    response = client.post(f"/cases/t/{decided.token}/appeal",
                           data={"reason": "Tôi không đồng ý với quyết định lần đầu vì diện tích sai."})
    assert response.status_code == 302 and "/receipt" in response.location
    second = services.second_complaint_of(decided.case)
    assert second.unit == province and second.status == CaseStatus.received
    receipt = page(response.location)
    assert receipt.select_one(".receipt-code").get_text() == second.code
    tracking = page(f"/cases/track?code={second.code}")
    assert decided.case.code in tracking.select_one(".case-appeal-of").get_text()
    first = page(f"/cases/t/{decided.token}")
    assert first.select_one("#appeal-title") is None
    assert second.code in first.select_one(".event-appealed").get_text()


def test_the_second_complaint_in_vietnamese(page, client, decided, today):
    client.delete_cookie("lang")
    soup = page(f"/cases/t/{decided.token}")
    assert soup.find("html")["lang"] == "vi"
    assert "Khiếu nại lần hai" in soup.select_one("#appeal-title").get_text()


def test_after_the_window_the_second_complaint_is_refused_with_the_text_kept(page, decided, today):
    today["now"] = at("2026-04-21")
    assert page(f"/cases/t/{decided.token}").select_one("#appeal-title") is None
    soup = page(f"/cases/t/{decided.token}/appeal", method="post",
                data={"reason": "Tôi không đồng ý với quyết định lần đầu."}, expected_status=422)
    assert "can no longer" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#reason").get_text().strip() == "Tôi không đồng ý với quyết định lần đầu."


def test_a_complaint_form_needs_the_date_learned_and_keeps_the_text(page, commune):
    data = {"field": "land", "place": commune.code, "title": "Khiếu nại thu hồi đất",
            "description": "Tôi khiếu nại quyết định thu hồi đất của UBND xã.", "name": "Lê Văn Bình",
            "address": "Thôn Đông, xã Tân Trung"}
    soup = page("/cases/new/complaint", method="post", data=data, expected_status=422)
    assert "date you received or learned" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#description").get_text().strip() == data["description"]


def test_the_citizen_sees_the_last_day_to_complain_and_that_theirs_is_late(page, create_case, db_session):
    late = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-02"))
    db_session.flush()
    shown = page(f"/cases/t/{late.token}").select_one(".case-complain-until").get_text()
    assert "01/06/2026" in shown and "after this day" in shown
    assert page(f"/cases/track?code={late.case.code}").select_one(".case-complain-until") is None


@pytest.fixture
def concluded(create_case, handler, head, db_session):
    case = create_case(kind="denunciation", contact=DENOUNCER, now=at("2026-03-02")).case
    actions.accept_case(case, handler, now=at("2026-03-03"))
    actions.answer_case(case, head, "Kết luận: tố cáo của ông Lê Văn Bình là đúng một phần.", now=at("2026-03-20"))
    db_session.flush()
    return case


def _no_personal_data(text: str, case) -> None:
    for personal in (*PERSONAL, case.code, case.title, case.description):
        assert personal not in text, personal


def test_a_published_conclusion_shows_nothing_of_the_denouncer(client, page, concluded, handler, head):
    assert client.get(f"/cases/conclusions/{concluded.id}").status_code == 404
    assert page("/cases/conclusions/").select_one(".conclusion-list") is None
    casework.write_conclusion(concluded, handler, casework.suggested_conclusion(concluded) +
                              " Người tố cáo: Lê Văn Bình, 0912 345 678, binh@example.vn.", now=at("2026-03-24"))
    assert client.get(f"/cases/conclusions/{concluded.id}").status_code == 404
    casework.approve_conclusion(concluded, head, now=at("2026-03-25"))
    listing = page("/cases/conclusions/")
    link = listing.select_one(".conclusion-list a")
    assert link["href"] == f"/cases/conclusions/{concluded.id}"
    soup = page(link["href"])
    assert "đúng một phần" in soup.select_one(".conclusion-text").get_text()
    _no_personal_data(soup.get_text(), concluded)
    _no_personal_data(listing.get_text(), concluded)
    api = client.get("/api/v1/cases/conclusions").get_json()
    assert [item["id"] for item in api["items"]] == [concluded.id]
    one = client.get(f"/api/v1/cases/conclusions/{concluded.id}").get_json()
    assert one["publish_due_on"] == "2026-03-31" and "đúng một phần" in one["text"]
    _no_personal_data(json.dumps(api, ensure_ascii=False) + json.dumps(one, ensure_ascii=False), concluded)
    assert client.get(f"/api/v1/cases/conclusions/{concluded.id + 1000}").status_code == 404


def test_the_conclusion_page_in_vietnamese(client, page, concluded, head):
    casework.write_conclusion(concluded, head, "Kết luận: tố cáo đúng một phần.", now=at("2026-03-24"))
    client.delete_cookie("lang")
    soup = page(f"/cases/conclusions/{concluded.id}")
    assert soup.find("html")["lang"] == "vi"
    assert "Kết luận" in soup.find("h1").get_text()


def test_the_openapi_document_lists_the_conclusions(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/cases/conclusions" in paths and "/api/v1/cases/conclusions/{case_id}" in paths


def test_the_receipt_shows_the_last_day_to_complain(page, create_case, db_session):
    on_time = create_case(kind="complaint", decision_known_on=date(2026, 1, 15), now=at("2026-03-02"))
    late = create_case(kind="complaint", decision_known_on=date(2026, 3, 2), now=at("2026-06-02"))
    db_session.flush()
    shown = page(f"/cases/t/{on_time.token}/receipt").select_one(".receipt-complain-until").get_text()
    assert "15/04/2026" in shown and "after this day" not in shown
    assert "after this day" in page(f"/cases/t/{late.token}/receipt").select_one(".receipt-complain-until").get_text()


def test_after_the_second_decision_the_citizen_is_pointed_to_the_court(page, decided, today, head, create_user,
                                                                       province, db_session):
    second = services.submit_second_complaint(decided.case, "Không đồng ý với quyết định lần đầu.",
                                              now=at("2026-03-23"))
    province_head = create_user(role=Role.unit_head, unit=province, email="tinh@bacninh.gov.vn")
    actions.accept_case(second.case, province_head, now=at("2026-03-24"))
    assert page(f"/cases/t/{second.token}").select_one(".court-next") is None
    actions.answer_case(second.case, province_head, "Quyết định giải quyết khiếu nại lần hai.", now=at("2026-04-10"))
    db_session.flush()
    today["now"] = at("2026-04-11")
    soup = page(f"/cases/t/{second.token}")
    assert "lawsuit" in soup.select_one(".court-next").get_text()
    assert soup.select_one("#appeal-title") is None and soup.select_one("#reopen-title") is None


def test_the_public_list_leads_to_the_conclusions(page, commune):
    links = [a["href"] for a in page(f"/cases/?unit={commune.code}").select("main a")]
    assert f"/cases/conclusions/?unit={commune.code}" in links
