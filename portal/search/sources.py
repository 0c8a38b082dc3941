"""What each searchable kind puts in the index, and who may find it.

A kind is one function from its model to an `Entry` (or None when nobody may find it through search) and one
`register(...)` line naming the model and the child rows whose change changes it. Dialogues and consultations join
the same way (dialogues and consultations below).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.core.i18n import _l
from portal.core.timeutil import end_of_local_day, local_date
from portal.extensions import db
from portal.search.models import FileText

PUBLIC, STAFF = "public", "staff"
MAX_BODY_CHARS = 20_000
MAX_FOLDED_SOURCE_CHARS = 1_000_000


@dataclass(frozen=True)
class Entry:
    """One thing as search shows it. `body` is shown in snippets; `hidden_text` (numbers, files' text) is only
    matched."""

    unit_id: int
    audience: str
    visible_from: datetime
    title: str
    body: str
    endpoint: str
    url_args: dict
    hidden_text: str = ""
    visible_until: datetime | None = None
    status: str = ""
    category: str = ""
    shown_on: date | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    title: Any
    model: type
    build: Callable[[Any], Entry | None]
    children: dict[type, Callable[[Any], Any]] = field(default_factory=dict)
    loading: tuple = ()


SOURCES: dict[str, Source] = {}


def register(kind: str, title, model: type, build: Callable[[Any], Entry | None], *,
             children: dict[type, Callable[[Any], Any]] | None = None, loading: tuple = ()) -> None:
    """`title` names the kind's group of results (a lazy string); `children` maps a child model to its parent;
    `loading` are the loader options `search reindex` reads many at once with (what `build` touches)."""
    SOURCES[kind] = Source(kind, title, model, build, children or {}, loading)


def file_texts(hashes: list[str]) -> str:
    """The text read from these files when they were uploaded (portal/search/files.py)."""
    if not hashes:
        return ""
    return "\n".join(db.session.scalars(select(FileText.text).where(FileText.sha256.in_(hashes))))


def disclosure_entry(disclosure) -> Entry | None:
    """A withdrawn disclosure is found by nobody; a draft or a staff-only one by its unit's officials; the rest by
    everyone from its posting start (a scheduled one is not public before)."""
    from portal.disclosures.models import Audience

    if disclosure.withdrawn_at is not None or not disclosure.versions:
        return None
    is_public = disclosure.approved_at is not None and disclosure.category.audience == Audience.public
    until = end_of_local_day(disclosure.posting_last_day) if disclosure.posting_last_day else None
    if disclosure.replaced_at is not None:
        until = min(until or disclosure.replaced_at, disclosure.replaced_at)
    shown = disclosure.document_date or local_date(disclosure.posting_start)
    return Entry(
        unit_id=disclosure.unit_id,
        audience=PUBLIC if is_public else STAFF,
        visible_from=disclosure.posting_start if is_public else disclosure.created_at,
        visible_until=until,
        title=disclosure.title,
        body=disclosure.current_version.body_markdown,
        hidden_text=" ".join([disclosure.document_number, file_texts([a.sha256 for a in disclosure.attachments])]),
        status="live" if disclosure.approved_at is not None else "draft",
        category=disclosure.category.code,
        shown_on=shown,
        endpoint="disclosures.show",
        url_args={"disclosure_id": disclosure.id},
    )


def case_entry(case) -> Entry | None:
    """A published case as the public reads it (the reviewed, masked text and the masked answer), never the
    citizen's own words or files. Unpublished, its own words (not its files) are found by the officials of its unit;
    a denunciation never, since its words may point to the denouncer."""
    from portal.cases.models import CaseKind, CaseStatus
    from portal.cases.services import public_answer

    if case.published_at is not None:
        answer = public_answer(case) if case.status == CaseStatus.answered else ""
        return Entry(
            unit_id=case.unit_id, audience=PUBLIC, visible_from=case.published_at, title=case.public_title or "",
            body="\n".join(filter(None, [case.public_description, answer])), hidden_text=case.code,
            status=case.status.value, category=case.kind.value, shown_on=local_date(case.received_at),
            endpoint="cases.show", url_args={"code": case.code},
        )
    if case.kind == CaseKind.denunciation:
        return None
    return Entry(
        unit_id=case.unit_id, audience=STAFF, visible_from=case.received_at, title=case.title,
        body="\n".join(filter(None, [case.description, case.answer_text])),
        hidden_text=case.code, status=case.status.value, category=case.kind.value,
        shown_on=local_date(case.received_at), endpoint="casework.show", url_args={"code": case.code},
    )


def plan_entry(plan) -> Entry | None:
    """A published plan for everyone, with its tasks and their progress; a draft for its unit's officials."""
    lines = [*plan.legal_bases]
    hashes = []
    for task in plan.tasks:
        lines.append(" ".join(filter(None, [task.number, task.text, task.lead_text, task.timeframe_text])))
        for update in task.updates:
            lines.append(update.text)
            hashes.extend(file.sha256 for file in update.files)
    is_public = plan.published_at is not None
    return Entry(
        unit_id=plan.unit_id, audience=PUBLIC if is_public else STAFF,
        visible_from=plan.published_at if is_public else plan.created_at, title=plan.title,
        body="\n".join(lines), hidden_text=" ".join([plan.number, plan.issuer_text, file_texts(hashes)]),
        status=plan.status.value, shown_on=plan.issued_on or local_date(plan.published_at or plan.created_at),
        endpoint="plans.show", url_args={"plan_id": plan.id},
    )


def dialogue_entry(session) -> Entry | None:
    """A dialogue session is public from its notice: its agenda, then its minutes, the questions shown after
    moderation with their answers, and the commitments made. Everything here was masked when it was written."""
    from portal.dialogues.models import QuestionStatus

    lines = [session.agenda, session.bodies]
    if session.minutes_published_at is not None:
        lines += [session.attending_bodies, session.minutes_text]
    for question in session.questions:
        if question.status == QuestionStatus.approved:
            lines += [question.public_text, question.answer]
    lines += [commitment.text for commitment in session.commitments]
    return Entry(
        unit_id=session.unit_id, audience=PUBLIC, visible_from=session.announced_at, title=session.title,
        body="\n".join(filter(None, lines)), hidden_text=" ".join([session.place, session.chair]),
        status="minuted" if session.minutes_published_at is not None else "announced", category=session.kind.value,
        shown_on=local_date(session.starts_at), endpoint="dialogues.show", url_args={"session_id": session.id},
    )


def consultation_entry(consultation) -> Entry | None:
    """A published consultation for everyone: the draft's parts, the comments shown after moderation (their masked
    words) and the synthesis with each group's answer; a draft for its unit's officials."""
    from portal.consultations.models import Moderation

    lines = [consultation.summary, *(f"{part.number} {part.heading} {part.text}" for part in consultation.parts)]
    lines += [comment.shown_text for comment in consultation.comments if comment.moderation == Moderation.published]
    if consultation.closed_at is not None:
        lines += [consultation.synthesis_text, *(f"{group.title} {group.answer}" for group in consultation.groups)]
    is_public = consultation.published_at is not None
    return Entry(
        unit_id=consultation.unit_id, audience=PUBLIC if is_public else STAFF,
        visible_from=consultation.published_at if is_public else consultation.created_at, title=consultation.title,
        body="\n".join(filter(None, lines)),
        status="closed" if consultation.closed_at is not None else ("open" if is_public else "draft"),
        category=consultation.matter.value,
        shown_on=local_date(consultation.published_at or consultation.created_at),
        endpoint="consultations.show", url_args={"consultation_id": consultation.id},
    )


def register_sources() -> None:
    from portal.cases.models import Case, CaseEvent
    from portal.consultations.models import Comment, CommentGroup, Consultation, DraftPart
    from portal.dialogues.models import Commitment, DialogueQuestion, DialogueSession
    from portal.disclosures.models import Attachment, Disclosure, DisclosureVersion
    from portal.plans.models import Plan, PlanTask, TaskUpdate, TaskUpdateFile

    register("disclosure", _l("Disclosures"), Disclosure, disclosure_entry,
             children={DisclosureVersion: lambda v: v.disclosure, Attachment: lambda a: a.disclosure},
             loading=(selectinload(Disclosure.versions), selectinload(Disclosure.attachments),
                      joinedload(Disclosure.category)))
    register("case", _l("Public cases"), Case, case_entry, children={CaseEvent: lambda e: e.case})
    register("plan", _l("Plans"), Plan, plan_entry,
             children={PlanTask: lambda t: t.plan, TaskUpdate: lambda u: u.task.plan,
                       TaskUpdateFile: lambda f: f.update.task.plan},
             loading=(selectinload(Plan.tasks).selectinload(PlanTask.updates).selectinload(TaskUpdate.files),))
    register("dialogue", _l("Dialogues"), DialogueSession, dialogue_entry,
             children={DialogueQuestion: lambda q: q.session, Commitment: lambda c: c.session},
             loading=(selectinload(DialogueSession.questions), selectinload(DialogueSession.commitments)))
    register("consultation", _l("Consultations"), Consultation, consultation_entry,
             children={DraftPart: lambda p: p.consultation, Comment: lambda c: c.consultation,
                       CommentGroup: lambda g: g.consultation},
             loading=(selectinload(Consultation.parts), selectinload(Consultation.comments),
                      selectinload(Consultation.groups)))
