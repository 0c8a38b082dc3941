import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.columns import StoredFile, owned
from portal.core.enums import TitledEnum
from portal.core.follow import FollowColumns
from portal.core.i18n import _l
from portal.core.listing import words_index
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


# Who may read a category, and the stages of a disclosure: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class Audience(enum.StrEnum):
    public = "public"
    staff = "staff"


class DisclosureStatus(TitledEnum):
    draft = "draft", _l("Draft")
    scheduled = "scheduled", _l("Scheduled")
    posted = "posted", _l("Posted")
    completed = "completed", _l("Completed")
    withdrawn = "withdrawn", _l("Withdrawn")


class DisclosureCategory(db.Model):
    """A kind of information the law requires to be disclosed, with its legal basis and posting period."""

    __tablename__ = "disclosure_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(300))
    posting_days: Mapped[int | None] = mapped_column(Integer)
    audience: Mapped[Audience] = mapped_column(Enum(Audience, native_enum=False, length=16))
    required_for: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_correction_restarting: Mapped[bool] = mapped_column(Boolean, default=False)
    due_month: Mapped[int | None] = mapped_column(Integer)
    due_day: Mapped[int | None] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_permanent(self) -> bool:
        return self.posting_days is None

    def name(self, language: str) -> str:
        return self.name_vi if language == "vi" else self.name_en


class Disclosure(db.Model):
    """One disclosure. Its status is never stored: it follows from the dates below and the time of asking."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("disclosure_categories.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    search_text: Mapped[str] = mapped_column(Text)
    document_number: Mapped[str] = mapped_column(String(100), default="")
    document_date: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    posting_start: Mapped[datetime] = mapped_column(UTCDateTime())
    posting_days: Mapped[int | None] = mapped_column(Integer)
    # A Vietnamese day: posted until 24:00 of it; None for a permanent posting.
    posting_last_day: Mapped[date | None] = mapped_column(Date)
    posting_places: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()
    category: Mapped[DisclosureCategory] = relationship()
    versions: Mapped[list["DisclosureVersion"]] = owned("DisclosureVersion.number", back_populates="disclosure")
    attachments: Mapped[list["Attachment"]] = owned("Attachment.id", back_populates="disclosure")

    __table_args__ = (
        Index("ix_disclosures_unit_id_id", "unit_id", "id"),
        Index("ix_disclosures_start", "posting_start", "id"),
        words_index("disclosures"),
    )

    @property
    def current_version(self) -> "DisclosureVersion":
        return self.versions[-1]


class DisclosureVersion(db.Model):
    """The text as posted. A correction adds a version; none is ever rewritten.

    One change is allowed, because the law forbids publishing personal data that an official wrote in by
    mistake: a unit head masks passages (portal.disclosures.redaction). The text then shown replaces the posted
    one, `content_sha256` stays the hash of the text as posted (the one on the paper notice), `redacted_sha256`
    is the hash of the text shown now, and `redacted_at` and `redaction_reason` are the public note; every
    redaction is also in the disclosure's posting record with both hashes.
    """

    __tablename__ = "disclosure_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id"))
    number: Mapped[int] = mapped_column(Integer)
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    is_period_restarted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    redaction_reason: Mapped[str | None] = mapped_column(Text)
    redacted_sha256: Mapped[str | None] = mapped_column(String(64))

    disclosure: Mapped[Disclosure] = relationship(back_populates="versions")

    __table_args__ = (UniqueConstraint("disclosure_id", "number", name="uq_disclosure_versions_number"),)


class Attachment(StoredFile, db.Model):
    """A signed document or image; stored outside the web root under its SHA-256."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    disclosure: Mapped[Disclosure] = relationship(back_populates="attachments")


class ApiToken(db.Model):
    """Lets a unit's document-management system post drafts through the API. Only the hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()


class DisclosureFollow(FollowColumns, db.Model):
    """An email address that follows a unit's disclosures (optionally of one category).

    Double opt-in: it receives nothing until `confirmed_at`, set by the one-time link mailed to it; only the
    SHA-256 of that link's token is kept.
    """

    __tablename__ = "disclosure_follows"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_categories.id"))

    unit: Mapped[Unit] = relationship()
    category: Mapped[DisclosureCategory | None] = relationship()


class DisclosureAnnouncement(db.Model):
    """That a disclosure's going live was mailed to its followers: the unique key makes it happen once."""

    __tablename__ = "disclosure_announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id"), unique=True)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
