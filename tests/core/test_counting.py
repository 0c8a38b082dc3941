"""Periods counted the law's way (Civil Code 2015 Art. 145-148): extensions and pauses lengthen the period, and only
its last day, as lengthened, moves off a day off. Expected dates are worked out here from the law's words."""

from datetime import date

from portal.core.calendar import (
    DayKind,
    DaysOff,
    Lengthening,
    LengtheningKind,
    Period,
    PeriodUnit,
    WorkingCalendar,
)

DAYS = PeriodUnit.calendar_days
WORKING_DAYS = PeriodUnit.working_days
TET_2026 = DaysOff(date(2026, 2, 16), date(2026, 2, 20), "Tết")


def extension(amount: int, on: date, unit: PeriodUnit = DAYS) -> Lengthening:
    return Lengthening(LengtheningKind.extension, amount, unit, on)


def test_a_complex_complaint_has_45_days_from_acceptance_not_15_after_a_rolled_end():
    # Law 02/2011 Art. 28: at most 30 days from acceptance, a complex case at most 45. Accepted 16/01/2026:
    # 15 days to 31/01, 28 to 28/02, 2 more: the 45th day is Monday 02/03/2026, a working day.
    # Counting 30 days first ends Sunday 15/02, rolled past Tết to Monday 23/02; 15 more from there gave 10/03.
    count = WorkingCalendar().count(date(2026, 1, 16), Period(30, DAYS), (extension(15, date(2026, 2, 10)),))
    assert count.last_day == count.end == date(2026, 3, 2)
    assert not count.is_rolled


def test_a_period_ending_before_tet_rolls_once_past_tet_and_names_it():
    # 30 days from 16/01/2026 end Sunday 15/02; 16-20/02 is Tết and 21-22/02 a weekend: Monday 23/02.
    count = WorkingCalendar().count(date(2026, 1, 16), Period(30, DAYS))
    assert (count.first_day, count.last_day, count.end) == (date(2026, 1, 17), date(2026, 2, 15), date(2026, 2, 23))
    assert count.rolled_over == (
        DaysOff(date(2026, 2, 15), date(2026, 2, 15), ""),
        TET_2026,
        DaysOff(date(2026, 2, 21), date(2026, 2, 22), ""),
    )


def test_days_given_back_by_a_pause_lengthen_the_period_before_the_roll():
    # The same 30 days, with the clock stopped for 5 days: the 35th day after 16/01 is Friday 20/02, in Tết, so the
    # period ends Monday 23/02. Adding 5 days to the rolled 23/02 instead would give Saturday 28/02, then 02/03.
    pause = Lengthening(LengtheningKind.pause, 5, DAYS, date(2026, 1, 20), resumed_on=date(2026, 1, 25))
    count = WorkingCalendar().count(date(2026, 1, 16), Period(30, DAYS), (pause,))
    assert (count.last_day, count.end) == (date(2026, 2, 20), date(2026, 2, 23))


def test_two_denunciation_extensions_count_90_days_from_acceptance():
    # Law 25/2018 Art. 30: 30 days, extended once by 30 (complex) and again by 30 (especially complex). From
    # Friday 02/01/2026: 29 days to 31/01, 28 to 28/02, 31 to 31/03, 2 more: Thursday 02/04/2026.
    count = WorkingCalendar().count(
        date(2026, 1, 2), Period(30, DAYS), (extension(30, date(2026, 1, 20)), extension(30, date(2026, 2, 25)))
    )
    assert count.end == date(2026, 4, 2)


def test_working_days_skip_tet_and_name_it():
    # Law 25/2018 Art. 24(1): 7 working days from Tuesday 10/02/2026: 11, 12, 13/02; Tết 16-20/02 and two weekends
    # are not counted; 23, 24, 25, 26/02: Thursday 26/02.
    count = WorkingCalendar(language="en").count(date(2026, 2, 10), Period(7, WORKING_DAYS))
    assert count.end == date(2026, 2, 26)
    assert count.skipped == (TET_2026,)
    assert count.rolled_over == ()


def test_working_days_added_by_an_extension_continue_the_count():
    # Law 104/2016 Art. 30: 15 working days, extendable by 15: 30 working days from Monday 02/03/2026 are
    # 03-06/03 (4), 09-13 (9), 16-20 (14), 23-27 (19), 30/03-03/04 (24), 06-10/04 (29), 13/04 (30).
    count = WorkingCalendar().count(
        date(2026, 3, 2), Period(15, WORKING_DAYS), (extension(15, date(2026, 3, 20), WORKING_DAYS),)
    )
    assert count.end == date(2026, 4, 13)


def test_a_declared_day_off_is_named_by_its_note():
    # 3 working days from Monday 02/03/2026 with Wednesday 04/03 declared off: 03, 05 and 06/03.
    calendar = WorkingCalendar({date(2026, 3, 4): DayKind.day_off}, notes={date(2026, 3, 4): "Bão số 3"})
    count = calendar.count(date(2026, 3, 2), Period(3, WORKING_DAYS))
    assert count.end == date(2026, 3, 6)
    assert count.skipped == (DaysOff(date(2026, 3, 4), date(2026, 3, 4), "Bão số 3"),)


def test_the_government_s_swaps_of_2025_and_2026_come_from_the_holidays_package():
    # 2025: Saturday 26/04 worked so that Friday 02/05 is off, joining 30/04-01/05. 2026: Saturday 22/08 worked so
    # that Monday 31/08 is off, joining 01-02/09; Tết Bính Ngọ is 16-20/02.
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2025, 4, 26)) and not calendar.is_working_day(date(2025, 5, 2))
    assert calendar.is_working_day(date(2026, 8, 22)) and not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.days_off(date(2026, 2, 16), date(2026, 2, 20)) == (TET_2026,)
    # 3 working days from Friday 28/08/2026: the weekend, Monday 31/08 off and National Day 01-02/09 are not
    # counted: Thursday 03, Friday 04 and Monday 07/09.
    assert calendar.count(date(2026, 8, 28), Period(3, WORKING_DAYS)).end == date(2026, 9, 7)
