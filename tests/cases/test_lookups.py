"""A published case read by its code (the page, the API, Open311): an unpublished code is answered exactly as one
never issued, and codes that find nothing are limited per address like tracking."""

import pytest

from portal.casework import services as casework
from portal.core.timeutil import utcnow

NEVER_ISSUED = "PA-00000-00000"


def _published(create_case, handler):
    case = create_case(is_public_consent=True, now=utcnow()).case
    title, description = casework.suggested_public_text(case)
    casework.publish_case(case, handler, title, description)
    return case


def _answer(client, url, code):
    """The status, type, headers that could differ, and the body with the code asked for (which the page's links
    repeat) taken out."""
    response = client.get(url.format(code))
    headers = tuple(sorted((name, value) for name, value in response.headers if name not in {"Date", "Set-Cookie"}))
    return response.status_code, headers, response.get_data(as_text=True).replace(code, "CODE")


@pytest.mark.parametrize("url", ["/cases/{}", "/api/v1/cases/{}", "/open311/v2/requests/{}.json"])
def test_an_unpublished_code_is_answered_as_one_never_issued(client, create_case, url):
    unpublished = create_case(is_public_consent=True).case
    refused_consent = create_case(is_public_consent=False).case
    answers = {_answer(client, url, code) for code in (NEVER_ISSUED, unpublished.code, refused_consent.code)}
    assert len(answers) == 1
    [(status, _, _)] = answers
    assert status == 404


@pytest.mark.parametrize("url", ["/cases/{}", "/api/v1/cases/{}", "/open311/v2/requests/{}.json"])
def test_codes_that_find_nothing_are_limited_like_tracking(app, client, create_case, handler, url):
    published = _published(create_case, handler)
    assert app.config["PORTAL_TRACK_LIMIT"] == "20 per minute"
    for _ in range(30):
        assert client.get(url.format(published.code)).status_code == 200
    statuses = [client.get(url.format(NEVER_ISSUED)).status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    response = client.get(url.format(published.code))
    assert response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= 61


def test_the_misses_are_counted_together_on_the_page_the_api_and_open311(client):
    urls = ["/cases/{}", "/api/v1/cases/{}", "/open311/v2/requests/{}.json"]
    statuses = [client.get(urls[n % 3].format(NEVER_ISSUED)).status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    api = client.get(f"/api/v1/cases/{NEVER_ISSUED}")
    assert api.status_code == 429 and api.mimetype == "application/json" and api.headers["Retry-After"]
    open311 = client.get(f"/open311/v2/requests/{NEVER_ISSUED}.json")
    assert open311.status_code == 429 and open311.json[0]["code"] == 429


def test_other_addresses_are_not_limited(client):
    for _ in range(21):
        client.get(f"/api/v1/cases/{NEVER_ISSUED}")
    other = client.get(f"/api/v1/cases/{NEVER_ISSUED}", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 404
