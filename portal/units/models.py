import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.enums import TitledEnum
from portal.core.i18n import _l
from portal.core.text import fold
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db


# The kinds of unit and of body: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class UnitKind(TitledEnum):
    province = "province", _l("Province")
    district = "district", _l("District")
    commune = "commune", _l("Commune, ward or special zone")
    village = "village", _l("Village or residential group")
    body = "body", _l("Body or office")


class BodyType(TitledEnum):
    people_council = "people_council", _l("People's Council")
    people_committee = "people_committee", _l("People's Committee")
    office = "office", _l("Office of the People's Committee")
    inspectorate = "inspectorate", _l("Inspectorate")
    fatherland_front = "fatherland_front", _l("Fatherland Front committee")
    people_inspection_board = "people_inspection_board", _l("People's Inspection Board")
    investment_supervision_board = "investment_supervision_board", _l("Community Investment Supervision Board")
    other = "other", _l("Other body")


class UnitSource(enum.StrEnum):
    official_list = "official_list"
    manual = "manual"


class Unit(db.Model):
    """A node of the tree: province, (historical) district, commune, village, or a body inside one.

    `code` is the government code for units imported from the official list, and a
    portal-made code (prefix "X") for historical and custom units.
    """

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[UnitKind] = mapped_column(Enum(UnitKind, native_enum=False, length=16), index=True)
    body_type: Mapped[BodyType | None] = mapped_column(Enum(BodyType, native_enum=False, length=32))
    division_type: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(200))
    search_name: Mapped[str] = mapped_column(String(200), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    source: Mapped[UnitSource] = mapped_column(Enum(UnitSource, native_enum=False, length=16))
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    # Complaints in remote areas with difficult travel have longer periods (Law 02/2011 Art. 28, 37).
    is_remote_area: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The government code a unit had before the 2025 reform, when it is a historical unit of that list: an old code
    # still appears on documents and in other systems, and leads here.
    legacy_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.name")

    __table_args__ = (Index("ix_units_parent_kind", "parent_id", "kind"),)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.search_name = fold(self.name)

    @property
    def is_historical(self) -> bool:
        return self.dissolved_on is not None

    def ancestors(self) -> list["Unit"]:
        """From the parent up to the root."""
        chain = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"


class SuccessionSource(enum.StrEnum):
    library = "library"
    manual = "manual"


class UnitSuccession(db.Model):
    """A unit that took over (all or part of) a dissolved unit on a date.

    A commune split between several new ones has one row per successor; `is_default` marks the one that took most of
    it, where a case goes when nobody says which part it is about. Rows from the library are refreshed by
    re-importing it; an administrator's correction (source manual) replaces them for that unit and is kept.
    """

    __tablename__ = "unit_successions"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    effective_on: Mapped[date] = mapped_column(Date)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[SuccessionSource] = mapped_column(Enum(SuccessionSource, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    predecessor: Mapped[Unit] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Unit] = relationship(foreign_keys=[successor_id])

    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id", name="uq_unit_successions_pair"),)
