def test_home_page_offers_the_commune_search(page, create_unit):
    create_unit(name="Tỉnh Bắc Ninh", kind="province", code="24")
    soup = page("/")
    form = soup.select_one("form[role=search]")
    assert form["method"] == "get"
    assert form.select_one("input[name=q]") is not None
    assert [a.get_text(strip=True) for a in soup.select("#provinces ~ ul a")] == ["Tỉnh Bắc Ninh"]


def test_public_pages_are_hardened(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_page_is_a_translated_404(page):
    soup = page("/no-such-page", expected_status=404)
    assert soup.h1.get_text(strip=True) == "Không tìm thấy trang"
