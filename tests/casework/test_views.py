"""The officials' side of cases through the views: the queue, the case page, every action and who may do what."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import Membership, Role
from portal.cases import files, lifecycle, services
from portal.cases.models import CaseEvent, CaseStatus
from portal.casework import actions
from portal.core.audit import AuditEvent
from portal.extensions import db
from tests.case_fixtures import CASE_NOW

pytestmark = pytest.mark.usefixtures("english_pages")

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The views read the clock through portal.casework.views.utcnow; the cases are made at CASE_NOW."""
    moments = {"now": CASE_NOW + timedelta(hours=1)}
    monkeypatch.setattr("portal.casework.views.utcnow", lambda: moments["now"])
    return moments


@pytest.fixture
def other_official(create_user, create_unit, province):
    return create_user(role=Role.handler, unit=create_unit(name="Xã Khác", parent=province), full_name="Người Khác")


@pytest.fixture
def second_handler(create_user, commune):
    return create_user(role=Role.handler, unit=commune, full_name="Phạm Văn Cường")


def _events(case, action):
    return list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.action == action)))


def _codes(soup):
    return [row.select_one("td a").get_text(strip=True) for row in soup.select("table.queue tbody tr")]


def _row(soup, code):
    return next(row for row in soup.select("table.queue tbody tr") if row.select_one("td a").get_text() == code)


# --- the queue ---------------------------------------------------------------------------------------------------


def test_queue_lists_the_units_cases_with_their_deadline(page, switch, handler, create_case):
    case = create_case().case
    switch(handler)
    soup = page("/casework/")
    assert soup.response.headers["Cache-Control"] == "no-store"
    row = _row(soup, case.code)
    assert row.select_one("td.deadline").get_text(" ", strip=True).startswith("Due in 10 working days")
    assert "overdue" not in row.get("class", [])
    assert row.select("td")[4].get_text(strip=True) == handler.full_name
    assert soup.select_one("nav.main-nav a[href='/casework/']") is not None


def test_queue_marks_overdue_and_due_today_in_words(page, switch, handler, create_case, clock):
    case = create_case().case
    switch(handler)
    clock["now"] = CASE_NOW.replace(day=1) + timedelta(days=15)  # the acknowledge deadline is 16/03/2026
    soup = page("/casework/")
    assert _row(soup, case.code).select_one("td.deadline span").get_text() == "Due today"
    clock["now"] += timedelta(days=3)
    soup = page("/casework/")
    row = _row(soup, case.code)
    assert "overdue" in row["class"]
    assert row.select_one("td.deadline .deadline-overdue").get_text() == "Overdue by 3 days"
    assert _codes(page("/casework/?due=overdue")) == [case.code]
    assert _codes(page("/casework/?due=soon")) == []


def test_queue_filters(page, switch, handler, second_handler, head, create_case):
    feedback = create_case().case
    complaint = create_case(kind="complaint", field="fees").case
    complaint.assignee = second_handler
    switch(handler)
    assert set(_codes(page("/casework/"))) == {feedback.code, complaint.code}
    assert _codes(page("/casework/?kind=complaint")) == [complaint.code]
    assert _codes(page("/casework/?field=land")) == [feedback.code]
    assert _codes(page("/casework/?mine=y")) == [feedback.code]
    assert _codes(page(f"/casework/?unit={feedback.unit.code}")) != []
    actions.refuse_case(feedback, handler, "duplicate", "Đã có đơn khác.", now=CASE_NOW)
    assert _codes(page("/casework/")) == [complaint.code]
    assert set(_codes(page("/casework/?status=any"))) == {feedback.code, complaint.code}
    assert _codes(page("/casework/?status=refused")) == [feedback.code]
    assert _codes(page("/casework/?kind=complaint&_external=1&_scheme=javascript&page=1")) == [complaint.code]
    soup = page("/casework/?kind=nonsense&page=abc", expected_status=200)
    assert soup.select(".error-summary") and _codes(soup) == []


def test_queue_pages_by_fifty(page, switch, handler, create_case):
    for _ in range(50):
        create_case()
    hostile = create_case(title=HOSTILE, now=CASE_NOW + timedelta(days=1)).case
    switch(handler)
    first = page("/casework/")
    assert len(_codes(first)) == 50
    assert first.select_one("nav.pagination a")["href"].endswith("page=2")
    second = page("/casework/?page=2&kind=feedback")
    assert _codes(second) == [hostile.code] and not second.select("main script") and not second.select("main img")
    assert _row(second, hostile.code).select_one("td.case-title").get_text() == HOSTILE
    assert second.select_one("nav.pagination a")["href"].endswith("page=1&kind=feedback")
    assert _codes(page("/casework/?page=999999999")) == []


def test_queue_of_another_commune_is_empty_and_needs_a_sign_in(client, page, switch, other_official, create_case):
    create_case()
    assert client.get("/casework/").status_code == 302
    switch(other_official)
    assert _codes(page("/casework/")) == []


# --- the case page -------------------------------------------------------------------------------------------------


def test_case_page_shows_the_citizens_text_escaped_and_the_contact(page, switch, handler, create_case):
    case = create_case(title=HOSTILE, description=HOSTILE + " mô tả dài hơn").case
    switch(handler)
    soup = page(f"/casework/{case.code}")
    assert soup.response.headers["Cache-Control"] == "no-store"
    assert not soup.select("main script") and not soup.select("main img")
    assert HOSTILE in soup.select_one("h3.case-title").get_text()
    assert soup.select_one("dl.contact").get_text(" ", strip=True).count("0912 345 678") == 1
    assert soup.select_one("#accept-heading") is not None
    assert soup.select_one("#approve-heading") is None
    assert soup.select_one("#assign-heading") is None
    assert [li.strong.get_text() for li in soup.select("ol.case-history > li")] == ["Received", "Assigned"]


def test_official_of_another_commune_is_refused_page_and_actions(client, page, switch, other_official, create_case):
    case = create_case().case
    assert client.get(f"/casework/{case.code}").status_code == 302
    switch(other_official)
    page(f"/casework/{case.code}", expected_status=403)
    for action in ("accept", "note", "identity", "approve"):
        page(f"/casework/{case.code}/{action}", method="post", data={"note-text": "x"}, expected_status=403)
    assert services.case_by_code(case.code).status == CaseStatus.received


def test_unknown_case_is_404(page, switch, handler):
    switch(handler)
    page("/casework/PA-00000-00000", expected_status=404)
    page("/casework/" + "x" * 5000, expected_status=404)


def test_files_are_served_only_to_the_cases_officials(client, switch, handler, other_official, create_case):
    case = create_case().case
    pdf = files.prepare([files.Upload("biên bản.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")])
    row = files.attach(case, pdf)[0]
    switch(handler)
    response = client.get(f"/casework/{case.code}/files/{row.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    assert client.get(f"/casework/{case.code}/files/{row.id + 1000}").status_code == 404
    switch(other_official)
    assert client.get(f"/casework/{case.code}/files/{row.id}").status_code == 403


# --- actions -------------------------------------------------------------------------------------------------------


def test_accept_then_accept_again_is_a_form_error(page, switch, handler, create_case):
    case = create_case().case
    switch(handler)
    soup = page(f"/casework/{case.code}/accept", method="post", follow_redirects=True)
    assert "The case is accepted" in soup.select_one(".flash-success").get_text()
    assert case.status == CaseStatus.accepted and case.resolve_due_on is not None
    soup = page(f"/casework/{case.code}/accept", method="post", expected_status=422)
    assert "that step is not possible now" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#accept-heading") is None


def test_refuse_with_legal_reason_keeps_text_on_error(page, switch, handler, create_case):
    case = create_case().case
    switch(handler)
    soup = page(f"/casework/{case.code}")
    options = {o["value"]: o.get_text() for o in soup.select("#refuse-reason option")}
    assert "Law on Citizen Reception 42/2013/QH13, Art. 28" in options["duplicate"]
    soup = page(f"/casework/{case.code}/refuse", method="post",
                data={"refuse-reason": "bogus", "refuse-note": "Giải thích <b>rõ</b>"}, expected_status=422)
    assert soup.select_one("#refuse-note").get_text().strip() == "Giải thích <b>rõ</b>"
    page(f"/casework/{case.code}/refuse", method="post",
         data={"refuse-reason": "duplicate", "refuse-note": "Trùng đơn PA khác."}, follow_redirects=True)
    assert case.status == CaseStatus.refused and case.refusal_reason == "duplicate"


def test_request_information(page, switch, handler, create_case):
    case = create_case().case
    switch(handler)
    page(f"/casework/{case.code}/request-info", method="post", data={"request_info-question": ""},
         expected_status=422)
    page(f"/casework/{case.code}/request-info", method="post",
         data={"request_info-question": "Xin gửi ảnh chụp đoạn đường."}, follow_redirects=True)
    assert case.status == CaseStatus.awaiting_info


def test_transfer_moves_the_case_between_queues(client, page, switch, handler, create_case, create_unit, create_user,
                                                province):
    case = create_case().case
    target = create_unit(name="Sở Tài nguyên và Môi trường", parent=province)
    target_handler = create_user(role=Role.handler, unit=target)
    switch(handler)
    soup = page(f"/casework/{case.code}?unit_q=Tài nguyên")
    assert target.code in [o["value"] for o in soup.select("#transfer-to_unit option")]
    response = client.post(f"/casework/{case.code}/transfer",
                           data={"transfer-to_unit": target.code, "transfer-reason": "Thuộc thẩm quyền của Sở."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/casework/")
    assert case.code not in _codes(page("/casework/"))
    page(f"/casework/{case.code}", expected_status=403)
    switch(target_handler)
    assert case.code in _codes(page("/casework/"))


def test_the_transfer_list_marks_the_units_nobody_staffs_and_offers_them_disabled(page, switch, handler, create_case,
                                                                                 create_unit, create_user, province,
                                                                                 english_pages):
    case = create_case().case
    staffed = create_unit(name="Sở Tư pháp", parent=province)
    create_user(role=Role.handler, unit=staffed)
    unstaffed = create_unit(name="Sở Tài chính", parent=province)
    switch(handler)
    options = {option["value"]: option for option in page(f"/casework/{case.code}?unit_q=Sở")
               .select("#transfer-to_unit option")}
    assert not options[staffed.code].has_attr("disabled")
    assert "nobody there takes cases yet" not in options[staffed.code].get_text()
    assert options[unstaffed.code].has_attr("disabled")
    assert "Sở Tài chính (code" in options[unstaffed.code].get_text()
    assert "nobody there takes cases yet" in options[unstaffed.code].get_text()


def test_a_transfer_to_a_unit_nobody_staffs_comes_back_with_its_reason(page, switch, handler, create_case,
                                                                       create_unit, province, english_pages):
    case = create_case().case
    target = create_unit(name="Sở Tài nguyên và Môi trường", parent=province)
    switch(handler)
    soup = page(f"/casework/{case.code}/transfer", method="post", expected_status=422,
                data={"transfer-to_unit": target.code, "transfer-reason": "Thuộc thẩm quyền của Sở."})
    assert "Nobody at Sở Tài nguyên và Môi trường" in soup.select_one("#transfer-to_unit-error").get_text()
    assert soup.select_one("#transfer-reason").get_text().strip() == "Thuộc thẩm quyền của Sở."
    assert case.unit != target


def test_extend_until_the_law_refuses_with_its_basis(page, switch, handler, create_case):
    case = create_case(kind="denunciation", contact=lifecycle.Contact(name="Lê Văn Bình", address="Thôn Đông")).case
    actions.accept_case(case, handler, now=CASE_NOW)
    switch(handler)
    soup = page(f"/casework/{case.code}")
    assert "2 of the 2 extensions" in soup.select_one("#extend-heading").find_next("p", class_="hint").get_text()
    for _ in range(2):
        page(f"/casework/{case.code}/extend", method="post", data={"extend-reason": "Vụ việc phức tạp."},
             follow_redirects=True)
    assert case.extension_count == 2
    soup = page(f"/casework/{case.code}")
    assert soup.select_one("#extend-heading") is None
    soup = page(f"/casework/{case.code}/extend", method="post", data={"extend-reason": "Lần nữa."},
                expected_status=422)
    message = soup.select_one("#extend-heading").find_next("p", class_="error-message").get_text()
    assert "Law on Denunciations" in message or "25/2018" in message
    assert soup.select_one("#extend-reason").get_text().strip() == "Lần nữa."


def test_feedback_answer_goes_straight_to_the_citizen(page, switch, handler, create_case):
    case = create_case().case
    actions.accept_case(case, handler, now=CASE_NOW)
    switch(handler)
    page(f"/casework/{case.code}/answer", method="post", data={"answer-text": "x" * 20_001}, expected_status=422)
    page(f"/casework/{case.code}/answer", method="post", data={"answer-text": "Đã sửa đường."}, follow_redirects=True)
    assert case.status == CaseStatus.answered


def test_complaint_answer_waits_for_the_head(page, switch, handler, head, create_case):
    case = create_case(kind="complaint").case
    case.assignee = handler
    actions.accept_case(case, handler, now=CASE_NOW)
    switch(handler)
    page(f"/casework/{case.code}/answer", method="post", data={"answer-text": "Quyết định giải quyết."},
         follow_redirects=True)
    assert case.status == CaseStatus.answer_pending
    soup = page(f"/casework/{case.code}/approve", method="post", expected_status=422)
    assert "Only the unit head" in soup.select_one(".error-summary").get_text()
    assert case.status == CaseStatus.answer_pending
    switch(head)
    soup = page(f"/casework/{case.code}")
    assert soup.select_one("#approve-heading") and soup.select_one("#return-heading")
    page(f"/casework/{case.code}/return", method="post", data={"return-note": "Bổ sung căn cứ."}, follow_redirects=True)
    assert case.status == CaseStatus.accepted
    actions.answer_case(case, handler, "Quyết định đã bổ sung.", now=CASE_NOW)
    page(f"/casework/{case.code}/approve", method="post", follow_redirects=True)
    assert case.status == CaseStatus.answered


def test_note_is_internal(page, switch, handler, create_case):
    case = create_case().case
    switch(handler)
    soup = page(f"/casework/{case.code}/note", method="post", data={"note-text": HOSTILE}, follow_redirects=True)
    last = soup.select("ol.case-history > li")[-1]
    assert "internal" in last["class"] and last.select_one(".citizen-text").get_text() == HOSTILE
    assert not soup.select("main script")


def test_assign_is_for_the_head(page, switch, handler, second_handler, head, create_case):
    case = create_case().case
    switch(handler)
    soup = page(f"/casework/{case.code}/assign", method="post", data={"assign-assignee": second_handler.id},
                expected_status=422)
    assert "Only the unit head" in soup.select_one(".error-summary").get_text()
    switch(head)
    soup = page(f"/casework/{case.code}")
    assert {int(o["value"]) for o in soup.select("#assign-assignee option")} == {handler.id, second_handler.id}
    page(f"/casework/{case.code}/assign", method="post", data={"assign-assignee": second_handler.id},
         follow_redirects=True)
    assert case.assignee_id == second_handler.id


def test_publish_prefills_the_masked_text(page, switch, handler, create_case, db_session):
    case = create_case(is_public_consent=True, description="Ông Lê Văn Bình báo đường thôn Đông bị sạt lở.").case
    switch(handler)
    soup = page(f"/casework/{case.code}")
    assert "Lê Văn Bình" not in soup.select_one("#publish-description").get_text()
    page(f"/casework/{case.code}/publish", method="post",
         data={"publish-title": "Đường thôn Đông sạt lở", "publish-description": "Đường bị sạt lở sau mưa."},
         follow_redirects=True)
    assert case.published_at is not None
    other = create_case().case
    db_session.commit()  # submitted in its own request, so the refused publication's rollback leaves it
    assert page(f"/casework/{other.code}").select_one("#publish-heading") is None
    page(f"/casework/{other.code}/publish", method="post", data={"publish-title": "T", "publish-description": "D"},
         expected_status=422)


# --- a denouncer's identity ----------------------------------------------------------------------------------------


@pytest.fixture
def denunciation(create_case, handler):
    case = create_case(kind="denunciation", contact=lifecycle.Contact(
        name="Người Tố Cáo", phone="0987 654 321", address="Số 5 thôn Đông")).case
    case.assignee = handler
    return case


def _identity_rows(case):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cases.identity_viewed",
                                                           AuditEvent.subject_id == case.code)))


def test_identity_is_hidden_until_the_assignee_asks(page, switch, handler, denunciation):
    switch(handler)
    soup = page(f"/casework/{denunciation.code}")
    html = soup.response.get_data(as_text=True)
    assert "Người Tố Cáo" not in html and "0987 654 321" not in html
    assert soup.select_one(f"form[action='/casework/{denunciation.code}/identity']") is not None
    soup = page(f"/casework/{denunciation.code}/identity", method="post")
    assert soup.response.headers["Cache-Control"] == "no-store"
    assert "Người Tố Cáo" in soup.select_one("dl.contact").get_text()
    page(f"/casework/{denunciation.code}/identity", method="post")
    assert len(_events(denunciation, "identity_viewed")) == 2
    audits = _identity_rows(denunciation)
    assert len(audits) == 2 and all(row.ip_address for row in audits)
    assert "Người Tố Cáo" not in page(f"/casework/{denunciation.code}").response.get_data(as_text=True)


def test_identity_for_the_head_and_refused_to_other_handlers(page, switch, head, second_handler, denunciation):
    switch(second_handler)
    soup = page(f"/casework/{denunciation.code}")
    assert soup.select_one(f"form[action='/casework/{denunciation.code}/identity']") is None
    soup = page(f"/casework/{denunciation.code}/identity", method="post", expected_status=403)
    assert "Only the assigned handler and the unit head" in soup.select_one("h1 + p").get_text()
    assert "Người Tố Cáo" not in soup.response.get_data(as_text=True)
    assert _events(denunciation, "identity_viewed") == []
    switch(head)
    soup = page(f"/casework/{denunciation.code}/identity", method="post")
    assert "0987 654 321" in soup.select_one("dl.contact").get_text()
    assert len(_events(denunciation, "identity_viewed")) == 1 and len(_identity_rows(denunciation)) == 1


def _refusals(case):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "cases.identity_refused",
                                                           AuditEvent.subject_id == case.code)))


@pytest.mark.parametrize("scope", ["whole site", "province"])
def test_identity_is_refused_to_site_administrators_and_the_attempt_logged(page, switch, create_user, province,
                                                                          denunciation, scope):
    admin = create_user(role=Role.site_admin, unit=None if scope == "whole site" else province)
    switch(admin)
    soup = page(f"/casework/{denunciation.code}")
    assert soup.select_one(f"form[action='/casework/{denunciation.code}/identity']") is None
    soup = page(f"/casework/{denunciation.code}/identity", method="post", expected_status=403)
    assert "Only the assigned handler and the unit head" in soup.select_one("h1 + p").get_text()
    assert "Người Tố Cáo" not in soup.response.get_data(as_text=True)
    assert _events(denunciation, "identity_viewed") == [] and _identity_rows(denunciation) == []
    [refusal] = _refusals(denunciation)
    assert (refusal.actor_id, refusal.unit_id) == (admin.id, denunciation.unit_id) and refusal.ip_address


def test_every_refused_attempt_is_logged_even_by_officials_of_other_units(page, switch, second_handler,
                                                                          other_official, denunciation):
    for official in (second_handler, other_official):
        switch(official)
        page(f"/casework/{denunciation.code}/identity", method="post", expected_status=403)
    assert [row.actor_id for row in _refusals(denunciation)] == [second_handler.id, other_official.id]


def test_a_site_administrator_who_heads_the_unit_may_open_it(page, switch, create_user, commune, denunciation):
    admin = create_user(role=Role.site_admin, unit=None)
    db.session.add(Membership(user=admin, unit=commune, role=Role.unit_head))
    db.session.flush()
    switch(admin)
    soup = page(f"/casework/{denunciation.code}/identity", method="post")
    assert "Người Tố Cáo" in soup.select_one("dl.contact").get_text()
    assert len(_identity_rows(denunciation)) == 1 and _refusals(denunciation) == []
