"""Queueing mail in the caller's transaction, and delivering it afterwards.

`queue_email` renders a mail and adds it to the session: the caller's commit stores it together with the change
that caused it, and a rollback forgets both (the transactional outbox). `deliver_pending`, run by the worker,
hands due messages to the SMTP server and records the outcome; nothing is marked sent before the server accepted
it, and nothing is ever dropped: a failure waits longer and longer (capped) and is tried again.
"""

import logging
import smtplib
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import ColumnElement, Row, func, select, update

from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage

log = logging.getLogger(__name__)

# A claimed message is leased for this long: if its worker dies while sending, another takes it over afterwards.
# A live worker renews the lease of what it still holds every LEASE_RENEWAL_SECONDS, well within the lease even
# when one SMTP command hangs for its whole timeout.
CLAIM_LEASE = timedelta(minutes=1)
LEASE_RENEWAL_SECONDS = 15
BATCH_SIZE = 200
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
SMTP_TIMEOUT_SECONDS = 30
MAX_RECIPIENT = 320


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, from PORTAL_BASE_URL: the worker has no request to take the host from."""
    base = urlsplit(current_app.config["PORTAL_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def queue_email(
    recipient: str, template: str, context: dict, *, language: str = "vi", now: datetime | None = None
) -> OutboxMessage:
    """Render `templates/emails/<template>.txt` in `language` and add it to the outbox, uncommitted.

    The template's first line is the subject, the rest (after one blank line) the plain-text body. The context
    may carry `unsubscribe_url`, sent as the List-Unsubscribe header as well. The caller commits.
    """
    now = now or utcnow()
    with force_locale(language):
        rendered = render_template(f"emails/{template}.txt", **context)
    subject, _, body = rendered.strip().partition("\n")
    message = OutboxMessage(
        kind=template,
        recipient=recipient.strip(),
        language=language,
        subject=" ".join(subject.split())[:500],
        body=body.strip() + "\n",
        unsubscribe_url=context.get("unsubscribe_url"),
        created_at=now,
        next_attempt_at=now,
        attempts=0,
        reference="",
    )
    db.session.add(message)
    return message


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes after the first, second, third… failure, at most six hours apart."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def claim_due(now: datetime, limit: int) -> list[int]:
    """Take up to `limit` due messages for this worker and commit, so no other worker sends them meanwhile.

    The due rows are read and locked first, with FOR UPDATE SKIP LOCKED on PostgreSQL so parallel workers never
    wait for nor take each other's rows (on SQLite the worker's transaction holds the single write lock, which is
    as exclusive); one UPDATE then moves their `next_attempt_at` to the end of the lease (the claim's mark: a
    worker that dies leaves its messages to others once the lease is over) and counts the attempt. The two are
    separate statements on purpose: PostgreSQL may run a locking subquery of an UPDATE more than once, and each
    run skips the rows the UPDATE already changed, so `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` takes more
    than n rows.
    """
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    chosen = db.session.scalars(due).all()
    return _lease(chosen, OutboxMessage.next_attempt_at <= now, next_attempt_at=now + CLAIM_LEASE,
                  attempts=OutboxMessage.attempts + 1)


def _renew_claim(message_ids: list[int], lease_end: datetime, now: datetime) -> tuple[list[int], datetime]:
    """Extend this worker's lease on the messages it still holds; those whose lease ran out and another worker
    took over (their `next_attempt_at` moved) are left to that worker."""
    renewed = _lease(message_ids, OutboxMessage.next_attempt_at == lease_end, next_attempt_at=now + CLAIM_LEASE)
    return renewed, now + CLAIM_LEASE


def _lease(message_ids: Sequence[int], untaken: ColumnElement[bool], **values) -> list[int]:
    """Set `values` (the lease's end) on those of the messages that are unsent and match `untaken` (no other worker
    took them since this one looked), and commit at once so other workers see it; the ids leased, in order."""
    leased = message_ids and db.session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.sent_at.is_(None), untaken)
        .values(**values)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(leased)


@dataclass(frozen=True)
class Backlog:
    """The unsent mail: how many messages wait, how many of them failed at least once, since when the oldest."""

    waiting: int
    failing: int
    oldest_created_at: datetime | None
    oldest_age: timedelta | None


def outbox_backlog(now: datetime | None = None) -> Backlog:
    """What administrators and monitoring watch: a growing backlog or an old oldest message means mail is stuck."""
    now = now or utcnow()
    waiting, failing, oldest = db.session.execute(
        select(
            func.count(OutboxMessage.id),
            func.count(OutboxMessage.last_error),
            func.min(OutboxMessage.created_at),
        ).where(OutboxMessage.sent_at.is_(None))
    ).one()
    return Backlog(waiting, failing, oldest, max(now - oldest, timedelta(0)) if oldest else None)


# What sending needs, read as plain rows: they stay readable across the commit after each message.
_SENDING_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.recipient,
    OutboxMessage.language,
    OutboxMessage.subject,
    OutboxMessage.body,
    OutboxMessage.unsubscribe_url,
    OutboxMessage.attempts,
)


def _email_message(message: Row) -> EmailMessage:
    config = current_app.config
    sender = config["MAIL_DEFAULT_SENDER"]
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(utcnow())
    domain = parseaddr(sender)[1].partition("@")[2] or None
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    email["Content-Language"] = message.language
    email["Auto-Submitted"] = "auto-generated"
    if message.unsubscribe_url:
        email["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body, charset="utf-8")
    return email


def _connect() -> smtplib.SMTP:
    """MAIL_USE_SSL: TLS from the first byte (port 465); MAIL_USE_TLS: plain, then STARTTLS (port 587). Either way
    the server's certificate is checked against the system's authorities (or SSL_CERT_FILE)."""
    config = current_app.config
    address = (config["MAIL_SERVER"], config["MAIL_PORT"])
    if config["MAIL_USE_SSL"]:
        connection = smtplib.SMTP_SSL(*address, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context())
    else:
        connection = smtplib.SMTP(*address, timeout=SMTP_TIMEOUT_SECONDS)
        if config["MAIL_USE_TLS"]:
            connection.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
    return connection


def _record_failure(message: Row, error: Exception, now: datetime, report: DeliveryReport) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    next_attempt_at = now + retry_delay(message.attempts)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id)
        .values(last_error=text, next_attempt_at=next_attempt_at)
        .execution_options(synchronize_session=False)
    )
    report.failed += 1
    report.errors.append(text)
    log.warning("Mail %s to be retried at %s: %s", message.id, next_attempt_at, text)


def _record_sent(message_id: int, now: datetime) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .values(sent_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )


def deliver_pending(now: datetime | None = None, batch: int = BATCH_SIZE) -> DeliveryReport:
    """Send every message that is due, batch after batch, as fast as the SMTP server accepts them.

    Each message is recorded as sent in its own commit right after the server accepted it, so a crash resends
    at most the one in flight. A batch's lease is renewed while it is being sent, so a slow server never hands
    a live worker's messages to another. When the server cannot be reached, the batch's messages record the
    error and wait for their next attempt and the run ends; when it refuses one recipient, only that message
    waits. `now` pins the clock (tests); otherwise each batch takes the time it starts.
    """
    report = DeliveryReport()
    clock = (lambda: now) if now else utcnow
    connection = None
    try:
        while claimed := claim_due(claimed_at := clock(), batch):
            lease_end, renewed_at = claimed_at + CLAIM_LEASE, time.monotonic()
            pending = list(db.session.execute(
                select(*_SENDING_COLUMNS).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)
            ))
            db.session.commit()
            while pending:
                if time.monotonic() - renewed_at > LEASE_RENEWAL_SECONDS:
                    held, lease_end = _renew_claim([message.id for message in pending], lease_end, clock())
                    pending, renewed_at = [message for message in pending if message.id in held], time.monotonic()
                    if not pending:
                        break
                message = pending.pop(0)
                try:
                    connection = connection or _connect()
                    connection.send_message(_email_message(message))
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                    _record_failure(message, error, clock(), report)
                except (OSError, smtplib.SMTPException) as error:
                    for failed in (message, *pending):
                        _record_failure(failed, error, clock(), report)
                    db.session.commit()
                    if connection is not None:
                        connection.close()
                        connection = None
                    return report
                else:
                    _record_sent(message.id, clock())
                    report.sent += 1
                db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
    return report
