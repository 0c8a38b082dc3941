"""Counting the SQL a piece of code sends, for tests that hold a page or a service to a number of statements."""

from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db


@contextmanager
def statements():
    """The statements sent inside the block, as a list that fills while it runs."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
