from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db


class OutboxMessage(db.Model):
    """One rendered mail waiting to go out, or the record that it went.

    It is written in the transaction of the change that caused it, so a rolled-back change sends nothing and a
    committed one never loses its mail. The worker sends it and sets `sent_at` only once the SMTP server has
    accepted it; a failure records `last_error` and moves `next_attempt_at` on.
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(100), default="")
    recipient: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_outbox_messages_due", "sent_at", "next_attempt_at"),)


class JobRun(db.Model):
    """A daily job's run on one day in Vietnam. The runner inserts it before the job's work, in the same transaction:
    a second consumer firing the same crontab (another machine, another `flask worker`) finds the key taken and
    skips, and a run that fails leaves no row, so the next day's run is not blocked by it."""

    __tablename__ = "job_runs"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
