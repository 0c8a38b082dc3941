"""GET /api/v1/cases: published cases only, reviewed text only, and never a trace of the citizen's identity."""

import json
from datetime import timedelta

from portal.cases import lifecycle, services
from portal.casework import actions
from portal.casework import services as casework
from portal.core.timeutil import utcnow


def _published(create_case, handler, now=None, **fields):
    case = create_case(is_public_consent=True, now=now or utcnow(), **fields).case
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description, now=now or utcnow())
    return case


def test_only_published_cases_are_listed(client, create_case, handler):
    create_case(is_public_consent=True)
    create_case(is_public_consent=False)
    published = _published(create_case, handler)
    body = client.get("/api/v1/cases").json
    assert [item["code"] for item in body["items"]] == [published.code]
    assert body["next_after"] is None
    item = body["items"][0]
    assert item["kind"] == "feedback" and item["field"] == "land" and item["status"] == "received"
    assert item["unit"]["code"] == published.unit.code and item["place"]["name"] == published.place.name
    assert item["title"] == published.public_title and item["due_on"] == published.due_on.isoformat()
    assert item["answer"] is None and item["is_on_time"] is None


def test_an_unpublished_case_is_404(client, create_case):
    case = create_case(is_public_consent=True).case
    response = client.get(f"/api/v1/cases/{case.code}")
    assert response.status_code == 404 and response.json["message"]
    assert client.get("/api/v1/cases/not-a-code").status_code == 404


def test_keyset_pages_and_filters(client, create_case, handler, commune, village, create_unit):
    made = [_published(create_case, handler, title=f"Việc thứ {n} về môi trường") for n in range(3)]
    actions.refuse_case(made[0], handler, "duplicate", "Trùng với hồ sơ khác.")
    first = client.get("/api/v1/cases?limit=2").json
    assert [item["code"] for item in first["items"]] == [made[2].code, made[1].code]
    second = client.get(f"/api/v1/cases?limit=2&after={first['next_after']}").json
    assert [item["code"] for item in second["items"]] == [made[0].code] and second["next_after"] is None

    def codes(query):
        response = client.get(f"/api/v1/cases?{query}")
        assert response.status_code == 200, response.json
        return {item["code"] for item in response.json["items"]}

    assert codes("status=refused") == codes("status=closed") == {made[0].code}
    assert codes("status=open") == {made[1].code, made[2].code}
    assert codes("kind=complaint") == set() and codes("field=fees") == set()
    assert codes(f"unit={commune.code}") == {case.code for case in made}
    assert codes(f"unit={create_unit(name='Xã Khác').code}") == set()
    assert codes("q=viec thu 1") == {made[1].code}


def test_bad_filters_are_json_errors(client):
    assert client.get("/api/v1/cases?kind=nonsense").status_code == 422
    assert client.get("/api/v1/cases?status=lost").status_code == 422
    assert client.get("/api/v1/cases?limit=1000").status_code == 422
    assert client.get("/api/v1/cases?q=" + "x" * 500).status_code == 422
    response = client.get("/api/v1/cases?unit=NOPE")
    assert response.status_code == 404 and response.mimetype == "application/json"


def test_one_case_with_its_public_history_and_answer(client, create_case, handler):
    now = utcnow() - timedelta(days=3)
    case = _published(create_case, handler, now=now)
    casework.add_note(case, handler, "Ghi chú nội bộ: đã gọi điện cho người dân.", now=now)
    actions.accept_case(case, handler, now=now + timedelta(hours=1))
    actions.answer_case(case, handler, "Xã đã cho sửa đường vào tuần sau.", now=now + timedelta(days=1))
    body = client.get(f"/api/v1/cases/{case.code}").json
    assert body["status"] == "answered" and body["is_on_time"] is True and body["answered_at"]
    assert body["answer"] == "Xã đã cho sửa đường vào tuần sau."
    assert [event["action"] for event in body["history"]] == ["received", "accepted", "answered"]
    assert all(set(event) == {"action", "occurred_at", "note"} for event in body["history"])


def test_hostile_html_is_an_inert_json_string(client, create_case, handler):
    hostile = "<script>alert(1)</script> đường hỏng"
    case = create_case(is_public_consent=True).case
    casework.publish_case(case, handler, hostile, hostile + " kéo dài")
    response = client.get(f"/api/v1/cases/{case.code}")
    assert response.mimetype == "application/json" and response.json["title"] == hostile


def test_the_openapi_document_lists_the_new_paths(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    parameters = {p["name"] for p in paths["/api/v1/cases"]["get"]["parameters"]}
    assert {"unit", "kind", "field", "status", "q", "after"} <= parameters
    assert "/api/v1/cases/{code}" in paths
    assert "/api/v1/units/{code}/statistics" in paths


NAME = "Quách Thị Zyxwert"
PHONE = "0987 123 456"
EMAIL = "zyxwert.quach@example.vn"
ID_NUMBER = "079123456789"
ADDRESS = "Số 88 ngõ 12 phố Hàng Zyxwbông"
SECRETS = [NAME, "Zyxwert", PHONE, "0987123456", "123 456", EMAIL, "zyxwert", ID_NUMBER, ADDRESS, "Zyxwbông", "ngõ 12"]


def test_no_personal_data_in_any_json_of_the_api_or_open311(client, create_case, handler, commune):
    now = utcnow() - timedelta(days=3)
    contact = lifecycle.Contact(name=NAME, phone=PHONE, email=EMAIL, address=ADDRESS, id_number=ID_NUMBER)
    case = create_case(
        now=now,
        contact=contact,
        is_public_consent=True,
        location=ADDRESS,
        title=f"{NAME} báo đường hỏng",
        description=f"Tôi là {NAME}, gọi {PHONE} hoặc {EMAIL}, CCCD {ID_NUMBER}. Đường trước nhà bị hỏng nặng.",
    ).case
    actions.request_information(case, handler, f"Chị {NAME} gửi thêm ảnh, gọi lại {PHONE}.", now=now)
    services.supply_information(case, f"Tôi {NAME}, nhà ở {ADDRESS}, CCCD {ID_NUMBER}.", now=now)
    actions.accept_case(case, handler, now=now)
    actions.answer_case(case, handler, f"Trả lời bà {NAME} ({EMAIL}): xã sẽ sửa đường.", now=now)
    services.rate_case(case, 4, f"Cảm ơn, {NAME}, {PHONE}", now=now)
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description, now=now)

    posted = client.post("/open311/v2/requests.json", data={
        "jurisdiction_id": commune.code, "service_code": "land", "public": "true",
        "first_name": "Thị Zyxwert", "last_name": "Quách", "email": EMAIL, "phone": PHONE,
        "address_string": ADDRESS,
        "description": f"Tôi là {NAME}, điện thoại {PHONE}, email {EMAIL}. Cống thoát nước bị tắc.",
    })
    [created] = posted.json
    other = services.case_by_code(created["service_request_id"])
    casework.publish_case(other, handler, *casework.suggested_public_text(other), now=now)

    responses = [
        posted,
        client.get("/api/v1/cases"),
        client.get(f"/api/v1/cases?q={case.public_title.split()[-1]}"),
        client.get(f"/api/v1/cases/{case.code}"),
        client.get(f"/api/v1/cases/{other.code}"),
        client.get("/open311/v2/requests.json"),
        client.get(f"/open311/v2/requests/{case.code}.json"),
        client.get(f"/open311/v2/requests/{other.code}.json?token={created['token']}"),
        client.get(f"/api/v1/units/{commune.code}/statistics"),
    ]
    for response in responses:
        assert response.status_code in {200, 201}, response.get_data(as_text=True)
        text = json.dumps(response.json, ensure_ascii=False)
        for secret in SECRETS:
            assert secret not in text and secret.lower() not in text.lower(), (secret, response.request.path)
    assert len(client.get("/api/v1/cases").json["items"]) == 2
