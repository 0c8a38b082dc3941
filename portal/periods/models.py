"""Legal periods: the time the law gives each step of each kind of case (and disclosure), kept as dated rows.

A rule is never edited in place (portal.periods.services); which row applies to a case is
portal.periods.deadlines.period_in_force.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.cases.models import CaseKind
from portal.core.calendar import PeriodUnit
from portal.core.enums import TitledEnum
from portal.core.i18n import _l
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


class _PeriodSubject(enum.StrEnum):
    """What a legal period is for: each kind of case, and disclosure (Law 10/2022 Art. 12(3)), so every period of
    the law is a dated row of one table. PeriodSubject below takes its members from CaseKind, so a new kind of case
    has its periods without a second list; the stored values are CaseKind's."""

    @property
    def title(self):
        return _l("Disclosure") if self.value == "disclosure" else CaseKind(self.value).title


PeriodSubject = _PeriodSubject(
    "PeriodSubject", [*((kind.name, kind.value) for kind in CaseKind), ("disclosure", "disclosure")], module=__name__
)


# The steps and conditions a legal period is for: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class Step(TitledEnum):
    """The steps of a case that the law gives a period to."""

    acknowledge = "acknowledge", _l("Accept, refuse or transfer")
    resolve = "resolve", _l("Answer after acceptance")
    extend = "extend", _l("Each extension")
    reopen = "reopen", _l("Citizen may reopen after the answer")
    forward = "forward", _l("Forward a case outside the unit's competence and tell the citizen")
    publish = "publish", _l("Publish the conclusion")
    disclose = "disclose", _l("Disclose after the decision or document")
    complain = "complain", _l("Citizen may complain after learning of the decision")
    appeal = "appeal", _l("Citizen may bring a second complaint after the first decision")
    resolve_second = "resolve_second", _l("Answer a second complaint after acceptance")
    extend_second = "extend_second", _l("Extension of a second complaint")


class PeriodCondition(TitledEnum):
    """When a period applies instead of the general one for its step: the law gives remote areas, verification at
    several places and requests made in person or by post their own periods."""

    general = "general", _l("In general")
    remote_area = "remote_area", _l("In a remote area")
    several_places = "several_places", _l("When verification is needed at several places")
    in_person = "in_person", _l("Requested in person")
    by_post = "by_post", _l("Requested by post")


class LegalPeriod(db.Model):
    """A period the law sets for a step of a kind of case, in force from a date, optionally for one unit only
    (a local regulation, or a remote area's longer period). Seeded by the migration; unverified rows are
    flagged to the administrator."""

    __tablename__ = "legal_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PeriodSubject] = mapped_column(Enum(PeriodSubject, native_enum=False, length=32))
    step: Mapped[Step] = mapped_column(Enum(Step, native_enum=False, length=16))
    amount: Mapped[int] = mapped_column(Integer)
    period_unit: Mapped[PeriodUnit] = mapped_column(Enum(PeriodUnit, native_enum=False, length=16))
    max_times: Mapped[int] = mapped_column(Integer, default=1)
    condition: Mapped[PeriodCondition] = mapped_column(
        Enum(PeriodCondition, native_enum=False, length=16), default=PeriodCondition.general, server_default="general"
    )
    effective_from: Mapped[date] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    legal_basis: Mapped[str] = mapped_column(String(300))
    # English pages cite the law in English; empty when nobody has translated it (the Vietnamese is shown).
    legal_basis_en: Mapped[str] = mapped_column(String(300), default="", server_default="")
    is_verified: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Unit | None] = relationship()

    __table_args__ = (Index("ix_legal_periods_kind_step", "kind", "step", "effective_from"),)
