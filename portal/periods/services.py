"""Legal periods: the time the law gives each step of each kind of case, kept as dated rows.

A rule is never edited in place: when the law changes (Law 136/2025/QH15 from 1 July 2026) or a unit adopts its own
period (a remote commune's longer time for complaints), a new row takes effect from a later date and the old row
stays, so every deadline already computed can still be explained. portal.periods.deadlines.period_in_force picks
the nearest unit's row and, of those, the latest in force. The only change to an existing row is marking it verified
against the text of the law, which LEGAL.md asks administrators to do for the rows seeded as unverified.
"""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import func, select

from portal.accounts.access import is_site_admin, may_manage_setting_for
from portal.accounts.models import Role, User
from portal.cases.lifecycle import notify_citizen, record_event
from portal.cases.models import Case, CaseStatus
from portal.core.audit import record_about
from portal.core.calendar import PeriodUnit
from portal.core.checks import get_or_refuse
from portal.core.enums import enum_choice
from portal.core.errors import Conflict, InvalidInput, NotAllowed
from portal.core.i18n import _, show_date
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.periods.deadlines import recount
from portal.periods.models import LegalPeriod, PeriodCondition, PeriodSubject, Step
from portal.units.models import Unit
from portal.units.services import MAX_CODE_LENGTH

MAX_AMOUNT = 3650
MAX_TIMES = 10
MAX_LEGAL_BASIS = 300


@dataclass(frozen=True)
class NewPeriod:
    kind: str
    step: str
    amount: int
    period_unit: str
    effective_from: date
    legal_basis: str
    max_times: int = 1
    unit_code: str = ""
    is_verified: bool = False
    condition: str = PeriodCondition.general.value
    legal_basis_en: str = ""


@dataclass(frozen=True)
class PeriodGroup:
    kind: PeriodSubject
    step: Step
    rows: list[LegalPeriod]


def may_see_periods(actor: User) -> bool:
    return is_site_admin(actor)


def may_manage_period_for(actor: User, unit: Unit | None) -> bool:
    """National rows are the whole site's administrators'; a unit's own rows also its site administrators'."""
    return may_manage_setting_for(actor, unit, {Role.site_admin})


def check_may_see_periods(actor: User) -> None:
    if not may_see_periods(actor):
        raise NotAllowed(_("Only site administrators may see and change the legal periods."))


def grouped_periods(actor: User) -> list[PeriodGroup]:
    """Every row, grouped by kind and step in the order a case meets them; national rows first, newest first."""
    check_may_see_periods(actor)
    rows = db.session.scalars(select(LegalPeriod)).all()
    kind_order, step_order = list(PeriodSubject), list(Step)

    def key(row: LegalPeriod):
        return (kind_order.index(row.kind), step_order.index(row.step))

    condition_order = list(PeriodCondition)
    ordered = sorted(rows, key=lambda row: (*key(row), condition_order.index(row.condition), row.unit_id is not None,
                                            row.unit_id or 0,
                                            -row.effective_from.toordinal(), -row.id))
    return [
        PeriodGroup(kind_order[kind_index], step_order[step_index], list(group))
        for (kind_index, step_index), group in groupby(ordered, key=key)
    ]


def _unit(code: str) -> Unit | None:
    code = (code or "").strip()
    if not code:
        return None
    unit = None
    if len(code) <= MAX_CODE_LENGTH and code.isprintable():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise InvalidInput(_("There is no unit with the code %(code)s. Leave the code empty for a national rule.",
                             code=code[:MAX_CODE_LENGTH]))
    if unit.is_historical:
        raise InvalidInput(_("%(name)s no longer exists, so it cannot have its own period.", name=unit.name))
    return unit


def add_period(actor: User, data: NewPeriod, *, now: datetime | None = None) -> LegalPeriod:
    """A new rule from a date later than every earlier rule for the same step and unit, so history only grows."""
    now = now or utcnow()
    check_may_see_periods(actor)
    kind = enum_choice(PeriodSubject, data.kind, _("Choose the kind of case from the list."))
    step = enum_choice(Step, data.step, _("Choose the step from the list."))
    period_unit = enum_choice(PeriodUnit, data.period_unit, _("Choose whether the period counts working days or days."))
    condition = enum_choice(PeriodCondition, data.condition, _("Choose when the period applies from the list."))
    if not isinstance(data.amount, int) or not 1 <= data.amount <= MAX_AMOUNT:
        raise InvalidInput(_("Enter a period from 1 to %(count)d days.", count=MAX_AMOUNT))
    if not isinstance(data.max_times, int) or not 1 <= data.max_times <= MAX_TIMES:
        raise InvalidInput(_("Enter how many times the step may be used, from 1 to %(count)d.", count=MAX_TIMES))
    legal_basis = " ".join((data.legal_basis or "").split())
    if not legal_basis:
        raise InvalidInput(_("Enter the legal basis: the law or decision and its article."))
    legal_basis_en = " ".join((data.legal_basis_en or "").split())
    if max(len(legal_basis), len(legal_basis_en)) > MAX_LEGAL_BASIS:
        raise InvalidInput(_("Enter a legal basis of at most %(count)d characters.", count=MAX_LEGAL_BASIS))
    if not isinstance(data.effective_from, date):
        raise InvalidInput(_("Enter the date the rule takes effect, for example 01/07/2026."))
    unit = _unit(data.unit_code)
    if not may_manage_period_for(actor, unit):
        raise NotAllowed(
            _("Only an administrator of the whole site may add a national period.")
            if unit is None
            else _("You may only add periods for the units you administer as site administrator.")
        )
    latest = db.session.scalar(
        select(func.max(LegalPeriod.effective_from)).where(
            LegalPeriod.kind == kind,
            LegalPeriod.step == step,
            LegalPeriod.condition == condition,
            LegalPeriod.unit_id.is_(None) if unit is None else LegalPeriod.unit_id == unit.id,
        )
    )
    if latest is not None and data.effective_from <= latest:
        raise Conflict(
            _("A rule for this step already takes effect on %(date)s. Rules are never changed in place: enter a "
              "later date from which the new rule applies.", date=show_date(latest))
        )
    row = LegalPeriod(
        kind=kind,
        step=step,
        amount=data.amount,
        period_unit=period_unit,
        max_times=data.max_times,
        condition=condition,
        effective_from=data.effective_from,
        unit=unit,
        legal_basis=legal_basis,
        legal_basis_en=legal_basis_en,
        is_verified=bool(data.is_verified),
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(row)
    db.session.flush()
    record_about(row, "periods.added", "legal_period", actor=actor, details=_describe(row), now=now)
    return row


def verify_period(actor: User, period_id: int, *, now: datetime | None = None) -> LegalPeriod:
    """The administrator has checked the row against the law; the flag goes and the audit log says who checked."""
    now = now or utcnow()
    check_may_see_periods(actor)
    row = get_or_refuse(LegalPeriod, period_id, _("This legal period does not exist."))
    if not may_manage_period_for(actor, row.unit):
        raise NotAllowed(_("You may only verify the periods of the units you administer."))
    if row.is_verified:
        raise Conflict(_("This period has already been marked as checked against the law."))
    row.is_verified = True
    record_about(row, "periods.verified", "legal_period", actor=actor, details=_describe(row), now=now)
    return row


def _describe(row: LegalPeriod) -> dict:
    return {
        "kind": row.kind.value,
        "step": row.step.value,
        "amount": row.amount,
        "period_unit": row.period_unit.value,
        "max_times": row.max_times,
        "effective_from": row.effective_from.isoformat(),
        "unit": row.unit.code if row.unit else None,
        "condition": row.condition.value,
        "legal_basis": row.legal_basis,
        "legal_basis_en": row.legal_basis_en,
    }


def move_deadlines_for_day(day: date, change: str, note: str, *, now: datetime) -> list[Case]:
    """A day declared off or worked (`change` is the DayKind), or such a declaration cancelled ("cancelled"), after
    cases arrived: the open cases whose deadline is on or after that day are counted again, and each one that moves
    says so in its history, with the administrator's note (the decision that moved the day), and tells the citizen."""
    moved = []
    open_statuses = [status for status in CaseStatus if status.is_open]
    cases = db.session.scalars(
        select(Case).where(Case.status.in_(open_statuses), Case.due_on >= day).order_by(Case.id)
    ).all()
    for case in cases:
        before = (case.acknowledge_due_on, case.resolve_due_on, case.due_on)
        recount(case)
        if case.due_on == before[2]:
            continue
        moved.append(case)
        case.updated_at = now
        record_event(case, "deadline_moved", now=now, note=note, details={
            "from": before[2].isoformat(), "due_on": case.due_on.isoformat(), "day": day.isoformat(), "change": change})
        notify_citizen(case, "case_updated", now, action="deadline_moved")
    return moved
