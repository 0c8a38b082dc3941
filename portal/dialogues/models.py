"""Dialogues between a unit's head and the people (Law 10/2022 Art. 32-33): sessions, questions sent in advance or
asked in the room, minutes, and the commitments made there, followed until kept.

A commitment's status is never stored: it follows from its due date and its closing (done or dropped), computed in
one method that takes `today`, so a page, the API and a pinned test agree.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.cases.models import Case
from portal.core.columns import link_table, owned, owner_key
from portal.core.enums import GroundedEnum, TitledEnum
from portal.core.i18n import _l
from portal.core.timeutil import utcnow
from portal.core.types import UTCDateTime
from portal.disclosures.models import Disclosure
from portal.extensions import db
from portal.units.models import Unit


class DialogueKind(GroundedEnum):
    front_conference = (
        "front_conference",
        _l("Annual dialogue conference with the Fatherland Front"),
        _l("Law 10/2022/QH15, Art. 32"),
    )
    village_conference = (
        "village_conference",
        _l("Year-end village conference"),
        _l("Law 10/2022/QH15, Art. 33; Decree 59/2023/ND-CP, Art. 11"),
    )
    # The law sets no ad hoc dialogue: a citizen's request is a petition, and the unit head decides (LEGAL.md).
    ad_hoc = "ad_hoc", _l("Dialogue on a matter"), _l("held at the unit head's decision")


class QuestionSource(enum.StrEnum):
    advance = "advance"
    in_room = "in_room"


# Shaped like consultations' Moderation by chance: a question's moderation and a comment's are separate rules.
class QuestionStatus(TitledEnum):
    pending = "pending", _l("Waiting for moderation")
    approved = "approved", _l("Shown")
    refused = "refused", _l("Not shown")


class CommitmentStatus(TitledEnum):
    open = "open", _l("Not started")
    in_progress = "in_progress", _l("In progress")
    overdue = "overdue", _l("Overdue")
    done = "done", _l("Kept")
    dropped = "dropped", _l("Dropped")


dialogue_session_cases = link_table(
    "dialogue_session_cases", ("session_id", "dialogue_sessions.id"), ("case_id", "cases.id"), index_other=True
)


class DialogueSession(db.Model):
    """One dialogue or conference: announced with a notice (a disclosure), held, and written up in minutes."""

    __tablename__ = "dialogue_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[DialogueKind] = mapped_column(Enum(DialogueKind, native_enum=False, length=32))
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300))
    chair: Mapped[str] = mapped_column(String(200))
    bodies: Mapped[str] = mapped_column(Text, default="")
    agenda: Mapped[str] = mapped_column(Text)
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosures.id"))
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    attendance: Mapped[int | None] = mapped_column(Integer)
    attending_bodies: Mapped[str] = mapped_column(Text, default="")
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()
    disclosure: Mapped[Disclosure | None] = relationship()
    cases: Mapped[list[Case]] = relationship(secondary=dialogue_session_cases, order_by=Case.id)
    questions: Mapped[list["DialogueQuestion"]] = owned("DialogueQuestion.id", back_populates="session")
    commitments: Mapped[list["Commitment"]] = owned("Commitment.id", back_populates="session")

    @property
    def approved_questions(self) -> list["DialogueQuestion"]:
        return [question for question in self.questions if question.status == QuestionStatus.approved]

    @property
    def pending_questions(self) -> list["DialogueQuestion"]:
        return [question for question in self.questions if question.status == QuestionStatus.pending]


class DialogueQuestion(db.Model):
    """A question sent in advance by anyone (shown only once an official approved it, masked) or asked in the room
    and written into the minutes. The asker's name and email are sealed and never shown."""

    __tablename__ = "dialogue_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = owner_key("dialogue_sessions.id")
    source: Mapped[QuestionSource] = mapped_column(Enum(QuestionSource, native_enum=False, length=16))
    status: Mapped[QuestionStatus] = mapped_column(Enum(QuestionStatus, native_enum=False, length=16))
    text: Mapped[str] = mapped_column(Text)
    public_text: Mapped[str] = mapped_column(Text, default="")
    asker_sealed: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[DialogueSession] = relationship(back_populates="questions")


class Commitment(db.Model):
    """A promise made at a session: what, by which body, by when; closed as done or dropped with a public reason."""

    __tablename__ = "dialogue_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = owner_key("dialogue_sessions.id")
    text: Mapped[str] = mapped_column(Text)
    responsible_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    dropped_on: Mapped[date | None] = mapped_column(Date)
    closing_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    overdue_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    session: Mapped[DialogueSession] = relationship(back_populates="commitments")
    responsible_unit: Mapped[Unit] = relationship()
    updates: Mapped[list["CommitmentUpdate"]] = owned("CommitmentUpdate.id", back_populates="commitment")

    def status_on(self, today: date) -> CommitmentStatus:
        if self.done_on is not None:
            return CommitmentStatus.done
        if self.dropped_on is not None:
            return CommitmentStatus.dropped
        if today > self.due_on:
            return CommitmentStatus.overdue
        return CommitmentStatus.in_progress if self.updates else CommitmentStatus.open

    def days_overdue(self, today: date) -> int:
        """Calendar days past the due date (0 when not overdue): the public reads how long a promise waits."""
        if self.status_on(today) != CommitmentStatus.overdue:
            return 0
        return (today - self.due_on).days


class CommitmentUpdate(db.Model):
    """Dated progress posted by an official of the responsible body; `outcome` done or dropped closes the
    commitment."""

    __tablename__ = "dialogue_commitment_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = owner_key("dialogue_commitments.id")
    reported_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16), default="progress")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()
