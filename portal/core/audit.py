"""The append-only history of every official action.

An event is written in the same transaction as the change it records, so the two
commit or fail together. Rows are never updated or deleted: the ORM refuses, and a
database trigger (see the migration) refuses too, so no code path can rewrite history.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    ip_address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change or delete a history row."""


def append_only(model, what: str) -> None:
    """Make the ORM refuse to update or delete a row of `model`, a history named `what` in the error."""

    def refuse(mapper, connection, target):
        raise AppendOnlyViolation(f"{what} are append-only")

    event.listen(model, "before_update", refuse)
    event.listen(model, "before_delete", refuse)


append_only(AuditEvent, "audit events")


def record(
    action: str,
    *,
    actor=None,
    subject_type: str,
    subject_id: Any = None,
    unit_id: int | None = None,
    ip_address: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Add an event to the current transaction; the caller's commit makes it permanent."""
    audit_event = AuditEvent(
        occurred_at=now or utcnow(),
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        unit_id=unit_id,
        ip_address=ip_address,
        details=details or {},
    )
    db.session.add(audit_event)
    return audit_event


def record_about(subject: Any, action: str, subject_type: str, **fields: Any) -> AuditEvent:
    """`fields` are those of `audit.record`; `unit_id` defaults to the subject's own unit, when it has one."""
    fields.setdefault("unit_id", getattr(subject, "unit_id", None))
    return record(action, subject_type=subject_type, subject_id=subject.id, **fields)
