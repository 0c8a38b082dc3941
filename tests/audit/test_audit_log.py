import pytest
from sqlalchemy import text

from portal.accounts.models import Role
from portal.audit import services
from portal.core.audit import AppendOnlyViolation, record
from portal.core.errors import NotAllowed


def test_events_cannot_be_changed_or_deleted(db_session, create_user):
    event = record("units.updated", actor=create_user(), subject_type="unit", subject_id=1)
    db_session.flush()
    event.action = "rewritten"
    with pytest.raises(AppendOnlyViolation):
        db_session.flush()
    db_session.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_rewrite_history(db_session, create_user, statement):
    record("units.updated", actor=create_user(), subject_type="unit", subject_id=1)
    db_session.flush()
    savepoint = db_session.begin_nested()
    with pytest.raises(Exception, match="append-only"):
        db_session.execute(text(statement))
    savepoint.rollback()


def test_unit_admins_read_only_the_events_of_their_units(create_user, create_unit):
    mine, other = create_unit(), create_unit(name="Xã Khác")
    admin = create_user(role=Role.unit_admin, unit=mine)
    record("units.updated", subject_type="unit", subject_id=mine.id, unit_id=mine.id)
    record("units.updated", subject_type="unit", subject_id=other.id, unit_id=other.id)
    events, _ = services.list_events(admin, services.AuditFilter())
    assert {event.unit_id for event in events} == {mine.id}
    with pytest.raises(NotAllowed):
        services.list_events(create_user(), services.AuditFilter())


def test_keyset_pages(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    for number in range(services.PAGE_SIZE + 5):
        record("test.event", subject_type="test", subject_id=number)
    first, next_id = services.list_events(admin, services.AuditFilter(action="test.event"))
    second, last = services.list_events(admin, services.AuditFilter(action="test.event", before_id=next_id))
    assert len(first) == services.PAGE_SIZE and len(second) == 5 and last is None
    assert first[-1].id > second[0].id


def test_audit_page_filters_by_action(page, create_user, login):
    admin = create_user(role=Role.site_admin, unit=None)
    login(admin)
    record(
        "calendar.day_declared", actor=admin, subject_type="calendar_day", subject_id=1, details={"note": "<i>x</i>"}
    )
    soup = page("/audit/?action=calendar.day_declared")
    rows = soup.select("tbody tr")
    assert len(rows) == 1 and "<i>x</i>" in rows[0].get_text()


def test_audit_page_is_refused_to_handlers(page, create_user, login):
    login(create_user())
    page("/audit/", expected_status=403)
