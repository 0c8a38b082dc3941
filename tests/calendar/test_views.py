from portal.accounts.models import Role


def test_calendar_page_lists_tet(page):
    soup = page("/calendar/?year=2026")
    assert soup.h1.get_text(strip=True).endswith("2026")
    rows = {row.select("td")[0].get_text(strip=True): row for row in soup.select("tbody tr")}
    assert "17/02/2026" in rows and "Tết" in rows["17/02/2026"].get_text()


def test_calendar_in_english(client, page):
    client.set_cookie("lang", "en")
    soup = page("/calendar/?year=2026")
    assert soup.html["lang"] == "en"
    rows = {row.select("td")[0].get_text(strip=True): row for row in soup.select("tbody tr")}
    assert "Lunar New Year" in rows["17/02/2026"].get_text()
    assert rows["17/02/2026"].select("td")[1].get_text(strip=True) == "Tuesday"


def test_deadline_calculator(page):
    soup = page("/calendar/?year=2026&start=2026-02-13&amount=10&unit=working_days")
    assert "06/03/2026" in soup.select_one("#deadline-result").get_text()


def test_calculator_errors_are_shown_in_the_form(page):
    soup = page("/calendar/?year=2026&start=not-a-date&amount=abc&unit=working_days")
    assert {a["href"] for a in soup.select(".error-summary a")} == {"#start", "#amount"}
    assert soup.select_one("#deadline-result") is None


def test_year_out_of_range_is_404(page):
    page("/calendar/?year=99999", expected_status=404)


def test_admin_declares_and_cancels_a_day(page, client, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    response = client.post("/calendar/days", data={"day": "2026-03-09", "kind": "day_off", "note": "<b>Nghỉ bù</b>"})
    assert response.status_code == 302
    soup = page("/calendar/?year=2026")
    row = next(r for r in soup.select("tbody tr") if r.td.get_text(strip=True) == "09/03/2026")
    assert "<b>Nghỉ bù</b>" in row.get_text()
    cancel = row.select_one("form")["action"]
    assert client.post(cancel).status_code == 302


def test_declare_form_errors_keep_the_page(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page("/calendar/days", method="post", data={"day": "", "kind": "day_off", "note": ""}, expected_status=400)
    assert soup.select("#declare-errors-title")


def test_a_handler_cannot_declare_days(page, create_user, login):
    login(create_user())
    page(
        "/calendar/days", method="post", data={"day": "2026-03-09", "kind": "day_off", "note": "x"}, expected_status=403
    )
