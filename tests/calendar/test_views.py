from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.calendar import CalendarDay, DayKind
from portal.core.timeutil import local_date, utcnow

# Rows an administrator declared; the migration seeds the Government's swaps the `holidays` package lacks.
DECLARED = select(CalendarDay).where(CalendarDay.created_by_id.is_not(None))

# Set the "lang" cookie before the first page a test renders: the harness keeps one app context
# for the whole test, and Flask-Babel caches the locale on `g` when it is first needed.


def _rows(soup):
    """The calendar table, by the date in its first column."""
    return {
        row.select_one(".day-date").get_text(strip=True): row for row in soup.select("table.calendar-days tbody tr")
    }


def _cell(row, name):
    return row.select_one(f".day-{name}").get_text(" ", strip=True)


@pytest.fixture
def admin(create_user, login):
    user = create_user(role=Role.site_admin, unit=None)
    login(user)
    return user


def test_calendar_page_in_vietnamese(page):
    soup = page("/calendar/?year=2026")
    assert soup.html["lang"] == "vi"
    assert soup.h1.get_text(strip=True).endswith("2026")
    rows = _rows(soup)
    assert "Tết" in _cell(rows["17/02/2026"], "name")
    assert _cell(rows["17/02/2026"], "weekday") == "Thứ Ba"
    assert rows["17/02/2026"].select_one(".day-off")
    assert rows["22/08/2026"].select_one(".day-work")
    assert "09/03/2026" not in rows
    assert soup.select_one('a[rel="prev"]')["href"] == "/calendar/?year=2025"
    assert soup.select_one('a[rel="next"]')["href"] == "/calendar/?year=2027"


def test_calendar_page_in_english(client, page):
    client.set_cookie("lang", "en")
    soup = page("/calendar/?year=2026")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Working-day calendar 2026"
    rows = _rows(soup)
    tet = rows["17/02/2026"]
    assert _cell(tet, "name") == "Lunar New Year"
    assert _cell(tet, "weekday") == "Tuesday"
    assert _cell(tet, "status") == "Day off"
    assert _cell(tet, "source") == "Law"
    assert (_cell(rows["22/08/2026"], "status"), _cell(rows["22/08/2026"], "source")) == ("Working day", "Law")
    assert _cell(rows["02/09/2026"], "name") == "National Day"


def test_the_default_year_is_this_year_in_vietnam(page):
    year = local_date(utcnow()).year
    assert page("/calendar/").h1.get_text(strip=True).endswith(str(year))


def test_no_link_beyond_the_known_years(page):
    assert page("/calendar/?year=1990").select_one('a[rel="prev"]') is None
    assert page("/calendar/?year=2100").select_one('a[rel="next"]') is None


@pytest.mark.parametrize("year", ["1989", "2101", "0", "99999", "abc", "-1", "2026.5", "٢٠٢٦", "9" * 10_000])
def test_a_year_outside_the_calendar_is_a_translated_404(page, year):
    soup = page("/calendar/", query_string={"year": year}, expected_status=404)
    assert soup.html["lang"] == "vi"


def test_deadline_calculator_across_tet(client, page):
    client.set_cookie("lang", "en")
    soup = page("/calendar/?year=2026&start=2026-02-13&amount=10&unit=working_days")
    assert soup.select_one("#deadline-result").get_text(strip=True) == "The period ends on Friday 06/03/2026."
    assert soup.select_one("#start")["value"] == "2026-02-13"


def test_deadline_calculator_in_calendar_days_accepts_a_typed_date(page):
    soup = page("/calendar/?year=2026&start=06/02/2026&amount=10&unit=calendar_days")
    result = soup.select_one("#deadline-result").get_text(strip=True)
    assert "Thứ Hai" in result and "23/02/2026" in result


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"start": "not-a-date", "amount": "abc", "unit": "working_days"}, {"#start", "#amount"}),
        ({"start": "", "amount": "", "unit": ""}, {"#start", "#amount", "#unit"}),
        ({"start": "2026-02-30", "amount": "0", "unit": "weeks"}, {"#start", "#amount", "#unit"}),
        ({"start": "2026-03-03", "amount": "366", "unit": "working_days"}, {"#amount"}),
        ({"start": "2026-03-03", "amount": "9" * 100_000, "unit": "working_days"}, {"#amount"}),
        ({"start": "x" * 100_000, "amount": "1.5", "unit": "<script>"}, {"#start", "#amount", "#unit"}),
        ({"start": "1800-01-01", "amount": "5", "unit": "working_days"}, {"#start"}),
        ({"start": "2100-12-01", "amount": "60", "unit": "working_days"}, {"#start"}),
        ({"start": "9999-12-31", "amount": "365", "unit": "calendar_days"}, {"#start"}),
    ],
)
def test_calculator_errors_are_shown_in_the_form(client, page, query, fields):
    client.set_cookie("lang", "en")
    soup = page("/calendar/", query_string={"year": "2026", **query})
    links = soup.select("#error-summary-title ~ ul a")
    assert {a["href"] for a in links} == fields
    assert all(a.get_text(strip=True).startswith(("Enter", "Choose", "This period")) for a in links)
    assert soup.select_one("#deadline-result") is None
    assert not soup.find_all("script")


def test_the_declare_form_is_only_for_a_whole_site_admin(page, create_user, login):
    assert page("/calendar/?year=2026").select_one("form[action='/calendar/days']") is None
    login(create_user(role=Role.site_admin))
    assert page("/calendar/?year=2026").select_one("form[action='/calendar/days']") is None


def test_admin_declares_and_cancels_a_day(admin, client, page, db_session):
    client.set_cookie("lang", "en")
    response = client.post("/calendar/days", data={"day": "2026-03-09", "kind": "day_off", "note": "<b>Nghỉ bù</b>"})
    assert response.status_code == 302 and response.location.endswith("/calendar/?year=2026")
    soup = page("/calendar/?year=2026")
    assert soup.select_one(".flash-success").get_text(strip=True).startswith("09/03/2026 has been recorded")
    row = _rows(soup)["09/03/2026"]
    assert _cell(row, "name") == "<b>Nghỉ bù</b>" and row.select_one(".day-name b") is None
    assert _cell(row, "status") == "Day off"
    assert _cell(row, "source").startswith("Declared by the administrator")
    button = row.select_one("form button")
    assert button.get_text(strip=True) == "Cancel the declaration of 09/03/2026"
    cancel = row.select_one("form")["action"]
    response = client.post(cancel)
    assert response.status_code == 302 and response.location.endswith("/calendar/?year=2026")
    assert db_session.scalar(DECLARED) is None
    assert "09/03/2026" not in _rows(page("/calendar/?year=2026"))


def test_a_declared_working_day_over_a_holiday_shows_both(admin, client, page):
    client.set_cookie("lang", "en")
    client.post("/calendar/days", data={"day": "20/02/2026", "kind": "working_day", "note": "Làm việc"})
    row = _rows(page("/calendar/?year=2026"))["20/02/2026"]
    assert _cell(row, "status") == "Working day"
    assert _cell(row, "name") == "Làm việc"
    assert _cell(row, "law-name") == "(by law: Fourth Day of Lunar New Year)"
    soup = page("/calendar/?year=2026&start=2026-02-13&amount=1&unit=working_days")
    assert "20/02/2026" in soup.select_one("#deadline-result").get_text()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day": "", "kind": "day_off", "note": ""}, "Enter the date"),
        ({"day": "2026-03-09", "kind": "holiday", "note": "x"}, "Choose whether the day is off"),
        ({"day": "2026-03-09", "kind": "day_off", "note": "x" * 100_000}, "at most 200 characters"),
        ({"day": "1800-01-01", "kind": "day_off", "note": "x"}, "from 01/01/1990"),
        ({"day": "2026-03-08", "kind": "day_off", "note": "x"}, "already a day off"),
    ],
)
def test_declare_form_errors_keep_the_page(admin, client, page, db_session, data, message):
    client.set_cookie("lang", "en")
    soup = page("/calendar/days", method="post", data=data, expected_status=422)
    assert message in soup.select_one("#declare-errors-title").find_next("ul").get_text()
    assert db_session.scalar(DECLARED) is None


def test_a_duplicate_day_is_refused_in_the_form(admin, client, page):
    client.set_cookie("lang", "en")
    client.post("/calendar/days", data={"day": "2026-03-09", "kind": "day_off", "note": "Nghỉ"})
    soup = page(
        "/calendar/days",
        method="post",
        data={"day": "2026-03-09", "kind": "day_off", "note": "Nghỉ"},
        expected_status=422,
    )
    assert "already been declared" in soup.select_one("#declare-errors-title").find_next("ul").get_text()


@pytest.mark.parametrize("role", [Role.handler, Role.unit_head, Role.site_admin])
def test_other_officials_cannot_declare_or_cancel(page, create_user, login, db_session, role):
    admin = create_user(role=Role.site_admin, unit=None)
    declared = CalendarDay(day=date(2026, 3, 9), kind=DayKind.day_off, note="x", created_by_id=admin.id)
    db_session.add(declared)
    db_session.flush()
    login(create_user(role=role))
    page(
        "/calendar/days", method="post", data={"day": "2026-03-10", "kind": "day_off", "note": "x"}, expected_status=403
    )
    page("/calendar/days", method="post", data={}, expected_status=403)
    page(f"/calendar/days/{declared.id}/cancel", method="post", expected_status=403)
    assert db_session.scalar(DECLARED).day == date(2026, 3, 9)


def test_visitors_are_sent_to_sign_in(client):
    response = client.post("/calendar/days", data={"day": "2026-03-10", "kind": "day_off", "note": "x"})
    assert response.status_code == 302 and "/accounts/login" in response.location


def test_cancelling_a_day_that_is_gone_is_404(admin, page):
    soup = page("/calendar/days/999999/cancel", method="post", expected_status=404)
    assert soup.select_one("main p").get_text() == "Ngày đã khai báo này không còn nữa. Có thể đã được hủy trước đó."


def test_the_new_year_2026_swap_is_shown_with_its_source(client, page):
    client.set_cookie("lang", "en")
    rows = _rows(page("/calendar/?year=2026"))
    assert _cell(rows["02/01/2026"], "status") == "Day off"
    assert "12729/VPCP-KGVX" in _cell(rows["02/01/2026"], "name")
    assert _cell(rows["10/01/2026"], "status") == "Working day"
    assert _cell(rows["10/01/2026"], "source").startswith("Government decision")
