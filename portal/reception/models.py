"""The citizen reception schedule (lịch tiếp công dân, Law 42/2013 on Citizen Reception Art. 12, 15): when and where
a unit's head and officials receive citizens, as a rule that gives dates."""

from datetime import datetime, time

from sqlalchemy import Boolean, Enum, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import TitledEnum
from portal.core.i18n import _l
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


# How a reception schedule repeats, and what a day off does to it: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class Recurrence(TitledEnum):
    monthly = "monthly", _l("A day of each month")
    weekly = "weekly", _l("A day of each week")


class DayOffRule(TitledEnum):
    next_working_day = "next_working_day", _l("Move it to the next working day")
    previous_working_day = "previous_working_day", _l("Move it to the previous working day")


class ReceptionSchedule(db.Model):
    """ "The 15th of each month, at the commune office, the chair" or "every Thursday morning"."""

    __tablename__ = "reception_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    recurrence: Mapped[Recurrence] = mapped_column(Enum(Recurrence, native_enum=False, length=16))
    day_of_month: Mapped[int | None] = mapped_column(Integer)
    weekday: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(300))
    receiver: Mapped[str] = mapped_column(String(200))
    day_off_rule: Mapped[DayOffRule] = mapped_column(Enum(DayOffRule, native_enum=False, length=32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Unit] = relationship()
