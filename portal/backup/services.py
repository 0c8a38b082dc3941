"""One archive holds everything a site cannot make again: its database and the files citizens and officials
attached. The keys (SECRET_KEY, PORTAL_DATA_KEY) are kept apart on purpose: a stolen archive without them does not
open the sealed contact details and denouncers' identities.

The archive is a gzipped tar: `manifest.json`, the database (`database.sqlite3`, a copy made by SQLite's online
backup, or `database.pgdump`, pg_dump's custom format) and `uploads/<sha256>`. A restore goes into an empty database
only, so it never overwrites a site by mistake.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from portal.core import files
from portal.core.timeutil import utcnow
from portal.extensions import db

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_UPLOAD = re.compile(r"^uploads/([0-9a-f]{64})$")


class BackupFailed(Exception):
    """The backup or restore could not be done; the message says why and what to do, for the operator."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    database: str
    revision: str | None
    uploads: int


def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_FILES:
        raise BackupFailed(f"Backups are made of SQLite and PostgreSQL databases, not {name}.")
    return name


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:":
        raise BackupFailed("The SQLite database is in memory: there is nothing on disk to back up or restore.")
    return Path(database)


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """pg_dump's and pg_restore's connection string, with the password in their environment rather than in `ps`."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        # pg_dump or pg_restore, given the configured database's address as one argument, without a shell.
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupFailed(
            f"{command[0]} is not installed: install PostgreSQL's client programs (Debian: postgresql-client) of "
            "the server's version or newer."
        ) from error
    if result.returncode != 0:
        raise BackupFailed(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(dialect: str, target: Path) -> None:
    if dialect == "sqlite":
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent copy while the portal goes on writing
        finally:
            copy.close()
            source.close()
        return
    dsn, environment = _libpq(db.engine.url)
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", dsn], environment)


def _revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def create_backup(destination: Path, *, now: datetime | None = None) -> BackupReport:
    """Write the archive next to its final name and rename it there, so a half-written backup never looks whole."""
    now = now or utcnow()
    dialect = _dialect()
    revision = _revision()
    destination = destination.resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    with tempfile.TemporaryDirectory(dir=destination.parent) as work:
        dump = Path(work) / DATABASE_FILES[dialect]
        _dump_database(dialect, dump)
        # Listed after the dump: a file is saved before the row naming it commits, so every row dumped has its file.
        uploads = sorted(path for path in files.storage_dir().iterdir() if path.is_file() and len(path.name) == 64)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": now.isoformat(),
            "database": dialect,
            "revision": revision,
            "uploads": len(uploads),
        }
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            member = tarfile.TarInfo(MANIFEST)
            member.size, member.mtime = len(data), int(now.timestamp())
            archive.addfile(member, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for path in uploads:
                archive.add(path, arcname=f"uploads/{path.name}")
    partial.chmod(0o600)  # personal data, even if sealed
    partial.replace(destination)
    return BackupReport(destination, dialect, revision, len(uploads))


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupFailed("This file is not a backup of the portal: it has no manifest.") from error
    if manifest.get("format") != ARCHIVE_FORMAT or manifest.get("database") not in DATABASE_FILES:
        raise BackupFailed(f"This backup's format ({manifest.get('format')}) is not one this version can restore.")
    return manifest


def _check_empty(dialect: str) -> None:
    if inspect(db.engine).get_table_names():
        how = (
            "move the database file aside (or set DATABASE_URL to a new file)"
            if dialect == "sqlite"
            else "create a new empty database owned by the portal's user (dropdb, then createdb -O)"
        )
        raise BackupFailed(f"The database already has tables: a backup is restored into an empty database only; {how}.")


def _restore_database(dialect: str, dump: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    if dialect == "sqlite":
        source = sqlite3.connect(dump)
        target = sqlite3.connect(_sqlite_path())
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    dsn, environment = _libpq(db.engine.url)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dsn}",
            str(dump),
        ],
        environment,
    )


def _restore_upload(archive: tarfile.TarFile, member: tarfile.TarInfo, digest: str) -> None:
    """Each file is checked against its name, its SHA-256, so a damaged archive is found before anyone needs it."""
    data = archive.extractfile(member).read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise BackupFailed(f"The file {member.name} in the backup is damaged: its content does not match its name.")
    files.save(data)


def _restore_from(archive: tarfile.TarFile, work: Path, dialect: str) -> tuple[dict, int]:
    manifest = _read_manifest(archive)
    if manifest["database"] != dialect:
        raise BackupFailed(
            f"This backup is of a {manifest['database']} database, and DATABASE_URL names a {dialect} one."
        )
    _check_empty(dialect)
    dump = work / DATABASE_FILES[dialect]
    with archive.extractfile(DATABASE_FILES[dialect]) as packed, dump.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    _restore_database(dialect, dump)
    restored = 0
    for member in archive.getmembers():
        match = _UPLOAD.match(member.name)
        if match and member.isfile():
            _restore_upload(archive, member, match.group(1))
            restored += 1
    return manifest, restored


def restore_backup(source: Path) -> BackupReport:
    """Restore the database first (the step that can refuse), then the files; files already there are kept."""
    dialect = _dialect()
    if dialect == "sqlite":
        _sqlite_path().parent.mkdir(parents=True, exist_ok=True)
    try:
        with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
            manifest, restored = _restore_from(archive, Path(work), dialect)
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise BackupFailed(f"{source} cannot be read as a backup: {error}") from error
    return BackupReport(source, dialect, manifest["revision"], restored)
