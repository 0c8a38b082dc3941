"""Routing rules: which unit handles a kind of case in a field, for places inside an area.

The rules are data, never code (since July 2025 work that went to a district goes to a provincial body, and that
may change again), so administrators keep them here. An administrator manages the rules whose area lies in what
they administer; a rule for anywhere is the whole site's administrators' alone. Every change is audited in the
same transaction. Which rule wins is decided by `route` below, which submissions and the test form call alike;
every submission reads the rules, so they are kept in process (routing_cache).
"""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, func, or_, select

from portal.accounts.access import (
    administered_units,
    has_role,
    is_administrator,
    may_manage_setting_for,
    members_of,
)
from portal.accounts.models import Membership, Role, User
from portal.cases.models import Case, CaseField, CaseKind, CaseStatus
from portal.core.audit import record_about
from portal.core.cache import Cached
from portal.core.checks import get_or_refuse
from portal.core.enums import enum_choice
from portal.core.errors import Conflict, InvalidInput, NotAllowed
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.routing import dispatch
from portal.routing.models import RoutingRule
from portal.units.models import Unit, UnitKind
from portal.units.services import find_place

MAX_RULES_LISTED = 500


@dataclass(frozen=True)
class NewRule:
    """What the administrator chose; empty kind, field or area code mean "any" and "anywhere"."""

    kind: str
    field: str
    area_code: str
    target_code: str


@dataclass(frozen=True)
class RouteExplanation:
    unit: Unit
    rule: RoutingRule | None
    steps: list[dispatch.Step] = field(default_factory=list)


@dataclass(frozen=True)
class StaffingGap:
    """A commune of today where a case could wait: who is registered there, and the fields whose cases go to a unit
    where nobody can act."""

    unit: Unit
    officials: int
    has_head: bool
    has_handler: bool
    fields_without_anyone: list[CaseField]
    cases_waiting: int


def may_administer_routing(actor: User) -> bool:
    return is_administrator(actor)


def may_manage_rule_for(actor: User, area: Unit | None) -> bool:
    """A rule for an area belongs to whoever administers the area; a rule for anywhere to the whole site's."""
    return may_manage_setting_for(actor, area, {Role.unit_admin})


def check_may_administer_routing(actor: User, refusal: str | None = None) -> None:
    """The routing pages are the site's and units' administrators'; `refusal` says it for the page asked for."""
    if not may_administer_routing(actor):
        raise NotAllowed(refusal or _("Only site and unit administrators may manage routing rules."))


def list_rules(actor: User) -> list[RoutingRule]:
    """The rules that touch what the actor administers: those for areas inside it, and those for anywhere."""
    check_may_administer_routing(actor)
    statement = select(RoutingRule)
    scope = administered_units(actor)
    if scope is not None:
        statement = statement.where(or_(RoutingRule.area_id.is_(None), RoutingRule.area_id.in_(scope)))
    return list(db.session.scalars(statement.order_by(RoutingRule.area_id.is_not(None), RoutingRule.id)
                                    .limit(MAX_RULES_LISTED)))


def _optional_choice(enum_type, value: str, message: str):
    """Empty means any."""
    return enum_choice(enum_type, value, message) if value else None


def add_rule(actor: User, data: NewRule, *, now=None) -> RoutingRule:
    """A new rule; refused when the target no longer exists (a historical unit) or the same rule is already there."""
    now = now or utcnow()
    check_may_administer_routing(actor)
    kind = _optional_choice(CaseKind, data.kind, _("Choose a kind of case from the list, or any kind."))
    field = _optional_choice(CaseField, data.field, _("Choose a field from the list, or any field."))
    area = None
    if (data.area_code or "").strip():
        area = dispatch.unit_by_code(
            data.area_code,
            _("There is no unit with the area code you entered. Find the unit below and copy its code."),
        )
    target = dispatch.unit_by_code(
        data.target_code,
        _("There is no unit with the code you entered for the responsible unit. Find the unit below and copy its "
          "code."),
    )
    if target.is_historical:
        raise InvalidInput(
            _("%(name)s no longer exists, so it cannot receive cases. Choose a unit that exists today.",
              name=target.name)
        )
    if target.kind == UnitKind.village:
        raise InvalidInput(_("A village or residential group does not handle cases. Choose a commune, an agency or "
                             "one of their bodies."))
    if not may_manage_rule_for(actor, area):
        raise NotAllowed(
            _("You may only add rules for areas inside the units you administer.")
            if area is not None
            else _("Only an administrator of the whole site may add a rule for everywhere.")
        )
    duplicate = db.session.scalar(
        select(RoutingRule.id).where(
            RoutingRule.kind.is_(None) if kind is None else RoutingRule.kind == kind,
            RoutingRule.field.is_(None) if field is None else RoutingRule.field == field,
            RoutingRule.area_id.is_(None) if area is None else RoutingRule.area_id == area.id,
        )
    )
    if duplicate is not None:
        raise Conflict(
            _("A rule for this kind, field and area already exists. Delete it first if it should send the cases "
              "elsewhere.")
        )
    rule = RoutingRule(kind=kind, field=field, area=area, target=target, created_by_id=actor.id, created_at=now)
    db.session.add(rule)
    db.session.flush()
    record_about(rule, "routing.rule_added", "routing_rule", actor=actor, unit_id=rule.area_id,
                 details=_describe(rule), now=now)
    return rule


def delete_rule(actor: User, rule_id: int, *, now=None) -> RoutingRule:
    """The rule goes; the audit log keeps what it said, so the routing of past cases can still be explained."""
    now = now or utcnow()
    check_may_administer_routing(actor)
    rule = get_or_refuse(RoutingRule, rule_id, _("This routing rule does not exist; it may have been deleted already."))
    if not may_manage_rule_for(actor, rule.area):
        raise NotAllowed(_("You may only delete rules for areas inside the units you administer."))
    record_about(rule, "routing.rule_deleted", "routing_rule", actor=actor, unit_id=rule.area_id,
                 details=_describe(rule), now=now)
    db.session.delete(rule)
    db.session.flush()
    return rule


def _describe(rule: RoutingRule) -> dict:
    return {
        "kind": rule.kind.value if rule.kind else None,
        "field": rule.field.value if rule.field else None,
        "area": rule.area.code if rule.area else None,
        "target": rule.target.code,
    }


def explain_route(actor: User, kind: str, field: str, place_code: str) -> RouteExplanation:
    """Where a case would go today, and the rule that sends it there (None: the commune fallback)."""
    check_may_administer_routing(actor)
    try:
        kind_value, field_value = CaseKind(kind), CaseField(field)
    except ValueError:
        raise InvalidInput(_("Choose a kind of case and a field from the lists.")) from None
    place = find_place(place_code)
    if place is None:
        raise InvalidInput(
            _("There is no unit with the code you entered for the place. Find the unit below and copy its code.")
        )
    going = destination(kind_value, field_value, place)
    today_place, _steps = dispatch.present_place(place)
    return RouteExplanation(going.unit, routing_rule_for(kind_value, field_value, today_place), going.steps)


def staffing_gaps(actor: User, province_code: str) -> list[StaffingGap]:
    """The communes of a province with no officials, no head or no handler of their own, or a field whose cases
    go where nobody can act; those with the most cases waiting first. For the administrator who must staff them."""
    province = dispatch.unit_by_code(province_code, _("Choose a province from the list."))
    if province.kind != UnitKind.province:
        raise InvalidInput(_("Choose a province from the list."))
    if not has_role(actor, province, {Role.unit_admin}):
        raise NotAllowed(_("You may only see the staffing of the provinces you administer."))
    communes = list(db.session.scalars(
        select(Unit).where(Unit.parent_id == province.id, Unit.kind == UnitKind.commune, Unit.dissolved_on.is_(None))
        .order_by(Unit.search_name)
    ))
    ids = [unit.id for unit in communes]
    roles: dict[int, list[Role]] = {}
    waiting: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        statement = (select(Membership.unit_id, Membership.role).join(User, User.id == Membership.user_id)
                     .where(Membership.unit_id.in_(chunk), User.is_enabled.is_(True)))
        for unit_id, role in db.session.execute(statement):
            roles.setdefault(unit_id, []).append(role)
        waiting.update(db.session.execute(
            select(Case.unit_id, func.count(Case.id))
            .where(Case.unit_id.in_(chunk), Case.status.in_([status for status in CaseStatus if status.is_open]))
            .group_by(Case.unit_id)
        ).all())
    acting: dict[int, bool] = {}

    def can_act(unit: Unit) -> bool:
        if unit.id not in acting:
            acting[unit.id] = dispatch.can_act(unit, needs_head=False)
        return acting[unit.id]

    gaps = []
    for unit in communes:
        held = roles.get(unit.id, [])
        fields = [f for f in CaseField if not can_act(route(CaseKind.feedback, f, unit))]
        gap = StaffingGap(unit, len(held), Role.unit_head in held, Role.handler in held, fields,
                          waiting.get(unit.id, 0))
        if not (gap.officials and gap.has_head and gap.has_handler and not fields):
            gaps.append(gap)
    gaps.sort(key=lambda gap: (-gap.cases_waiting, gap.unit.search_name))
    return gaps


# --- which unit a case goes to ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RuleRow:
    id: int
    kind: CaseKind | None
    field: CaseField | None
    area_id: int | None
    target_id: int


def _load_rules() -> dict[int | None, list[_RuleRow]]:
    by_area: dict[int | None, list[_RuleRow]] = {}
    columns = (RoutingRule.id, RoutingRule.kind, RoutingRule.field, RoutingRule.area_id, RoutingRule.target_id)
    for row in db.session.execute(select(*columns)):
        by_area.setdefault(row.area_id, []).append(_RuleRow(*row))
    return by_area


# Every submission routes and only an administrator changes the rules (portal.routing.services): kept in process,
# by area, dropped on every worker when a rule is added or deleted.
routing_cache = Cached("routing_rules", _load_rules, models=[RoutingRule])


def _best_rule(kind: CaseKind, field: CaseField, place: Unit) -> _RuleRow | None:
    chain_ids = [place.id] + [unit.id for unit in place.ancestors()]
    by_area = routing_cache.get()
    rules = [
        rule
        for area_id in (*chain_ids, None)
        for rule in by_area.get(area_id, [])
        if rule.kind in (None, kind) and rule.field in (None, field)
    ]

    def specificity(rule: _RuleRow):
        nearness = chain_ids.index(rule.area_id) if rule.area_id is not None else len(chain_ids)
        return (nearness, rule.field is None, rule.kind is None, rule.id)

    return min(rules, key=specificity, default=None)


def routing_rule_for(kind: CaseKind, field: CaseField, place: Unit) -> RoutingRule | None:
    """The most specific routing rule for the place (a rule for the place itself before one for its district or
    province; then one naming the field, then one naming the kind), or None; the routing administration shows it
    to explain a route."""
    best = _best_rule(kind, field, place)
    return db.session.get(RoutingRule, best.id) if best is not None else None


def route(kind: CaseKind, field: CaseField, place: Unit) -> Unit:
    """The unit responsible: the target of the most specific routing rule (routing_rule_for); without a rule, the
    commune (or the highest unit) the place belongs to."""
    best = _best_rule(kind, field, place)
    if best is not None:
        return db.session.get(Unit, best.target_id)
    chain = [place, *place.ancestors()]
    for unit in chain:
        if unit.kind == UnitKind.commune:
            return unit
    return chain[-1]


def handlers_of(unit: Unit) -> list[User]:
    return members_of([unit], [Role.handler])


# Built once, with the unit as a parameter: composing this statement cost more than running it on every submission.
_LEAST_LOADED_HANDLER = (
    select(User)
    .join(Membership, Membership.user_id == User.id)
    .where(Membership.unit_id == bindparam("unit_id"), Membership.role == Role.handler, User.is_enabled.is_(True))
    .order_by(
        select(func.count(Case.id))
        .where(Case.assignee_id == User.id, Case.status.in_([status for status in CaseStatus if status.is_open]))
        .correlate(User)
        .scalar_subquery(),
        User.id,
    )
    .limit(1)
)


def least_loaded_handler(unit: Unit) -> User | None:
    """The handler of the unit with the fewest open cases; the earliest account on a tie. One statement: each
    handler's count is read from the (assignee_id, status) index."""
    return db.session.scalar(_LEAST_LOADED_HANDLER, {"unit_id": unit.id})



def destination(kind: CaseKind, field: CaseField, place: Unit, successor_code: str = "") -> dispatch.Dispatch:
    """Where a case about this place would go now, and why: what the public form tells the citizen before they
    send it (submit_case takes the same path)."""
    today_place, steps = dispatch.present_place(place, successor_code)
    routed = dispatch.dispatch(route(kind, field, today_place), needs_head=kind.needs_head_approval)
    return dispatch.Dispatch(routed.unit, [*steps, *routed.steps], routed.is_unattended)
