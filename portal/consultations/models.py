"""Consultations (lấy ý kiến, Law 10/2022 Art. 25-28): a draft put to the residents of a unit, its parts, the
comments on them, and the groups of the synthesis that answer every comment.

The status is derived from the moments: no published_at is a draft, then open until the end of its last day
(ends_on, local date), then awaiting the synthesis until closed_at.
"""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.columns import StoredFile, link_table, owned, owner_key
from portal.core.enums import GroundedEnum, TitledEnum
from portal.core.i18n import _l, lazy_pgettext
from portal.core.timeutil import local_date, utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


class Matter(GroundedEnum):
    """What Art. 25 of Law 10/2022 says a commune consults its residents on before deciding."""

    socio_economic_plan = (
        "socio_economic_plan",
        _l("Socio-economic development plan of the commune"),
        "Luật 10/2022/QH15, Điều 25 khoản 1",
    )
    land_use = (
        "land_use",
        _l("Land use plan and planning"),
        "Luật 10/2022/QH15, Điều 25 khoản 2",
    )
    projects_resettlement = (
        "projects_resettlement",
        _l("Major projects, land recovery, compensation and resettlement"),
        "Luật 10/2022/QH15, Điều 25 khoản 3",
    )
    boundaries = (
        "boundaries",
        _l("Establishing, merging, dividing or changing the boundaries of administrative units"),
        "Luật 10/2022/QH15, Điều 25 khoản 4",
    )
    community_decisions = (
        "community_decisions",
        _l("Policies and decisions that affect the community"),
        "Luật 10/2022/QH15, Điều 25 khoản 5",
    )
    construction_plans = (
        "construction_plans",
        _l("Construction planning and urban plans"),
        "Luật 10/2022/QH15, Điều 25 khoản 6",
    )
    democracy_regulation = (
        "democracy_regulation",
        _l("The democracy regulation of the commune"),
        "Luật 10/2022/QH15, Điều 25 khoản 7",
    )
    other = (
        "other",
        _l("Other matters the commune decides to consult on"),
        "Luật 10/2022/QH15, Điều 25 khoản 8",
    )


# How comments come in, and the stages of a consultation and of a comment: each list is its own stored vocabulary,
# alike in shape only to other features' lists (see core/enums.py).
class Channel(TitledEnum):
    portal = "portal", _l("On the portal")
    meeting = "meeting", _l("At village meetings")
    comment_box = "comment_box", _l("Comment box at the commune office")
    paper = "paper", _l("In writing, on paper")


class Status(TitledEnum):
    draft = "draft", _l("Draft")
    open = "open", _l("Open for comments")
    synthesis = "synthesis", _l("Comments closed, synthesis in progress")
    closed = "closed", _l("Closed, synthesis published")


class Moderation(enum.StrEnum):
    pending = "pending"
    published = "published"
    refused = "refused"


class RefusalReason(TitledEnum):
    abuse = "abuse", _l("Insulting or threatening words")
    off_topic = "off_topic", _l("Not about this draft (send it as feedback instead)")
    spam = "spam", _l("Advertising or meaningless text")


class Disposition(TitledEnum):
    # Translators: "tiếp thu": a comment taken into the draft, not a case accepted for handling ("thụ lý").
    accepted = "accepted", lazy_pgettext("comment disposition", "Accepted")
    partly_accepted = "partly_accepted", _l("Partly accepted")
    not_accepted = "not_accepted", _l("Not accepted")


consultation_areas = link_table("consultation_areas", ("consultation_id", "consultations.id"), ("unit_id", "units.id"))


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    matter: Mapped[Matter] = mapped_column(Enum(Matter, native_enum=False, length=32))
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[str] = mapped_column(Text, default="")
    channels: Mapped[list] = mapped_column(JSON, default=list)
    period_days: Mapped[int] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ends_on: Mapped[date | None] = mapped_column(Date)
    synthesis_text: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))

    unit: Mapped[Unit] = relationship()
    areas: Mapped[list[Unit]] = relationship(secondary=consultation_areas, order_by=Unit.name)
    parts: Mapped[list["DraftPart"]] = owned("(DraftPart.version, DraftPart.position)", back_populates="consultation")
    attachments: Mapped[list["ConsultationFile"]] = owned("ConsultationFile.id")
    comments: Mapped[list["Comment"]] = owned("Comment.id", back_populates="consultation")
    groups: Mapped[list["CommentGroup"]] = owned("CommentGroup.id", back_populates="consultation")

    def status_at(self, now: datetime) -> Status:
        if self.closed_at is not None:
            return Status.closed
        if self.published_at is None or self.ends_on is None:
            return Status.draft
        return Status.open if local_date(now) <= self.ends_on else Status.synthesis

    @property
    def latest_version(self) -> int:
        return max((part.version for part in self.parts), default=1)

    def parts_of(self, version: int) -> list["DraftPart"]:
        return [part for part in self.parts if part.version == version]

    @property
    def draft_parts(self) -> list["DraftPart"]:
        return self.parts_of(1)


class DraftPart(db.Model):
    """A part of the draft as its own numbering makes it (chapter, article, item); version 2 is the revised draft."""

    __tablename__ = "consultation_parts"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = owner_key("consultations.id")
    version: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(40), default="")
    heading: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship(back_populates="parts")

    @property
    def label(self) -> str:
        """How the part is named in lists: its number and heading; a numbered item without a heading by its first
        words; the preamble by nothing, which pages call the introduction."""
        if self.heading or not self.number:
            return " ".join(piece for piece in (self.number, self.heading) if piece)
        words = self.text.split()
        return " ".join([self.number, *words[:10]]) + ("…" if len(words) > 10 else "")


class ConsultationFile(StoredFile, db.Model):
    __tablename__ = "consultation_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = owner_key("consultations.id")
    # Shorter than StoredFile's, as migration 0018 made the table; safe_filename keeps every name within 200.
    filename: Mapped[str] = mapped_column(String(200))


class CommentGroup(db.Model):
    """Comments that say the same thing, answered together in the synthesis (tiếp thu, giải trình)."""

    __tablename__ = "consultation_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = owner_key("consultations.id")
    title: Mapped[str] = mapped_column(String(300))
    disposition: Mapped[Disposition | None] = mapped_column(Enum(Disposition, native_enum=False, length=20))
    answer: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship(back_populates="groups")
    comments: Mapped[list["Comment"]] = relationship(back_populates="group", order_by="Comment.id")


class Comment(db.Model):
    __tablename__ = "consultation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = owner_key("consultations.id")
    part_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_parts.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    shown_text: Mapped[str] = mapped_column(Text, default="")
    author_name: Mapped[str] = mapped_column(String(200), default="")
    village: Mapped[str] = mapped_column(String(200), default="")
    is_named: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(254), default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    channel: Mapped[Channel] = mapped_column(Enum(Channel, native_enum=False, length=16))
    received_on: Mapped[date] = mapped_column(Date)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    sender_key: Mapped[str] = mapped_column(String(64), default="", index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_comments.id"))
    moderation: Mapped[Moderation] = mapped_column(Enum(Moderation, native_enum=False, length=16))
    refusal: Mapped[RefusalReason | None] = mapped_column(Enum(RefusalReason, native_enum=False, length=16))
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_groups.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="comments")
    part: Mapped[DraftPart | None] = relationship()
    group: Mapped[CommentGroup | None] = relationship(back_populates="comments")

    @property
    def needs_answer(self) -> bool:
        """A refused comment is answered by its refusal; every other needs a group with a disposition."""
        return self.moderation != Moderation.refused and (self.group is None or self.group.disposition is None)
