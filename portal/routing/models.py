from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


class EscalationUnit(db.Model):
    """The unit of a province that receives the cases no official of the responsible unit can act on.

    Since July 2025 a province decides which of its bodies takes over what a district did, so this is data an
    administrator sets, one unit per province.
    """

    __tablename__ = "escalation_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("units.id"), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    province: Mapped[Unit] = relationship(foreign_keys=[province_id])
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
