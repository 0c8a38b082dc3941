"""The citizen reception schedule: a unit's rule ("the 15th of each month", "every Thursday morning") turned into
the next dates, each moved off a day off the way the unit's rule says (Law 42/2013 Art. 12, 15: the head receives
citizens on a published schedule)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core import audit
from portal.core.calendar import LAST_YEAR, WorkingCalendar
from portal.core.enums import enum_choice
from portal.core.errors import NotAllowed, NotFound, Objections
from portal.core.i18n import _
from portal.core.text import checked_text
from portal.core.timeutil import LOCAL_TZ, utcnow
from portal.extensions import db
from portal.reception.models import DayOffRule, ReceptionSchedule, Recurrence
from portal.units.models import Unit

MAX_PLACE, MAX_RECEIVER = 300, 200
KEEPERS = {Role.unit_head, Role.unit_admin}


def check_may_publish_schedule(actor: User, unit: Unit) -> None:
    """The head of the unit (or its administrator) publishes when the unit receives citizens."""
    if not has_role(actor, unit, KEEPERS):
        raise NotAllowed(_("Only the head or the administrator of the unit may publish its reception schedule."))


@dataclass(frozen=True)
class NewSchedule:
    recurrence: str
    day_of_month: int | None
    weekday: int | None
    starts: time | None
    ends: time | None
    place: str
    receiver: str
    day_off_rule: str


def publish_schedule(unit: Unit, data: NewSchedule, actor: User, *, now: datetime | None = None) -> ReceptionSchedule:
    now = now or utcnow()
    check_may_publish_schedule(actor, unit)
    objections = Objections()
    recurrence = objections.check(enum_choice, Recurrence, data.recurrence,
                                  _("Choose how often citizens are received."), "recurrence")
    rule = objections.check(enum_choice, DayOffRule, data.day_off_rule,
                            _("Choose what happens when the day is a day off."), "day_off_rule")
    if recurrence == Recurrence.monthly and not (data.day_of_month and 1 <= data.day_of_month <= 31):
        objections.add(_("Enter the day of the month, from 1 to 31."), field="day_of_month")
    if recurrence == Recurrence.weekly and (data.weekday is None or not 0 <= data.weekday <= 6):
        objections.add(_("Choose the day of the week."), field="weekday")
    if data.starts is None or data.ends is None:
        objections.add(_("Enter the start and end times."), field="starts")
    elif data.ends <= data.starts:
        objections.add(_("Enter an end time after the start time."), field="ends")
    texts = {}
    for name, value, limit, empty in (("place", data.place, MAX_PLACE, _("Enter where citizens are received.")),
                                      ("receiver", data.receiver, MAX_RECEIVER, _("Enter who receives citizens."))):
        texts[name] = objections.check(checked_text, value, limit, empty,
                                       _("Enter at most %(count)d characters.", count=limit), field=name)
    objections.raise_if_any()
    schedule = ReceptionSchedule(
        unit=unit, recurrence=recurrence, day_of_month=data.day_of_month if recurrence == Recurrence.monthly else None,
        weekday=data.weekday if recurrence == Recurrence.weekly else None, starts_at=data.starts, ends_at=data.ends,
        place=texts["place"], receiver=texts["receiver"], day_off_rule=rule, created_by_id=actor.id, created_at=now,
    )
    db.session.add(schedule)
    db.session.flush()
    audit.record("reception.schedule_published", actor=actor, subject_type="reception_schedule",
                 subject_id=schedule.id, unit_id=unit.id, now=now)
    return schedule


def withdraw_schedule(schedule: ReceptionSchedule, actor: User, *, now: datetime | None = None) -> None:
    now = now or utcnow()
    check_may_publish_schedule(actor, schedule.unit)
    schedule.is_active = False
    audit.record("reception.schedule_withdrawn", actor=actor, subject_type="reception_schedule",
                 subject_id=schedule.id, unit_id=schedule.unit_id, now=now)


def schedules_of(unit: Unit) -> list[ReceptionSchedule]:
    return list(db.session.scalars(
        select(ReceptionSchedule)
        .where(ReceptionSchedule.unit_id == unit.id, ReceptionSchedule.is_active.is_(True))
        .order_by(ReceptionSchedule.id)
    ))


def get_schedule(schedule_id: int) -> ReceptionSchedule:
    schedule = db.session.get(ReceptionSchedule, schedule_id)
    if schedule is None or not schedule.is_active:
        raise NotFound(_("There is no reception schedule with this number."))
    return schedule


@dataclass(frozen=True)
class ReceptionDate:
    day: date
    ruled_day: date  # the day the rule gives, before any move off a day off
    moved_because: str  # the day off's name, or "" for a weekend or when not moved
    starts_at: datetime
    ends_at: datetime

    @property
    def is_moved(self) -> bool:
        return self.day != self.ruled_day


def _ruled_days(schedule: ReceptionSchedule, first: date):
    """The days the rule names from `first` on; a month too short for the day gives its last day."""
    if schedule.recurrence == Recurrence.weekly:
        day = first + timedelta(days=(schedule.weekday - first.weekday()) % 7)
        while day.year <= LAST_YEAR:
            yield day
            day += timedelta(weeks=1)
        return
    year, month = first.year, first.month
    while year <= LAST_YEAR:
        following = date(year + month // 12, month % 12 + 1, 1)
        yield min(date(year, month, 1) + timedelta(days=schedule.day_of_month - 1), following - timedelta(days=1))
        year, month = following.year, following.month


def _previous_working_day(calendar: WorkingCalendar, day: date) -> date:
    candidate = day - timedelta(days=1)
    while not calendar.is_working_day(candidate):
        candidate -= timedelta(days=1)
    return candidate


def next_dates(schedule: ReceptionSchedule, today: date, calendar: WorkingCalendar, count: int = 6) -> list:
    """The next `count` reception days from today on, each a working day: a ruled day that is a day off (Tết, a
    weekend) moves to the next or the previous working day, as the unit's rule says. A day moved before today,
    or onto a day already listed, is left out."""
    found: dict[date, ReceptionDate] = {}
    for ruled in _ruled_days(schedule, today - timedelta(days=31)):
        day = ruled
        if not calendar.is_working_day(ruled):
            day = (calendar.next_working_day(ruled) if schedule.day_off_rule == DayOffRule.next_working_day
                   else _previous_working_day(calendar, ruled))
        if day < today or day in found:
            continue
        reason = calendar.day_off_name(ruled) if day != ruled else ""
        found[day] = ReceptionDate(
            day, ruled, reason,
            datetime.combine(day, schedule.starts_at, tzinfo=LOCAL_TZ).astimezone(UTC),
            datetime.combine(day, schedule.ends_at, tzinfo=LOCAL_TZ).astimezone(UTC),
        )
        if len(found) >= count:
            break
    return sorted(found.values(), key=lambda each: each.day)
