"""Queueing mail in the caller's transaction, and delivering it afterwards.

`queue_email` renders a mail and adds it to the session: the caller's commit stores it together with the change
that caused it, and a rollback forgets both (the transactional outbox). `deliver_pending`, run by the worker,
hands due messages to the SMTP server and records the outcome; nothing is marked sent before the server accepted
it, and nothing is ever dropped: a failure waits longer and longer (capped) and is tried again.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select, update

from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage

log = logging.getLogger(__name__)

# A claimed message is leased for this long: if its worker dies while sending, another takes it over afterwards.
CLAIM_LEASE = timedelta(minutes=10)
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

    On PostgreSQL the rows are read with FOR UPDATE SKIP LOCKED, so two workers never wait for or take the same
    row; on both databases the conditional UPDATE (still due, still unsent) is what makes the claim exclusive, and
    pushing `next_attempt_at` forward by the lease keeps the row away from others until this worker reports.
    """
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = []
    for message_id in db.session.scalars(due).all():
        result = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.next_attempt_at <= now,
            )
            .values(next_attempt_at=now + CLAIM_LEASE, attempts=OutboxMessage.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def _email_message(message: OutboxMessage) -> EmailMessage:
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


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, report: DeliveryReport) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    message.last_error = text
    message.next_attempt_at = now + retry_delay(message.attempts)
    report.failed += 1
    report.errors.append(text)
    log.warning("Mail %s to be retried at %s: %s", message.id, message.next_attempt_at, text)


def deliver_pending(now: datetime | None = None, limit: int = 100) -> DeliveryReport:
    """Send the messages that are due, committing after each one, so a crash resends at most the one in flight.

    One SMTP connection serves the batch. When the server cannot be reached, every claimed message records the
    error and waits for its next attempt; when it refuses one recipient, only that message does.
    """
    now = now or utcnow()
    report = DeliveryReport()
    claimed = claim_due(now, limit)
    connection = None
    try:
        for position, message_id in enumerate(claimed):
            message = db.session.get(OutboxMessage, message_id)
            try:
                connection = connection or _connect()
                connection.send_message(_email_message(message))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
                _record_failure(message, error, now, report)
            except (OSError, smtplib.SMTPException) as error:
                _record_failure(message, error, now, report)
                for other_id in claimed[position + 1 :]:
                    _record_failure(db.session.get(OutboxMessage, other_id), error, now, report)
                db.session.commit()
                if connection is not None:
                    connection.close()
                connection = None
                break
            else:
                message.sent_at, message.last_error = now, None
                report.sent += 1
            db.session.commit()
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
    return report
