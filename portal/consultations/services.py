"""Opening a consultation, its period, and the comments residents and officials bring to it.

The period (Law 10/2022 Art. 28(2): "at least 20 days from publication") is counted as the Civil Code counts a
period in days (Art. 147-148, LEGAL.md): calendar days, starting the day after the publication, so the day of
publication is not counted whatever its hour; the period ends at 24:00 local time on its last day, and a last day
that is a day off moves to the next working day. Published on 01/03 at 21:00 local time, 20 days end on 21/03.
"""

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.consultations.models import (
    Channel,
    Comment,
    Consultation,
    ConsultationFile,
    DraftPart,
    Matter,
    Moderation,
    RefusalReason,
    Status,
)
from portal.consultations.parts import split_draft
from portal.core import audit
from portal.core.calendar import load_calendar
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound, Objections
from portal.core.files import Upload, safe_filename
from portal.core.i18n import _
from portal.core.redact import redact
from portal.core.text import checked_text, fold, is_email_address
from portal.core.timeutil import local_date, utcnow
from portal.disclosures import storage
from portal.extensions import db
from portal.plans.documents import document_text
from portal.units.models import Unit, UnitKind

MIN_PERIOD_DAYS = 20
MAX_PERIOD_DAYS = 365
MAX_TITLE = 500
MAX_SUMMARY = 5_000
MAX_DRAFT = 500_000
MAX_COMMENT = 5_000
MAX_NAME = 200
MAX_ATTACHMENTS = 10
# One connection may send this many comments to one consultation in a day; more is a flood, not a discussion.
MAX_COMMENTS_PER_SENDER_PER_DAY = 20
OFFICIALS = (Role.handler, Role.unit_head, Role.unit_admin)
HEADS = (Role.unit_head,)


def check_may_draft(actor: User, unit: Unit) -> None:
    if unit.kind != UnitKind.commune:
        raise NotAllowed(_("Consultations are opened by a commune or ward; choose the commune."))
    if not has_role(actor, unit, OFFICIALS):
        raise NotAllowed(_("Only officials of this commune may prepare its consultations."))


def check_may_manage(actor: User, consultation: Consultation) -> None:
    """Officials of the unit moderate, record paper comments and prepare the synthesis."""
    if not has_role(actor, consultation.unit, OFFICIALS):
        raise NotAllowed(_("Only officials of this commune may work on its consultations."))


def check_may_decide(actor: User, consultation: Consultation) -> None:
    """The chair publishes the draft and the synthesis (Art. 28(1), (3)-(4))."""
    if not has_role(actor, consultation.unit, HEADS):
        raise NotAllowed(_("Only the chair of the commune may publish a consultation or its synthesis."))


def may_manage(actor, consultation: Consultation) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and has_role(actor, consultation.unit, OFFICIALS)


def may_draft(actor, unit: Unit) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and unit.kind == UnitKind.commune and has_role(
        actor, unit, OFFICIALS)


def draft_text_of(text: str | None, uploads: list[Upload]) -> str:
    """The typed text, or else the text of the one attached .docx/PDF read as plans read theirs."""
    if (text or "").strip() or not uploads:
        return text or ""
    return document_text(uploads[0].data, name=uploads[0].filename)


def end_date(published_at: datetime, days: int) -> date:
    """The last day comments are taken: `days` calendar days after the local day of publication, moved off a day
    off (see the module's docstring)."""
    return load_calendar().add_calendar_days(local_date(published_at), days)


def days_left(consultation: Consultation, now: datetime) -> int | None:
    """Days still open counting today; 1 on the last day."""
    if consultation.ends_on is None or consultation.status_at(now) != Status.open:
        return None
    return (consultation.ends_on - local_date(now)).days + 1


def check_period(days: int | None, field_name: str = "period_days") -> int:
    if days is None:
        raise InvalidInput(_("Enter the number of days residents may comment."), field=field_name)
    if days < MIN_PERIOD_DAYS:
        raise InvalidInput(
            _("The period must be at least %(days)d days from publication (Law 10/2022, Art. 28(2)); "
              "%(given)d days is too short.", days=MIN_PERIOD_DAYS, given=days), field=field_name)
    if days > MAX_PERIOD_DAYS:
        raise InvalidInput(_("Enter a period of at most %(days)d days.", days=MAX_PERIOD_DAYS), field=field_name)
    return days


@dataclass(frozen=True)
class NewConsultation:
    matter: str
    title: str
    draft_text: str
    period_days: int | None
    channels: list[str]
    summary: str = ""
    area_ids: list[int] = field(default_factory=list)
    attachments: list[Upload] = field(default_factory=list)


def sub_units(unit: Unit) -> list[Unit]:
    """The villages and residential groups of a commune, which a consultation may be limited to."""
    return [child for child in unit.children if child.kind == UnitKind.village and child.dissolved_on is None]


def draft_problems(unit: Unit, data: NewConsultation) -> list[InvalidInput]:
    objections = Objections()
    objections.check(enum_choice, Matter, data.matter, _("Choose what the consultation is about from the list."),
                     "matter")
    objections.check(checked_text, data.title, MAX_TITLE, _("Enter the title of the draft."),
                     _("Enter a title of at most %(count)d characters.", count=MAX_TITLE), field="title")
    objections.check(checked_text, data.draft_text, MAX_DRAFT,
                     _("Paste the draft's text or attach it as .docx or PDF."),
                     _("The draft is longer than %(count)d characters.", count=MAX_DRAFT), field="draft_text")
    objections.check(check_period, data.period_days)
    if len(data.summary or "") > MAX_SUMMARY:
        objections.add(_("Enter a summary of at most %(count)d characters.", count=MAX_SUMMARY), field="summary")
    if not data.channels or any(channel not in set(Channel) for channel in data.channels):
        objections.add(_("Choose at least one way residents can comment."), field="channels")
    allowed = {child.id for child in sub_units(unit)}
    if any(area not in allowed for area in data.area_ids):
        objections.add(_("Choose villages or residential groups of this commune."), field="areas")
    if len(data.attachments) > MAX_ATTACHMENTS:
        objections.add(_("Attach at most %(count)d files.", count=MAX_ATTACHMENTS), field="attachments")
    return objections.errors


def create_consultation(actor: User | None, unit: Unit, data: NewConsultation, *, now: datetime | None = None
                        ) -> Consultation:
    """A draft consultation with its parts read from the text; nothing is public until the chair publishes it."""
    now = now or utcnow()
    if actor is not None:
        check_may_draft(actor, unit)
    Objections(draft_problems(unit, data)).raise_if_any()
    consultation = Consultation(
        unit=unit, matter=Matter(data.matter), title=data.title.strip(), summary=(data.summary or "").strip(),
        channels=list(dict.fromkeys(data.channels)), period_days=data.period_days,
        created_by_id=getattr(actor, "id", None), created_at=now,
        areas=[db.session.get(Unit, area) for area in data.area_ids],
    )
    add_version(consultation, data.draft_text, 1)
    for upload in data.attachments:
        stored = storage.store(upload.data, name=upload.filename, field="attachments")
        consultation.attachments.append(ConsultationFile(
            filename=safe_filename(upload.filename, "file"), content_type=stored.content_type,
            sha256=stored.sha256, size=stored.size))
    db.session.add(consultation)
    db.session.flush()
    audit.record("consultations.drafted", actor=actor, subject_type="consultation", subject_id=consultation.id,
                 unit_id=unit.id, details={"title": consultation.title, "parts": len(consultation.parts)}, now=now)
    return consultation


def add_version(consultation: Consultation, text: str, version: int) -> None:
    for position, part in enumerate(split_draft(text)):
        consultation.parts.append(DraftPart(version=version, position=position, kind=part.kind, number=part.number,
                                            heading=part.heading, text=part.text))


def publish_consultation(actor: User | None, consultation: Consultation, *, now: datetime | None = None) -> None:
    """The chair publishes: the period starts, and its end is computed, never typed in."""
    now = now or utcnow()
    if actor is not None:
        check_may_decide(actor, consultation)
    if consultation.status_at(now) != Status.draft:
        raise InvalidTransition(_("This consultation has already been published."))
    check_period(consultation.period_days)
    consultation.published_at = now
    consultation.published_by_id = getattr(actor, "id", None)
    consultation.ends_on = end_date(now, consultation.period_days)
    audit.record("consultations.published", actor=actor, subject_type="consultation", subject_id=consultation.id,
                 unit_id=consultation.unit_id, details={"ends_on": consultation.ends_on.isoformat()}, now=now)


def get_consultation(consultation_id: int, actor=None) -> Consultation:
    """A published consultation, or a draft for the officials of its unit."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or (consultation.published_at is None and not may_manage(actor, consultation)):
        raise NotFound(_("There is no such consultation."))
    return consultation


def get_part(consultation: Consultation, part_id: int) -> DraftPart:
    part = next((part for part in consultation.parts if part.id == part_id), None)
    if part is None:
        raise NotFound(_("There is no such part of this draft."))
    return part


def consultations_of(unit: Unit, *, with_drafts: bool = False) -> list[Consultation]:
    statement = select(Consultation).where(Consultation.unit_id == unit.id)
    if not with_drafts:
        statement = statement.where(Consultation.published_at.is_not(None))
    return list(db.session.scalars(statement.order_by(Consultation.published_at.desc(), Consultation.id.desc())))


@dataclass(frozen=True)
class NewComment:
    text: str
    part_id: int | None = None
    author_name: str = ""
    village: str = ""
    is_named: bool = False
    email: str = ""
    language: str = "vi"


def fingerprint(text: str) -> str:
    """Two comments are the same when only case, accents, spacing and punctuation differ."""
    folded = fold(unicodedata.normalize("NFC", text))
    return hashlib.sha256(" ".join("".join(c if c.isalnum() else " " for c in folded).split()).encode()).hexdigest()


def sender_key(address: str) -> str:
    """A keyed hash of the connection's address: floods are counted without keeping anyone's address."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, (address or "").encode(), hashlib.sha256).hexdigest()


def _comment_fields(consultation: Consultation, data: NewComment) -> list[InvalidInput]:
    objections = Objections()
    objections.check(checked_text, data.text, MAX_COMMENT, _("Write your comment."),
                     _("Write your comment in at most %(count)d characters; send a longer text as several comments "
                       "on the parts it concerns.", count=MAX_COMMENT), field="text")
    if len(data.author_name or "") > MAX_NAME:
        objections.add(_("Enter a name of at most %(count)d characters.", count=MAX_NAME), field="author_name")
    if len(data.village or "") > MAX_NAME:
        objections.add(_("Enter a village of at most %(count)d characters.", count=MAX_NAME), field="village")
    if data.email and not is_email_address(data.email):
        objections.add(_("Enter an email address like name@example.vn, or leave it empty."), field="email")
    if data.is_named and not (data.author_name or "").strip():
        objections.add(_("Enter your name, or untick the box to comment without it."), field="author_name")
    if data.part_id is not None and data.part_id not in {part.id for part in consultation.draft_parts}:
        objections.add(_("Choose a part of this draft."), field="part_id")
    return objections.errors


def comment_problems(consultation: Consultation, data: NewComment, *, sender: str, now: datetime
                     ) -> list[InvalidInput]:
    """Everything that refuses a resident's comment, all at once: closed period, fields, floods and repeats."""
    if consultation.status_at(now) != Status.open:
        return [InvalidInput(_("Comments on this draft were taken until %(date)s; the period is over.",
                               date=consultation.ends_on.strftime("%d/%m/%Y") if consultation.ends_on else ""))]
    problems = _comment_fields(consultation, data)
    if problems:
        return problems
    same = db.session.scalar(select(Comment.id).where(
        Comment.consultation_id == consultation.id, Comment.sender_key == sender,
        Comment.fingerprint == fingerprint(data.text)).limit(1))
    if same is not None:
        return [InvalidInput(_("This comment was already received from you and is counted once. There is no need "
                               "to send it again; to add something, write what is new."), field="text")]
    day_start = now - timedelta(days=1)
    sent_today = db.session.scalar(select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation.id, Comment.sender_key == sender, Comment.created_at >= day_start))
    if sent_today >= MAX_COMMENTS_PER_SENDER_PER_DAY:
        return [InvalidInput(_("Your connection has sent %(count)d comments on this draft today, which is the most "
                               "it may. The comments already sent are kept; your text is below: send it tomorrow.",
                               count=MAX_COMMENTS_PER_SENDER_PER_DAY))]
    return []


def _masked(data: NewComment) -> str:
    names = [data.author_name] if data.author_name else []
    return redact(data.text.strip(), names=names)


def submit_comment(consultation: Consultation, data: NewComment, *, sender: str, now: datetime | None = None
                   ) -> Comment:
    """A resident's comment, waiting for moderation; a text that others already sent is linked to the first, so
    the synthesis answers them together."""
    now = now or utcnow()
    Objections(comment_problems(consultation, data, sender=sender, now=now)).raise_if_any()
    return _add_comment(consultation, data, Channel.portal, local_date(now), sender=sender, actor=None, now=now)


def _add_comment(consultation, data: NewComment, channel: Channel, received_on: date, *, sender: str, actor,
                 now: datetime) -> Comment:
    same_text = fingerprint(data.text)
    first = db.session.scalar(select(Comment.id).where(
        Comment.consultation_id == consultation.id, Comment.fingerprint == same_text).order_by(Comment.id).limit(1))
    comment = Comment(
        consultation=consultation, part_id=data.part_id, text=data.text.strip(), shown_text=_masked(data),
        author_name=(data.author_name or "").strip(), village=(data.village or "").strip(),
        is_named=bool(data.is_named), email=(data.email or "").strip(), language=data.language,
        channel=channel, received_on=received_on, fingerprint=same_text, sender_key=sender, duplicate_of_id=first,
        moderation=Moderation.published if actor is not None else Moderation.pending,
        moderated_at=now if actor is not None else None, moderated_by_id=getattr(actor, "id", None),
        recorded_by_id=getattr(actor, "id", None), created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    audit.record("consultations.commented", actor=actor, subject_type="consultation", subject_id=consultation.id,
                 unit_id=consultation.unit_id, details={"comment": comment.id, "channel": channel.value}, now=now)
    return comment


def record_comment(actor: User | None, consultation: Consultation, data: NewComment, channel: str,
                   received_on: date | None, *, now: datetime | None = None) -> Comment:
    """A comment received on paper, in a meeting or in the box: an official types it in with its channel and the
    day it was received, within the period; it is shown at once, masked like any other."""
    now = now or utcnow()
    if actor is not None:
        check_may_manage(actor, consultation)
    status = consultation.status_at(now)
    if status not in (Status.open, Status.synthesis):
        raise InvalidTransition(_("Comments can be recorded only while the consultation is open or in synthesis."))
    objections = Objections(_comment_fields(consultation, data))
    if channel not in {Channel.meeting, Channel.comment_box, Channel.paper}:
        objections.add(_("Choose how the comment was received."), field="channel")
    first_day = local_date(consultation.published_at)
    if received_on is None or not first_day <= received_on <= min(consultation.ends_on, local_date(now)):
        objections.add(
            _("Enter the day it was received, from %(first)s to %(last)s.", first=first_day.strftime("%d/%m/%Y"),
              last=min(consultation.ends_on, local_date(now)).strftime("%d/%m/%Y")), field="received_on")
    objections.raise_if_any()
    return _add_comment(consultation, data, Channel(channel), received_on, sender="", actor=actor, now=now)


def moderate_comment(actor: User | None, comment: Comment, refusal: str | None, *, now: datetime | None = None
                     ) -> None:
    """Publish the comment masked, or refuse it with one of the reasons shown to the public in its place."""
    now = now or utcnow()
    if actor is not None:
        check_may_manage(actor, comment.consultation)
    if comment.consultation.closed_at is not None:
        raise InvalidTransition(_("This consultation is closed."))
    reason = enum_choice(RefusalReason, refusal, _("Choose the reason for refusing the comment."), "refusal"
                         ) if refusal else None
    comment.moderation = Moderation.refused if reason else Moderation.published
    comment.refusal = reason
    if refusal:
        comment.group = None
    comment.moderated_at, comment.moderated_by_id = now, getattr(actor, "id", None)
    audit.record("consultations.moderated", actor=actor, subject_type="consultation",
                 subject_id=comment.consultation_id, unit_id=comment.consultation.unit_id,
                 details={"comment": comment.id, "refusal": refusal or None}, now=now)


def get_comment(consultation: Consultation, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        raise NotFound(_("There is no such comment."))
    return comment


def public_comments(consultation: Consultation, part_id: int | None = None, *, whole: bool = False) -> list[Comment]:
    """Published comments; of one part, or with `whole` those on the draft as a whole."""
    shown = [comment for comment in consultation.comments if comment.moderation == Moderation.published]
    if whole:
        return [comment for comment in shown if comment.part_id is None]
    return [comment for comment in shown if part_id is None or comment.part_id == part_id]


def counts_by_part(consultation: Consultation) -> dict[int | None, int]:
    counts: dict[int | None, int] = {}
    for comment in public_comments(consultation):
        counts[comment.part_id] = counts.get(comment.part_id, 0) + 1
    return counts


def shown_author(comment: Comment) -> str:
    """Name and village only when the commenter chose to show them."""
    if not comment.is_named:
        return ""
    return ", ".join(piece for piece in (comment.author_name, comment.village) if piece)
