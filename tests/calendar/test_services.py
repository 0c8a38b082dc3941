from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.calendar import services
from portal.calendar.services import DaySource
from portal.core.audit import AuditEvent
from portal.core.calendar import CalendarDay, DayKind, Period, PeriodUnit, load_calendar
from portal.core.errors import InvalidInput, NotAllowed, NotFound

NOW = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


# Rows an administrator declared; the migration seeds the Government's swaps the `holidays` package lacks.
DECLARED = select(CalendarDay).where(CalendarDay.created_by_id.is_not(None))
pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)


def _events(db_session, action):
    return db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_declared_day_off_shifts_every_deadline_after(admin, db_session):
    declared = services.declare_day(admin, date(2026, 3, 9), DayKind.day_off, "Quyết định nghỉ bù", now=NOW)
    assert load_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)
    [event] = _events(db_session, "calendar.day_declared")
    assert (event.actor_id, event.subject_id) == (admin.id, str(declared.id))
    assert event.details == {"day": "2026-03-09", "kind": "day_off", "note": "Quyết định nghỉ bù", "cases_moved": 0}
    assert declared.created_by_id == admin.id


def test_a_declared_make_up_working_day_counts(admin):
    services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Làm bù cho ngày 09/03", now=NOW)
    assert load_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)


def test_a_day_is_declared_once(admin):
    services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Làm bù", now=NOW)
    with pytest.raises(InvalidInput, match="07/03/2026 has already been declared"):
        services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Again", now=NOW)


def test_cancelling_brings_the_laws_rule_back_and_is_recorded(admin, db_session):
    declared = services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Làm bù", now=NOW)
    assert services.cancel_day(admin, declared.id, now=NOW) == date(2026, 3, 7)
    assert not load_calendar().is_working_day(date(2026, 3, 7))
    assert db_session.scalar(DECLARED) is None
    [event] = _events(db_session, "calendar.day_cancelled")
    assert event.details == {"day": "2026-03-07", "kind": "working_day", "note": "Làm bù"}
    with pytest.raises(NotFound):
        services.cancel_day(admin, declared.id, now=NOW)


@pytest.mark.parametrize(
    ("day", "kind", "note", "message"),
    [
        (date(2026, 3, 9), DayKind.day_off, "", "Enter the reason"),
        (date(2026, 3, 9), DayKind.day_off, "   ", "Enter the reason"),
        (date(2026, 3, 9), DayKind.day_off, "x" * 201, "at most 200 characters"),
        (date(2026, 3, 9), DayKind.day_off, "x" * 100_000, "at most 200 characters"),
        (date(2026, 3, 9), "holiday", "x", "Choose whether the day is off"),
        (date(1989, 12, 29), DayKind.day_off, "x", "from 01/01/1990 to 31/12/2100"),
        (date(2101, 1, 3), DayKind.day_off, "x", "from 01/01/1990 to 31/12/2100"),
        (date(2026, 3, 8), DayKind.day_off, "Chủ nhật", "already a day off"),
        (date(2026, 2, 17), DayKind.day_off, "Tết", "already a day off"),
        (date(2026, 8, 22), DayKind.working_day, "Làm bù", "already a working day"),
        (date(2026, 3, 9), DayKind.working_day, "Thứ hai", "already a working day"),
    ],
)
def test_invalid_declarations_are_refused(admin, db_session, day, kind, note, message):
    with pytest.raises(InvalidInput, match=message):
        services.declare_day(admin, day, kind, note, now=NOW)
    assert db_session.scalar(DECLARED) is None


def test_a_note_of_exactly_200_characters_and_a_string_kind_are_accepted(admin):
    declared = services.declare_day(admin, date(2026, 3, 9), "day_off", "x" * 200, now=NOW)
    assert declared.kind == DayKind.day_off


@pytest.mark.parametrize("role", [Role.handler, Role.unit_head, Role.unit_admin, Role.site_admin])
def test_only_a_whole_site_admin_changes_the_calendar(create_user, admin, role):
    official = create_user(role=role)
    declared = services.declare_day(admin, date(2026, 3, 9), DayKind.day_off, "x", now=NOW)
    with pytest.raises(NotAllowed):
        services.declare_day(official, date(2026, 3, 10), DayKind.day_off, "x", now=NOW)
    with pytest.raises(NotAllowed):
        services.cancel_day(official, declared.id, now=NOW)
    assert not services.may_change_calendar(official)
    assert services.may_change_calendar(admin)


def test_year_overview_lists_holidays_make_up_days_and_declared_days(admin):
    services.declare_day(admin, date(2026, 12, 31), DayKind.day_off, "Nghỉ cuối năm", now=NOW)
    services.declare_day(admin, date(2026, 2, 20), DayKind.working_day, "Làm việc mùng bốn Tết", now=NOW)
    overview = services.year_overview(2026, "vi")
    assert [special.day for special in overview] == sorted(special.day for special in overview)
    days = {special.day: special for special in overview}
    tet = days[date(2026, 2, 17)]
    assert (tet.name, tet.is_working_day, tet.source) == ("Tết Nguyên Đán", False, DaySource.law)
    make_up = days[date(2026, 8, 22)]
    assert (make_up.is_working_day, make_up.source) == (True, DaySource.law)
    assert not days[date(2026, 8, 31)].is_working_day
    end_of_year = days[date(2026, 12, 31)]
    assert (end_of_year.name, end_of_year.is_working_day, end_of_year.source) == (
        "Nghỉ cuối năm",
        False,
        DaySource.declared,
    )
    assert end_of_year.declared is not None and end_of_year.law_name is None
    moved = days[date(2026, 2, 20)]
    assert moved.is_working_day and moved.law_name == "Mùng bốn Tết Nguyên Đán"
    assert date(2026, 3, 9) not in days and date(2026, 3, 8) not in days


def test_year_overview_names_holidays_in_english():
    days = {special.day: special.name for special in services.year_overview(2026, "en")}
    assert days[date(2026, 9, 2)] == "National Day"


def test_year_overview_shows_only_that_years_declared_days(admin):
    services.declare_day(admin, date(2027, 1, 4), DayKind.day_off, "Nghỉ", now=NOW)
    assert date(2027, 1, 4) not in {special.day for special in services.year_overview(2026, "vi")}
    assert date(2027, 1, 4) in {special.day for special in services.year_overview(2027, "vi")}


@pytest.mark.parametrize("year", [1989, 2101, 0, -5, 99999])
def test_year_overview_outside_the_known_years_is_not_found(year):
    with pytest.raises(NotFound):
        services.year_overview(year, "vi")


@pytest.mark.parametrize("year", [1990, 2100])
def test_year_overview_at_the_edges_of_the_known_years(year):
    assert services.year_overview(year, "vi")


def test_count_period_counts_with_the_declared_days(admin):
    period = Period(1, PeriodUnit.working_days)
    assert services.count_period(date(2026, 3, 6), period, "vi").end == date(2026, 3, 9)
    services.declare_day(admin, date(2026, 3, 9), DayKind.day_off, "Nghỉ", now=NOW)
    assert services.count_period(date(2026, 3, 6), period, "vi").end == date(2026, 3, 10)


def test_count_period_across_tet():
    assert services.count_period(date(2026, 2, 13), Period(10, PeriodUnit.working_days), "vi").end == date(2026, 3, 6)
    assert services.count_period(date(2026, 2, 6), Period(10, PeriodUnit.calendar_days), "vi").end == date(2026, 2, 23)


@pytest.mark.parametrize(
    ("start", "amount", "message"),
    [
        (date(1989, 12, 31), 1, "from 01/01/1990"),
        (date(2101, 1, 1), 1, "from 01/01/1990"),
        (date(2100, 12, 1), 60, "would end after 2100"),
        (date(2026, 3, 3), 0, "from 1 to 365"),
        (date(2026, 3, 3), 366, "from 1 to 365"),
        (date(2026, 3, 3), -1, "from 1 to 365"),
    ],
)
def test_count_period_refuses_what_it_cannot_answer(start, amount, message):
    with pytest.raises(InvalidInput, match=message):
        services.count_period(start, Period(amount, PeriodUnit.working_days), "vi")
