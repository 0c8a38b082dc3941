"""Project-wide guards: schema only from migrations, routes on purpose, translations current."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import venv
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local URL the test made)
        return response.status, response.read().decode()


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in 30 s")


def _copy_of_the_sources(target: Path) -> Path:
    """The files git knows (committed or not), links kept: a build/ left by an earlier build must not leak in."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607 (git from PATH)
        cwd=REPOSITORY,
        check=True,
        capture_output=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        origin = REPOSITORY / name
        if not origin.exists() and not origin.is_symlink():
            continue  # deleted in the working tree, not yet committed
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            destination.symlink_to(os.readlink(origin))
        else:
            destination.write_bytes(origin.read_bytes())
    return target


@pytest.mark.packaging
def test_the_built_wheel_serves_vietnamese_pages_from_any_directory(tmp_path):
    """What an operator does: build, install in a new virtual environment, migrate and serve from elsewhere."""
    source = _copy_of_the_sources(tmp_path / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("portal-*.whl"))
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    subprocess.run([bin_dir / "pip", "install", "--quiet", wheel], check=True, capture_output=True)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "PYTHON"))}
    environment.pop("DATABASE_URL", None)
    environment.pop("REDIS_URL", None)
    environment.update(PORTAL_INSTANCE_DIR=str(tmp_path / "instance"), SECRET_KEY="wheel-test")

    def run(*command: str) -> str:
        result = subprocess.run(command, cwd=elsewhere, env=environment, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run(str(bin_dir / "python"), "-c", "import portal; print(portal.__file__)").startswith(str(tmp_path))
    run(str(bin_dir / "flask"), "--app", "portal", "db", "upgrade")
    assert "(head)" in run(str(bin_dir / "flask"), "--app", "portal", "db", "current")

    port = _free_port()
    gunicorn = [bin_dir / "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "portal:create_app()"]
    with subprocess.Popen(
        gunicorn, cwd=elsewhere, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    ) as server:
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz", server)
            status, body = _get(f"http://127.0.0.1:{port}/")
            assert status == 200
            page = BeautifulSoup(body, "html.parser")
            with (TRANSLATIONS / "vi" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
                vietnamese = read_po(handle)["Grassroots Democracy Portal"].string
            assert page.html["lang"] == "vi"
            assert page.h1.get_text(strip=True) == vietnamese
            stylesheet = page.find("link", rel="stylesheet")["href"]
            assert _get(f"http://127.0.0.1:{port}{stylesheet}")[0] == 200
            assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 200
        finally:
            server.terminate()
