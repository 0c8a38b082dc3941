"""The working-day calendar at its edges: Tết, weekends, make-up days, declared days."""

from datetime import date

import pytest

from portal.core.calendar import DayKind, Period, PeriodUnit, WorkingCalendar

calendar = WorkingCalendar()


def test_tet_2026_is_five_days_off():
    assert [calendar.is_working_day(date(2026, 2, day)) for day in range(13, 24)] == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]


def test_working_days_skip_tet_and_weekends():
    assert calendar.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert calendar.add_working_days(date(2026, 2, 13), 10) == date(2026, 3, 6)


def test_a_period_starts_the_day_after_even_when_the_event_is_on_a_holiday():
    assert calendar.add_working_days(date(2026, 2, 17), 1) == date(2026, 2, 23)
    assert calendar.add_calendar_days(date(2026, 2, 17), 1) == date(2026, 2, 23)


def test_working_days_across_a_weekend():
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)


def test_calendar_period_ending_on_a_sunday_moves_to_monday():
    assert date(2026, 3, 15).weekday() == 6
    assert calendar.add_calendar_days(date(2026, 3, 5), 10) == date(2026, 3, 16)


def test_calendar_period_ending_in_tet_moves_past_tet():
    assert calendar.add_calendar_days(date(2026, 1, 17), 30) == date(2026, 2, 23)


def test_calendar_period_ending_on_a_working_day_stays():
    assert calendar.add_calendar_days(date(2026, 3, 3), 30) == date(2026, 4, 2)


def test_national_day_and_the_adjacent_day_are_off():
    assert not calendar.is_working_day(date(2026, 9, 1))
    assert not calendar.is_working_day(date(2026, 9, 2))
    assert calendar.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_the_governments_make_up_saturday_is_a_working_day():
    assert date(2026, 8, 22).weekday() == 5
    assert calendar.is_working_day(date(2026, 8, 22))
    assert calendar.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)


def test_a_declared_day_off_shifts_a_deadline():
    declared = WorkingCalendar({date(2026, 3, 9): DayKind.day_off})
    assert declared.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)


def test_a_declared_make_up_working_day_counts():
    declared = WorkingCalendar({date(2026, 3, 7): DayKind.working_day})
    assert declared.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_a_declared_working_day_overrides_a_holiday():
    declared = WorkingCalendar({date(2026, 2, 20): DayKind.working_day})
    assert declared.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 20)


def test_zero_days_is_the_day_itself_and_negative_is_refused():
    assert calendar.add_working_days(date(2026, 3, 3), 0) == date(2026, 3, 3)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 3), -1)
    with pytest.raises(ValueError):
        calendar.add_calendar_days(date(2026, 3, 3), -1)


def test_deadline_follows_the_periods_unit():
    start = date(2026, 3, 3)
    assert calendar.deadline(start, Period(10, PeriodUnit.working_days)) == date(2026, 3, 17)
    assert calendar.deadline(start, Period(30, PeriodUnit.calendar_days)) == date(2026, 4, 2)


def test_working_days_between_counts_both_ways():
    assert calendar.working_days_between(date(2026, 3, 6), date(2026, 3, 10)) == 2
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 6)) == -2
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0


def test_holiday_names_in_both_languages():
    vietnamese = {h.day: h.name for h in WorkingCalendar(language="vi").days_off(2026)}
    english = {h.day: h.name for h in WorkingCalendar(language="en").days_off(2026)}
    assert "Tết" in vietnamese[date(2026, 2, 17)]
    assert "Lunar New Year" in english[date(2026, 2, 17)]
