"""An audit event about one row, the way most services write one: the row's id, and its unit unless told another."""

from typing import Any

from portal.core.audit import AuditEvent, record


def record_about(subject: Any, action: str, subject_type: str, **fields: Any) -> AuditEvent:
    """`fields` are those of `audit.record`; `unit_id` defaults to the subject's own unit, when it has one."""
    fields.setdefault("unit_id", getattr(subject, "unit_id", None))
    return record(action, subject_type=subject_type, subject_id=subject.id, **fields)
