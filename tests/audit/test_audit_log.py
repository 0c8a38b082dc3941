from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from portal.accounts.models import Role
from portal.audit import services
from portal.core.audit import AppendOnlyViolation, record
from portal.core.errors import NotAllowed
from portal.units.models import UnitKind


def test_events_cannot_be_changed_through_the_orm(db_session, create_user):
    event = record("units.updated", actor=create_user(), subject_type="unit", subject_id=1)
    db_session.flush()
    savepoint = db_session.begin_nested()
    event.action = "rewritten"
    with pytest.raises(AppendOnlyViolation):
        db_session.flush()
    savepoint.rollback()


def test_events_cannot_be_deleted_through_the_orm(db_session, create_user):
    event = record("units.updated", actor=create_user(), subject_type="unit", subject_id=1)
    db_session.flush()
    savepoint = db_session.begin_nested()
    db_session.delete(event)
    with pytest.raises(AppendOnlyViolation):
        db_session.flush()
    savepoint.rollback()


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_to_rewrite_history(db_session, create_user, statement):
    event = record("units.updated", actor=create_user(), subject_type="unit", subject_id=1)
    db_session.flush()
    savepoint = db_session.begin_nested()
    with pytest.raises(Exception, match="append-only"):
        db_session.execute(text(statement))
    savepoint.rollback()
    assert db_session.scalar(text("SELECT action FROM audit_events WHERE id = :id"), {"id": event.id}) == (
        "units.updated"
    )


def test_unit_admins_read_only_the_events_of_their_units(create_user, create_unit):
    province = create_unit(name="Tỉnh", kind=UnitKind.province)
    mine, other = create_unit(parent=province), create_unit(name="Xã Khác")
    admin = create_user(role=Role.unit_admin, unit=province)
    record("units.updated", subject_type="unit", subject_id=mine.id, unit_id=mine.id)
    record("units.created", subject_type="unit", subject_id=other.id, unit_id=other.id)
    record("accounts.login", subject_type="user", subject_id=1)
    events, _ = services.list_events(admin, services.AuditFilter())
    assert {event.unit_id for event in events} == {mine.id}
    assert services.known_actions(admin) == ["units.updated"]


def test_a_unit_scoped_site_admin_reads_its_units_and_a_whole_site_admin_everything(create_user, create_unit):
    mine, other = create_unit(), create_unit(name="Xã Khác")
    scoped = create_user(role=Role.site_admin, unit=mine)
    whole = create_user(role=Role.site_admin, unit=None)
    record("units.updated", subject_type="unit", unit_id=mine.id)
    record("units.updated", subject_type="unit", unit_id=other.id)
    record("accounts.login", subject_type="user")
    assert {e.unit_id for e in services.list_events(scoped, services.AuditFilter())[0]} == {mine.id}
    assert {e.unit_id for e in services.list_events(whole, services.AuditFilter())[0]} >= {mine.id, other.id, None}


@pytest.mark.parametrize("role", [Role.handler, Role.unit_head, Role.inspector])
def test_other_officials_cannot_read_the_log(create_user, role):
    official = create_user(role=role)
    with pytest.raises(NotAllowed):
        services.list_events(official, services.AuditFilter())
    with pytest.raises(NotAllowed):
        services.known_actions(official)


def test_keyset_pages(create_user):
    admin = create_user(role=Role.site_admin, unit=None)
    for number in range(services.PAGE_SIZE + 5):
        record("test.event", subject_type="test", subject_id=number)
    first, next_id = services.list_events(admin, services.AuditFilter(action="test.event"))
    second, last = services.list_events(admin, services.AuditFilter(action="test.event", before_id=next_id))
    assert len(first) == services.PAGE_SIZE and len(second) == 5 and last is None
    assert first[0].subject_id == str(services.PAGE_SIZE + 4) and first[-1].id > second[0].id


def test_filters_by_actor_unit_and_local_dates(create_user, create_unit):
    admin = create_user(role=Role.site_admin, unit=None, email="root@example.vn")
    other = create_user(email="other@example.vn")
    commune = create_unit(code="C1")
    # 17:30 UTC on 02/03 is already 00:30 on 03/03 in Vietnam.
    late = record(
        "test.event", actor=admin, subject_type="t", unit_id=commune.id, now=datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    )
    early = record("test.event", actor=other, subject_type="t", now=datetime(2026, 3, 2, 16, 30, tzinfo=UTC))

    def ids(**criteria):
        return [e.id for e in services.list_events(admin, services.AuditFilter(action="test.event", **criteria))[0]]

    assert ids() == sorted([late.id, early.id], reverse=True)
    assert ids(actor_email=" ROOT@example.vn ") == [late.id]
    assert ids(unit_code="C1") == [late.id]
    assert ids(date_from=date(2026, 3, 3)) == [late.id]
    assert ids(date_to=date(2026, 3, 2)) == [early.id]
    assert ids(date_from=date(2026, 3, 2), date_to=date(2026, 3, 3)) == ids()


def test_actions_have_titles_where_known():
    assert services.action_title("accounts.login") not in {"", "accounts.login"}
    assert services.action_title("something.new") == "something.new"


def test_audit_page_filters_by_action_and_escapes_details(page, create_user, login):
    admin = create_user(role=Role.site_admin, unit=None)
    login(admin)
    record(
        "calendar.day_declared", actor=admin, subject_type="calendar_day", subject_id=1, details={"note": "<i>x</i>"}
    )
    soup = page("/audit/?action=calendar.day_declared")
    rows = soup.select("tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one(".audit-details").get_text() == "note: <i>x</i>"
    assert rows[0].select_one(".audit-details i") is None
    assert rows[0].select_one(".audit-action code").get_text() == "calendar.day_declared"
    options = [option["value"] for option in soup.select("#action option")]
    assert options[0] == "" and "calendar.day_declared" in options and "accounts.login" in options


def test_audit_page_shows_the_sign_in_with_actor_and_ip(page, create_user, login):
    admin = create_user(role=Role.site_admin, unit=None, email="root@example.vn")
    login(admin)
    soup = page("/audit/?action=accounts.login&actor=root@example.vn")
    row = soup.select_one("tbody tr")
    assert "root@example.vn" in row.select_one(".audit-actor").get_text()
    assert row.select_one(".audit-ip").get_text(strip=True) == "127.0.0.1"
    assert row.select_one(".audit-action").get_text(strip=True) != "accounts.login"


@pytest.mark.parametrize("value", ["03/03/2026", "2026-03-03"])
def test_audit_page_takes_dates_typed_or_picked(page, create_user, login, value):
    admin = create_user(role=Role.site_admin, unit=None)
    login(admin)
    record("test.event", subject_type="t", now=datetime(2026, 3, 3, 3, 0, tzinfo=UTC))
    record("test.event", subject_type="t", now=datetime(2026, 3, 4, 3, 0, tzinfo=UTC))
    soup = page(f"/audit/?action=test.event&date_from={value}&date_to={value}")
    assert [cell.get_text(strip=True) for cell in soup.select("tbody .audit-time")] == ["03/03/2026 10:00"]


@pytest.mark.parametrize(
    "query",
    ["date_from=31/02/2026", "date_from=tomorrow", "date_from=04/03/2026&date_to=03/03/2026", "actor=" + "a" * 100_000,
     "date_from=0001-01-01", "date_to=9999-12-31", "date_from=01/01/1899"],
)
def test_audit_page_explains_bad_filters(page, create_user, login, query):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page(f"/audit/?{query}")
    assert soup.select(".error-summary li") and not soup.select("tbody tr")


def test_audit_page_links_to_older_events(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    for number in range(services.PAGE_SIZE + 1):
        record("test.event", subject_type="test", subject_id=number)
    page("/audit/?action=test.event&before=nonsense", expected_status=400)
    soup = page("/audit/?action=test.event")
    assert len(soup.select("tbody tr")) == services.PAGE_SIZE
    older = soup.select_one("a[rel=next]")["href"]
    assert "action=test.event" in older and "before=" in older
    assert [row.select_one(".audit-subject").get_text(strip=True) for row in page(older).select("tbody tr")] == [
        "test #0"
    ]


def test_audit_page_is_refused_to_handlers(page, client, create_user, login):
    assert client.get("/audit/").headers["Location"].startswith("/accounts/login")
    login(create_user())
    page("/audit/", expected_status=403)
    page("/audit/?date_from=nonsense", expected_status=403)


def test_audit_page_has_no_way_to_change_history(page, create_user, login):
    login(create_user(role=Role.site_admin, unit=None))
    soup = page("/audit/")
    assert not soup.select("main form[method=post]")
    assert page("/audit/", method="post", expected_status=405)
