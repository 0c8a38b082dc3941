"""The working-day calendar at its edges: Tết, weekends, make-up days, declared days.

Dates are checked against what the `holidays` package says for Vietnam in 2026:
Tết 16-20/02 (Monday to Friday), Hùng Kings 26/04 (a Sunday) with 27/04 off in
compensation, 30/04 and 01/05, Saturday 22/08 made a working day in exchange for
Monday 31/08 off, National Day 01-02/09.
"""

from datetime import date, timedelta

import pytest

from portal.core.calendar import DayKind, Period, PeriodUnit, WorkingCalendar

calendar = WorkingCalendar()


def test_tet_2026_is_monday_16_to_friday_20_february():
    days = [date(2026, 2, 13) + timedelta(days=offset) for offset in range(11)]
    working = [day for day in days if calendar.is_working_day(day)]
    assert working == [date(2026, 2, 13), date(2026, 2, 23)]
    assert list(calendar.public_holidays(2026))[1:6] == [date(2026, 2, day) for day in range(16, 21)]


def test_working_days_skip_tet_and_its_weekends():
    assert calendar.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert calendar.add_working_days(date(2026, 2, 13), 10) == date(2026, 3, 6)


def test_a_period_starts_the_day_after_even_when_the_event_is_on_a_holiday():
    assert calendar.add_working_days(date(2026, 2, 17), 1) == date(2026, 2, 23)
    assert calendar.add_calendar_days(date(2026, 2, 17), 1) == date(2026, 2, 23)
    assert calendar.add_calendar_days(date(2026, 2, 21), 3) == date(2026, 2, 24)


def test_working_days_across_a_weekend():
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)
    assert calendar.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_calendar_period_ending_on_a_sunday_moves_to_monday():
    assert date(2026, 3, 15).weekday() == 6
    assert calendar.add_calendar_days(date(2026, 3, 5), 10) == date(2026, 3, 16)


def test_calendar_period_ending_on_a_saturday_moves_to_monday():
    assert calendar.add_calendar_days(date(2026, 3, 4), 10) == date(2026, 3, 16)


def test_calendar_period_ending_in_tet_moves_to_the_first_working_day_after_tet():
    assert calendar.add_calendar_days(date(2026, 1, 17), 30) == date(2026, 2, 23)
    assert calendar.add_calendar_days(date(2026, 2, 6), 10) == date(2026, 2, 23)


def test_calendar_period_ending_on_a_working_day_stays():
    assert calendar.add_calendar_days(date(2026, 3, 3), 30) == date(2026, 4, 2)


def test_hung_kings_day_on_a_sunday_gives_the_monday_off():
    assert not calendar.is_working_day(date(2026, 4, 27))
    assert calendar.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_reunification_and_labour_day():
    assert calendar.add_working_days(date(2026, 4, 29), 1) == date(2026, 5, 4)


def test_national_day_and_the_adjacent_day_are_off():
    assert not calendar.is_working_day(date(2026, 9, 1))
    assert not calendar.is_working_day(date(2026, 9, 2))
    assert calendar.add_calendar_days(date(2026, 8, 2), 30) == date(2026, 9, 3)


def test_the_governments_make_up_saturday_is_a_working_day_and_its_monday_is_off():
    assert date(2026, 8, 22).weekday() == 5
    assert calendar.is_working_day(date(2026, 8, 22))
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert calendar.add_calendar_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert not calendar.is_working_day(date(2026, 8, 31))
    # Saturday 22/08 counts, Monday 31/08 and 01-02/09 do not.
    assert calendar.add_working_days(date(2026, 8, 20), 3) == date(2026, 8, 24)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)
    assert calendar.makeup_working_days(2026) == [date(2026, 8, 22)]


def test_a_declared_day_off_shifts_a_deadline():
    declared = WorkingCalendar({date(2026, 3, 9): DayKind.day_off})
    assert declared.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)
    assert declared.add_calendar_days(date(2026, 3, 2), 7) == date(2026, 3, 10)


def test_a_declared_make_up_working_day_counts():
    declared = WorkingCalendar({date(2026, 3, 7): DayKind.working_day})
    assert declared.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert declared.add_calendar_days(date(2026, 3, 2), 5) == date(2026, 3, 7)


def test_a_declared_day_wins_over_the_package_both_ways():
    declared = WorkingCalendar({date(2026, 2, 20): DayKind.working_day, date(2026, 8, 22): DayKind.day_off})
    assert declared.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)
    assert declared.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 24)


def test_zero_days_is_the_day_itself():
    assert calendar.add_working_days(date(2026, 3, 3), 0) == date(2026, 3, 3)
    assert calendar.add_calendar_days(date(2026, 3, 3), 0) == date(2026, 3, 3)
    assert calendar.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)


@pytest.mark.parametrize("unit", list(PeriodUnit))
def test_a_negative_period_is_refused(unit):
    with pytest.raises(ValueError):
        calendar.deadline(date(2026, 3, 3), Period(-1, unit))


def test_deadline_follows_the_periods_unit():
    start = date(2026, 3, 3)
    assert calendar.deadline(start, Period(10, PeriodUnit.working_days)) == date(2026, 3, 17)
    assert calendar.deadline(start, Period(30, PeriodUnit.calendar_days)) == date(2026, 4, 2)


def test_working_days_between_counts_forward_and_backward():
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 10)) == 2
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 6)) == -2
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert calendar.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1


def test_working_days_between_undoes_add_working_days():
    start = date(2026, 2, 10)
    for amount in (0, 1, 5, 15, 60):
        assert calendar.working_days_between(start, calendar.add_working_days(start, amount)) == amount


def test_holiday_names_in_both_languages():
    vietnamese = WorkingCalendar(language="vi").public_holidays(2026)
    english = WorkingCalendar(language="en").public_holidays(2026)
    assert "Tết" in vietnamese[date(2026, 2, 17)]
    assert "Lunar New Year" in english[date(2026, 2, 17)]
    assert vietnamese.keys() == english.keys()


def test_dates_inside_holiday_names_read_day_first_in_both_languages():
    assert WorkingCalendar(language="en").public_holidays(2026)[date(2026, 8, 31)] == (
        "Day off (substituted from 22/08/2026)"
    )
    assert "22/08/2026" in WorkingCalendar(language="vi").public_holidays(2026)[date(2026, 8, 31)]
