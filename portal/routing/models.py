from datetime import datetime

from sqlalchemy import Enum, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.cases.models import CaseField, CaseKind
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


class RoutingRule(db.Model):
    """Which unit handles a kind of case in a field, for places inside an area. Empty columns match anything;
    the most specific matching rule wins (services.route)."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CaseKind | None] = mapped_column(Enum(CaseKind, native_enum=False, length=32))
    field: Mapped[CaseField | None] = mapped_column(Enum(CaseField, native_enum=False, length=32))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    area: Mapped[Unit | None] = relationship(foreign_keys=[area_id])
    target: Mapped[Unit] = relationship(foreign_keys=[target_id])
