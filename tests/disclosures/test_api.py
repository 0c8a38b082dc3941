from datetime import timedelta

from portal.core.timeutil import utcnow
from portal.disclosures import services
from tests.disclosures.test_services import PDF


def _posted(draft, head, **fields):
    disclosure = draft(**fields)
    services.approve_disclosure(head, disclosure, now=utcnow() - timedelta(minutes=1))
    return disclosure


def test_list_and_keyset_pages(client, draft, head, commune):
    made = [_posted(draft, head, title=f"Kế hoạch số {n}") for n in range(3)]
    first = client.get(f"/api/v1/disclosures?unit={commune.code}&limit=2").json
    assert [item["id"] for item in first["items"]] == [made[2].id, made[1].id]
    second = client.get(f"/api/v1/disclosures?unit={commune.code}&limit=2&after={first['next_after']}").json
    assert [item["id"] for item in second["items"]] == [made[0].id] and second["next_after"] is None
    assert first["items"][0]["status"] == "posted"


def test_one_disclosure_with_versions_and_file_hashes(client, draft, head, handler):
    disclosure = draft()
    attachment = services.add_attachment(handler, disclosure, "kh.pdf", PDF)
    services.approve_disclosure(head, disclosure, now=utcnow() - timedelta(minutes=1))
    body = client.get(f"/api/v1/disclosures/{disclosure.id}").json
    assert body["attachments"][0]["sha256"] == attachment.sha256
    assert body["versions"][0]["content_sha256"] == disclosure.current_version.content_sha256
    assert body["posting_start"] and body["posting_end"] and body["posting_last_day"]


def test_drafts_and_staff_disclosures_are_not_in_the_api(client, draft, head):
    hidden = draft()
    staff = _posted(draft, head, category="noi-bo-co-quan")
    assert client.get(f"/api/v1/disclosures/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/disclosures/{staff.id}").status_code == 404
    assert client.get("/api/v1/disclosures").json["items"] == []
    assert client.get("/api/v1/disclosures?status=draft").status_code == 422


def test_bad_filters_are_json_errors(client):
    assert client.get("/api/v1/disclosures?year=abc").status_code == 422
    assert client.get("/api/v1/disclosures?unit=NOPE").status_code == 404


def test_openapi_describes_the_disclosures_api(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    parameters = {p["name"] for p in paths["/api/v1/disclosures"]["get"]["parameters"]}
    assert {"unit", "category", "status", "year", "q", "after"} <= parameters
    assert "/api/v1/disclosures/{disclosure_id}" in paths
