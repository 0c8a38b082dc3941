"""The one clock of the portal: timezone-aware UTC, and the local date people live in."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_date(moment: datetime) -> date:
    """The calendar date in Vietnam at that moment: deadlines count in local days."""
    return moment.astimezone(LOCAL_TZ).date()
