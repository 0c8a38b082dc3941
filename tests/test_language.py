from datetime import UTC, date, datetime

import flask_babel
import pytest

from portal.core.i18n import show_date, show_datetime


def test_vietnamese_is_the_default(page):
    soup = page("/")
    assert soup.html["lang"] == "vi"
    assert soup.select_one("nav.language [aria-current]").get_text() == "Tiếng Việt"


def test_switching_to_english_sticks_across_pages(client, page):
    response = client.get("/language/en?next=/calendar/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/calendar/"
    soup = page("/")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Grassroots Democracy Portal"
    assert page("/units/").html["lang"] == "en"


def test_switching_back_to_vietnamese(client, page):
    client.get("/language/en")
    client.get("/language/vi")
    soup = page("/")
    assert soup.html["lang"] == "vi"
    assert soup.h1.get_text(strip=True) == "Cổng thông tin dân chủ cơ sở"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil", "/a\nb"]
)
def test_the_switch_is_not_an_open_redirect(client, target):
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client):
    assert client.get("/language/fr").status_code == 404


def test_every_page_links_to_the_other_language(page):
    soup = page("/calendar/")
    link = soup.select_one('nav.language a[hreflang="en"]')
    assert link["href"].startswith("/language/en?next=/calendar/")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_shown_day_first_in_vietnam_time_in_both_languages(app, language):
    late_evening_utc = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)  # already 3 March in Vietnam
    with app.test_request_context("/"), flask_babel.force_locale(language):
        assert show_date(late_evening_utc) == "03/03/2026"
        assert show_datetime(late_evening_utc) == "03/03/2026 01:30"
        assert show_date(date(2026, 1, 9)) == "09/01/2026"
        assert show_date(None) == show_datetime(None) == ""
