"""Where a case goes after the rules have spoken: today's unit for a place that no longer exists, and a unit where
someone can act for a unit where nobody can.

Since 1 July 2025 people still name the commune they have always lived in, and the portal may know a unit before
any official is registered in it. Neither may leave a case waiting with nobody to handle it: a dissolved place
leads to the unit that took it over (UnitSuccession), and a unit without a handler (or without the head a
complaint or denunciation needs) hands the case to the escalation unit its province's administrator chose
(EscalationUnit), then to the units above it. Each step is said in the case's history.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from portal.accounts.access import has_role, members_of
from portal.accounts.models import Membership, Role, User
from portal.core import audit
from portal.core.errors import InvalidInput, NotAllowed
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.routing.models import EscalationUnit
from portal.units.models import Unit, UnitKind
from portal.units.services import MAX_CODE_LENGTH, dissolved_ancestor, successions_of

ACTING_ROLES = (Role.handler, Role.unit_head)
MAX_SUCCESSION_STEPS = 5


# Shaped like core.calendar's Lengthening by chance: how a case moved, not how a period was lengthened.
@dataclass(frozen=True)
class Step:
    """One move of the case on its way, for its history: what happened and the units it names."""

    action: str
    from_unit: Unit
    to_unit: Unit
    on: date | None = None


@dataclass(frozen=True)
class Dispatch:
    unit: Unit
    steps: list[Step] = field(default_factory=list)
    # No unit on the way had anybody who can act: the site's administrators must staff one.
    is_unattended: bool = False


def present_place(place: Unit, successor_code: str = "") -> tuple[Unit, list[Step]]:
    """Today's unit for a place, following successions from the dissolved unit it lies in.

    `successor_code` is the part of a split commune the citizen chose; without it, the part that took most of it."""
    steps: list[Step] = []
    current = place
    for _step in range(MAX_SUCCESSION_STEPS):
        dissolved = dissolved_ancestor(current)
        if dissolved is None:
            return current, steps
        successions = successions_of(dissolved)
        if not successions:
            raise InvalidInput(
                _(
                    "%(name)s no longer exists and the portal does not know which unit took it over. "
                    "Choose the commune or ward of today where this happened.",
                    name=dissolved.name,
                )
            )
        chosen = next((s for s in successions if s.successor.code == successor_code), None)
        if successor_code and chosen is None and current is place:
            raise InvalidInput(
                _("Choose one of the units that took over %(name)s from the list.", name=dissolved.name)
            )
        action = "succeeded" if len(successions) == 1 else "succeeded_split" if chosen else "succeeded_split_default"
        chosen = chosen or successions[0]
        steps.append(Step(action, dissolved, chosen.successor, chosen.effective_on))
        current = chosen.successor
    raise InvalidInput(_("Choose the commune or ward of today where this happened."))


def units_that_can_act(units: Iterable[Unit], needs_head: bool) -> set[int]:
    """The ids of the units where somebody may take a case: a handler or head of the unit (or of a unit above it,
    whose roles cover it), and a head when the kind's answer needs one's signature. One query for them all, so a
    list of units can mark those where a case would wait unseen."""
    chains = {unit.id: [unit.id, *(ancestor.id for ancestor in unit.ancestors())]
              for unit in units if not unit.is_historical}
    if not chains:
        return set()
    staffed = set(db.session.scalars(
        select(Membership.unit_id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.unit_id.in_({unit_id for chain in chains.values() for unit_id in chain}),
               Membership.role.in_((Role.unit_head,) if needs_head else ACTING_ROLES), User.is_enabled.is_(True))
        .distinct()
    ))
    return {unit_id for unit_id, chain in chains.items() if staffed.intersection(chain)}


def can_act(unit: Unit, needs_head: bool) -> bool:
    return unit.id in units_that_can_act([unit], needs_head)


def province_of(unit: Unit) -> Unit | None:
    return next((u for u in (unit, *unit.ancestors()) if u.kind == UnitKind.province), None)


def escalation_unit_for(unit: Unit) -> Unit | None:
    province = province_of(unit)
    if province is None:
        return None
    return db.session.scalar(
        select(Unit).join(EscalationUnit, EscalationUnit.unit_id == Unit.id).where(
            EscalationUnit.province_id == province.id
        )
    )


def dispatch(routed: Unit, *, needs_head: bool, has_handler: bool = False) -> Dispatch:
    """The unit that will handle a case the rules sent to `routed`: itself when someone there can act, else the
    province's escalation unit, else the nearest unit above that has someone. When no unit on the way can act the
    case stays where the rules sent it, marked unattended, so that it is seen rather than lost.

    `has_handler` says the caller already found a handler of `routed` itself, which spares a query on every
    submission to a staffed unit."""
    if has_handler and not needs_head and dissolved_ancestor(routed) is None:
        return Dispatch(routed)
    routed_today, steps = present_place(routed)
    if can_act(routed_today, needs_head):
        return Dispatch(routed_today, steps)
    candidates = []
    escalation = escalation_unit_for(routed_today)
    if escalation is not None:
        candidates.append(("escalated", escalation))
    candidates += [("escalated_up", ancestor) for ancestor in routed_today.ancestors()]
    for action, candidate in candidates:
        if candidate.id != routed_today.id and can_act(candidate, needs_head):
            return Dispatch(candidate, [*steps, Step(action, routed_today, candidate)])
    return Dispatch(routed_today, steps, is_unattended=True)


def administrators_for(unit: Unit) -> list[User]:
    """Who can staff a unit: the whole site's administrators and those of its province, told of a case nobody
    can act on."""
    province = province_of(unit)
    scope = [Membership.unit_id.is_(None)]
    if province is not None:
        scope.append(Membership.unit_id == province.id)
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id).where(
            Membership.role.in_((Role.site_admin, Role.unit_admin)), or_(*scope), User.is_enabled.is_(True)
        ).distinct().order_by(User.id)
    ))


def heads_of(unit: Unit) -> list[User]:
    """The heads of the unit itself, who are told when a case is escalated to it."""
    return members_of([unit], [Role.unit_head])


# --- the escalation units, set by administrators ----------------------------------------------------------------


def unit_by_code(code: str, message: str) -> Unit:
    """The unit an administrator typed the code of, or `message` as the refusal."""
    code = (code or "").strip()
    unit = None
    if code and len(code) <= MAX_CODE_LENGTH and code.isprintable():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise InvalidInput(message)
    return unit


def list_escalation_units() -> list[EscalationUnit]:
    province = aliased(Unit)
    return list(db.session.scalars(
        select(EscalationUnit).join(province, EscalationUnit.province_id == province.id).order_by(province.search_name)
    ))


def set_escalation_unit(actor: User, province_code: str, unit_code: str, *, now=None) -> EscalationUnit:
    """Name the unit of a province that receives the cases nobody where they were sent can act on (for example
    the provincial office that took over a district's work). Its administrators decide; the audit log keeps it."""
    now = now or utcnow()
    province = unit_by_code(province_code, _("There is no unit with the province code you entered."))
    if province.kind != UnitKind.province or province.is_historical:
        raise InvalidInput(_("Enter the code of a province that exists today."))
    if not has_role(actor, province, {Role.unit_admin}):
        raise NotAllowed(_("Only the administrators of %(name)s may choose where its cases escalate.",
                           name=province.name))
    unit = unit_by_code(unit_code, _("There is no unit with the code you entered for the escalation unit."))
    if unit.is_historical or dissolved_ancestor(unit) is not None:
        raise InvalidInput(_("%(name)s no longer exists, so it cannot receive cases. Choose a unit that exists "
                             "today.", name=unit.name))
    if province_of(unit) != province:
        raise InvalidInput(_("Choose a unit of %(province)s: each province handles its own cases.",
                             province=province.name))
    row = db.session.scalar(select(EscalationUnit).where(EscalationUnit.province_id == province.id))
    before = row.unit.code if row else None
    if row is None:
        row = EscalationUnit(province=province, unit=unit, set_by_id=actor.id, set_at=now)
        db.session.add(row)
    else:
        row.unit, row.set_by_id, row.set_at = unit, actor.id, now
    db.session.flush()
    audit.record("routing.escalation_set", actor=actor, subject_type="unit", subject_id=province.id,
                 unit_id=province.id, details={"before": before, "after": unit.code}, now=now)
    return row
