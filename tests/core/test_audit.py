from datetime import UTC, datetime

from sqlalchemy import select

from portal.core.audit import AuditEvent, record


def test_record_adds_event_in_the_current_transaction(db_session, create_user):
    official = create_user()
    moment = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    event = record(
        "units.updated", actor=official, subject_type="unit", subject_id=7, details={"name": "A"}, now=moment
    )
    db_session.flush()
    stored = db_session.scalars(select(AuditEvent).where(AuditEvent.id == event.id)).one()
    assert stored.actor_id == official.id
    assert stored.subject_id == "7"
    assert stored.details == {"name": "A"}
    assert stored.occurred_at.replace(tzinfo=UTC) == moment
