"""Commands under `flask --app portal`: units import, users create-admin, demo load, cases remind (and, from
portal/notifications/cli.py, worker and notifications deliver; from portal/backup/cli.py, backup and restore; from
portal/plans/cli.py, plans read; from portal/search/cli.py, search reindex).

Each command is a thin shell around a service; it commits once, like a view.
"""

import time

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db

units_cli = AppGroup("units", help="Administrative units.")
users_cli = AppGroup("users", help="Officials' accounts.")
demo_cli = AppGroup("demo", help="Demonstration data from the sample plans.")
cases_cli = AppGroup("cases", help="Citizen cases.")


@units_cli.command("import")
def import_units():
    """Import or refresh the 34 provinces and 3,321 communes from the vietnam-provinces package, then the units
    dissolved in 2025 and their successors from the vietnamadminunits package."""
    from portal.units.importer import import_official_units
    from portal.units.successions import import_successions

    started = time.perf_counter()
    result = import_official_units()
    db.session.commit()
    click.echo(
        f"Provinces: {result.provinces}, communes: {result.communes} ({result.created} new, {result.updated} updated)"
    )
    history = import_successions()
    db.session.commit()
    click.echo(
        f"Units dissolved in 2025: {history.historical_units} ({history.created_units} new), "
        f"successions: {history.successions} ({history.created_successions} new), "
        f"in {time.perf_counter() - started:.1f} s"
    )


@users_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "full_name", prompt=True)
@click.password_option()
@click.option("--unit", "unit_code", default=None, help="Code of the unit administered; default: the whole site.")
def create_admin(email, full_name, password, unit_code):
    """Create a site administrator who can then invite everyone else."""
    from portal.accounts.services import create_site_admin
    from portal.core.errors import DomainError

    try:
        user = create_site_admin(email=email, full_name=full_name, password=password, unit_code=unit_code)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Site administrator {user.email} created. Sign in and set up the second factor.")


@demo_cli.command("load")
def load_demo():
    """Load demonstration units and officials (safe to run again) and print the officials' logins."""
    from portal.core.timeutil import utcnow
    from portal.demo.consultations import load_demo_consultations
    from portal.demo.dialogues import load_demo_dialogues
    from portal.demo.plans import publish_plans_from_samples
    from portal.demo.samples import publish_sample_plans
    from portal.demo.services import load_demo_data
    from portal.search.index import reindex_all

    summary = load_demo_data()
    published = publish_sample_plans()
    plans = publish_plans_from_samples()
    consultations = load_demo_consultations(utcnow())
    dialogues = load_demo_dialogues(utcnow())
    db.session.commit()
    # What was stored before search existed (a demo database from an earlier version) is indexed here too.
    reindex_all()
    db.session.commit()
    click.echo(summary.describe())
    click.echo(f"Sample plans published as disclosures: {published}.")
    click.echo(f"Sample plans published with their tasks and reports: {plans}.")
    click.echo(f"Consultations added (one open on sample 002, one closed with its synthesis): {consultations}.")
    click.echo(f"Dialogue sessions and reception schedules added: {dialogues}.")


@cases_cli.command("remind")
def remind():
    """Queue today's reminders (unit heads' digests, handlers' due cases) once; the worker does this every morning."""
    from portal.casework.reminders import queue_reminders

    report = queue_reminders()
    db.session.commit()
    if report.is_day_off:
        click.echo("Today is not a working day: no reminders are sent.")
    else:
        click.echo(f"Reminders queued: {report.digests} digests to unit heads, {report.reminders} to handlers.")


def register_commands(app: Flask) -> None:
    from portal.backup.cli import backup_command, restore_command
    from portal.notifications.cli import notifications_cli, worker_command
    from portal.plans.cli import plans_cli
    from portal.search.cli import search_cli

    for group in (units_cli, users_cli, demo_cli, cases_cli, notifications_cli, worker_command, backup_command,
                  restore_command, plans_cli, search_cli):
        app.cli.add_command(group)
