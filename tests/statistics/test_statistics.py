"""Case statistics per unit: counts in every state, on time against late, the page and the API."""

from datetime import UTC, datetime

import pytest

from portal.accounts.models import Role
from portal.cases import services
from portal.casework import actions
from portal.core.calendar import load_calendar
from portal.statistics.services import unit_statistics


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+07:00").astimezone(UTC)


NOW = at("2026-06-01")


@pytest.fixture
def other_commune(create_unit, province):
    return create_unit(name="Phường Võ Cường", parent=province)


@pytest.fixture
def cases(create_case, handler, village, other_commune, create_user):
    create_user(role=Role.handler, unit=other_commune)
    made = {}
    made["on_time"] = create_case(now=at("2026-03-02")).case
    actions.accept_case(made["on_time"], handler, now=at("2026-03-03"))
    actions.answer_case(made["on_time"], handler, "Đã sửa xong.", now=at("2026-03-10"))
    services.rate_case(made["on_time"], 5, now=at("2026-03-11"))
    made["late"] = create_case(now=at("2026-03-02")).case
    actions.accept_case(made["late"], handler, now=at("2026-03-03"))
    actions.answer_case(made["late"], handler, "Đã sửa muộn.", now=at("2026-05-04"))
    services.rate_case(made["late"], 2, now=at("2026-05-05"))
    made["refused"] = create_case(now=at("2026-03-02")).case
    actions.refuse_case(made["refused"], handler, "duplicate", "Trùng hồ sơ.", now=at("2026-03-03"))
    made["overdue"] = create_case(now=at("2026-03-02")).case
    made["complaint"] = create_case(kind="complaint", now=at("2026-05-29")).case
    made["waiting"] = create_case(place=village, now=at("2026-04-01")).case
    actions.request_information(made["waiting"], handler, "Gửi thêm ảnh.", now=at("2026-04-02"))
    made["transferred"] = create_case(now=at("2026-03-02")).case
    actions.transfer_case(made["transferred"], handler, other_commune.code, "Thuộc phường.", now=at("2026-03-05"))
    made["last_year"] = create_case(now=at("2025-12-15")).case
    made["elsewhere"] = create_case(place=other_commune, now=at("2026-05-29")).case
    return made


def _row(statistics, kind):
    return next(row for row in statistics.rows if row.kind is not None and row.kind.value == kind)


def test_a_commune_s_cases_in_every_state(cases, commune):
    statistics = unit_statistics(commune, 2026, NOW)
    feedback = _row(statistics, "feedback")
    assert (feedback.received, feedback.accepted, feedback.answered, feedback.answered_on_time) == (6, 2, 2, 1)
    assert (feedback.refused, feedback.transferred_away, feedback.open_now, feedback.overdue_now) == (1, 1, 2, 1)
    assert feedback.average_rating == 3.5 and feedback.ratings == 2
    calendar = load_calendar()
    on_time_days = calendar.working_days_between(at("2026-03-02").date(), at("2026-03-10").date())
    late_days = calendar.working_days_between(at("2026-03-02").date(), at("2026-05-04").date())
    assert on_time_days == 6
    assert feedback.median_working_days == (on_time_days + late_days) / 2
    complaint = _row(statistics, "complaint")
    assert (complaint.received, complaint.open_now, complaint.overdue_now, complaint.answered) == (1, 1, 0, 0)
    assert complaint.median_working_days is None and complaint.average_rating is None
    assert [row.kind.value for row in statistics.rows] == ["feedback", "complaint"]
    total = statistics.total
    assert (total.received, total.open_now, total.overdue_now, total.answered) == (7, 3, 1, 2)
    assert total.average_rating == 3.5 and total.median_working_days == feedback.median_working_days


def test_a_province_counts_every_unit_below_it(cases, province, other_commune):
    feedback = _row(unit_statistics(province, 2026, NOW), "feedback")
    assert (feedback.received, feedback.transferred_away, feedback.open_now, feedback.overdue_now) == (7, 0, 4, 2)
    received_there = _row(unit_statistics(other_commune, 2026, NOW), "feedback")
    assert (received_there.received, received_there.transferred_away) == (2, 0)


def test_another_year_counts_only_its_own_cases(cases, commune):
    statistics = unit_statistics(commune, 2025, NOW)
    assert statistics.total.received == 1 and statistics.total.open_now == 1
    assert unit_statistics(commune, 2024, NOW).rows == []


def test_the_page_shows_a_table_with_a_caption(page, cases, commune):
    soup = page(f"/statistics/{commune.code}?year=2026")
    table = soup.select_one("table.statistics-table")
    assert table.caption.get_text(strip=True)
    feedback = table.select_one("tr.kind-feedback")
    cells = {cell["data-label"]: cell.get_text(" ", strip=True) for cell in feedback.select("td")}
    assert list(cells.values())[:5] == ["6", "2", "2", "1", "1"]
    assert table.select_one("tfoot tr.total td").get_text(strip=True) == "7"
    assert soup.select_one("input#year")["value"] == "2026"


def test_a_bad_year_is_a_form_error_and_an_unknown_unit_is_404(page, commune):
    soup = page(f"/statistics/{commune.code}?year=abc")
    assert soup.select_one(".error-summary") is not None and soup.select_one("table") is None
    soup = page(f"/statistics/{commune.code}?year=<script>alert(1)</script>")
    assert soup.select_one(".error-summary") is not None and soup.find("script", string="alert(1)") is None
    page("/statistics/NOPE", expected_status=404)


def test_the_unit_page_links_to_its_statistics(page, commune):
    soup = page(f"/units/{commune.code}")
    assert soup.select_one("a.case-statistics")["href"] == f"/statistics/{commune.code}"


def test_the_api_gives_the_same_figures(client, cases, commune):
    body = client.get(f"/api/v1/units/{commune.code}/statistics?year=2026").json
    assert body["unit"] == {"code": commune.code, "name": commune.name} and body["year"] == 2026
    feedback = next(row for row in body["kinds"] if row["kind"] == "feedback")
    assert feedback["received"] == 6 and feedback["answered_on_time"] == 1 and feedback["average_rating"] == 3.5
    assert body["total"]["kind"] is None and body["total"]["received"] == 7


def test_the_api_refuses_bad_input(client, commune):
    assert client.get(f"/api/v1/units/{commune.code}/statistics?year=1500").status_code == 422
    assert client.get(f"/api/v1/units/{commune.code}/statistics?year=abc").status_code == 422
    response = client.get("/api/v1/units/NOPE/statistics")
    assert response.status_code == 404 and response.json["message"]
    assert client.get(f"/api/v1/units/{commune.code}/statistics").json["total"]["received"] == 0
