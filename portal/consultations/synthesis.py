"""The synthesis (Law 10/2022 Art. 28(3)-(4)): comments grouped, every group answered, the revised draft, and
closing, which publishes the synthesis as a disclosure and tells every commenter who asked.

A consultation cannot close while a comment is unanswered: that is the point of it.
"""

import csv
import difflib
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup, escape

from portal.accounts.models import User
from portal.consultations.models import (
    Comment,
    CommentGroup,
    Consultation,
    Disposition,
    DraftPart,
    Moderation,
    Status,
)
from portal.consultations.services import add_version, check_may_decide, check_may_manage, shown_author
from portal.core import audit
from portal.core.enums import enum_choice
from portal.core.errors import InvalidInput, InvalidTransition, Objections
from portal.core.i18n import _
from portal.core.text import checked_text
from portal.core.timeutil import local_date, utcnow
from portal.disclosures.services import DraftData, approve_disclosure, create_draft
from portal.extensions import db
from portal.notifications.services import external_url, queue_email

SYNTHESIS_CATEGORY = "lay-y-kien"  # seeded: consultation plans, synthesis of comments and explanations (Art. 11)
MAX_GROUP_TITLE = 300
MAX_ANSWER = 10_000
MAX_SYNTHESIS = 50_000
MAX_REVISED = 500_000


def _record(action: str, actor, consultation: Consultation, details: dict, now: datetime) -> None:
    audit.record(action, actor=actor, subject_type="consultation", subject_id=consultation.id,
                 unit_id=consultation.unit_id, details=details, now=now)


def _check_synthesis_open(actor, consultation: Consultation, now: datetime) -> None:
    if actor is not None:
        check_may_manage(actor, consultation)
    if consultation.status_at(now) != Status.synthesis:
        raise InvalidTransition(_("The synthesis is written after the comment period ends and before closing."))


def add_group(actor: User | None, consultation: Consultation, title: str, *, now: datetime | None = None
              ) -> CommentGroup:
    now = now or utcnow()
    _check_synthesis_open(actor, consultation, now)
    title = checked_text(title, MAX_GROUP_TITLE, _("Name the group, for example by what its comments ask."),
                         _("Name the group in at most %(count)d characters.", count=MAX_GROUP_TITLE), field="title")
    group = CommentGroup(consultation=consultation, title=title)
    db.session.add(group)
    db.session.flush()
    _record("consultations.grouped", actor, consultation, {"group": group.id, "title": title}, now)
    return group


def assign_comments(actor: User | None, consultation: Consultation, group_id: int | None, comment_ids: list[int],
                    *, now: datetime | None = None) -> int:
    """Put the chosen published comments in a group (or take them out with no group)."""
    now = now or utcnow()
    _check_synthesis_open(actor, consultation, now)
    group = next((group for group in consultation.groups if group.id == group_id), None)
    if group_id is not None and group is None:
        raise InvalidInput(_("Choose a group of this consultation."), field="group")
    chosen = [c for c in consultation.comments if c.id in set(comment_ids) and c.moderation == Moderation.published]
    if not chosen:
        raise InvalidInput(_("Tick the comments to put in the group."), field="comments")
    for comment in chosen:
        comment.group = group
    db.session.flush()
    _record("consultations.assigned", actor, consultation,
            {"group": group_id, "comments": [comment.id for comment in chosen]}, now)
    return len(chosen)


def answer_group(actor: User | None, group: CommentGroup, disposition: str, answer: str, *,
                 now: datetime | None = None) -> None:
    """Accepted says what changed in the draft; partly or not accepted explains why (giải trình)."""
    now = now or utcnow()
    _check_synthesis_open(actor, group.consultation, now)
    disposition = enum_choice(Disposition, disposition,
                              _("Choose whether the comments are accepted, partly accepted or not accepted."),
                              "disposition")
    empty = (_("Say what changed in the draft.") if disposition == Disposition.accepted
             else _("Explain why the comments are not (fully) accepted."))
    group.answer = checked_text(answer, MAX_ANSWER, empty,
                                _("Write the answer in at most %(count)d characters.", count=MAX_ANSWER),
                                field="answer")
    group.disposition = disposition
    _record("consultations.answered", actor, group.consultation, {"group": group.id, "disposition": disposition}, now)


def attach_revision(actor: User | None, consultation: Consultation, text: str, *, now: datetime | None = None
                    ) -> None:
    """The revised draft, as the next version of the parts; a later revision replaces an earlier one."""
    now = now or utcnow()
    _check_synthesis_open(actor, consultation, now)
    text = checked_text(text, MAX_REVISED, _("Paste the revised draft or attach it as .docx or PDF."),
                        _("The revised draft is longer than %(count)d characters.", count=MAX_REVISED),
                        field="revised_text")
    for part in [part for part in consultation.parts if part.version > 1]:
        consultation.parts.remove(part)
    db.session.flush()
    add_version(consultation, text, 2)
    db.session.flush()
    _record("consultations.revised", actor, consultation, {"parts": len(consultation.parts_of(2))}, now)


@dataclass(frozen=True)
class PartChange:
    label: str
    status: str  # same, changed, added, removed
    diff: Markup


def _word_diff(old: str, new: str) -> Markup:
    """The new text with removed words struck and added ones marked; escaped piece by piece."""
    before, after = old.split(" "), new.split(" ")
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(escape(" ".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Markup("<del>%s</del>") % " ".join(before[i1:i2]))
        if j2 > j1:
            pieces.append(Markup("<ins>%s</ins>") % " ".join(after[j1:j2]))
    return Markup(" ").join(pieces)


def _full(part: DraftPart) -> str:
    return f"{part.heading}\n{part.text}".strip()


def differences(consultation: Consultation) -> list[PartChange]:
    """Part by part, matched by their numbering (then by position), what the revised draft changed."""
    if consultation.latest_version < 2:
        return []
    old, new = consultation.parts_of(1), consultation.parts_of(consultation.latest_version)

    def key(part):
        return part.number or f"#{part.position}"

    old_by_key = {key(part): part for part in old}
    changes, seen = [], set()
    for part in new:
        before = old_by_key.get(key(part))
        seen.add(key(part))
        if before is None:
            changes.append(PartChange(part.label, "added", Markup("<ins>%s</ins>") % _full(part)))
        elif _full(before) == _full(part):
            changes.append(PartChange(part.label, "same", escape(_full(part))))
        else:
            changes.append(PartChange(part.label, "changed", _word_diff(_full(before), _full(part))))
    for part in old:
        if key(part) not in seen:
            changes.append(PartChange(part.label, "removed", Markup("<del>%s</del>") % _full(part)))
    return changes


def unanswered(consultation: Consultation) -> list[Comment]:
    return [comment for comment in consultation.comments if comment.needs_answer]


def _comment_ref(comment: Comment) -> str:
    where = comment.part.label if comment.part else _("the draft as a whole")
    return _("comment no. %(number)d on %(part)s", number=comment.id, part=where)


def close_problems(consultation: Consultation, now: datetime) -> list[InvalidInput]:
    if consultation.status_at(now) != Status.synthesis:
        return [InvalidInput(_("A consultation is closed after its comment period, once, by the chair."))]
    objections = Objections()
    waiting = unanswered(consultation)
    pending = [comment for comment in waiting if comment.moderation == Moderation.pending]
    if pending:
        objections.add(_("These comments are not yet moderated: %(list)s.",
                         list="; ".join(_comment_ref(comment) for comment in pending)))
    others = [comment for comment in waiting if comment.moderation != Moderation.pending]
    if others:
        objections.add(_("These comments have no answer yet (put each in a group and mark the group accepted, "
                         "partly accepted or not accepted): %(list)s.",
                         list="; ".join(_comment_ref(comment) for comment in others)))
    if not (consultation.synthesis_text or "").strip():
        objections.add(_("Write the synthesis's introduction before closing."), field="synthesis_text")
    return objections.errors


def synthesis_markdown(consultation: Consultation) -> str:
    """The synthesis as the disclosure publishes it: no personal data, only masked comments."""
    lines = [consultation.synthesis_text.strip(), ""]
    for group in consultation.groups:
        lines.append(f"## {group.title}")
        lines.append(f"**{group.disposition.title if group.disposition else ''}**: {group.answer}")
        lines.append("")
        for comment in group.comments:
            where = comment.part.label if comment.part else _("the draft as a whole")
            lines.append(f"- {where}: {comment.shown_text}")
        lines.append("")
    return "\n".join(lines).strip()


def write_synthesis_text(actor: User | None, consultation: Consultation, text: str, *, now: datetime | None = None
                         ) -> None:
    now = now or utcnow()
    _check_synthesis_open(actor, consultation, now)
    consultation.synthesis_text = checked_text(
        text, MAX_SYNTHESIS, _("Write the synthesis's introduction: how many comments came and how."),
        _("Write the introduction in at most %(count)d characters.", count=MAX_SYNTHESIS), field="synthesis_text")


def close_consultation(actor: User, consultation: Consultation, *, now: datetime | None = None) -> int:
    """Publish the synthesis as a disclosure (category "lay-y-kien") and mail each commenter who left an address;
    refused, with every unanswered comment named, while any comment has no answer. Returns the mails queued."""
    now = now or utcnow()
    check_may_decide(actor, consultation)
    Objections(close_problems(consultation, now)).raise_as_one()
    disclosure = create_draft(actor, DraftData(
        unit_code=consultation.unit.code, category_code=SYNTHESIS_CATEGORY,
        title=_("Synthesis of comments: %(title)s", title=consultation.title)[:500],
        body_markdown=synthesis_markdown(consultation), posting_start=now, decided_on=local_date(now),
    ), now=now)
    approve_disclosure(actor, disclosure, now=now)
    consultation.closed_at, consultation.closed_by_id, consultation.disclosure_id = now, actor.id, disclosure.id
    _record("consultations.closed", actor, consultation, {"disclosure": disclosure.id}, now)
    sent = 0
    for comment in consultation.comments:
        if comment.email:
            queue_email(comment.email, "consultation_answered", {
                "consultation": consultation, "comment": comment, "group": comment.group,
                "link": external_url("consultations.show", consultation_id=consultation.id,
                                     _anchor=f"comment-{comment.id}"),
            }, language=comment.language, now=now)
            sent += 1
    return sent


def synthesis_took(consultation: Consultation) -> timedelta | None:
    """From the end of the period to the publication of the synthesis: how long the answer took."""
    if consultation.closed_at is None or consultation.ends_on is None:
        return None
    return timedelta(days=max(0, (local_date(consultation.closed_at) - consultation.ends_on).days))


EXPORT_HEADERS = ("comment", "part", "channel", "received_on", "author", "text", "group", "disposition", "answer")


def export_rows(consultation: Consultation) -> list[tuple]:
    """Published comments (masked) and refused ones by their reason only, each with its answer."""
    rows = []
    for comment in consultation.comments:
        if comment.moderation == Moderation.pending:
            continue
        refused = comment.moderation == Moderation.refused
        group = comment.group
        rows.append((
            comment.id, comment.part.label if comment.part else "", comment.channel.value,
            comment.received_on.isoformat(), "" if refused else shown_author(comment),
            "" if refused else comment.shown_text, group.title if group else "",
            ("refused: " + comment.refusal.value) if refused else (group.disposition.value if group and
                                                                    group.disposition else ""),
            group.answer if group else "",
        ))
    return rows


def _safe_cell(value):
    """A cell that starts like a formula is read as text by spreadsheets (CSV injection)."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value


def export_csv(consultation: Consultation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADERS)
    for row in export_rows(consultation):
        writer.writerow([_safe_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def export_xlsx(consultation: Consultation) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "comments"
    sheet.append(EXPORT_HEADERS)
    for row in export_rows(consultation):
        sheet.append([_safe_cell(value) for value in row])
    groups = workbook.create_sheet("synthesis")
    groups.append(("group", "disposition", "answer", "comments"))
    for group in consultation.groups:
        groups.append(_safe_cell(value) for value in (
            group.title, group.disposition.value if group.disposition else "", group.answer, len(group.comments)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
