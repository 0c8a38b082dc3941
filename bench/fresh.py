"""The database a bench script measures: a new SQLite file, or a PostgreSQL database emptied first; migrated, so
it holds what production seeds (categories, legal periods, the calendar's swaps)."""

from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app
from portal.extensions import db


def bench_app(url: str, sqlite_path: Path, config: dict) -> Flask:
    """The portal on `url`, or on a new SQLite file at `sqlite_path` when no URL is given."""
    if not url:
        sqlite_path.parent.mkdir(exist_ok=True)
        sqlite_path.unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_path}"
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_app({"SQLALCHEMY_DATABASE_URI": url, **config})


def migrate_empty() -> None:
    """Inside the app's context: empty a PostgreSQL database, then migrate."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade()
