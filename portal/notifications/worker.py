"""The background worker: a huey consumer running the portal's periodic jobs inside one Flask app.

Storage: with REDIS_URL empty, huey keeps its queue in `instance/huey.sqlite3` (one machine, no other service);
with REDIS_URL set, in Redis, so a province can run the consumer on any machine.

Mail leaves through the periodic `deliver_mail` job, every minute, which sends everything due in batches as fast
as the mail server accepts it; when a drain is still running a minute later (a backlog after a burst), the next
run works beside it on other messages (`--workers N`, or consumers on several machines), each message claimed by
one of them. Mail deliberately leaves through nothing else: a web request only writes to the outbox in its own
transaction. An extra "send now" task enqueued after each commit
would shave off at most a minute, but could be lost (Redis down, process killed between commit and enqueue) and
would need the periodic job as a safety net anyway; with one path there is nothing to get out of step.

Adding a periodic job (for example the cases feature's daily digest): write a service that does the work and
flushes, then declare it in the feature's own `jobs.py` (imported by portal/web.py `import_jobs`)

    register_job("cases-daily-reminders", queue_reminders, hour="7", minute="0")

The worker knows no feature: it runs what is registered in portal/core/jobs.py. `run_job` gives the service the app
context and commits its work (or rolls it back and logs the error). Times are the worker machine's local time. Two
consumers may run on two machines, and each fires every periodic job: a daily job is claimed for its day
(`JobRun`) before it runs, so it runs once; a job that runs every minute makes its own effect idempotent (a
unique key, a lease, a guarded claim), as the outbox and the announcements do.
"""

import logging
from pathlib import Path

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey, crontab
from sqlalchemy.exc import IntegrityError

from portal.core import logs
from portal.core.jobs import Job, registered_jobs
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.notifications.models import JobRun

log = logging.getLogger(__name__)


def run_job(app: Flask, job: Job) -> object:
    """Run one job's service in the app context and commit its work; a failure is rolled back and re-raised. A daily
    job another consumer already ran, or is running, today is skipped (None)."""
    with app.app_context():
        try:
            if job.runs_daily and not _claim_today(job):
                log.info("Periodic job %s already ran today", job.name)
                return None
            result = job.service()
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            log.exception("Periodic job %s failed", job.name)
            raise
        finally:
            db.session.remove()


def _claim_today(job: Job) -> bool:
    """Insert the day's run in a savepoint: a consumer running the job holds the key until it commits, so another
    one waits on it and then finds it taken."""
    now = utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(JobRun(name=job.name, day=local_date(now), started_at=now))
    except IntegrityError:
        return False
    return True


def register_periodic_jobs(huey: Huey, app: Flask) -> None:
    """Every job the features registered (portal/core/jobs.py), on its crontab."""
    for job in registered_jobs():
        _schedule(huey, app, job)


def _schedule(huey: Huey, app: Flask, job: Job) -> None:
    def run() -> None:
        run_job(app, job)

    huey.periodic_task(crontab(minute=job.minute, hour=job.hour), name=job.name)(run)


def create_huey(app: Flask, *, immediate: bool = False) -> Huey:
    """The task queue for this app, with its periodic jobs; `immediate=True` runs tasks in-process (tests)."""
    if app.config["REDIS_URL"]:
        huey = RedisHuey("portal", url=app.config["REDIS_URL"], immediate=immediate)
    else:
        path = Path(app.instance_path) / "huey.sqlite3"
        huey = SqliteHuey("portal", filename=str(path), immediate=immediate)
    register_periodic_jobs(huey, app)
    return huey


def run_consumer(app: Flask, workers: int = 1) -> None:
    """Run the consumer until stopped (SIGINT or SIGTERM); it also fires the periodic jobs every minute."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    logs.protect(*logging.getLogger().handlers)
    huey = create_huey(app)
    consumer = huey.create_consumer(workers=workers, periodic=True, check_worker_health=True)
    consumer.run()
