"""The search index: one row per searchable thing, and the text of attached files, read once per file content.

The words are matched through an index that differs by database (portal/search/backend.py): an FTS5 table kept by
triggers on SQLite, a generated tsvector column with a GIN index on PostgreSQL. Both are made by migration 0019 and
declared by no model here.
"""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db


class SearchEntry(db.Model):
    """What a search shows of one thing and who may find it: the public from `visible_from`, or the officials of
    `unit_id` (and of the units above it) when `audience` is staff."""

    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    ref_id: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    audience: Mapped[str] = mapped_column(String(16))
    visible_from: Mapped[datetime] = mapped_column(UTCDateTime())
    visible_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[str] = mapped_column(String(64), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    shown_on: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    folded: Mapped[str] = mapped_column(Text, default="")
    endpoint: Mapped[str] = mapped_column(String(64))
    url_args: Mapped[dict] = mapped_column(JSON, default=dict)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (
        UniqueConstraint("kind", "ref_id", name="uq_search_entries_kind_ref_id"),
        Index("ix_search_entries_audience_visible_from", "audience", "visible_from"),
    )


class FileText(db.Model):
    """The text of an uploaded PDF, DOCX or XLSX, keyed by the file's SHA-256: read when it is uploaded, once."""

    __tablename__ = "file_texts"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    extracted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchTerm(db.Model):
    """A word (folded, letters only) seen in the index: the vocabulary "did you mean" picks spellings from."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(40), primary_key=True)
