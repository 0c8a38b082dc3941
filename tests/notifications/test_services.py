from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from portal.extensions import db
from portal.notifications import services
from portal.notifications.models import OutboxMessage
from portal.notifications.services import claim_due, deliver_pending, queue_email

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _queue(recipient="nguoidan@example.vn", now=NOW, unit_name="Xã Tân Trung"):
    context = {
        "unit": SimpleNamespace(name=unit_name),
        "category": "Thu, chi ngân sách",
        "confirm_url": "http://localhost/disclosures/follow/confirm/abc",
        "valid_days": 7,
        "unsubscribe_url": "http://localhost/disclosures/follow/stop/xyz",
    }
    message = queue_email(recipient, "follow_confirm", context, language="vi", now=now)
    db.session.flush()
    return message


def test_queue_email_renders_subject_and_body_and_waits_for_the_callers_commit(db_session):
    message = _queue()
    assert message.sent_at is None and message.attempts == 0 and message.next_attempt_at == NOW
    assert message.kind == "follow_confirm" and message.language == "vi"
    assert "Xã Tân Trung" in message.subject and "\n" not in message.subject
    assert "http://localhost/disclosures/follow/confirm/abc" in message.body
    assert message.unsubscribe_url == "http://localhost/disclosures/follow/stop/xyz"


def test_a_rolled_back_change_leaves_no_mail(db_session):
    with db_session.begin_nested() as nested:
        _queue()
        nested.rollback()
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_external_links_come_from_the_base_url_without_a_request(app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://congkhai.example.vn/portal")
    assert services.external_url("disclosures.show", disclosure_id=7) == (
        "https://congkhai.example.vn/portal/disclosures/7"
    )


def test_delivery_through_a_real_smtp_server_in_utf8(db_session, smtp_server):
    message = _queue(recipient="nguoidan@example.vn", unit_name="Xã Tân Trung")
    report = deliver_pending(now=NOW)
    assert (report.sent, report.failed) == (1, 0)
    assert message.sent_at == NOW and message.last_error is None
    [envelope] = smtp_server.inbox.envelopes
    assert envelope.rcpt_tos == ["nguoidan@example.vn"]
    assert envelope.mail_from == "portal@example.vn"
    [received] = smtp_server.inbox.messages
    assert received["To"] == "nguoidan@example.vn"
    assert received["Subject"] == message.subject and "Xã Tân Trung" in received["Subject"]
    assert received["List-Unsubscribe"] == "<http://localhost/disclosures/follow/stop/xyz>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = received.get_body(("plain",))
    assert body.get_content_charset() == "utf-8"
    assert "Xã Tân Trung" in body.get_content()
    assert deliver_pending(now=NOW + timedelta(hours=1)).sent == 0
    assert len(smtp_server.inbox.envelopes) == 1


def test_delivery_over_tls_from_the_first_byte_as_on_port_465(app, db_session, start_smtp_server,
                                                                tls_server_context, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", True)
    server = start_smtp_server(ssl_context=tls_server_context)
    message = _queue()
    assert deliver_pending(now=NOW).sent == 1
    [envelope] = server.inbox.envelopes
    assert envelope.rcpt_tos == ["nguoidan@example.vn"] and message.last_error is None


def test_delivery_after_starttls_as_on_port_587(app, db_session, start_smtp_server, tls_server_context, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)
    server = start_smtp_server(tls_context=tls_server_context, require_starttls=True)
    message = _queue()
    assert deliver_pending(now=NOW).sent == 1
    assert len(server.inbox.envelopes) == 1 and message.last_error is None


def test_a_certificate_the_portal_does_not_trust_is_refused_and_the_mail_kept(
    app, db_session, start_smtp_server, tls_server_context, monkeypatch
):
    monkeypatch.delenv("SSL_CERT_FILE")
    monkeypatch.setitem(app.config, "MAIL_USE_SSL", True)
    server = start_smtp_server(ssl_context=tls_server_context)
    message = _queue()
    report = deliver_pending(now=NOW)
    assert (report.sent, report.failed) == (0, 1)
    assert "CERTIFICATE_VERIFY_FAILED" in message.last_error and message.sent_at is None
    assert server.inbox.envelopes == []


def test_a_server_that_is_down_keeps_the_message_until_it_comes_back(db_session, smtp_port):
    from tests.notifications.conftest import SmtpServer

    message = _queue()
    report = deliver_pending(now=NOW)
    assert (report.sent, report.failed) == (0, 1)
    assert message.sent_at is None and message.attempts == 1
    assert "Connection" in message.last_error or "refused" in message.last_error.lower()
    assert message.next_attempt_at == NOW + timedelta(minutes=1)

    second = NOW + timedelta(minutes=1)
    assert deliver_pending(now=second).failed == 1
    assert message.attempts == 2 and message.next_attempt_at == second + timedelta(minutes=2)

    server = SmtpServer(smtp_port)
    server.start()
    try:
        assert deliver_pending(now=second + timedelta(seconds=30)).sent == 0, "not due yet"
        report = deliver_pending(now=second + timedelta(minutes=2))
        assert report.sent == 1
        assert message.sent_at is not None and message.attempts == 3 and message.last_error is None
        assert deliver_pending(now=second + timedelta(days=1)).sent == 0
        assert len(server.inbox.envelopes) == 1
    finally:
        server.stop()


def test_a_refused_recipient_waits_alone(db_session, smtp_server):
    async def refuse_one(server, session, envelope, address, rcpt_options):
        if address.startswith("refused"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.inbox.handle_RCPT = refuse_one
    refused, accepted = _queue(recipient="refused@example.vn"), _queue(recipient="ok@example.vn")
    report = deliver_pending(now=NOW)
    assert (report.sent, report.failed) == (1, 1)
    assert refused.sent_at is None and "550" in refused.last_error
    assert accepted.sent_at == NOW


def test_retries_back_off_exponentially_up_to_six_hours():
    delays = [services.retry_delay(attempt) for attempt in (1, 2, 3, 4, 20)]
    assert delays == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8),
                      timedelta(hours=6)]


def test_a_claimed_message_is_not_taken_by_a_second_worker(db_session, smtp_server):
    first, second = _queue(recipient="a@example.vn"), _queue(recipient="b@example.vn")
    assert claim_due(NOW, limit=1) == [first.id]
    report = deliver_pending(now=NOW)
    assert report.sent == 1 and smtp_server.inbox.envelopes[0].rcpt_tos == ["b@example.vn"]
    assert second.sent_at is not None
    assert deliver_pending(now=NOW + services.CLAIM_LEASE - timedelta(seconds=1)).sent == 0
    db_session.refresh(first)
    assert first.sent_at is None and first.attempts == 1


def test_a_message_whose_worker_died_is_taken_over_after_the_lease(db_session, smtp_server):
    message = _queue()
    assert claim_due(NOW, limit=10) == [message.id]
    assert deliver_pending(now=NOW + services.CLAIM_LEASE).sent == 1
    db_session.refresh(message)
    assert message.sent_at is not None and message.attempts == 2
    assert len(smtp_server.inbox.envelopes) == 1


def test_claiming_skips_rows_locked_by_another_worker_on_postgresql():
    statement = (
        select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None)).limit(5).with_for_update(skip_locked=True)
    )
    assert "FOR UPDATE SKIP LOCKED" in str(statement.compile(dialect=postgresql.dialect()))


def test_a_dead_worker_s_claim_expires_in_about_a_minute(db_session, smtp_server):
    message = _queue()
    assert claim_due(NOW, limit=10) == [message.id]
    assert deliver_pending(now=NOW + timedelta(seconds=59)).sent == 0
    assert deliver_pending(now=NOW + timedelta(seconds=61)).sent == 1
    assert len(smtp_server.inbox.envelopes) == 1


def test_one_run_drains_the_whole_outbox_in_batches(db_session, smtp_server):
    queued = [_queue(recipient=f"nguoi{n}@example.vn") for n in range(45)]
    report = deliver_pending(now=NOW, batch=10)
    assert (report.sent, report.failed) == (45, 0)
    assert sorted(e.rcpt_tos[0] for e in smtp_server.inbox.envelopes) == sorted(m.recipient for m in queued)
    assert all(message.sent_at is not None and message.attempts == 1 for message in queued)


def test_a_live_worker_renews_its_lease_and_leaves_what_another_took_over(db_session):
    mine, taken = _queue(recipient="a@example.vn"), _queue(recipient="b@example.vn")
    assert claim_due(NOW, limit=10) == [mine.id, taken.id]
    taken_over_at = NOW + services.CLAIM_LEASE + timedelta(seconds=5)
    taken.next_attempt_at = taken_over_at + services.CLAIM_LEASE
    db_session.commit()
    later = NOW + timedelta(seconds=30)
    held, lease_end = services._renew_claim([mine.id, taken.id], NOW + services.CLAIM_LEASE, later)
    assert held == [mine.id] and lease_end == later + services.CLAIM_LEASE
    db_session.refresh(mine)
    assert mine.next_attempt_at == lease_end


def test_the_lease_is_renewed_while_a_batch_is_sent(db_session, smtp_server, monkeypatch):
    monkeypatch.setattr(services, "LEASE_RENEWAL_SECONDS", -1)
    renewals = []
    renew = services._renew_claim
    monkeypatch.setattr(services, "_renew_claim", lambda *args: renewals.append(args[0]) or renew(*args))
    queued = [_queue(recipient=f"nguoi{n}@example.vn") for n in range(3)]
    assert deliver_pending(now=NOW).sent == 3
    assert renewals == [[m.id for m in queued], [m.id for m in queued[1:]], [queued[2].id]]


def test_the_backlog_counts_waiting_and_failing_mail_and_the_oldest_age(db_session):
    assert services.outbox_backlog(NOW) == services.Backlog(0, 0, None, None)
    oldest = _queue(now=NOW - timedelta(minutes=7))
    _queue(now=NOW - timedelta(minutes=2))
    sent = _queue(now=NOW - timedelta(hours=1))
    sent.sent_at = NOW - timedelta(minutes=59)
    oldest.last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
    db_session.flush()
    backlog = services.outbox_backlog(NOW)
    assert (backlog.waiting, backlog.failing) == (2, 1)
    assert backlog.oldest_created_at == NOW - timedelta(minutes=7) and backlog.oldest_age == timedelta(minutes=7)


def test_the_lease_renewed_on_the_real_clock_keeps_every_message(db_session, smtp_server, monkeypatch):
    monkeypatch.setattr(services, "LEASE_RENEWAL_SECONDS", -1)
    queued = [_queue(recipient=f"nguoi{n}@example.vn") for n in range(3)]
    assert deliver_pending().sent == 3
    assert all(message.sent_at is not None for message in queued)
