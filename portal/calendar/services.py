"""Days an administrator declares off or working, and the year as the public calendar shows it."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal.accounts.access import is_site_admin
from portal.accounts.models import User
from portal.core import audit
from portal.core.calendar import CalendarDay, DayKind, load_calendar
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db

MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class SpecialDay:
    day: date
    name: str
    is_working_day: bool
    declared: CalendarDay | None = None


def _check_admin(actor: User) -> None:
    if not is_site_admin(actor, whole_site=True):
        raise NotAllowed(_("Only a site administrator may change the working-day calendar."))


def declare_day(actor: User, day: date, kind: DayKind, note: str, *, now: datetime | None = None) -> CalendarDay:
    """The government moves days every year; an administrator records each move here."""
    _check_admin(actor)
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Enter the reason, for example the decision that moves the day."))
    if len(note) > 200:
        raise InvalidInput(_("Enter a reason of at most 200 characters."))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(_("Enter a date between 1990 and 2100."))
    if db.session.scalar(select(CalendarDay).where(CalendarDay.day == day)) is not None:
        raise InvalidInput(_("This day has already been declared. Cancel it first to change it."))
    calendar_day = CalendarDay(day=day, kind=kind, note=note, created_by_id=actor.id, created_at=now or utcnow())
    db.session.add(calendar_day)
    db.session.flush()
    audit.record(
        "calendar.day_declared",
        actor=actor,
        subject_type="calendar_day",
        subject_id=calendar_day.id,
        details={"day": day.isoformat(), "kind": kind.value, "note": note},
        now=now,
    )
    return calendar_day


def cancel_day(actor: User, calendar_day_id: int, *, now: datetime | None = None) -> None:
    _check_admin(actor)
    calendar_day = db.session.get(CalendarDay, calendar_day_id)
    if calendar_day is None:
        raise NotFound(_("This declared day no longer exists."))
    audit.record(
        "calendar.day_cancelled",
        actor=actor,
        subject_type="calendar_day",
        subject_id=calendar_day.id,
        details={"day": calendar_day.day.isoformat(), "kind": calendar_day.kind.value, "note": calendar_day.note},
        now=now,
    )
    db.session.delete(calendar_day)
    db.session.flush()


def year_overview(year: int, language: str) -> list[SpecialDay]:
    """Every public holiday, make-up working day and declared day of a year, in date order."""
    calendar = load_calendar(language)
    found: dict[date, SpecialDay] = {}
    for holiday in calendar.days_off(year):
        found[holiday.day] = SpecialDay(holiday.day, holiday.name, calendar.is_working_day(holiday.day))
    for day in calendar.makeup_working_days(year):
        found[day] = SpecialDay(day, _("Make-up working day"), calendar.is_working_day(day))
    declared = db.session.scalars(
        select(CalendarDay).where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    )
    for calendar_day in declared:
        found[calendar_day.day] = SpecialDay(
            calendar_day.day, calendar_day.note, calendar_day.kind == DayKind.working_day, calendar_day
        )
    return sorted(found.values(), key=lambda special: special.day)
