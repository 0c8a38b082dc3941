import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.core import jobs
from portal.core.jobs import Job
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.notifications.models import JobRun, OutboxMessage
from portal.notifications.worker import create_huey, run_job
from tests.cases.test_concurrency import own_database, real_sessions
from tests.clock import pinned, vietnam_time
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


def _counting_job(calls: list, *, fail: bool = False, pause: float = 0.0) -> Job:
    def service():
        calls.append(local_date(utcnow()))
        time.sleep(pause)
        if fail:
            raise RuntimeError("the mail server's address is wrong")
        return len(calls)

    return Job("test-daily", service, minute="0", hour="7")


def test_a_daily_job_runs_once_a_day_in_vietnam_whatever_the_consumers(app, db_session):
    calls = []
    job = _counting_job(calls)
    with pinned(vietnam_time(date(2026, 12, 7), "23:30")):
        assert run_job(app, job) == 1
        assert run_job(app, job) is None, "a second consumer's run the same day is skipped"
    with pinned(vietnam_time(date(2026, 12, 8), "00:30")):
        assert run_job(app, job) == 2, "the next local day runs again, though UTC's date has not changed"
    assert calls == [date(2026, 12, 7), date(2026, 12, 8)]
    assert db_session.scalars(select(JobRun.day).where(JobRun.name == "test-daily")).all() == calls


def test_a_failed_daily_run_leaves_the_day_unclaimed(app, db_session):
    calls = []
    with pinned(vietnam_time(date(2026, 12, 7), "07:00")):
        with pytest.raises(RuntimeError):
            run_job(app, _counting_job(calls, fail=True))
        assert run_job(app, _counting_job(calls)) == 2, "run again by hand the same day"


def test_a_daily_job_must_name_one_hour_and_minute():
    with pytest.raises(ValueError, match="one hour and one minute"):
        jobs.register_job("test-twice-a-day", lambda: None, minute="0", hour="7,19")


def test_two_consumers_firing_a_daily_job_at_once_run_it_once(database_url, tmp_path):
    calls = []
    job = _counting_job(calls, pause=0.5)
    with own_database(database_url, tmp_path) as url, real_sessions():
        consumer_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "jobs"})
        with consumer_app.app_context():
            upgrade()
        try:
            with ThreadPoolExecutor(2) as pool:
                results = list(pool.map(lambda _: run_job(consumer_app, job), range(2)))
            with consumer_app.app_context():
                runs = db.session.scalar(select(func.count()).select_from(JobRun))
        finally:
            with consumer_app.app_context():
                db.engine.dispose()
    assert len(calls) == 1 and sorted(results, key=str) == [1, None] and runs == 1
