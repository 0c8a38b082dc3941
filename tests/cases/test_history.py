"""A case's history is append-only like the audit log (portal.core.audit.append_only)."""

import pytest

from portal.core.audit import AppendOnlyViolation


@pytest.mark.parametrize("change", ["update", "delete"])
def test_a_case_event_cannot_be_changed_or_deleted_through_the_orm(create_case, db_session, change):
    event = create_case().case.events[0]
    savepoint = db_session.begin_nested()
    if change == "update":
        event.note = "rewritten"
    else:
        db_session.delete(event)
    with pytest.raises(AppendOnlyViolation, match="case events are append-only"):
        db_session.flush()
    savepoint.rollback()
