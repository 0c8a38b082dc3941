"""Routing rules: which unit handles a kind of case in a field, for places inside an area.

The rules are data, never code (since July 2025 work that went to a district goes to a provincial body, and that
may change again), so administrators keep them here. An administrator manages the rules whose area lies in what
they administer; a rule for anywhere is the whole site's administrators' alone. Every change is audited in the
same transaction. Which rule wins is decided by portal.cases.services.route, which the test form calls as is.
"""

from dataclasses import dataclass

from sqlalchemy import or_, select

from portal.accounts.access import administered_units, has_role, is_administrator, is_site_admin
from portal.accounts.models import Role, User
from portal.cases import services as cases
from portal.cases.models import CaseField, CaseKind, RoutingRule
from portal.core import audit
from portal.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.units.models import Unit, UnitKind
from portal.units.services import MAX_CODE_LENGTH

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


def may_administer_routing(actor: User) -> bool:
    return is_administrator(actor)


def may_manage_rule_for(actor: User, area: Unit | None) -> bool:
    """A rule for an area belongs to whoever administers the area; a rule for anywhere to the whole site's."""
    if area is None:
        return is_site_admin(actor, whole_site=True)
    return has_role(actor, area, {Role.unit_admin})


def _require_administrator(actor: User) -> None:
    if not may_administer_routing(actor):
        raise NotAllowed(_("Only site and unit administrators may manage routing rules."))


def list_rules(actor: User) -> list[RoutingRule]:
    """The rules that touch what the actor administers: those for areas inside it, and those for anywhere."""
    _require_administrator(actor)
    statement = select(RoutingRule)
    scope = administered_units(actor)
    if scope is not None:
        statement = statement.where(or_(RoutingRule.area_id.is_(None), RoutingRule.area_id.in_(scope)))
    return list(db.session.scalars(statement.order_by(RoutingRule.area_id.is_not(None), RoutingRule.id)
                                    .limit(MAX_RULES_LISTED)))


def _unit_by_code(code: str, message: str) -> Unit:
    code = (code or "").strip()
    unit = None
    if code and len(code) <= MAX_CODE_LENGTH and code.isprintable():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise InvalidInput(message)
    return unit


def _optional_choice(enum_type, value: str, message: str):
    if not value:
        return None
    try:
        return enum_type(value)
    except ValueError:
        raise InvalidInput(message) from None


def add_rule(actor: User, data: NewRule, *, now=None) -> RoutingRule:
    """A new rule; refused when the target no longer exists (a historical unit) or the same rule is already there."""
    now = now or utcnow()
    _require_administrator(actor)
    kind = _optional_choice(CaseKind, data.kind, _("Choose a kind of case from the list, or any kind."))
    field = _optional_choice(CaseField, data.field, _("Choose a field from the list, or any field."))
    area = None
    if (data.area_code or "").strip():
        area = _unit_by_code(
            data.area_code,
            _("There is no unit with the area code you entered. Find the unit below and copy its code."),
        )
    target = _unit_by_code(
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
    audit.record("routing.rule_added", actor=actor, subject_type="routing_rule", subject_id=rule.id,
                 unit_id=area.id if area else None, details=_describe(rule), now=now)
    return rule


def delete_rule(actor: User, rule_id: int, *, now=None) -> RoutingRule:
    """The rule goes; the audit log keeps what it said, so the routing of past cases can still be explained."""
    now = now or utcnow()
    _require_administrator(actor)
    rule = db.session.get(RoutingRule, rule_id)
    if rule is None:
        raise NotFound(_("This routing rule does not exist; it may have been deleted already."))
    if not may_manage_rule_for(actor, rule.area):
        raise NotAllowed(_("You may only delete rules for areas inside the units you administer."))
    audit.record("routing.rule_deleted", actor=actor, subject_type="routing_rule", subject_id=rule.id,
                 unit_id=rule.area_id, details=_describe(rule), now=now)
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
    _require_administrator(actor)
    try:
        kind_value, field_value = CaseKind(kind), CaseField(field)
    except ValueError:
        raise InvalidInput(_("Choose a kind of case and a field from the lists.")) from None
    place = _unit_by_code(
        place_code,
        _("There is no unit with the code you entered for the place. Find the unit below and copy its code."),
    )
    rule = cases.routing_rule_for(kind_value, field_value, place)
    return RouteExplanation(cases.route(kind_value, field_value, place), rule)
