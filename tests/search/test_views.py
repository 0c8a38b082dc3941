"""/search, its feed and /api/v1/search as a reader meets them."""

from datetime import timedelta

import pytest

from portal.disclosures import services as disclosures
from portal.extensions import db
from tests.search.conftest import NOW
from tests.sql import statements


def test_the_search_box_is_on_every_page(page):
    soup = page("/")
    box = soup.select_one("form.site-search")
    assert box["action"] == "/search" and box.select_one("input[name=q]")


def test_results_grouped_by_kind_with_marked_escaped_snippets(page, posted, clock):
    posted(title="Thông báo <script>x</script>", body="Công khai <b>đất đai</b> năm 2026")
    db.session.flush()
    clock(NOW + timedelta(days=1))
    soup = page("/search?q=dat+dai")
    group = soup.select_one("section.search-group")
    assert group.select_one("h2").get_text() in {"Công khai", "Disclosures"}
    snippet = group.select_one(".snippet")
    assert [mark.get_text() for mark in snippet.select("mark")] == ["đất", "đai"]
    assert "<b>" in snippet.get_text() and not snippet.select("b")
    assert not soup.select("script:not([src])")


def test_nothing_found_says_so_and_a_too_long_query_is_refused(page):
    soup = page("/search?q=kh%C3%B4ng+c%C3%B3+g%C3%AC")
    assert soup.select_one("main p")
    page("/search?q=" + "a" * 600, expected_status=422)


def test_hostile_query_strings_never_fail(client):
    for query in ("%FF%FE", "%00", "%22%22%22", "*", "NEAR(a", "a" * 10_000):
        assert client.get(f"/search?q={query}").status_code < 500
        assert client.get(f"/api/v1/search?q={query}").status_code < 500
        assert client.get(f"/search/feed.atom?q={query}").status_code < 500


def test_the_feed_and_the_json(client, posted, clock):
    disclosure = posted(body="Kế hoạch phòng chống lụt bão")
    db.session.flush()
    clock(NOW + timedelta(days=1))
    feed = client.get("/search/feed.atom?q=lut+bao")
    assert feed.mimetype == "application/atom+xml" and f"/disclosures/{disclosure.id}".encode() in feed.data
    answer = client.get("/api/v1/search?q=lut+bao").get_json()
    assert [hit["kind"] for hit in answer["results"]] == ["disclosure"]
    assert "<mark>lụt</mark>" in answer["results"][0]["snippet"]
    assert answer["next"] is None
    assert "/api/v1/search" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_a_phone_width_page_keeps_long_words_inside(page):
    soup = page("/search?q=" + "x" * 400)
    assert soup.select_one("form.search-form")


def test_an_official_finds_their_units_draft_marked_not_public(page, login, draft, handler):
    disclosure = draft(body="Dự thảo phương án bồi thường")
    db.session.flush()
    assert not page("/search?q=phuong+an+boi+thuong").select("section.search-group")
    login(handler)
    soup = page("/search?q=phuong+an+boi+thuong")
    result = soup.select_one("section.search-group li")
    assert result.select_one("a")["href"] == f"/disclosures/{disclosure.id}"
    assert result.select_one(".tag")


def test_the_json_pages_follow_with_next(client, posted, clock):
    for number in range(3):
        posted(title=f"Thông báo {number}", body="Tiêm chủng mở rộng")
    db.session.flush()
    clock(NOW + timedelta(days=1))
    first = client.get("/api/v1/search?q=tiem+chung&limit=2").get_json()
    second = client.get(f"/api/v1/search?q=tiem+chung&limit=2&cursor={first['next']}").get_json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1 and second["next"] is None
    assert {hit["url"] for hit in first["results"]}.isdisjoint(hit["url"] for hit in second["results"])
    assert client.get("/api/v1/search?q=x&year=abc").status_code == 422
    assert client.get("/api/v1/search?q=x&kind=nothing").status_code == 422


@pytest.mark.parametrize("address", ["/search?q=nao+vet", "/api/v1/search?q=nao+vet", "/search/feed.atom?q=nao+vet"])
def test_the_publics_answer_is_kept_until_a_public_entry_changes(client, posted, head, clock, address):
    disclosure = posted(body="Kế hoạch nạo vét kênh mương nội đồng")
    db.session.commit()
    clock(NOW + timedelta(days=1))
    first = client.get(address)
    assert f"/disclosures/{disclosure.id}" in first.text
    with statements() as executed:
        again = client.get(address)
    assert again.data == first.data and executed == []
    disclosures.withdraw_disclosure(head, disclosure, "Ban hành nhầm")
    db.session.commit()
    assert f"/disclosures/{disclosure.id}" not in client.get(address).text


def test_work_on_unpublished_cases_leaves_the_publics_answers_kept(client, posted, create_case, clock):
    posted(body="Kế hoạch nạo vét kênh mương nội đồng")
    db.session.commit()
    clock(NOW + timedelta(days=1))
    first = client.get("/search?q=nao+vet")
    create_case(description="Đề nghị nạo vét kênh mương trước mùa mưa")
    db.session.commit()
    with statements() as executed:
        again = client.get("/search?q=nao+vet")
    assert again.data == first.data and executed == []


def test_an_official_is_never_answered_from_the_publics_kept_page(client, page, login, draft, handler):
    disclosure = draft(body="Dự thảo phương án nạo vét")
    db.session.commit()
    assert not page("/search?q=nao+vet").select("section.search-group")
    login(handler)
    assert page("/search?q=nao+vet").select_one(f"a[href='/disclosures/{disclosure.id}']")


def test_words_in_more_entries_than_are_ranked_say_how_to_narrow(page, client, posted, clock, monkeypatch):
    from portal.search import query

    monkeypatch.setattr(query, "MAX_RANKED", 2)
    for number in range(3):
        posted(title=f"Thông báo {number}", body="Phòng chống dịch sốt xuất huyết")
    db.session.flush()
    clock(NOW + timedelta(days=1))
    capped = page("/search?q=sot+xuat+huyet")
    assert len(capped.select(".search-results li")) == 2
    assert "2" in capped.select_one("p.capped").get_text()
    assert client.get("/api/v1/search?q=sot+xuat+huyet").get_json()["capped"] is True
    narrow = page("/search?q=sot+xuat+huyet+2")
    assert len(narrow.select(".search-results li")) == 1 and not narrow.select("p.capped")
