from datetime import date, time

import pytest

from portal.accounts.models import Role
from portal.core.calendar import WorkingCalendar
from portal.core.errors import InvalidFields, NotAllowed
from portal.reception import services
from portal.units.models import UnitKind

CALENDAR = WorkingCalendar()


@pytest.fixture
def commune(create_unit):
    return create_unit(name="Xã Tân Trung", kind=UnitKind.commune)


@pytest.fixture
def head(create_user, commune):
    return create_user(role=Role.unit_head, unit=commune)


def _schedule(commune, head, **fields):
    values = {"recurrence": "monthly", "day_of_month": 15, "weekday": None, "starts": time(7, 30),
              "ends": time(11, 30), "place": "Phòng tiếp công dân, trụ sở UBND xã", "receiver": "Chủ tịch UBND xã",
              "day_off_rule": "next_working_day", **fields}
    return services.publish_schedule(commune, services.NewSchedule(**values), head)


def test_the_15th_of_each_month_moves_off_a_weekend(commune, head):
    schedule = _schedule(commune, head)
    dates = services.next_dates(schedule, date(2026, 2, 1), CALENDAR, count=4)
    # 15/02/2026 and 15/03/2026 are Sundays: the next working day is Monday the 16th... except in February,
    # when Monday 16/02 is Tết and the reception moves past it to Monday 23/02.
    assert [each.day for each in dates] == [date(2026, 2, 23), date(2026, 3, 16), date(2026, 4, 15),
                                            date(2026, 5, 15)]
    assert dates[0].ruled_day == date(2026, 2, 15) and dates[0].is_moved
    assert not dates[2].is_moved


def test_a_day_on_tet_moves_to_the_next_or_previous_working_day(commune, head):
    forward = _schedule(commune, head, day_of_month=18)
    tet = services.next_dates(forward, date(2026, 2, 1), CALENDAR, count=1)[0]
    assert (tet.ruled_day, tet.day) == (date(2026, 2, 18), date(2026, 2, 23))
    assert "Tết" in tet.moved_because
    backward = _schedule(commune, head, day_of_month=18, day_off_rule="previous_working_day")
    assert services.next_dates(backward, date(2026, 2, 1), CALENDAR, count=1)[0].day == date(2026, 2, 13)


def test_a_date_moved_into_the_past_is_not_listed(commune, head):
    backward = _schedule(commune, head, day_of_month=18, day_off_rule="previous_working_day")
    assert services.next_dates(backward, date(2026, 2, 14), CALENDAR, count=1)[0].day == date(2026, 3, 18)


def test_every_thursday_morning(commune, head):
    schedule = _schedule(commune, head, recurrence="weekly", day_of_month=None, weekday=3)
    days = [each.day for each in services.next_dates(schedule, date(2026, 2, 9), CALENDAR, count=3)]
    assert days == [date(2026, 2, 12), date(2026, 2, 23), date(2026, 2, 26)]  # Thursday 19/02 is Tết


def test_the_31st_in_a_short_month_is_its_last_day(commune, head):
    schedule = _schedule(commune, head, day_of_month=31)
    days = [each.day for each in services.next_dates(schedule, date(2026, 4, 1), CALENDAR, count=3)]
    # 30/04 and 01/05 are holidays and 02-03/05 a weekend; 31/05/2026 is a Sunday.
    assert days == [date(2026, 5, 4), date(2026, 6, 1), date(2026, 6, 30)]


def test_times_are_vietnams(commune, head):
    first = services.next_dates(_schedule(commune, head), date(2026, 4, 1), CALENDAR, count=1)[0]
    assert first.starts_at.isoformat() == "2026-04-15T00:30:00+00:00"


def test_only_the_head_publishes(commune, create_user):
    with pytest.raises(NotAllowed):
        _schedule(commune, create_user(role=Role.handler, unit=commune))


def test_a_schedule_needs_its_day_times_place_and_receiver(commune, head):
    with pytest.raises(InvalidFields) as refused:
        _schedule(commune, head, day_of_month=32, starts=time(11), ends=time(10), place="", receiver="x" * 201,
                  day_off_rule="sometimes")
    assert {each.field for each in refused.value.errors} == {"day_of_month", "ends", "place", "receiver",
                                                             "day_off_rule"}
    with pytest.raises(InvalidFields) as refused:
        _schedule(commune, head, recurrence="weekly", weekday=9)
    assert {each.field for each in refused.value.errors} == {"weekday"}


def test_withdrawn_schedules_are_not_listed(commune, head):
    schedule = _schedule(commune, head)
    services.withdraw_schedule(schedule, head)
    assert services.schedules_of(commune) == []
