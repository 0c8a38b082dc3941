"""Commands: `flask --app portal worker` runs the background worker; `notifications deliver` drains the outbox once."""

import click
from flask import current_app
from flask.cli import AppGroup

from portal.core.jobs import registered_jobs
from portal.extensions import db

notifications_cli = AppGroup("notifications", help="Mail to citizens and officials.")


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="How many jobs may run at the same time.")
def worker_command(workers):
    """Run the background worker: sends queued mail and runs the periodic jobs, until stopped."""
    from portal.notifications.worker import run_consumer

    run_consumer(current_app._get_current_object(), workers=workers)


@notifications_cli.command("deliver")
def deliver():
    """Run once what the worker runs every minute (announcing posted disclosures, ...), then send what is due."""
    from portal.notifications.jobs import DELIVER_MAIL

    for job in registered_jobs():
        if job.runs_every_minute and job != DELIVER_MAIL:
            click.echo(f"{job.name}: {job.service()}")
            db.session.commit()
    report = DELIVER_MAIL.service()
    click.echo(f"Mail sent: {report.sent}, to retry: {report.failed}.")
    for error in sorted(set(report.errors)):
        click.echo(f"  {error}", err=True)
