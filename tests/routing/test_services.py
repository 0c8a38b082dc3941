from datetime import date

import pytest
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from portal.routing import services
from portal.routing.models import RoutingRule
from portal.units.models import BodyType, UnitKind

pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.fixture
def land_office(create_unit, commune):
    return create_unit(name="Địa chính xã", kind=UnitKind.body, body_type=BodyType.office, parent=commune)


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)


def _rule(kind="", field="land", area=None, target=None):
    return services.NewRule(kind, field, area.code if area else "", target.code if target else "")


def test_an_administrator_adds_a_rule_that_route_then_follows(admin, commune, village, land_office, db_session):
    rule = services.add_rule(admin, _rule(area=commune, target=land_office))
    assert (rule.kind, rule.field.value, rule.area, rule.target) == (None, "land", commune, land_office)
    explained = services.explain_route(admin, "complaint", "land", village.code)
    assert explained.unit == land_office and explained.rule == rule
    fallback = services.explain_route(admin, "complaint", "fees", village.code)
    assert fallback.unit == commune and fallback.rule is None
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "routing.rule_added")).one()
    assert event.actor_id == admin.id and event.details == {"kind": None, "field": "land", "area": commune.code,
                                                            "target": land_office.code}


def test_refusals_are_whole_sentences(admin, commune, land_office, create_unit):
    with pytest.raises(InvalidInput, match="responsible unit"):
        services.add_rule(admin, services.NewRule("", "land", commune.code, "NOPE"))
    with pytest.raises(InvalidInput, match="area code"):
        services.add_rule(admin, services.NewRule("", "land", "x" * 500, land_office.code))
    with pytest.raises(InvalidInput, match="kind of case"):
        services.add_rule(admin, services.NewRule("lawsuit", "land", commune.code, land_office.code))
    with pytest.raises(InvalidInput, match="field"):
        services.add_rule(admin, services.NewRule("", "weather", commune.code, land_office.code))
    old = create_unit(name="Huyện Tân Yên", kind=UnitKind.district, dissolved_on=date(2025, 7, 1))
    with pytest.raises(InvalidInput, match="no longer exists"):
        services.add_rule(admin, _rule(area=commune, target=old))
    services.add_rule(admin, _rule(area=commune, target=land_office))
    with pytest.raises(Conflict, match="already exists"):
        services.add_rule(admin, _rule(area=commune, target=commune))


def test_a_unit_administrator_manages_only_rules_inside_their_units(
    create_user, commune, land_office, province, create_unit, admin
):
    unit_admin = create_user(role=Role.unit_admin, unit=commune)
    elsewhere = create_unit(name="Xã Khác", parent=province)
    services.add_rule(unit_admin, _rule(area=commune, target=land_office))
    with pytest.raises(NotAllowed):
        services.add_rule(unit_admin, _rule(area=elsewhere, target=land_office))
    with pytest.raises(NotAllowed, match="everywhere"):
        services.add_rule(unit_admin, _rule(target=land_office))
    national = services.add_rule(admin, _rule(field="fees", target=land_office))
    foreign = services.add_rule(admin, _rule(area=elsewhere, target=elsewhere))
    listed = services.list_rules(unit_admin)
    assert national in listed and foreign not in listed
    with pytest.raises(NotAllowed):
        services.delete_rule(unit_admin, national.id)
    handler = create_user(role=Role.handler, unit=commune)
    with pytest.raises(NotAllowed):
        services.list_rules(handler)
    with pytest.raises(NotAllowed):
        services.add_rule(handler, _rule(area=commune, target=land_office, field="fees"))


def test_deleting_a_rule_is_audited_with_what_it_said(admin, commune, land_office, db_session):
    rule = services.add_rule(admin, _rule(area=commune, target=land_office))
    rule_id = rule.id
    services.delete_rule(admin, rule_id)
    assert db_session.get(RoutingRule, rule_id) is None
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "routing.rule_deleted")).one()
    assert event.subject_id == str(rule_id) and event.details["target"] == land_office.code
    with pytest.raises(NotFound):
        services.delete_rule(admin, rule_id)
