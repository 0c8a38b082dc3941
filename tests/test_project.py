"""Project-wide guards: schema only from migrations, routes on purpose, translations current."""

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db, exists_on

REPOSITORY = Path(__file__).resolve().parent.parent
SNAPSHOT = REPOSITORY / "tests" / "snapshots" / "routes.txt"
TRANSLATIONS = REPOSITORY / "portal" / "translations"


# The full-text indexes are expressions, which Alembic cannot compare on SQLite, where they do not exist anyway.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_models_match_the_migration_head(app, db_session):
    connection = db_session.connection()
    context = MigrationContext.configure(
        connection, opts={"include_object": lambda item, *_: exists_on(item, connection.dialect.name)}
    )
    differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_migration_runs_up_and_down(tmp_path):
    migration_app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite3'}", "SECRET_KEY": "x"}
    )
    with migration_app.app_context():
        upgrade()
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def _routes(app) -> str:
    lines = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        methods = ",".join(sorted(rule.methods - {"HEAD", "OPTIONS"}))
        lines.append(f"{methods:<10} {rule.rule}  {rule.endpoint}")
    return "\n".join(lines) + "\n"


def test_routes_match_the_snapshot(app):
    """Adding or removing a URL is a deliberate act: update tests/snapshots/routes.txt with it."""
    assert _routes(app) == SNAPSHOT.read_text()


def test_translation_template_is_current(tmp_path):
    """The committed .pot holds exactly the strings in the code (run `make translations` when this fails)."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(fresh),
            "--no-location",
            "--sort-output",
            "--project",
            "portal",
            ".",
        ],
        cwd=REPOSITORY,
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        committed = {message.id for message in read_po(handle) if message.id}
    assert extracted == committed


def test_vietnamese_catalog_is_complete():
    with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    missing = []
    for message in catalog:
        if not message.id or message.id not in template:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert not missing, f"untranslated: {missing[:20]}"
    present = {message.id for message in catalog if message.id}
    assert template <= present
