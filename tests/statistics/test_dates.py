"""Statistics count a case in the Vietnamese year and on the Vietnamese days it was received and answered."""

from datetime import date

import pytest

from portal.casework import actions
from portal.statistics.services import unit_statistics
from tests.clock import vietnam_time


@pytest.mark.parametrize("hhmm", ["00:30", "06:59", "23:30"])
def test_a_case_counts_in_the_year_of_its_local_day(create_case, commune, hhmm):
    create_case(now=vietnam_time(date(2026, 12, 31), hhmm))
    create_case(now=vietnam_time(date(2027, 1, 1), hhmm))
    create_case(now=vietnam_time(date(2027, 1, 1), hhmm))
    now = vietnam_time(date(2027, 1, 4), "09:00")
    assert unit_statistics(commune, 2026, now).total.received == 1
    assert unit_statistics(commune, 2027, now).total.received == 2


def test_working_days_to_answer_count_local_days(create_case, handler, commune):
    """Received at 00:30 on Tuesday and answered at 23:30 on Wednesday, Vietnam time: one working day, though
    in UTC the case arrived on Monday."""
    case = create_case(now=vietnam_time(date(2026, 3, 10), "00:30")).case
    actions.accept_case(case, handler, now=vietnam_time(date(2026, 3, 10), "08:00"))
    actions.answer_case(case, handler, "Đã sửa xong.", now=vietnam_time(date(2026, 3, 11), "23:30"))
    statistics = unit_statistics(commune, 2026, vietnam_time(date(2026, 3, 12), "00:30"))
    assert statistics.total.median_working_days == 1


def test_the_page_opens_on_the_local_year(page, commune, clock, vietnam_hour):
    clock(vietnam_time(date(2027, 1, 1), vietnam_hour))
    assert page(f"/statistics/{commune.code}").select_one("input#year")["value"] == "2027"
    clock(vietnam_time(date(2026, 12, 31), vietnam_hour))
    assert page(f"/statistics/{commune.code}").select_one("input#year")["value"] == "2026"
