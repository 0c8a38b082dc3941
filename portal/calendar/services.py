"""Days an administrator declares off or working, the year as the public calendar shows it, and the calculator."""

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import is_site_admin
from portal.accounts.models import User
from portal.core.audit import record_about
from portal.core.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    CalendarDay,
    Count,
    DayKind,
    Period,
    WorkingCalendar,
    load_calendar,
)
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _, _l, show_date
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.periods.services import move_deadlines_for_day

MAX_NOTE_LENGTH = 200
MAX_PERIOD_DAYS = 365

# Messages the calendar's forms show too: written here once.
NOTE_MISSING = _l("Enter the reason, for example the decision that moves the day.")
NOTE_TOO_LONG = _l("Enter a reason of at most %(count)d characters.", count=MAX_NOTE_LENGTH)
DAY_KIND_MISSING = _l("Choose whether the day is off or a working day.")
DAYS_OUT_OF_RANGE = _l("Enter a number from 1 to %(count)d.", count=MAX_PERIOD_DAYS)


# Shaped like core.calendar's PeriodUnit and Period by chance: where a special day comes from, not how to count.
class DaySource(enum.StrEnum):
    law = "law"
    declared = "declared"


@dataclass(frozen=True)
class SpecialDay:
    """A day of the public calendar that is not an ordinary weekday or weekend day."""

    day: date
    name: str
    is_working_day: bool
    source: DaySource
    declared: CalendarDay | None = None
    law_name: str | None = None  # what the law made of a day the administrator then declared otherwise


def may_change_calendar(user: User) -> bool:
    """The calendar moves every deadline of every unit, so only a whole-site administrator changes it."""
    return is_site_admin(user, whole_site=True)


def _check_may_change(actor: User) -> None:
    if not may_change_calendar(actor):
        raise NotAllowed(_("Only an administrator of the whole site may change the working-day calendar."))


def _check_day(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput(
            _(
                "Enter a date from %(first)s to %(last)s.",
                first=show_date(date(FIRST_YEAR, 1, 1)),
                last=show_date(date(LAST_YEAR, 12, 31)),
            )
        )


def declare_day(actor: User, day: date, kind: DayKind, note: str, *, now: datetime | None = None) -> CalendarDay:
    """The government moves days every year; an administrator records each move here.

    Declaring what the law already says is refused: it is usually the wrong date typed.
    """
    _check_may_change(actor)
    note = (note or "").strip()
    if not note:
        raise InvalidInput(NOTE_MISSING)
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(NOTE_TOO_LONG)
    kind = enum_choice(DayKind, kind, DAY_KIND_MISSING)
    _check_day(day)
    if db.session.scalar(select(CalendarDay.id).where(CalendarDay.day == day)) is not None:
        raise InvalidInput(
            _("%(date)s has already been declared. Cancel that declaration first to change it.", date=show_date(day))
        )
    if WorkingCalendar().is_working_day(day) == (kind == DayKind.working_day):
        if kind == DayKind.working_day:
            raise InvalidInput(_("%(date)s is already a working day. Check the date.", date=show_date(day)))
        raise InvalidInput(_("%(date)s is already a day off. Check the date.", date=show_date(day)))
    calendar_day = CalendarDay(day=day, kind=kind, note=note, created_by_id=actor.id, created_at=now or utcnow())
    db.session.add(calendar_day)
    db.session.flush()
    moved = move_deadlines_for_day(day, kind.value, note, now=now or utcnow())
    record_about(
        calendar_day, "calendar.day_declared", "calendar_day", actor=actor,
        details={"day": day.isoformat(), "kind": kind.value, "note": note, "cases_moved": len(moved)}, now=now,
    )
    return calendar_day



def cancel_day(actor: User, calendar_day_id: int, *, now: datetime | None = None) -> date:
    """The row goes, the law's own rule for that day comes back; the audit event keeps what was declared.

    Returns the day, so the caller can show its year.
    """
    _check_may_change(actor)
    calendar_day = db.session.get(CalendarDay, calendar_day_id)
    if calendar_day is None:
        raise NotFound(_("This declared day no longer exists. It may have been cancelled already."))
    record_about(
        calendar_day, "calendar.day_cancelled", "calendar_day", actor=actor,
        details={"day": calendar_day.day.isoformat(), "kind": calendar_day.kind.value, "note": calendar_day.note},
        now=now,
    )
    day = calendar_day.day
    note = calendar_day.note
    db.session.delete(calendar_day)
    db.session.flush()
    move_deadlines_for_day(day, "cancelled", note, now=now or utcnow())
    return day


def year_overview(year: int, language: str) -> list[SpecialDay]:
    """Every public holiday, make-up working day and declared day of a year, in date order."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(
            _(
                "The calendar covers the years %(first)d to %(last)d. Choose a year in that range.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
    law = WorkingCalendar(language=language)
    found = {day: SpecialDay(day, name, False, DaySource.law) for day, name in law.public_holidays(year).items()}
    for day in law.makeup_working_days(year):
        found[day] = SpecialDay(day, _("Make-up working day"), True, DaySource.law)
    declared = db.session.scalars(
        select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    )
    for calendar_day in declared:
        replaced = found.get(calendar_day.day)
        found[calendar_day.day] = SpecialDay(
            calendar_day.day,
            calendar_day.note,
            calendar_day.kind == DayKind.working_day,
            DaySource.declared,
            declared=calendar_day,
            law_name=replaced.name if replaced else None,
        )
    return sorted(found.values(), key=lambda special: special.day)


def count_period(start: date, period: Period, language: str) -> Count:
    """A period counted as the calculator shows and explains it: refused rather than wrong outside the known
    years."""
    _check_day(start)
    if not 1 <= period.amount <= MAX_PERIOD_DAYS:
        raise InvalidInput(DAYS_OUT_OF_RANGE)
    count = load_calendar(language).count(start, period)
    if count.end.year > LAST_YEAR:
        raise InvalidInput(
            _(
                "This period would end after %(year)d, beyond the holidays the calendar knows. Enter an earlier date.",
                year=LAST_YEAR,
            )
        )
    return count
