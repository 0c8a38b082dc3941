"""The public case list and a published case's page are cacheable for anonymous readers and revalidated by ETag;
the tracking page and the private link are never stored."""

from datetime import timedelta

from portal.casework import actions
from portal.casework import services as casework
from portal.core.timeutil import utcnow
from portal.extensions import db


def _published(create_case, handler):
    now = utcnow() - timedelta(hours=1)
    submitted = create_case(is_public_consent=True, now=now)
    casework.publish_case(submitted.case, handler, *casework.suggested_public_text(submitted.case), now=now)
    db.session.flush()
    return submitted


def test_a_published_case_is_answered_304_until_it_moves(client, create_case, handler):
    case = _published(create_case, handler).case
    first = client.get(f"/cases/{case.code}")
    assert first.status_code == 200 and first.cache_control.public and first.cache_control.max_age == 60
    assert "Set-Cookie" not in first.headers
    etag = first.headers["ETag"]
    assert client.get(f"/cases/{case.code}", headers={"If-None-Match": etag}).status_code == 304
    actions.accept_case(case, handler)
    db.session.flush()
    moved = client.get(f"/cases/{case.code}", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag


def test_the_public_list_changes_its_etag_with_a_newly_published_case(client, create_case, handler):
    _published(create_case, handler)
    etag = client.get("/cases/").headers["ETag"]
    assert client.get("/cases/", headers={"If-None-Match": etag}).status_code == 304
    _published(create_case, handler)
    assert client.get("/cases/", headers={"If-None-Match": etag}).status_code == 200


def test_the_private_page_and_officials_are_never_stored(client, login, create_case, handler):
    submitted = _published(create_case, handler)
    private = client.get(f"/cases/t/{submitted.token}")
    assert private.headers["Cache-Control"] == "no-store" and "ETag" not in private.headers
    login(handler)
    official = client.get(f"/cases/{submitted.case.code}")
    assert official.headers["Cache-Control"] == "no-store" and "ETag" not in official.headers
