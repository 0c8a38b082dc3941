"""`flask --app portal backup FILE` and `flask --app portal restore FILE`: the operator's backup and restore."""

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.backup.services import BackupFailed, BackupReport, create_backup, restore_backup
from portal.core.timeutil import LOCAL_TZ, utcnow


def _default_name() -> str:
    return f"portal-{utcnow().astimezone(LOCAL_TZ):%Y%m%d-%H%M%S}.tar.gz"


def _run(operation: Callable[[Path], BackupReport], path: Path) -> BackupReport:
    """A backup or a restore whose refusal becomes the command's error message."""
    try:
        return operation(path)
    except BackupFailed as error:
        raise click.ClickException(str(error)) from error


@click.command("backup")
@click.argument("destination", required=False, type=click.Path(dir_okay=True, path_type=Path))
@with_appcontext
def backup_command(destination: Path | None):
    """Back up the database and the uploaded files into one archive (DESTINATION: a file, or a folder to put
    portal-<date>-<time>.tar.gz in; default the current folder). Safe while the portal runs."""
    destination = destination or Path.cwd()
    if destination.is_dir():
        destination = destination / _default_name()
    report = _run(create_backup, destination)
    click.echo(
        f"Backed up the {report.database} database (migration {report.revision}) and {report.uploads} files "
        f"to {report.path}. Keep SECRET_KEY and PORTAL_DATA_KEY safe apart from it: without them the sealed "
        "contact details in it cannot be read."
    )


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(source: Path):
    """Restore a backup made by `backup` into an empty database and the upload folder. Stop the portal and its
    workers first, and start them with the same SECRET_KEY and PORTAL_DATA_KEY as when the backup was made."""
    report = _run(restore_backup, source)
    click.echo(
        f"Restored the {report.database} database (migration {report.revision}) and {report.uploads} files from "
        f"{report.path}. Run `flask --app portal db upgrade` if this version of the portal is newer, then start it."
    )
