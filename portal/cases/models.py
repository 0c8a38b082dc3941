"""Citizen cases: feedback and petitions, complaints, denunciations, information requests, dialogue requests.

A case's deadlines are stored as the dates the services computed from the legal periods
below and the working-day calendar; nobody types a deadline. Its history (CaseEvent) is
append-only like the audit log. The citizen's personal data lives only in `contact_sealed`,
encrypted (portal.core.crypto), and is never part of any public page, feed or API.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.audit import append_only
from portal.core.columns import StoredFile
from portal.core.enums import GroundedEnum, TitledEnum
from portal.core.i18n import _l
from portal.core.listing import words_index
from portal.core.timeutil import local_date, utcnow
from portal.core.types import UTCDateTime
from portal.extensions import db
from portal.units.models import Unit


class CaseKind(TitledEnum):
    feedback = "feedback", _l("Feedback or petition")
    complaint = "complaint", _l("Complaint")
    denunciation = "denunciation", _l("Denunciation")
    information_request = "information_request", _l("Information request")
    dialogue_request = "dialogue_request", _l("Request for a dialogue")

    @property
    def code_prefix(self) -> str:
        return KIND_PREFIXES[self]

    @property
    def contact_rules(self) -> tuple["ContactRule", ...]:
        return CONTACT_RULES.get(self, ())

    @property
    def required_contact(self) -> frozenset[str]:
        """The details the form marks as required for this kind."""
        return frozenset(rule.details[0] for rule in self.contact_rules if len(rule.details) == 1)

    @property
    def needs_head_approval(self) -> bool:
        """The unit head signs the decision on a complaint or the conclusion on a denunciation."""
        return self in {CaseKind.complaint, CaseKind.denunciation}


@dataclass(frozen=True)
class ContactRule:
    """A detail the person making a kind of case must give: one of `details` (fields of the contact, or
    is_resident), refused with `message` beside `field`."""

    details: tuple[str, ...]
    message: Any
    field_name: str = ""

    @property
    def field(self) -> str:
        return self.field_name or self.details[0]


_IDENTITY = (
    ContactRule(("name",), _l("A complaint or a denunciation must give the name of the person making it. To report "
                              "something without your name, choose feedback instead.")),
    ContactRule(("address",), _l("A complaint or a denunciation must give the address of the person making it.")),
)
# Complaints and denunciations carry the name and address of who makes them (Law 02/2011 Art. 8, Law 25/2018
# Art. 23); an information request says who asks, where the answer reaches them, and that it concerns them (Law
# 104/2016 Art. 24); a dialogue needs a way to arrange it.
CONTACT_RULES = {
    CaseKind.complaint: _IDENTITY,
    CaseKind.denunciation: _IDENTITY,
    CaseKind.information_request: (
        ContactRule(("name",), _l("Enter your name: the law requires it for an information request.")),
        ContactRule(("email", "phone", "address"),
                    _l("Enter an email, phone or address where the information can reach you."), "email"),
        ContactRule(("is_resident",),
                    _l("Confirm that you live in this commune or that the information affects you directly.")),
    ),
    CaseKind.dialogue_request: (
        ContactRule(("email", "phone"),
                    _l("Enter a phone number or an email so that the unit can arrange the dialogue with you."),
                    "phone"),
    ),
}

KIND_PREFIXES = {
    CaseKind.feedback: "PA",
    CaseKind.complaint: "KN",
    CaseKind.denunciation: "TC",
    CaseKind.information_request: "TT",
    CaseKind.dialogue_request: "DT",
}


class CaseField(TitledEnum):
    land = "land", _l("Land")
    environment = "environment", _l("Environment")
    construction = "construction", _l("Construction")
    compensation = "compensation", _l("Compensation and resettlement")
    social_policy = "social_policy", _l("Social policy")
    public_order = "public_order", _l("Public order")
    administrative_procedures = "administrative_procedures", _l("Administrative procedures")
    fees = "fees", _l("Fees and contributions")
    other = "other", _l("Other")


# Like CaseField only as a list of titled members: the steps of a case's life, not a subject it is about.
class CaseStatus(TitledEnum):
    received = "received", _l("Received")
    awaiting_info = "awaiting_info", _l("Waiting for the citizen")
    accepted = "accepted", _l("Accepted, being handled")
    answer_pending = "answer_pending", _l("Answer awaiting the head's approval")
    answered = "answered", _l("Answered")
    refused = "refused", _l("Refused")

    @property
    def is_open(self) -> bool:
        return self not in {CaseStatus.answered, CaseStatus.refused}


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[CaseKind] = mapped_column(Enum(CaseKind, native_enum=False, length=32))
    field: Mapped[CaseField] = mapped_column(Enum(CaseField, native_enum=False, length=32))
    status: Mapped[CaseStatus] = mapped_column(Enum(CaseStatus, native_enum=False, length=32))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    # A second complaint names the first-instance complaint whose decision it contests (Law 02/2011 Art. 33).
    appeal_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="vi")

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    decision_known_on: Mapped[date | None] = mapped_column(Date)
    complain_until: Mapped[date | None] = mapped_column(Date)
    contact_sealed: Mapped[str] = mapped_column(Text)
    contact_email_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)

    is_public_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    public_title: Mapped[str | None] = mapped_column(String(200))
    public_description: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    search_text: Mapped[str] = mapped_column(Text, default="")

    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledge_due_on: Mapped[date] = mapped_column(Date)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolve_due_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime())

    refusal_reason: Mapped[str | None] = mapped_column(String(64))
    answer_text: Mapped[str | None] = mapped_column(Text)
    answer_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_on_time: Mapped[bool | None] = mapped_column(Boolean)
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    conclusion_text: Mapped[str | None] = mapped_column(Text)
    conclusion_due_on: Mapped[date | None] = mapped_column(Date)
    conclusion_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    place: Mapped[Unit] = relationship(foreign_keys=[place_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    appeal_of: Mapped["Case | None"] = relationship(remote_side=[id], foreign_keys=[appeal_of_id])
    events: Mapped[list["CaseEvent"]] = relationship(back_populates="case", order_by="CaseEvent.id")
    files: Mapped[list["CaseFile"]] = relationship(back_populates="case", order_by="CaseFile.id")

    __table_args__ = (
        Index("ix_cases_unit_status_due", "unit_id", "status", "due_on"),
        Index("ix_cases_public", "published_at", "id"),
        # The newest published cases, which a search reads first (portal.core.listing).
        Index(
            "ix_cases_published_id",
            "id",
            postgresql_where=text("published_at IS NOT NULL"),
            sqlite_where=text("published_at IS NOT NULL"),
        ),
        Index("ix_cases_assignee_status", "assignee_id", "status"),
        Index("ix_cases_conclusion_published", "conclusion_published_at", "id"),
        words_index("cases"),
    )


    @property
    def is_second_complaint(self) -> bool:
        return self.appeal_of_id is not None

    @property
    def is_late_complaint(self) -> bool:
        """Received after the last day to complain: still received (an obstacle may excuse it, Law 02/2011
        Art. 9), but the official must see it before accepting."""
        return self.complain_until is not None and local_date(self.received_at) > self.complain_until


class CaseEvent(db.Model):
    """One step in a case's history. `is_public` steps are shown to the citizen (and to everyone when the case is
    published); the others (internal notes, identity views) only to officials."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


append_only(CaseEvent, "case events")


class CaseFile(StoredFile, db.Model):
    """A photo or document the citizen or an official attached; the bytes live outside the web root by SHA-256."""

    __tablename__ = "case_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    is_from_citizen: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="files")


class RefusalReason(GroundedEnum):
    """Why a case is not accepted, each with the provision that allows it."""

    out_of_time = (
        "out_of_time",
        _l("The time limit for complaining has passed"),
        _l("Law on Complaints 02/2011/QH13, Art. 9 and 11"),
    )
    already_resolved = (
        "already_resolved",
        _l("The matter has already been resolved with a decision in force"),
        _l("Law on Complaints 02/2011/QH13, Art. 11; Law on Denunciations 25/2018/QH14, Art. 29"),
    )
    missing_identity = (
        "missing_identity",
        _l("The name or address of the person making it is missing or false"),
        _l("Law on Denunciations 25/2018/QH14, Art. 25"),
    )
    missing_information = (
        "missing_information",
        _l("The information asked for was not supplied"),
        _l("Law on Citizen Reception 42/2013/QH13, Art. 28"),
    )
    not_a_matter_for_authorities = (
        "not_a_matter_for_authorities",
        _l("It is not a matter a state authority resolves"),
        _l("Law on Citizen Reception 42/2013/QH13, Art. 28"),
    )
    information_not_disclosable = (
        "information_not_disclosable",
        _l("The information may not be provided"),
        _l("Law on Access to Information 104/2016/QH13, Art. 6 and 28"),
    )
    withdrawn = (
        "withdrawn",
        _l("The citizen withdrew it"),
        _l("Law on Complaints 02/2011/QH13, Art. 10; Law on Denunciations 25/2018/QH14, Art. 33"),
    )
    duplicate = (
        "duplicate",
        _l("The same matter is already being handled in another case"),
        _l("Law on Citizen Reception 42/2013/QH13, Art. 28"),
    )
