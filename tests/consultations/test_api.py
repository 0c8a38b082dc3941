"""The JSON API: published consultations of a unit, one with its parts, counts, public comments and synthesis,
and comments sent by machines under the same rules and limits as the form."""

from datetime import timedelta

from portal.consultations import services
from portal.consultations.models import Comment, Moderation
from portal.extensions import db
from tests.clock import pinned
from tests.consultations.conftest import OPENED_AT, article

DURING = OPENED_AT + timedelta(days=2)


def test_a_unit_lists_only_published_consultations(client, opened, commune, handler, new_data):
    services.create_consultation(handler, commune, new_data(title="Bản nháp"), now=OPENED_AT)
    with pinned(DURING):
        listed = client.get(f"/api/v1/consultations?unit={commune.code}").get_json()
    assert [item["title"] for item in listed] == [opened.title]
    assert listed[0]["status"] == "open" and listed[0]["ends_on"] == opened.ends_on.isoformat()
    assert listed[0]["legal_basis"].startswith("Luật 10/2022/QH15, Điều 25")
    assert client.get("/api/v1/consultations?unit=NOPE").status_code == 404
    assert client.get("/api/v1/consultations").status_code == 422


def test_one_consultation_has_parts_counts_and_only_masked_public_comments(client, opened, handler):
    shown = services.submit_comment(opened, services.NewComment(
        text="Gọi 0912 345 678", part_id=article(opened, 3).id, author_name="An", email="an@example.vn"),
        sender="x", now=DURING)
    services.submit_comment(opened, services.NewComment(text="Chưa duyệt"), sender="y", now=DURING)
    services.moderate_comment(handler, shown, None, now=DURING)
    with pinned(DURING):
        body = client.get(f"/api/v1/consultations/{opened.id}").get_json()
    assert [part["number"] for part in body["parts"]][:3] == ["", "Chương I", "Điều 1."]
    assert body["comment_counts"] == {str(article(opened, 3).id): 1}
    (comment,) = body["comments"]
    assert "0912" not in comment["text"] and comment["author"] == ""
    assert "an@example.vn" not in str(body) and "email" not in comment
    assert body["synthesis"] is None


def test_drafts_are_not_in_the_api(client, draft):
    assert client.get(f"/api/v1/consultations/{draft.id}").status_code == 404


def test_a_comment_posted_by_api_waits_for_moderation(client, opened):
    with pinned(DURING):
        response = client.post(f"/api/v1/consultations/{opened.id}/comments",
                               json={"text": "Đồng ý Điều 3", "part_id": article(opened, 3).id})
    assert response.status_code == 201 and response.get_json()["moderation"] == Moderation.pending
    stored = db.session.get(Comment, response.get_json()["id"])
    assert stored.part_id == article(opened, 3).id


def test_api_comments_are_refused_with_reasons(client, opened):
    url = f"/api/v1/consultations/{opened.id}/comments"
    with pinned(DURING):
        assert client.post(url, json={"text": "Một ý kiến"}).status_code == 201
        again = client.post(url, json={"text": "một ý kiến."})
        assert again.status_code == 422 and "chỉ được tính một lần" in again.get_json()["message"]
        wrong = client.post(url, json={"text": 12, "part_id": "x"})
        assert wrong.status_code == 422
        huge = client.post(url, json={"text": "x" * 20_000})
        assert huge.status_code == 422
        foreign = client.post(url, json={"text": "Phần lạ", "part_id": 2**31})
        assert foreign.status_code == 422
    with pinned(OPENED_AT + timedelta(days=60)):
        late = client.post(url, json={"text": "Muộn"})
    assert late.status_code == 422
    assert len(db.session.scalars(db.select(Comment)).all()) == 1


def test_api_comments_are_rate_limited(app, client, opened, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", "2 per minute")
    url = f"/api/v1/consultations/{opened.id}/comments"
    with pinned(DURING):
        statuses = [client.post(url, json={"text": f"Ý kiến {n}"}).status_code for n in range(3)]
    assert statuses == [201, 201, 429]


def test_the_api_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/consultations", "/api/v1/consultations/{consultation_id}",
            "/api/v1/consultations/{consultation_id}/comments"} <= set(paths)
