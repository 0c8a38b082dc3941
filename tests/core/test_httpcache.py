"""A crowd on one public page costs no query and no render per visit, and any change to what the page is built from
is shown at once; officials and pages the clock changes are never served stale for more than a minute."""

import flask_babel
import pytest
from flask import render_template_string
from werkzeug.test import Client

from portal.accounts.models import Role
from portal.core import cache, httpcache
from portal.core.cache import Versioned
from portal.extensions import db
from portal.units import services
from portal.units.models import UnitKind
from tests.conftest import PageChecker
from tests.sql import statements

CONTENT = Versioned("test_httpcache_content")


class Page:
    """A public view whose queries and renders are counted; `shown` is what it tells public_page it shows."""

    def __init__(self):
        self.queries = 0
        self.renders = 0
        self.shown = {"id": 1, "version": 1}
        self.status = 200

    def view(self):
        self.queries += 1
        return httpcache.public_page(self.render, self.shown)

    def render(self):
        self.renders += 1
        return render_template_string("<p>{{ n }}</p>", n=self.renders), self.status


@pytest.fixture
def page():
    return Page()


MISSING = "/disclosures/999999"  # no such disclosure: the app answers 404 when the front door lets a request in


def visit(app, page, path=MISSING, headers=None, decorated=True):
    """The view itself, as the app runs it for a request the front door let in."""
    view = httpcache.kept_for_readers(CONTENT)(page.view) if decorated else page.view
    with app.test_request_context(path, headers=headers or {}):
        flask_babel.refresh()  # as the test app does before each request
        return view()


@pytest.fixture
def door(app):
    return Client(httpcache.FrontDoor(app, {"X-Content-Type-Options": "nosniff"}))


def test_the_front_door_answers_with_the_kept_page_without_the_app(app, page, door):
    made = visit(app, page)
    answer = door.get(MISSING)
    assert answer.status_code == 200 and answer.get_data() == made.get_data() == b"<p>1</p>"
    assert page.queries == 1
    assert answer.headers["ETag"] == made.headers["ETag"]
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    assert answer.headers["Vary"] == "Cookie" and answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    head = door.head(MISSING)
    assert head.status_code == 200 and head.get_data() == b""


def test_a_current_copy_gets_a_304_at_the_front_door(app, page, door):
    etag = visit(app, page).headers["ETag"]
    answer = door.get(MISSING, headers={"If-None-Match": etag})
    assert answer.status_code == 304 and answer.get_data() == b"" and answer.headers["ETag"] == etag


def test_a_changed_content_goes_in_to_the_app(app, page, door):
    visit(app, page)
    CONTENT.clear()  # what a committed change does, on every worker
    assert door.get(MISSING).status_code == 404


def test_a_change_not_yet_committed_goes_in_to_the_app(app, page, door):
    visit(app, page)
    CONTENT.invalidate()  # the session flushed rows the page is built from
    try:
        assert door.get(MISSING).status_code == 404
    finally:
        db.session.rollback()


def test_a_change_on_another_worker_goes_in_to_the_app_within_a_second(app, page, door, shared, monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock["now"])
    visit(app, page)
    assert door.get(MISSING).status_code == 200
    shared.incr(cache.KEY_PREFIX + CONTENT.name)  # another worker committed a change
    clock["now"] += cache.SHARED_VERSIONS_MAX_AGE
    assert door.get(MISSING).status_code == 404


def test_signed_in_visitors_and_sessions_go_in_to_the_app(app, page, door):
    visit(app, page)
    door.set_cookie("session", "anything")
    assert door.get(MISSING).status_code == 404


def test_each_language_and_address_has_its_own_page(app, page, door):
    visit(app, page)
    door.set_cookie("lang", "en")
    assert door.get(MISSING).status_code == 404
    visit(app, page, headers={"Cookie": "lang=en"})
    assert door.get(MISSING).status_code == 200
    assert door.get(MISSING + "?page=2").status_code == 404


def test_a_kept_page_is_made_again_after_a_minute_since_the_clock_changes_it(app, page, door, monkeypatch):
    # The clock is pinned to a value whose sums are exact: on a machine up for days, (t + 60) - t can be 59.99...
    clock = {"now": 5000.25}
    monkeypatch.setattr(httpcache.time, "monotonic", lambda: clock["now"])
    visit(app, page)
    clock["now"] = 5030.25
    assert door.get(MISSING).headers["Cache-Control"] == "public, max-age=30", "a proxy keeps it for what is left"
    clock["now"] = 5000.25 + httpcache.PUBLIC_MAX_AGE - 0.5
    assert door.get(MISSING).status_code == 200, "kept until the minute is over"
    clock["now"] = 5000.25 + httpcache.PUBLIC_MAX_AGE
    assert door.get(MISSING).status_code == 404


def test_an_unchanged_page_is_not_rendered_again(app, page):
    first = visit(app, page)
    CONTENT.clear()
    second = visit(app, page)
    assert (page.queries, page.renders) == (2, 1), "the same ETag: the kept page, without a render"
    page.shown = {"id": 1, "version": 2}
    corrected = visit(app, page)
    assert (page.queries, page.renders) == (3, 2)
    assert first.headers["ETag"] == second.headers["ETag"] != corrected.headers["ETag"]
    assert corrected.get_data() == b"<p>2</p>"


def test_a_304_is_answered_by_the_app_too_and_the_page_kept_for_the_next_readers(app, page, door):
    etag = visit(app, page).headers["ETag"]
    httpcache.forget_pages()  # another worker
    assert visit(app, page, headers={"If-None-Match": etag}).status_code == 304
    assert door.get(MISSING, headers={"If-None-Match": etag}).status_code == 304
    assert (page.queries, page.renders) == (2, 2)


def test_the_store_keeps_only_the_most_recent_pages_within_its_bytes(app, page, monkeypatch):
    visit(app, page, path="/disclosures/0")
    size = len(next(iter(httpcache._pages.values())).packed)
    monkeypatch.setattr(httpcache, "PAGE_BYTES_KEPT", 3 * size)
    for number in range(1, 5):
        visit(app, page, path=f"/disclosures/{number}")
    assert [path for _language, path in httpcache._pages] == ["/disclosures/2?", "/disclosures/3?", "/disclosures/4?"]


def test_an_error_page_is_not_kept(app, page):
    page.status = 404
    visit(app, page)
    assert len(httpcache._pages) == 0


def test_a_view_that_is_not_decorated_is_a_programming_error(app, page):
    with pytest.raises(RuntimeError, match="kept_for_readers"):
        visit(app, page, decorated=False)


def test_a_crowd_on_a_commune_page_costs_no_query_and_a_rename_shows_at_once(
    client, create_unit, create_user, db_session
):
    province = create_unit(name="Tỉnh Đồng Tháp", kind=UnitKind.province)
    unit = create_unit(name="Xã Tân Trung", parent=province)
    db_session.commit()
    shown = PageChecker(client)
    assert "Xã Tân Trung" in shown(f"/units/{unit.code}").find("h1").get_text()
    with statements() as seen:
        for _ in range(3):
            assert client.get(f"/units/{unit.code}").status_code == 200
    assert seen == []
    admin = create_user(role=Role.site_admin, unit=None)
    renamed = services.NewUnit(kind=unit.kind, name="Xã Tân Trung Mới", parent_code=province.code)
    services.update_unit(admin, unit, renamed)
    db_session.commit()
    assert "Xã Tân Trung Mới" in shown(f"/units/{unit.code}").find("h1").get_text()
