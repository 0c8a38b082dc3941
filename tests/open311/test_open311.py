"""Open311 GeoReport v2: services, submitting feedback, reading it back, and errors in the standard's shape."""

import pytest

from portal.cases import lifecycle
from portal.cases.models import Case, CaseField, CaseStatus
from portal.casework import actions
from portal.casework import services as casework
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db


def _post(client, commune, **fields):
    data = {
        "jurisdiction_id": commune.code,
        "service_code": "environment",
        "description": "Bãi rác tự phát cạnh kênh Đông gây mùi hôi.\nNgười dân đề nghị xã thu dọn sớm.",
        "public": "true",
        **fields,
    }
    return client.post("/open311/v2/requests.json", data=data)


def _assert_error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    [error] = response.json
    assert error["code"] == status and error["description"]
    return error["description"]


def _published(create_case, handler, **fields):
    case = create_case(is_public_consent=True, now=utcnow(), **fields).case
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description)
    return case


def test_every_field_is_a_service(client, commune):
    body = client.get(f"/open311/v2/services.json?jurisdiction_id={commune.code}").json
    assert [service["service_code"] for service in body] == [field.value for field in CaseField]
    land = body[0]
    assert land["metadata"] is False and land["type"] == "realtime"
    assert land["service_name"] and land["description"] and land["group"] and land["keywords"]


def test_an_unknown_jurisdiction_is_a_404_error_list(client):
    _assert_error(client.get("/open311/v2/services.json?jurisdiction_id=NOPE"), 404)
    _assert_error(client.get("/open311/v2/requests.json?jurisdiction_id=NOPE"), 404)


def test_create_then_read_with_the_token(client, commune, handler):
    response = _post(client, commune, first_name="Bình", last_name="Lê Văn", email="binh@example.vn",
                     phone="0912 345 678", address_string="Cạnh kênh Đông", lat="21.03", long="105.85",
                     device_id="abc")
    assert response.status_code == 201, response.json
    [created] = response.json
    assert created["account_id"] is None and created["service_notice"]
    case = db.session.query(Case).filter_by(code=created["service_request_id"]).one()
    assert case.channel == "open311" and case.is_public_consent
    assert case.title == "Bãi rác tự phát cạnh kênh Đông gây mùi hôi."
    assert case.location == "Cạnh kênh Đông" and case.assignee == handler
    assert casework.contact_of(case, handler) == lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678",
                                                                  email="binh@example.vn")

    _assert_error(client.get(f"/open311/v2/requests/{case.code}.json"), 404)
    [item] = client.get(f"/open311/v2/requests/{case.code}.json?token={created['token']}").json
    assert item["service_request_id"] == case.code and item["status"] == "open"
    assert item["service_code"] == "environment" and item["agency_responsible"] == commune.name
    assert item["lat"] == 21.03 and item["long"] == 105.85 and item["media_url"] is None
    assert item["address"] == commune.name
    assert "Bãi rác" in item["description"]


def test_a_token_reads_only_its_own_case(client, commune, create_case):
    other = create_case()
    [created] = _post(client, commune).json
    _assert_error(client.get(f"/open311/v2/requests/{other.case.code}.json?token={created['token']}"), 404)
    _assert_error(client.get("/open311/v2/requests/PA-00000-00000.json?token=wrong"), 404)


def test_title_is_the_first_hundred_characters_of_one_line(client, commune):
    [created] = _post(client, commune, description="Đường " * 40).json
    case = db.session.query(Case).filter_by(code=created["service_request_id"]).one()
    assert len(case.title) <= 100 and case.title.startswith("Đường")


def test_photos_by_link_are_declined_politely(client, commune):
    plain = _post(client, commune).json[0]["service_notice"]
    with_media = _post(client, commune, media_url="http://example.com/a.jpg")
    assert with_media.status_code == 201
    assert len(with_media.json[0]["service_notice"]) > len(plain)


def test_unpublished_requests_are_not_listed(client, commune, create_case):
    create_case(is_public_consent=True)
    _post(client, commune)
    assert client.get("/open311/v2/requests.json").json == []


def test_published_requests_are_listed_with_the_statutory_deadline(client, create_case, handler, commune):
    case = _published(create_case, handler)
    body = client.get("/open311/v2/requests.json").json
    [item] = body
    assert item["service_request_id"] == case.code
    assert item["expected_datetime"] == f"{case.due_on.isoformat()}T23:59:59+07:00"
    assert item["requested_datetime"].endswith("+07:00")
    assert item["status_notes"] and item["service_name"]
    assert "lat" not in item
    assert item["description"] == case.public_description


def test_the_list_filters(client, create_case, handler, commune, create_unit):
    case = _published(create_case, handler)
    today = local_date(utcnow()).isoformat()

    def codes(query):
        response = client.get(f"/open311/v2/requests.json?{query}")
        assert response.status_code == 200, response.json
        return [item["service_request_id"] for item in response.json]

    assert codes(f"service_request_id={case.code},PA-00000-00000") == [case.code]
    assert codes("service_code=land") == [case.code]
    assert codes("service_code=fees") == []
    assert codes("status=open") == [case.code]
    assert codes("status=closed") == []
    assert codes(f"jurisdiction_id={commune.code}") == [case.code]
    assert codes(f"jurisdiction_id={create_unit(name='Xã Khác').code}") == []
    assert codes(f"start_date={today}T00:00:00%2B07:00") == [case.code]
    assert codes("end_date=2020-01-01T00:00:00Z") == []
    assert codes("limit=1") == [case.code]


def test_closed_requests_say_so(client, create_case, handler):
    case = _published(create_case, handler)
    actions.refuse_case(case, handler, "duplicate", "Đã xử lý trong hồ sơ khác.")
    [item] = client.get("/open311/v2/requests.json?status=closed").json
    assert item["status"] == "closed" and item["expected_datetime"] is None
    assert case.status == CaseStatus.refused


@pytest.mark.parametrize(
    "fields",
    [
        {"lat": "21.03"},
        {"lat": "abc", "long": "105.8"},
        {"lat": "nan", "long": "105.8"},
        {"lat": "91", "long": "105.8"},
        {"description": "x" * 100_000},
        {"description": "   "},
        {"description": "ngắn"},
        {"service_code": "teleportation"},
        {"public": "perhaps"},
        {"jurisdiction_id": ""},
    ],
)
def test_bad_requests_are_400_error_lists(client, commune, fields):
    _assert_error(_post(client, commune, **fields), 400)
    assert db.session.query(Case).count() == 0


def test_an_unknown_jurisdiction_on_submit_is_404(client, commune):
    _assert_error(_post(client, commune, jurisdiction_id="NOPE"), 404)


@pytest.mark.parametrize(
    "query", ["status=pending", "start_date=yesterday", "limit=0", "limit=1001", "service_code=x", "limit=abc",
              "start_date=0001-01-01", "start_date=0001-01-01T00:00:00%2B07:00", "end_date=9999-12-31T23:59:59-14:00",
              "end_date=1899-12-31", "start_date=3000-01-01", "start_date=%2B10000-01-01"]
)
def test_bad_list_queries_are_400_error_lists(client, query):
    _assert_error(client.get(f"/open311/v2/requests.json?{query}"), 400)


def test_hostile_html_comes_back_as_an_inert_json_string(client, commune):
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> rác thải"
    [created] = _post(client, commune, description=hostile).json
    response = client.get(f"/open311/v2/requests/{created['service_request_id']}.json?token={created['token']}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json[0]["description"] == hostile


def test_submitting_is_rate_limited(client, commune):
    statuses = [_post(client, commune, description="Rác thải số nhiều lần gửi").status_code for _ in range(11)]
    assert statuses[:10] == [201] * 10
    assert statuses[10] == 429
    _assert_error(_post(client, commune), 429)


def test_no_csrf_token_is_needed(app, client, commune, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert _post(client, commune).status_code == 201


def test_other_formats_and_methods_are_json_errors(client):
    assert client.get("/open311/v2/services.xml").mimetype == "application/json"
    response = client.delete("/open311/v2/requests.json")
    assert response.status_code == 405 and set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_dates_at_the_edges_of_the_sane_range_are_read(client):
    response = client.get("/open311/v2/requests.json?start_date=1900-01-01&end_date=2999-12-31T23:59:59%2B07:00")
    assert response.status_code == 200 and response.json == []
