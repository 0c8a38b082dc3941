"""What the process keeps between requests is rebuilt after the change commits, on every worker, and not before."""

from datetime import date

import pytest

from portal.accounts.models import Role
from portal.calendar import services as calendar_services
from portal.cases.models import CaseKind
from portal.core import cache
from portal.core.calendar import DayKind, load_calendar
from portal.periods import deadlines
from portal.periods import services as period_services
from portal.periods.models import Step
from portal.routing import services as routing_services
from portal.units.models import BodyType, UnitKind
from tests.sql import statements

STORM = date(2026, 3, 16)  # a Monday


@pytest.fixture
def admin(create_user):
    return create_user(role=Role.site_admin, unit=None)


def test_the_calendar_is_built_once_and_rebuilt_when_a_day_is_declared_or_cancelled(admin, db_session):
    first = load_calendar()
    with statements() as seen:
        assert load_calendar() is first
    assert seen == []
    declared = calendar_services.declare_day(admin, STORM, DayKind.day_off, "Bão số 3")
    assert not load_calendar().is_working_day(STORM), "the writing transaction reads its own declaration"
    db_session.commit()
    after_declaring = load_calendar()
    assert after_declaring is not first and not after_declaring.is_working_day(STORM)
    assert load_calendar() is after_declaring
    calendar_services.cancel_day(admin, declared.id)
    db_session.commit()
    assert load_calendar().is_working_day(STORM)


def test_a_change_rolled_back_leaves_the_cached_calendar_as_it_was(admin, db_session):
    first = load_calendar()
    calendar_services.declare_day(admin, STORM, DayKind.day_off, "Bão số 3")
    db_session.rollback()
    assert load_calendar() is first and first.is_working_day(STORM)


def test_routing_follows_a_rule_added_or_deleted_by_an_administrator(admin, commune, village, create_unit,
                                                                     db_session):
    office = create_unit(name="Địa chính xã", kind=UnitKind.body, body_type=BodyType.office, parent=commune)
    assert routing_services.route(CaseKind.complaint, "land", village) == commune
    rule = routing_services.add_rule(admin, routing_services.NewRule("", "land", commune.code, office.code))
    db_session.commit()
    assert routing_services.route(CaseKind.complaint, "land", village) == office
    routing_services.delete_rule(admin, rule.id)
    db_session.commit()
    assert routing_services.route(CaseKind.complaint, "land", village) == commune


def test_a_new_legal_period_is_used_once_added(admin, commune, db_session):
    on = date(2026, 8, 1)
    before = deadlines.period_in_force(CaseKind.complaint, Step.resolve, commune, on)
    row = period_services.add_period(admin, period_services.NewPeriod(
        kind="complaint", step="resolve", amount=45, period_unit="calendar_days", effective_from=date(2026, 7, 1),
        legal_basis="Luật 136/2025/QH15"))
    db_session.commit()
    now_in_force = deadlines.period_in_force(CaseKind.complaint, Step.resolve, commune, on)
    assert now_in_force.id == row.id != before.id and now_in_force.amount == 45


def test_with_redis_the_versions_are_read_once_per_request_and_a_change_elsewhere_is_seen_within_a_second(
    app, shared, monkeypatch
):
    clock = {"now": 1000.0}
    monkeypatch.setattr(cache.time, "monotonic", lambda: clock["now"])
    with app.test_request_context("/"):
        first = load_calendar()
        assert load_calendar() is first and load_calendar("en") is not first
        assert shared.reads == 1
    with app.test_request_context("/"):
        assert load_calendar() is first
    assert shared.reads == 1, "read again only after a second"
    shared.incr(cache.KEY_PREFIX + "working_calendar")  # another worker committed a declared day
    clock["now"] += 0.5
    with app.test_request_context("/"):
        assert load_calendar() is first
    clock["now"] += cache.SHARED_VERSIONS_MAX_AGE
    with app.test_request_context("/"):
        assert load_calendar() is not first
    assert shared.reads == 2


def test_with_redis_a_committed_change_is_announced_to_the_other_workers(admin, shared, db_session):
    calendar_services.declare_day(admin, STORM, DayKind.day_off, "Bão số 3")
    assert shared.values == {}
    db_session.commit()
    # The calendar, and the public pages whose deadlines and posting days it moves.
    assert shared.values == {
        cache.KEY_PREFIX + "working_calendar": 1,
        cache.KEY_PREFIX + "disclosure_content": 1,
        cache.KEY_PREFIX + "case_content": 1,
    }
