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
flushes, then add to `register_periodic_jobs` below

    @huey.periodic_task(crontab(hour="7", minute="0"), name="cases-daily-digest")
    def daily_digest():
        run_job(app, send_daily_digest)

`run_job` gives the service the app context and commits its work (or rolls it back and logs the error). Times in
`crontab` are the worker machine's local time; a job that must not run twice at once should make its effect
idempotent (a unique key, as disclosure announcements do), because two consumers may run on two machines.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey, crontab

from portal.core import logs
from portal.extensions import db

log = logging.getLogger(__name__)


def run_job(app: Flask, service: Callable[[], object]) -> object:
    """Run one job's service in the app context and commit its work; a failure is rolled back and re-raised."""
    with app.app_context():
        try:
            result = service()
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            log.exception("Periodic job %s failed", getattr(service, "__name__", service))
            raise
        finally:
            db.session.remove()


def register_periodic_jobs(huey: Huey, app: Flask) -> None:
    """The one place where the portal's periodic jobs are declared: add yours here (see the module docstring)."""
    from portal.casework.reminders import queue_reminders
    from portal.disclosures.follows import announce_posted_disclosures
    from portal.notifications.services import deliver_pending
    from portal.plans.reports import queue_report_reminders

    @huey.periodic_task(crontab(minute="*"), name="announce-posted-disclosures")
    def announce_disclosures():
        run_job(app, announce_posted_disclosures)

    @huey.periodic_task(crontab(minute="*"), name="deliver-mail")
    def deliver_mail():
        run_job(app, deliver_pending)

    @huey.periodic_task(crontab(hour="7", minute="0"), name="cases-daily-reminders")
    def daily_reminders():
        run_job(app, queue_reminders)

    @huey.periodic_task(crontab(hour="7", minute="10"), name="plans-report-reminders")
    def plan_report_reminders():
        run_job(app, queue_report_reminders)


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
