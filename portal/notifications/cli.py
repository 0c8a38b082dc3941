"""Commands: `flask --app portal worker` runs the background worker; `notifications deliver` drains the outbox once."""

import click
from flask import current_app
from flask.cli import AppGroup

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
    """Announce newly posted disclosures to their followers and send every message that is due, once."""
    from portal.disclosures.follows import announce_posted_disclosures
    from portal.notifications.services import deliver_pending

    announced = announce_posted_disclosures()
    db.session.commit()
    report = deliver_pending()
    click.echo(f"Disclosures announced: {announced}. Mail sent: {report.sent}, to retry: {report.failed}.")
    for error in sorted(set(report.errors)):
        click.echo(f"  {error}", err=True)
