"""Several workers drain one outbox at once, each message sent exactly once.

The workers commit for real, so this runs against a database of its own (see tests/cases/test_concurrency.py).
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.notifications.services import deliver_pending
from tests.cases.test_concurrency import own_database, real_sessions

MESSAGES = 300
WORKERS = 4


def test_parallel_workers_send_every_message_once(database_url, tmp_path, smtp_server):
    with own_database(database_url, tmp_path) as url, real_sessions():
        mail_app = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "mail", "SERVER_NAME": "localhost",
             "PORTAL_BASE_URL": "http://localhost", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port,
             "MAIL_USE_TLS": False, "MAIL_USERNAME": "", "MAIL_DEFAULT_SENDER": "portal@example.vn"}
        )
        now = utcnow()
        with mail_app.app_context():
            upgrade()
            db.session.add_all(
                OutboxMessage(kind="test", recipient=f"nguoi{n}@example.vn", language="vi", subject=f"Thư {n}",
                              body="Nội dung\n", created_at=now, next_attempt_at=now - timedelta(seconds=1))
                for n in range(MESSAGES)
            )
            db.session.commit()

        def work(_):
            with mail_app.app_context():
                return deliver_pending(batch=25).sent

        try:
            with ThreadPoolExecutor(WORKERS) as pool:
                sent = list(pool.map(work, range(WORKERS)))
            with mail_app.app_context():
                unsent = db.session.scalar(select(func.count()).where(OutboxMessage.sent_at.is_(None)))
        finally:
            with mail_app.app_context():
                db.engine.dispose()
    recipients = [envelope.rcpt_tos[0] for envelope in smtp_server.inbox.envelopes]
    assert sum(sent) == MESSAGES and unsent == 0
    assert len(recipients) == MESSAGES and len(set(recipients)) == MESSAGES
    assert sum(1 for count in sent if count) > 1, "the work was shared"
