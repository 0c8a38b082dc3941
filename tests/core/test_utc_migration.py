"""Migrations 0010_i12a_utc and 0011_i12a_last_day on SQLite: the Vietnamese wall-clock times the old code stored
become UTC, once, and a posting's end becomes its last day."""

from datetime import UTC, date, datetime

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import create_app
from portal.core.audit import AuditEvent
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.units.models import Unit

BEFORE = "0009_i12c"
UTC_MOMENTS = "0010_i12a_utc"

# As the old code wrote them: posting_end always at local midnight; a posting day chosen in the form, and the demo's
# 08:00, in local wall-clock time with no microseconds; everything from utcnow() in UTC with microseconds.
OLD_ROWS = """
INSERT INTO units (id, code, kind, division_type, name, search_name, source, created_at)
VALUES (1, 'T1', 'commune', '', 'Xã Tân Trung', 'xa tan trung', 'manual', '2026-03-02 02:00:00');
INSERT INTO disclosures (id, unit_id, category_id, title, search_text, document_number, posting_start, posting_end,
                         posting_places, created_at, approved_at)
VALUES (1, 1, 1, 'Scheduled from a day', '', '', '2026-03-05 00:00:00.000000', '2026-04-05 00:00:00.000000', '[]',
        '2026-03-02 02:00:00.654321', '2026-03-03 03:04:05.123456'),
       (2, 1, 1, 'Approved on its day', '', '', '2026-03-03 02:15:30.250000', '2026-04-03 00:00:00.000000', '[]',
        '2026-03-02 02:00:00.654321', '2026-03-03 02:15:30.250000'),
       (3, 1, 1, 'From the demo', '', '', '2026-01-12 08:00:00.000000', NULL, '[]',
        '2026-01-12 08:00:00.000000', '2026-01-12 08:00:00.000000');
INSERT INTO audit_events (id, occurred_at, action, subject_type, details)
VALUES (1, '2026-01-12 08:00:00.000000', 'disclosures.approved', 'disclosure', '{}'),
       (2, '2026-03-03 02:15:30.250000', 'disclosures.approved', 'disclosure', '{}');
"""

EXPECTED = {
    "SELECT created_at FROM units WHERE id = 1": "2026-03-02 02:00:00.000000+00:00",
    "SELECT posting_start FROM disclosures WHERE id = 1": "2026-03-04 17:00:00.000000+00:00",
    "SELECT posting_end FROM disclosures WHERE id = 1": "2026-04-04 17:00:00.000000+00:00",
    "SELECT created_at FROM disclosures WHERE id = 1": "2026-03-02 02:00:00.654321+00:00",
    "SELECT approved_at FROM disclosures WHERE id = 1": "2026-03-03 03:04:05.123456+00:00",
    "SELECT posting_start FROM disclosures WHERE id = 2": "2026-03-03 02:15:30.250000+00:00",
    "SELECT posting_end FROM disclosures WHERE id = 2": "2026-04-02 17:00:00.000000+00:00",
    "SELECT posting_start FROM disclosures WHERE id = 3": "2026-01-12 01:00:00.000000+00:00",
    "SELECT approved_at FROM disclosures WHERE id = 3": "2026-01-12 01:00:00.000000+00:00",
    "SELECT posting_end FROM disclosures WHERE id = 3": None,
    "SELECT occurred_at FROM audit_events WHERE id = 1": "2026-01-12 01:00:00.000000+00:00",
    "SELECT occurred_at FROM audit_events WHERE id = 2": "2026-03-03 02:15:30.250000+00:00",
}


def _stored():
    with db.engine.connect() as connection:
        return {query: connection.execute(text(query)).scalar_one() for query in EXPECTED}


@pytest.fixture
def old_database(tmp_path):
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}", "SECRET_KEY": "x"}
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            for statement in OLD_ROWS.split(";"):
                if statement.strip():
                    connection.execute(text(statement))
        yield app
        db.engine.dispose()


def test_wall_clock_times_become_utc_and_utc_times_are_only_marked(old_database):
    upgrade(revision=UTC_MOMENTS)
    assert _stored() == EXPECTED
    upgrade()
    with Session(db.engine) as session:
        demo = session.get(Disclosure, 3)
        assert demo.approved_at == datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam, as the demo meant
        scheduled = session.get(Disclosure, 1)
        assert scheduled.posting_start == datetime(2026, 3, 4, 17, 0, tzinfo=UTC)  # 00:00 on 5 March in Vietnam
        assert session.get(Unit, 1).created_at == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_running_it_twice_changes_nothing(old_database):
    upgrade(revision=UTC_MOMENTS)
    once = _stored()
    stamp(revision=BEFORE)
    upgrade(revision=UTC_MOMENTS)
    assert _stored() == once == EXPECTED


def test_the_end_of_posting_becomes_its_last_day_and_back(old_database):
    upgrade()
    with Session(db.engine) as session:
        last_days = {d.id: d.posting_last_day for d in session.scalars(select(Disclosure).order_by(Disclosure.id))}
    assert last_days == {1: date(2026, 4, 4), 2: date(2026, 4, 2), 3: None}
    downgrade(revision=UTC_MOMENTS)
    assert _stored() == EXPECTED


def test_the_history_stays_append_only(old_database):
    upgrade(revision=UTC_MOMENTS)
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET action = 'changed' WHERE id = 1"))
    with Session(db.engine) as session:
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.id == 1)).one() == "disclosures.approved"


def test_downgrade_gives_back_the_old_text(old_database):
    with db.engine.connect() as connection:
        before = {query: connection.execute(text(query)).scalar_one() for query in EXPECTED if "units" not in query}
    upgrade(revision=UTC_MOMENTS)
    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        after = {query: connection.execute(text(query)).scalar_one() for query in before}
    assert after == before
