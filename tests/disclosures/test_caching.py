"""Public disclosure pages are cacheable and revalidated by ETag; officials' pages are not; lists cost a constant
number of statements whatever their length."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core import httpcache
from portal.core.timeutil import utcnow
from portal.disclosures import categories as categories_service
from portal.disclosures import lists, services
from portal.disclosures.models import Audience, DisclosureCategory
from portal.extensions import db
from portal.units.models import UnitKind
from tests.sql import statements


def _posted(handler, head, unit, *, category="kt-xh", title="Kế hoạch thực hiện dân chủ 2026"):
    yesterday = utcnow() - timedelta(days=1)
    data = services.DraftData(
        unit_code=unit.code, category_code=category, title=title, body_markdown="Nội dung", posting_start=yesterday
    )
    disclosure = services.create_draft(handler, data, now=yesterday)
    services.approve_disclosure(head, disclosure, now=yesterday)
    db.session.flush()
    return disclosure


@pytest.fixture
def posted(handler, head, commune):
    return _posted(handler, head, commune)


def _etag(response) -> str:
    assert response.headers.get("ETag"), response.headers
    return response.headers["ETag"]


def test_a_reader_gets_a_cacheable_page_and_a_304_on_a_repeat_visit(client, page, posted):
    first = page(f"/disclosures/{posted.id}").response
    assert first.cache_control.public and first.cache_control.max_age == 60
    assert "Cookie" in first.vary
    again = client.get(f"/disclosures/{posted.id}", headers={"If-None-Match": _etag(first)})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"] and again.cache_control.public


def test_a_stale_copy_gets_the_whole_page(client, posted):
    response = client.get(f"/disclosures/{posted.id}", headers={"If-None-Match": 'W/"not-this-one"'})
    assert response.status_code == 200 and response.headers["ETag"]


def test_a_correction_changes_the_etag(client, posted, handler):
    before = _etag(client.get(f"/disclosures/{posted.id}"))
    services.correct_disclosure(handler, posted, "Nội dung đã sửa", "Sửa lỗi chính tả")
    db.session.flush()
    response = client.get(f"/disclosures/{posted.id}", headers={"If-None-Match": before})
    assert response.status_code == 200 and _etag(response) != before


def test_a_withdrawal_changes_the_etag_of_the_page_and_the_list(client, posted, head, commune):
    page_before = _etag(client.get(f"/disclosures/{posted.id}"))
    list_before = _etag(client.get(f"/disclosures/?unit={commune.code}"))
    services.withdraw_disclosure(head, posted, "Ban hành nhầm")
    db.session.flush()
    assert client.get(f"/disclosures/{posted.id}", headers={"If-None-Match": page_before}).status_code == 200
    response = client.get(f"/disclosures/?unit={commune.code}", headers={"If-None-Match": list_before})
    assert response.status_code == 200 and _etag(response) != list_before


def test_the_etag_follows_the_clock_and_the_language(client, posted):
    now = utcnow()
    assert services.public_state(posted, now) != services.public_state(posted, now + timedelta(days=1))
    vietnamese = _etag(client.get(f"/disclosures/{posted.id}"))
    client.set_cookie("lang", "en")
    english = client.get(f"/disclosures/{posted.id}", headers={"If-None-Match": vietnamese})
    assert english.status_code == 200 and _etag(english) != vietnamese


def test_the_list_is_answered_304_until_a_new_disclosure_is_posted(client, posted, handler, head, commune):
    url = f"/disclosures/?unit={commune.code}"
    etag = _etag(client.get(url))
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert _etag(client.get(url + "&q=ke+hoach")) != etag
    _posted(handler, head, commune, title="Dự toán ngân sách 2026")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200 and _etag(response) != etag


def test_officials_get_pages_that_are_never_stored(client, login, posted, handler, commune):
    login(handler)
    for url in (f"/disclosures/{posted.id}", f"/disclosures/?unit={commune.code}", f"/units/{commune.code}", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers, url


def test_anonymous_readers_get_no_session_cookie(app, client, monkeypatch, posted, commune):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    for url in (
        "/",
        f"/units/{commune.code}",
        "/disclosures/",
        f"/disclosures/?unit={commune.code}",
        f"/disclosures/{posted.id}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert response.cache_control.public and response.headers["ETag"], url


def test_a_visitor_with_a_message_waiting_is_not_served_from_a_cache(client, posted):
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Cảm ơn")]
    response = client.get(f"/disclosures/{posted.id}")
    assert response.status_code == 200
    assert not response.cache_control.public and "ETag" not in response.headers


def test_private_pages_stay_uncacheable(client):
    for url in ("/cases/track", "/accounts/login"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers, url


def test_the_home_and_unit_pages_answer_304(client, commune):
    for url in ("/", f"/units/{commune.code}"):
        etag = _etag(client.get(url))
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_renaming_a_unit_changes_its_pages_etag(client, commune):
    etag = _etag(client.get(f"/units/{commune.code}"))
    commune.name = "Xã Tân Trung Mới"
    db.session.flush()
    assert client.get(f"/units/{commune.code}", headers={"If-None-Match": etag}).status_code == 200


def _count_list_statements(client, url) -> int:
    """Statements of one request, with nothing left in the session from the test's own writes, on a worker that
    has not kept the page (one that has answers without any statement: tests/core/test_httpcache.py)."""
    client.get(url)  # fills the process's caches, as any earlier visitor would have
    db.session.flush()
    db.session.expunge_all()
    httpcache.forget_pages()
    with statements() as executed:
        response = client.get(url)
    assert response.status_code == 200
    return len(executed)


def test_the_list_costs_the_same_statements_for_5_and_20_rows(client, handler, head, commune, create_unit):
    public = [c.code for c in lists.active_categories() if c.audience == Audience.public and c.posting_days][:4]
    villages = [create_unit(name=f"Thôn {n}", kind=UnitKind.village, parent=commune) for n in range(20)]
    for n, village in enumerate(villages[:5]):
        _posted(handler, head, village, category=public[n % len(public)], title=f"Thông báo {n}")
    small = _count_list_statements(client, "/disclosures/")
    for n, village in enumerate(villages[5:], start=5):
        _posted(handler, head, village, category=public[n % len(public)], title=f"Thông báo {n}")
    large = _count_list_statements(client, "/disclosures/")
    assert small == large <= 2, (small, large)


def test_a_disclosure_page_costs_a_constant_handful_of_statements(client, posted, handler):
    services.correct_disclosure(handler, posted, "Nội dung đã sửa", "Sửa lỗi chính tả")
    db.session.flush()
    # The fifth finds the plan whose original document this is, by an indexed column, to link to it.
    assert _count_list_statements(client, f"/disclosures/{posted.id}") <= 5


def test_active_categories_are_kept_until_a_category_changes(create_user, english_messages):
    admin = create_user(role=Role.site_admin, unit=None)
    first = lists.active_categories()
    assert lists.active_categories() is first
    category = db.session.scalar(select(DisclosureCategory).where(DisclosureCategory.code == first[0].code))
    data = categories_service.CategoryData(
        name_vi="Tên mới",
        name_en="New name",
        legal_basis=category.legal_basis,
        posting_days=category.posting_days,
        audience=category.audience,
        required_for=[UnitKind(kind) for kind in category.required_for or []],
    )
    categories_service.update_category(admin, category, data)
    assert lists.active_categories()[0].name_vi == "Tên mới"  # the writing session reads its own change
    db.session.commit()
    after = lists.active_categories()
    assert after is not first and after[0].name_en == "New name"
