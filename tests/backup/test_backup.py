"""The operator's backup and restore, end to end on a site of its own: back up, drop the database and the files,
restore, and find the cases and their files again. On PostgreSQL the site is a database beside the test one."""

import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.cases import files as case_files
from portal.cases import lifecycle, submission
from portal.cases.models import Case
from portal.core import files
from portal.core.crypto import unseal
from portal.extensions import db
from portal.units.models import Unit, UnitKind, UnitSource

SCAN = b"%PDF-1.4 bien ban hien truong"


@dataclass
class Site:
    url: str
    uploads: Path

    def drop(self) -> None:
        """Lose everything: the database and the upload folder."""
        database = make_url(self.url)
        if database.get_backend_name() == "sqlite":
            Path(database.database).unlink()
        else:
            _recreate_database(self.url)
        for path in self.uploads.iterdir():
            path.unlink()
        self.uploads.rmdir()


def _recreate_database(url: str) -> None:
    database = make_url(url)
    server = create_engine(database.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database.database}"'))
    server.dispose()


@pytest.fixture
def site(database_url, tmp_path, monkeypatch):
    # The site has sessions of its own, not the test's connection.
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    if make_url(database_url).get_backend_name() == "sqlite":
        url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    else:
        url = make_url(database_url).set(database=f"{make_url(database_url).database}_backup")
        url = url.render_as_string(hide_password=False)
        _recreate_database(url)
    settings = {"TESTING": True, "SECRET_KEY": "site", "RATELIMIT_STORAGE_URI": "memory://"}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": url, "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        yield app, Site(url, tmp_path / "uploads")
        db.session.remove()
        db.engine.dispose()
    if not url.startswith("sqlite"):
        server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        server.dispose()


def _submit_case_with_a_file() -> tuple[str, str]:
    province = Unit(name="Tỉnh Bắc Ninh", kind=UnitKind.province, code="B01", source=UnitSource.manual)
    commune = Unit(name="Xã Tân Trung", kind=UnitKind.commune, code="B02", parent=province, source=UnitSource.manual)
    db.session.add_all([province, commune])
    db.session.flush()
    submitted = submission.submit_case(
        submission.Submission(
            kind="feedback",
            field="land",
            place_code="B02",
            title="Đường thôn Đông bị sạt lở",
            description="Đoạn đường bê tông thôn Đông bị sạt lở sau mưa lớn, xe máy đi lại nguy hiểm.",
            contact=lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678"),
        )
    )
    (attached,) = case_files.attach(submitted.case, case_files.prepare([case_files.Upload("biên bản.pdf", SCAN)]))
    db.session.flush()
    code, sha256 = submitted.case.code, attached.sha256
    db.session.commit()
    return code, sha256


def test_back_up_drop_and_restore_finds_the_cases_and_their_files(site, tmp_path):
    app, where = site
    code, sha256 = _submit_case_with_a_file()
    archive = tmp_path / "backups" / "site.tar.gz"

    backed_up = app.test_cli_runner().invoke(args=["backup", str(archive)])
    assert backed_up.exit_code == 0, backed_up.output
    assert "1 files" in backed_up.output
    with tarfile.open(archive) as contents:
        assert f"uploads/{sha256}" in contents.getnames()
    assert archive.stat().st_mode & 0o077 == 0

    db.session.remove()
    db.engine.dispose()
    where.drop()
    assert not files.path_of(sha256).exists()

    restored = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert restored.exit_code == 0, restored.output
    case = db.session.scalar(select(Case).where(Case.code == code))
    assert case.title == "Đường thôn Đông bị sạt lở"
    assert unseal(case.contact_sealed)["name"] == "Lê Văn Bình"  # the same SECRET_KEY opens it
    assert [(f.filename, files.read(f.sha256)) for f in case.files] == [("biên bản.pdf", SCAN)]


def test_a_backup_is_restored_only_into_an_empty_database(site, tmp_path):
    app, _ = site
    code, _ = _submit_case_with_a_file()
    archive = tmp_path / "site.tar.gz"
    assert app.test_cli_runner().invoke(args=["backup", str(archive)]).exit_code == 0
    refused = app.test_cli_runner().invoke(args=["restore", str(archive)])
    assert refused.exit_code != 0
    assert "empty database" in refused.output
    assert db.session.scalar(select(Case.code)) == code


def test_a_damaged_backup_is_refused(site, tmp_path):
    app, _ = site
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(b"not an archive")
    refused = app.test_cli_runner().invoke(args=["restore", str(damaged)])
    assert refused.exit_code != 0
    assert "cannot be read as a backup" in refused.output
