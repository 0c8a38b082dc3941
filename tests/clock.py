"""Pinning the clock: tests about days run at the hours where Vietnam's date and UTC's differ, and never sleep.

Vietnam is UTC+7: from 00:00 to 07:00 local time the UTC date is still the day before, and at 23:30 local the UTC
date is the same day. A date taken from the wrong clock shows in one of those hours.
"""

import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

import time_machine

from portal.core.timeutil import LOCAL_TZ

# Hours of the Vietnamese day a date-sensitive test runs at: just after local midnight, the last hour before UTC's
# midnight, UTC's midnight, noon and just before local midnight.
VIETNAM_HOURS = ("00:30", "06:59", "07:00", "12:00", "23:30")

# RFC 3339 (Atom, RFC 4287 §3.3) and OpenAPI's date-time: a time with seconds and an offset or Z, never without.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def vietnam_time(day: date, hhmm: str) -> datetime:
    """That wall-clock time of that day in Vietnam, as a UTC moment."""
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=LOCAL_TZ).astimezone(UTC)


@contextmanager
def pinned(moment: datetime, *, tick: bool = False):
    """The process's clock reads `moment` inside the block (and moves on from it when tick is true)."""
    with time_machine.travel(moment, tick=tick) as traveller:
        yield traveller
