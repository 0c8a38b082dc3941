"""A crowd on one public page costs no query and no render per visit, and any change to what the page is built from
is shown at once; officials and pages the clock changes are never served stale for more than a minute."""

import flask_babel
import pytest
from flask import render_template_string
from sqlalchemy import event

from portal.accounts.models import Role
from portal.core import httpcache
from portal.core.cache import Versioned
from portal.extensions import db
from portal.units import services
from portal.units.models import UnitKind

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


def visit(app, page, path="/disclosures/1", headers=None, decorated=True):
    view = httpcache.kept_for_readers(CONTENT)(page.view) if decorated else page.view
    with app.test_request_context(path, headers=headers or {}):
        flask_babel.refresh()  # as the test app does before each request
        return view()


def test_a_kept_page_is_served_without_queries_or_render_until_its_content_changes(app, page):
    first = visit(app, page)
    second = visit(app, page)
    assert (page.queries, page.renders) == (1, 1)
    assert first.get_data() == second.get_data() == b"<p>1</p>"
    assert first.headers["ETag"] == second.headers["ETag"]
    assert "public" in second.headers["Cache-Control"]
    CONTENT.clear()  # what a committed change does, on every worker
    third = visit(app, page)
    assert (page.queries, page.renders) == (2, 1), "the same ETag: the kept page, without a render"
    page.shown = {"id": 1, "version": 2}
    CONTENT.clear()
    corrected = visit(app, page)
    assert (page.queries, page.renders) == (3, 2)
    assert corrected.get_data() == b"<p>2</p>" and corrected.headers["ETag"] != third.headers["ETag"]


def test_each_language_and_address_has_its_own_page(app, page):
    visit(app, page)
    visit(app, page, headers={"Cookie": "lang=en"})
    visit(app, page, path="/disclosures/1?page=2")
    assert page.renders == 3


def test_a_current_copy_gets_a_304_without_the_view(app, page):
    etag = visit(app, page).headers["ETag"]
    answer = visit(app, page, headers={"If-None-Match": etag})
    assert answer.status_code == 304 and page.queries == 1


def test_a_worker_that_kept_no_page_renders_it_once_for_the_readers_after_a_304(app, page):
    etag = visit(app, page).headers["ETag"]
    httpcache.forget_pages()  # another worker
    assert visit(app, page, headers={"If-None-Match": etag}).status_code == 304
    assert visit(app, page, headers={"If-None-Match": etag}).status_code == 304
    assert (page.queries, page.renders) == (2, 2)


def test_a_kept_page_is_made_again_after_a_minute_since_the_clock_changes_it(app, page, monkeypatch):
    visit(app, page)
    made_at = httpcache._pages[next(iter(httpcache._pages))].made_at
    monkeypatch.setattr(httpcache.time, "monotonic", lambda: made_at + 30)
    assert visit(app, page).headers["Cache-Control"] == "public, max-age=30", "a proxy keeps it for what is left"
    assert page.queries == 1
    monkeypatch.setattr(httpcache.time, "monotonic", lambda: made_at + httpcache.PUBLIC_MAX_AGE)
    visit(app, page)
    assert page.queries == 2


def test_a_change_not_yet_committed_is_never_served_nor_kept(app, page):
    visit(app, page)
    CONTENT.invalidate()  # the session flushed rows the page is built from
    try:
        visit(app, page)
        visit(app, page)
        assert page.queries == 3
    finally:
        db.session.rollback()


def test_the_store_keeps_only_the_most_recent_pages(app, page, monkeypatch):
    monkeypatch.setattr(httpcache, "PAGES_KEPT", 3)
    for number in range(5):
        visit(app, page, path=f"/disclosures/{number}")
    assert len(httpcache._pages) == 3


def test_an_error_page_is_not_kept(app, page):
    page.status = 404
    visit(app, page)
    visit(app, page)
    assert page.queries == 2 and len(httpcache._pages) == 0


def test_a_view_that_is_not_decorated_is_a_programming_error(app, page):
    with pytest.raises(RuntimeError, match="kept_for_readers"):
        visit(app, page, decorated=False)


def test_a_crowd_on_a_commune_page_costs_no_query_and_a_rename_shows_at_once(
    client, create_unit, create_user, db_session
):
    province = create_unit(name="Tỉnh Đồng Tháp", kind=UnitKind.province)
    unit = create_unit(name="Xã Tân Trung", parent=province)
    db_session.commit()
    assert "Xã Tân Trung" in client.get(f"/units/{unit.code}").get_data(as_text=True)
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            assert client.get(f"/units/{unit.code}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert seen == []
    admin = create_user(role=Role.site_admin, unit=None)
    renamed = services.NewUnit(kind=unit.kind, name="Xã Tân Trung Mới", parent_code=province.code)
    services.update_unit(admin, unit, renamed)
    db_session.commit()
    assert "Xã Tân Trung Mới" in client.get(f"/units/{unit.code}").get_data(as_text=True)
