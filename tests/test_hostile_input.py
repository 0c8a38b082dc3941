"""No hostile input gives a 5xx: ids and cursors beyond the database's integers, NUL bytes, absurd dates, JSON too
deep or broken; and error answers keep the headers their protocol requires (Allow, WWW-Authenticate)."""

import json

import pytest
from werkzeug.routing import IntegerConverter

from portal.accounts.models import Role
from portal.core.guard import MAX_ID

HUGE = (MAX_ID + 1, 2**63, 2**64, 10**30)
OTHER_ARGUMENTS = {"code": "T00001", "token": "not-a-token"}


def _urls_with_ids(app, value: int) -> list[tuple[str, str]]:
    """Every route that takes an id in its address, with `value` as each id: (method, url)."""
    urls = []
    for rule in app.url_map.iter_rules():
        converters = rule._converters
        if not any(isinstance(converter, IntegerConverter) for converter in converters.values()):
            continue
        path = rule.rule.replace("<any(enable, disable):action>", "enable")
        for name, converter in converters.items():
            argument = value if isinstance(converter, IntegerConverter) else OTHER_ARGUMENTS.get(name, "")
            path = path.replace(f"<int:{name}>", str(argument)).replace(f"<{name}>", str(argument))
        urls.append(("GET" if "GET" in rule.methods else "POST", path))
    return urls


@pytest.fixture
def admin_client(client, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    return client


def test_every_route_with_an_id_exists_to_check(app):
    methods_and_urls = _urls_with_ids(app, 1)
    assert len(methods_and_urls) >= 20
    assert ("GET", "/disclosures/1") in methods_and_urls and ("POST", "/calendar/days/1/cancel") in methods_and_urls


@pytest.mark.parametrize("value", HUGE)
def test_an_id_beyond_the_database_integers_is_404_on_every_route(app, admin_client, value):
    for method, url in _urls_with_ids(app, value):
        response = admin_client.open(url, method=method)
        assert response.status_code == 404, (method, url, response.status_code)


def test_the_largest_id_the_database_holds_is_an_ordinary_miss(app, admin_client):
    for method, url in _urls_with_ids(app, MAX_ID):
        response = admin_client.open(url, method=method)
        assert response.status_code < 500, (method, url, response.status_code)


CURSOR_PAGES = ("/cases/", "/disclosures/", "/api/v1/cases", "/api/v1/disclosures", "/audit/")


@pytest.mark.parametrize("cursor", [*(f"after={value}" for value in HUGE), "after=0", "after=-1", "after=1e3",
                                    "after=abc", "after=", "after=%EF%BC%91", f"before={2**63}"])
def test_a_cursor_out_of_range_is_400(admin_client, cursor):
    for path in CURSOR_PAGES:
        response = admin_client.get(f"{path}?{cursor}")
        assert response.status_code == 400, (path, cursor, response.status_code)
        if path.startswith("/api/"):
            assert response.json["code"] == 400 and response.json["message"]


def test_the_largest_cursor_pages_normally(admin_client):
    for path in CURSOR_PAGES:
        assert admin_client.get(f"{path}?after={MAX_ID}").status_code == 200, path
    assert admin_client.get(f"/audit/?before={MAX_ID}").status_code == 200


@pytest.mark.parametrize("url", ["/cases/?q=a%00b", "/cases/track?code=AB%00", "/disclosures/?q=%00",
                                 "/api/v1/cases?q=%00", "/open311/v2/requests.json?status=%00", "/units/?q=%00",
                                 "/?a%00=1", "/audit/?action=%00", "/api/v1/units?q=a%00b"])
def test_a_nul_byte_in_a_query_parameter_is_400(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    if url.startswith(("/api/", "/open311/")):
        assert response.mimetype == "application/json" and response.json


@pytest.mark.parametrize("url", ["/cases/%00", "/api/v1/cases/%00", "/api/v1/units/38%00",
                                 "/open311/v2/requests/a%00.json", "/units/38%00", "/disclosures/categories/%00/edit"])
def test_a_nul_byte_in_the_path_is_no_page(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 404, (url, response.status_code)
    if url.startswith(("/api/", "/open311/")):
        assert response.mimetype == "application/json"


def test_json_nested_5000_deep_or_broken_is_a_400_json_error(client):
    headers = {"Authorization": "Bearer nothing"}
    for body in ("[" * 5000 + "]" * 5000, '{"a": ' * 5000 + "1" + "}" * 5000, '{"title": ', "\x00", "[1,]"):
        response = client.post("/api/v1/disclosures", data=body, content_type="application/json", headers=headers)
        assert response.status_code == 400, (body[:20], response.status_code)
        assert response.mimetype == "application/json" and response.json["code"] == 400


def test_a_json_content_type_without_a_body_is_no_error(client):
    assert client.get("/api/v1/cases", content_type="application/json").status_code == 200


def test_405_answers_carry_allow(client):
    for method, url in (("GET", "/accounts/logout"), ("PUT", "/api/v1/cases"), ("DELETE", "/open311/v2/requests.json"),
                        ("POST", "/cases/")):
        response = client.open(url, method=method)
        assert response.status_code == 405, url
        assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"], url
        assert method not in response.headers["Allow"]


def test_401_answers_carry_www_authenticate(client):
    response = client.post("/api/v1/disclosures", data=json.dumps({"title": "x"}), content_type="application/json")
    assert response.status_code in (401, 422)
    response = client.post("/api/v1/disclosures", content_type="application/json", data=json.dumps({
        "unit": "T00001", "category": "x", "title": "x", "body_markdown": "x", "posting_start": "2026-12-07"}))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["code"] == 401
