import io
from datetime import date

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.dialogues import commitments, services
from portal.dialogues.models import DialogueQuestion, DialogueSession, QuestionStatus
from tests.case_fixtures import CASE_NOW
from tests.dialogues.conftest import AFTER_SESSION

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def at_case_now(clock):
    clock(CASE_NOW)


@pytest.fixture
def after_session(clock):
    clock(AFTER_SESSION)


def test_a_units_dialogues_in_both_languages(page, session, commune, at_case_now, english_pages):
    soup = page(f"/dialogues/?unit={commune.code}")
    assert soup.h1.get_text(strip=True) == f"Dialogues of {commune.name}"
    upcoming = soup.select("ul.unit-list a")
    assert [link["href"] for link in upcoming] == [f"/dialogues/{session.id}"]


def test_the_page_speaks_vietnamese_by_default(page, session, at_case_now):
    soup = page(f"/dialogues/{session.id}")
    assert soup.find("a", href=f"/dialogues/{session.id}/ask").get_text(strip=True) == "Gửi câu hỏi trước"


def test_a_question_sent_by_a_citizen_is_shown_only_after_moderation(client, page, session, handler, at_case_now):
    response = client.post(f"/dialogues/{session.id}/ask", data={"text": HOSTILE + " gọi 0912 345 678",
                                                                 "email": "an@example.vn"})
    assert response.status_code == 302
    question = session.questions[0]
    assert question.status == QuestionStatus.pending
    assert page(f"/dialogues/{session.id}").select("ol.questions") == []
    services.moderate_question(question, handler, True, now=CASE_NOW)
    soup = page(f"/dialogues/{session.id}")
    shown = soup.select_one(f"#question-{question.id} p").get_text()
    assert "<script>" in shown and soup.find("script", string='alert("x")') is None
    assert "0912" not in shown and "an@example.vn" not in str(soup)


@pytest.mark.parametrize(("data", "field"), [
    ({"text": "Câu hỏi có ký tự\x00ẩn"}, "text"),
    ({"text": ""}, "text"),
    ({"text": "x" * 2001}, "text"),
    ({"text": "Câu hỏi", "email": "khong-phai-email"}, "email"),
])
def test_a_refused_question_comes_back_with_what_was_typed(page, session, at_case_now, data, field, db_session):
    soup = page(f"/dialogues/{session.id}/ask", method="post", data=data, expected_status=422)
    assert soup.select_one(f"#{field}-error") is not None
    if data["text"]:
        assert soup.select_one("#text").get_text().strip() == data["text"].replace("\x00", "")
    assert db_session.scalar(select(DialogueQuestion.id)) is None


def test_robots_filling_the_honeypot_are_refused(page, session, at_case_now, db_session):
    page(f"/dialogues/{session.id}/ask", method="post", data={"text": "Câu hỏi", "website": "spam"},
         expected_status=422)
    assert db_session.scalar(select(DialogueQuestion.id)) is None


def test_questions_are_rate_limited_like_cases(app, client, page, session, at_case_now, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", "1 per minute")
    assert client.post(f"/dialogues/{session.id}/ask", data={"text": "Câu hỏi một"}).status_code == 302
    refused = page(f"/dialogues/{session.id}/ask", method="post", expected_status=429, data={"text": "Câu hỏi hai"})
    assert refused.select_one("#text").get_text().strip() == "Câu hỏi hai"


def test_the_head_schedules_from_a_request(page, login, head, commune, dialogue_request, at_case_now, db_session):
    login(head)
    soup = page(f"/dialogues/new?unit={commune.code}&case={dialogue_request.code}")
    assert soup.select_one("#cases")["value"] == dialogue_request.code
    assert soup.select_one("#unit option[selected]")["value"] == commune.code
    data = {"unit": commune.code, "kind": "ad_hoc", "title": "Đối thoại về đường", "day": "2026-03-12",
            "starts": "08:00", "ends": "10:00", "place": "Hội trường", "chair": "Chủ tịch UBND xã",
            "agenda": "Trả lời kiến nghị", "cases": dialogue_request.code}
    response = page.client.post("/dialogues/new", data=data)
    session = db_session.scalar(select(DialogueSession))
    assert response.headers["Location"] == f"/dialogues/{session.id}"
    assert session.cases == [dialogue_request]


def test_a_village_conference_four_days_ahead_comes_back_with_the_text(page, login, head, village, at_case_now):
    login(head)
    data = {"unit": village.code, "kind": "village_conference", "title": "Hội nghị cuối năm", "day": "2026-03-06",
            "starts": "19:00", "ends": "21:00", "place": "Nhà văn hóa thôn", "chair": "Trưởng thôn",
            "agenda": HOSTILE}
    soup = page("/dialogues/new", method="post", data=data, expected_status=422)
    assert "5" in soup.select_one("#day-error").get_text()
    assert soup.select_one("#agenda").get_text().strip() == HOSTILE


def test_a_handler_may_not_schedule(page, login, handler, commune, at_case_now):
    login(handler)
    data = {"unit": commune.code, "kind": "ad_hoc", "title": "x", "day": "2026-03-12", "starts": "08:00",
            "ends": "10:00", "place": "x", "chair": "x", "agenda": "x"}
    page("/dialogues/new", method="post", data=data, expected_status=422)


def test_minutes_questions_and_commitments_through_the_forms(page, login, handler, session, commune, after_session):
    client = login(handler)
    for url, data in (
        (f"/dialogues/{session.id}/minutes", {"attendance": "85", "attending_bodies": "UBMTTQ",
                                              "text": "Biên bản " + HOSTILE}),
        (f"/dialogues/{session.id}/room-question", {"text": "Kinh phí?", "answer": "Ngân sách xã"}),
        (f"/dialogues/commitments/new/{session.id}", {"text": "Sửa đường", "responsible": commune.code,
                                                      "due_on": "2026-03-31"}),
    ):
        page(url)
        assert client.post(url, data=data).status_code == 302, url
    commitment = session.commitments[0]
    assert client.post(f"/dialogues/commitments/{commitment.id}/update",
                       data={"outcome": "done", "reported_on": "2026-03-10", "text": "Đã sửa"}).status_code == 302
    soup = page(f"/dialogues/{session.id}")
    assert HOSTILE in soup.select_one("#minutes ~ p.preformatted").get_text()
    assert soup.select_one(".unit-list .tag").get_text() == "Đã thực hiện"


def test_a_refused_commitment_update_keeps_the_text(page, login, handler, session, commune, after_session):
    commitment = commitments.add_commitment(session, handler, "Sửa đường", commune.code, date(2026, 3, 31),
                                            now=AFTER_SESSION)
    login(handler)
    soup = page(f"/dialogues/commitments/{commitment.id}/update", method="post",
                data={"outcome": "done", "reported_on": "2099-01-01", "text": "Đã sửa"}, expected_status=422)
    assert soup.select_one("#text").get_text().strip() == "Đã sửa"


def test_open_commitments_show_how_long_they_are_overdue(page, session, handler, commune, clock):
    commitments.add_commitment(session, handler, "Sửa đường", commune.code, date(2026, 3, 31), now=AFTER_SESSION)
    clock(AFTER_SESSION.replace(month=4, day=10))
    soup = page(f"/dialogues/commitments/?unit={commune.code}")
    assert "quá hạn 10 ngày" in soup.select_one("table.commitments tbody tr").get_text()


def test_a_sessions_calendar_file_is_in_vietnams_time(client, session):
    response = client.get(f"/dialogues/{session.id}.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]) == session.title
    assert event["dtstart"].dt.isoformat() == "2026-03-10T08:00:00+07:00"
    assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"


def test_a_units_feed_carries_every_session(client, session, commune):
    calendar = Calendar.from_ical(client.get(f"/dialogues/unit/{commune.code}.ics").data)
    assert [str(event["url"]) for event in calendar.walk("VEVENT")] == [f"http://localhost/dialogues/{session.id}"]


def test_the_compliance_view_shows_a_missing_year(page, commune, clock):
    clock(CASE_NOW)
    soup = page(f"/dialogues/compliance?unit={commune.code}&year=2025")
    assert soup.select_one("tr.compliance-missing td").get_text(strip=True) == commune.name


def test_the_citizens_tracking_page_points_to_the_session(page, session, dialogue_request, at_case_now):
    soup = page(f"/cases/track?code={dialogue_request.code}")
    step = soup.select_one("li.event-dialogue_scheduled blockquote")
    assert f"http://localhost/dialogues/{session.id}" in step.get_text()


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _schedule_form(commune, **fields):
    return {"unit": commune.code, "kind": "ad_hoc", "title": "Đối thoại về quy hoạch", "day": "2026-03-12",
            "starts": "08:00", "ends": "10:00", "place": "Hội trường", "chair": "Chủ tịch UBND xã",
            "agenda": "Giới thiệu quy hoạch", **fields}


def test_documents_to_read_first_go_with_the_notice_and_survive_a_refusal(page, login, head, commune, at_case_now,
                                                                        db_session):
    client = login(head)
    refused = page("/dialogues/new", method="post", content_type="multipart/form-data",
                   data=_schedule_form(commune, title="", documents=(io.BytesIO(PDF), "quy-hoach.pdf")),
                   expected_status=422)
    kept = refused.select("input[name='documents-kept']")
    assert "quy-hoach.pdf" in kept[0].find_next("label").get_text()
    response = client.post("/dialogues/new", content_type="multipart/form-data",
                           data=_schedule_form(commune, **{"documents-kept": kept[0]["value"]}))
    assert response.status_code == 302
    session = db_session.scalar(select(DialogueSession))
    assert [attachment.filename for attachment in session.disclosure.attachments] == ["quy-hoach.pdf"]
