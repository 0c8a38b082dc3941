"""The one clock of the portal: timezone-aware UTC, and the local date people live in."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam at that moment: deadlines count in local days."""
    return moment.astimezone(LOCAL_TZ).date()


def local_today() -> date:
    """Today's date in Vietnam: what a status "as of today" is reckoned on."""
    return local_date(utcnow())


def start_of_local_day(day: date) -> datetime:
    """00:00 of that day in Vietnam, as a UTC moment: the bound every day, year and quarter filter compares with."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ).astimezone(UTC)


def end_of_local_day(day: date) -> datetime:
    """24:00 of that day in Vietnam (00:00 of the next), as a UTC moment: a period ends there, exclusive."""
    return start_of_local_day(day + timedelta(days=1))
