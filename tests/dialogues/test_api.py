from datetime import date

from portal.dialogues import commitments, services
from tests.case_fixtures import CASE_NOW
from tests.dialogues.conftest import AFTER_SESSION


def test_a_units_dialogues(client, session, commune):
    answer = client.get(f"/api/v1/dialogues?unit={commune.code}")
    assert answer.status_code == 200
    assert [(item["id"], item["kind"], item["starts_at"]) for item in answer.json] == [
        (session.id, "ad_hoc", "2026-03-10T01:00:00+00:00")
    ]
    assert answer.json[0]["url"] == f"http://localhost/dialogues/{session.id}"


def test_one_dialogue_carries_questions_answers_and_commitments_but_no_personal_data(client, session, handler,
                                                                                      commune):
    shown = services.submit_question(session, "Anh Lê Văn Bình (0912 345 678) hỏi về đường", "Lê Văn Bình",
                                     "binh@example.vn", now=CASE_NOW)
    services.moderate_question(shown, handler, True, now=CASE_NOW)
    services.submit_question(session, "Câu hỏi chưa duyệt", now=CASE_NOW)
    services.answer_question(shown, handler, "Sẽ sửa trong quý II", now=AFTER_SESSION)
    services.record_minutes(session, handler, 60, "UBMTTQ", "Biên bản", now=AFTER_SESSION)
    commitments.add_commitment(session, handler, "Sửa đường", commune.code, date(2026, 6, 30), now=AFTER_SESSION)
    body = client.get(f"/api/v1/dialogues/{session.id}").json
    assert [question["answer"] for question in body["questions"]] == ["Sẽ sửa trong quý II"]
    assert body["attendance"] == 60 and body["commitments"][0]["text"] == "Sửa đường"
    text = str(body)
    for private in ("0912", "binh@example.vn", "Bình", "Câu hỏi chưa duyệt", "asker"):
        assert private not in text


def test_overdue_commitments_of_a_unit(client, session, handler, commune, clock):
    late = commitments.add_commitment(session, handler, "Nạo vét kênh", commune.code, date(2026, 3, 31),
                                      now=AFTER_SESSION)
    commitments.add_commitment(session, handler, "Lắp đèn", commune.code, date(2026, 12, 31), now=AFTER_SESSION)
    clock(AFTER_SESSION.replace(month=4, day=5))
    body = client.get(f"/api/v1/commitments?unit={commune.code}&status=overdue").json
    assert [(item["id"], item["status"], item["days_overdue"]) for item in body] == [(late.id, "overdue", 5)]
    assert client.get(f"/api/v1/commitments?unit={commune.code}&status=late").status_code == 422


def test_unknown_units_and_dialogues_answer_404(client):
    assert client.get("/api/v1/dialogues?unit=NOPE").status_code == 404
    assert client.get("/api/v1/dialogues/999999").status_code == 404
    assert client.get("/api/v1/dialogues").status_code == 422


def test_openapi_describes_the_dialogues_api(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/dialogues", "/api/v1/dialogues/{session_id}", "/api/v1/commitments"} <= set(paths)
