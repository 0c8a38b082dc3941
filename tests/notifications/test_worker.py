from sqlalchemy import select

from portal.notifications.models import OutboxMessage
from portal.notifications.worker import create_huey
from tests.notifications.test_services import _queue


def test_the_periodic_jobs_are_registered_and_run_in_the_app(app, db_session, smtp_server):
    huey = create_huey(app, immediate=True)
    jobs = {task_class.__name__: task_class for task_class in huey._registry._periodic_tasks}
    assert {"deliver-mail", "announce-posted-disclosures"} <= set(jobs)
    _queue()
    huey.execute(jobs["deliver-mail"]())
    assert len(smtp_server.inbox.envelopes) == 1
    assert db_session.scalars(select(OutboxMessage)).one().sent_at is not None


def test_the_deliver_command_drains_the_outbox_once(app, db_session, smtp_server):
    _queue()
    result = app.test_cli_runner().invoke(args=["notifications", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Mail sent: 1" in result.output
    assert len(smtp_server.inbox.envelopes) == 1
