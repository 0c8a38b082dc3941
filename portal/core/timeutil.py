"""The one clock of the portal: timezone-aware UTC, and the local date people live in."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam at that moment: deadlines count in local days."""
    return moment.astimezone(LOCAL_TZ).date()


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything the portal stores is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
