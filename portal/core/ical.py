"""iCalendar files (RFC 5545) made with the `icalendar` package: events in Vietnam's time zone, with its VTIMEZONE
so that a calendar application shows the local hour whatever zone the reader's phone is set to."""

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

from portal.core.timeutil import LOCAL_TZ, utcnow

PRODUCT_ID = "-//Grassroots Democracy Portal//portal//VI"
MIME_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""


def calendar_file(name: str, events: list[CalendarEvent], *, now: datetime | None = None) -> bytes:
    """One calendar with its events; every time is written in Asia/Ho_Chi_Minh."""
    now = now or utcnow()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(LOCAL_TZ))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("summary", item.summary)
        event.add("dtstart", item.starts_at.astimezone(LOCAL_TZ))
        event.add("dtend", item.ends_at.astimezone(LOCAL_TZ))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
