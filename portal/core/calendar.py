"""The working-day calendar that every deadline is computed with.

Rules (Civil Code 2015 Art. 145-148; Labour Code 2019 Art. 111-112): a period starts the
day after the event; "working days" skip Saturdays, Sundays and public holidays; a period
in calendar days that ends on a day off ends on the next working day. An extension or the
days a paused clock gives back lengthen the period itself: the roll to the next working day
applies once, to the last day of the period as lengthened (`WorkingCalendar.count`). Public holidays,
Tết included, and the government's make-up Saturdays come from the `holidays` package;
an administrator declares further days off or make-up working days (CalendarDay), which
win over the package.
"""

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays
from sqlalchemy import Date, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.cache import Cached
from portal.core.enums import TitledEnum
from portal.core.i18n import _l
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db

# The lunar tables of `holidays` end with 2100: after it the package knows no Tết, not
# even New Year's Day, so no date outside these years is shown or computed for people.
FIRST_YEAR, LAST_YEAR = 1990, 2100
_SEARCH_LIMIT_DAYS = 3660
_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


class DayKind(enum.StrEnum):
    day_off = "day_off"
    working_day = "working_day"


class CalendarDay(db.Model):
    """A day an administrator declared off, or declared a make-up working day."""

    __tablename__ = "calendar_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[DayKind] = mapped_column(Enum(DayKind, native_enum=False, length=16))
    note: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# These value types look like others here and elsewhere (dispatch's Step, search's Entry) only as rows of fields.
class PeriodUnit(TitledEnum):
    working_days = "working_days", _l("working days")
    calendar_days = "calendar_days", _l("days (calendar days)")


@dataclass(frozen=True)
class Period:
    """A legal period: "10 working days", "30 days"."""

    amount: int
    unit: PeriodUnit


class LengtheningKind(enum.StrEnum):
    extension = "extension"
    pause = "pause"


@dataclass(frozen=True)
class Lengthening:
    """Days added to a period: an extension decided on `on`, or the days a clock paused from `on` to `resumed_on`."""

    kind: LengtheningKind
    amount: int
    unit: PeriodUnit
    on: date
    resumed_on: date | None = None


@dataclass(frozen=True)
class DaysOff:
    """Consecutive days off that share a name ("16-20/02: Tết"); the name is empty for a plain weekend."""

    first: date
    last: date
    name: str


@dataclass(frozen=True)
class Count:
    """A period counted the law's way, with everything needed to explain it to the person it binds."""

    start: date
    period: Period
    lengthenings: tuple[Lengthening, ...]
    last_day: date  # the last day of the period as lengthened, before any roll to a working day
    end: date
    skipped: tuple[DaysOff, ...]  # named days off a working-day count passed over
    rolled_over: tuple[DaysOff, ...]  # the days off the last day fell on, which moved the end

    @property
    def first_day(self) -> date:
        return self.start + timedelta(days=1)

    @property
    def is_rolled(self) -> bool:
        return self.end != self.last_day


_TET_NAMES = ("Tết Nguyên Đán", "Lunar New Year")


def _short_name(name: str) -> str:
    """Tết's five days carry five names in the package; people call them all Tết."""
    return "Tết" if any(part in name for part in _TET_NAMES) else name


def _check_amount(amount: int) -> None:
    if amount < 0:
        raise ValueError("a period cannot be negative")


class WorkingCalendar:
    """Answers working-day questions for Vietnam, with an administrator's overrides on top.

    `language` only chooses the language of holiday names ("vi", or English for anything else).
    """

    def __init__(
        self, overrides: dict[date, DayKind] | None = None, language: str = "vi", notes: dict[date, str] | None = None
    ):
        self._overrides = dict(overrides or {})
        self._notes = dict(notes or {})
        self._language = "vi" if language == "vi" else "en_US"
        self._holidays = holidays.country_holidays("VN", language=self._language)

    def is_working_day(self, day: date) -> bool:
        override = self._overrides.get(day)
        if override is not None:
            return override == DayKind.working_day
        return self._holidays.is_working_day(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        candidate = day
        for _ in range(_SEARCH_LIMIT_DAYS):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError("no working day within ten years")

    def add_working_days(self, start: date, amount: int) -> date:
        """The last day of a period of `amount` working days that begins the day after `start`.

        Zero days is `start` itself: nothing has been counted yet.
        """
        _check_amount(amount)
        day = start
        for _ in range(amount):
            day = self.next_working_day(day)
        return day

    def add_calendar_days(self, start: date, amount: int) -> date:
        """The last day of a period of `amount` calendar days after `start`, moved off a day off."""
        _check_amount(amount)
        end = start + timedelta(days=amount)
        if amount == 0 or self.is_working_day(end):
            return end
        return self.next_working_day(end)

    def deadline(self, start: date, period: Period) -> date:
        if period.unit == PeriodUnit.working_days:
            return self.add_working_days(start, period.amount)
        return self.add_calendar_days(start, period.amount)

    def count(self, start: date, period: Period, lengthenings: tuple[Lengthening, ...] = ()) -> Count:
        """The period counted from the day after `start`, lengthened by each extension and pause in turn.

        Working days are counted on from the last day so far; calendar days are added to it unrolled, so only the
        last day of the whole period moves off a day off (a complex complaint accepted 16/01/2026 has 30 + 15 days
        to 02/03/2026, not 30 days rolled past Tết to 23/02 and then 15 more).
        """
        last_day = start
        for amount, unit in ((period.amount, period.unit), *((item.amount, item.unit) for item in lengthenings)):
            _check_amount(amount)
            if unit == PeriodUnit.working_days:
                last_day = self.add_working_days(last_day, amount)
            else:
                last_day += timedelta(days=amount)
        end = last_day
        if last_day != start and not self.is_working_day(last_day):
            end = self.next_working_day(last_day)
        counted_in_working_days = period.unit == PeriodUnit.working_days
        return Count(
            start=start,
            period=period,
            lengthenings=tuple(lengthenings),
            last_day=last_day,
            end=end,
            skipped=self.days_off(start + timedelta(days=1), last_day, named_only=True) if counted_in_working_days
            else (),
            rolled_over=self.days_off(last_day, end - timedelta(days=1)),
        )

    def day_off_name(self, day: date) -> str:
        """Why a day is off: the administrator's note, the holiday's name, or "" for a plain weekend."""
        if self._overrides.get(day) == DayKind.day_off:
            return self._notes.get(day, "")
        name = self._holidays.get(day)
        return _US_DATE.sub(r"\2/\1/\3", name) if name and self._language != "vi" else (name or "")

    def days_off(self, first: date, last: date, *, named_only: bool = False) -> tuple[DaysOff, ...]:
        """The days off from `first` to `last`, consecutive days of one name together."""
        ranges: list[DaysOff] = []
        day = first
        while day <= last:
            if not self.is_working_day(day):
                name = _short_name(self.day_off_name(day))
                if name or not named_only:
                    previous = ranges[-1] if ranges else None
                    if previous and previous.name == name and previous.last == day - timedelta(days=1):
                        ranges[-1] = DaysOff(previous.first, day, name)
                    else:
                        ranges.append(DaysOff(day, day, name))
            day += timedelta(days=1)
        return tuple(ranges)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative (counted the same way back) when earlier.

        So `working_days_between(a, add_working_days(a, n)) == n`, and "-2" reads as two working days overdue.
        """
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
        return sign * sum(1 for day in days if self.is_working_day(day))

    def public_holidays(self, year: int) -> dict[date, str]:
        """The law's days off in a year with their names, including days given in compensation.

        The package's English names write dates the American way ("substituted from 08/22/2026");
        they are turned into dd/mm/yyyy like every other date the portal shows.
        """
        names = holidays.country_holidays("VN", years=year, language=self._language)
        if self._language != "vi":
            return {day: _US_DATE.sub(r"\2/\1/\3", name) for day, name in sorted(names.items())}
        return dict(sorted(names.items()))

    def makeup_working_days(self, year: int) -> list[date]:
        """The Saturdays or Sundays the government made working days, in exchange for a day off elsewhere."""
        year_holidays = holidays.country_holidays("VN", years=year)
        return sorted(day for day in year_holidays.weekend_workdays if day.year == year)


def _build_calendar(language: str) -> WorkingCalendar:
    rows = db.session.execute(db.select(CalendarDay.day, CalendarDay.kind, CalendarDay.note)).all()
    return WorkingCalendar(
        {row.day: row.kind for row in rows}, language=language, notes={row.day: row.note for row in rows}
    )


# Building it costs a query and the package's holiday tables; it changes only when an administrator declares or
# cancels a day (portal.calendar.services), which drops it on every worker.
calendar_cache = Cached("working_calendar", _build_calendar, models=[CalendarDay])


def load_calendar(language: str = "vi") -> WorkingCalendar:
    """The calendar with every administrator's declared day from the database, shared by the process's requests."""
    return calendar_cache.get("vi" if language == "vi" else "en")
