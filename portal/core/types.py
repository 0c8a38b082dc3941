"""The one column type for moments: UTC in, aware UTC out, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite
from sqlalchemy.types import TypeDecorator

# SQLite has no time zones: a moment is kept as UTC text that says so. Text of one width sorts as the moments do,
# so comparisons and indexes work on the text; the "+00:00" also tells migration 0010_i12a_utc which rows are UTC.
SQLITE_STORAGE_FORMAT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d+00:00"
)
SQLITE_PATTERN = r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)(?:\.(\d{6}))?(?:\+00:00)?$"


class NaiveDateTimeError(ValueError):
    """A moment without a time zone could be Vietnam's wall clock or UTC: storing it would guess."""


class UTCDateTime(TypeDecorator):
    """A timestamptz on PostgreSQL, UTC text on SQLite; refuses naive datetimes, always returns aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(
                sqlite.DATETIME(timezone=True, storage_format=SQLITE_STORAGE_FORMAT, regexp=SQLITE_PATTERN)
            )
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"a moment must be a datetime, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDateTimeError(f"refusing to store a naive datetime: {value.isoformat()}")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
