"""Nothing is lost under a crowd: 200 submissions at once, each in its own request-like transaction.

This test commits for real, so it runs against a database of its own (a fresh SQLite file, or a fresh
PostgreSQL database beside the test one) instead of inside the rolled-back test transaction.
"""

import secrets
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.accounts.models import Membership, Role, User
from portal.cases import lifecycle, submission
from portal.cases.models import Case
from portal.extensions import db
from portal.notifications.models import OutboxMessage
from portal.units.models import Unit, UnitKind, UnitSource

SUBMISSIONS = 200
CLIENTS = 32


@contextmanager
def own_database(database_url: str, tmp_path):
    """A migrated database that lives only for this test."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'crowd.sqlite3'}"
        return
    name = f"crowd_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def real_sessions():
    """Undo the test harness's one-connection session for the length of the block: each thread gets its own."""
    harness_session = db.session
    db.session = db._make_scoped_session({})
    try:
        yield
    finally:
        db.session.remove()
        db.session = harness_session


def test_two_hundred_concurrent_submissions_are_all_kept(database_url, tmp_path):
    with own_database(database_url, tmp_path) as url, real_sessions():
        crowd_app = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "crowd", "SERVER_NAME": "localhost",
             "PORTAL_BASE_URL": "http://localhost", "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads")}
        )
        with crowd_app.app_context():
            upgrade()
            commune = Unit(name="Xã Tân Trung", kind=UnitKind.commune, code="C0001", source=UnitSource.manual)
            officials = [User(email=f"handler{n}@example.vn", full_name=f"Cán bộ {n}") for n in range(3)]
            db.session.add_all([commune, *officials])
            db.session.add_all(Membership(user=user, unit=commune, role=Role.handler) for user in officials)
            db.session.commit()

        def submit(number: int) -> str:
            with crowd_app.app_context():
                submitted = submission.submit_case(
                    submission.Submission(
                        kind="feedback",
                        field="land",
                        place_code="C0001",
                        title=f"Phản ánh số {number}",
                        description=f"Đường thôn Đông bị sạt lở, lần báo số {number}.",
                        contact=lifecycle.Contact(name=f"Người dân {number}", email=f"dan{number}@example.vn"),
                    )
                )
                code = submitted.case.code
                db.session.commit()
                db.session.remove()
                return code

        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            codes = list(pool.map(submit, range(SUBMISSIONS)))

        with crowd_app.app_context():
            assert len(set(codes)) == SUBMISSIONS
            assert db.session.scalar(select(func.count(Case.id))) == SUBMISSIONS
            receipts = db.session.scalar(select(func.count()).where(OutboxMessage.kind == "case_received"))
            assignments = db.session.scalar(select(func.count()).where(OutboxMessage.kind == "case_assigned"))
            assert (receipts, assignments) == (SUBMISSIONS, SUBMISSIONS)
            loads = db.session.execute(select(Case.assignee_id, func.count()).group_by(Case.assignee_id)).all()
            assert all(count >= SUBMISSIONS // 3 - CLIENTS for _, count in loads)
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def case_uploads():
    """This test keeps its files in its own folder (see the app above)."""
