from datetime import date

import pytest

from portal.accounts.models import Role
from portal.calendar import services
from portal.core.calendar import DayKind, load_calendar
from portal.core.errors import InvalidInput, NotAllowed


def test_declared_days_change_every_deadline_after(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    services.declare_day(admin, date(2026, 3, 9), DayKind.day_off, "Quyết định nghỉ bù")
    assert load_calendar().add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)


def test_a_day_is_declared_once_and_can_be_cancelled(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    declared = services.declare_day(admin, date(2026, 3, 7), DayKind.working_day, "Làm bù")
    with pytest.raises(InvalidInput):
        services.declare_day(admin, date(2026, 3, 7), DayKind.day_off, "Again")
    services.cancel_day(admin, declared.id)
    assert not load_calendar().is_working_day(date(2026, 3, 7))


@pytest.mark.parametrize(
    ("day", "note"), [(date(2026, 3, 7), ""), (date(2026, 3, 7), "x" * 201), (date(1800, 1, 1), "x")]
)
def test_invalid_declarations_are_refused(create_user, day, note):
    admin = create_user(role=Role.site_admin, unit=None)
    with pytest.raises(InvalidInput):
        services.declare_day(admin, day, DayKind.day_off, note)


def test_only_a_whole_site_admin_changes_the_calendar(create_user):
    with pytest.raises(NotAllowed):
        services.declare_day(create_user(role=Role.unit_head), date(2026, 3, 9), DayKind.day_off, "x")


def test_year_overview_lists_holidays_makeup_and_declared_days(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    services.declare_day(admin, date(2026, 12, 31), DayKind.day_off, "Nghỉ cuối năm")
    days = {special.day: special for special in services.year_overview(2026, "vi")}
    assert not days[date(2026, 2, 17)].is_working_day
    assert days[date(2026, 8, 22)].is_working_day
    assert days[date(2026, 12, 31)].name == "Nghỉ cuối năm" and days[date(2026, 12, 31)].declared
