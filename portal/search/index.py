"""Keeping search_entries true in the same transaction as the change it reflects.

Every flush that adds, changes or deletes a row of a registered kind (or of one of its child rows: a version, an
attachment, a case event, a task update) rewrites that thing's entry before the transaction commits, so a withdrawn
disclosure is gone from results the moment the withdrawal is committed, and a rollback takes the entry back with it.
A newly attached file's text is read in the same flush (portal/search/files.py). `reindex_all` rebuilds everything,
for upgrades (`flask --app portal search reindex`).
"""

import re
import unicodedata

from flask_sqlalchemy.session import Session as AppSession
from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.orm import Session

from portal.core.cache import Versioned
from portal.core.text import searchable
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.search import backend
from portal.search.files import remember_text
from portal.search.models import FileText, SearchEntry, SearchTerm
from portal.search.sources import (
    MAX_BODY_CHARS,
    MAX_FOLDED_SOURCE_CHARS,
    PUBLIC,
    SOURCES,
    Entry,
    register_sources,
)

_PENDING = "search_pending"
# What the public may find: kept pages of public results are trusted while no public entry is written, removed or
# made staff-only. An official's work on unpublished cases (most writes) leaves them kept.
public_results = Versioned("search_public_results")
_TERM = re.compile(r"^[a-z]{2,40}$")
BATCH = 500


def _values(kind: str, ref_id: int, entry: Entry) -> dict:
    source_text = unicodedata.normalize(
        "NFKC", "\n".join([entry.title, entry.body, entry.hidden_text])[:MAX_FOLDED_SOURCE_CHARS])
    shown_on = entry.shown_on
    return {
        "kind": kind, "ref_id": ref_id, "unit_id": entry.unit_id, "audience": entry.audience,
        "visible_from": entry.visible_from, "visible_until": entry.visible_until, "status": entry.status,
        "category": entry.category, "year": shown_on.year if shown_on else None, "shown_on": shown_on,
        "title": entry.title[:500], "body": entry.body.replace("\x00", "")[:MAX_BODY_CHARS],
        "folded": searchable(source_text), "endpoint": entry.endpoint, "url_args": entry.url_args,
        "indexed_at": utcnow(),
    }


def _words(values: dict) -> set[str]:
    """The vocabulary's new words: of the title and body only, as numbers and codes (tracking codes, file text)
    are no spelling to suggest."""
    return {word for word in set(searchable(f"{values['title']} {values['body']}").split()) if _TERM.match(word)}


def write_entry(kind: str, obj, *, is_new: bool = False) -> set[str]:
    """Rewrite one thing's entry from its model (a thing inserted in this flush has none yet), or remove it when
    nobody may find it any more; returns its words for the vocabulary."""
    entry = SOURCES[kind].build(obj)
    if entry is None:
        if not is_new:
            remove_entry(kind, obj.id)
        return set()
    values = _values(kind, obj.id, entry)
    key = (SearchEntry.kind == kind, SearchEntry.ref_id == obj.id)
    if entry.audience == PUBLIC or (not is_new and _was_public(kind, obj.id)):
        public_results.invalidate()
    if is_new or db.session.execute(update(SearchEntry).where(*key).values(**values)).rowcount == 0:
        db.session.execute(insert(SearchEntry).values(**values))
    return _words(values)


def _was_public(kind: str, ref_id: int) -> bool:
    return db.session.scalar(select(SearchEntry.audience).where(
        SearchEntry.kind == kind, SearchEntry.ref_id == ref_id)) == PUBLIC


def remove_entry(kind: str, ref_id: int) -> None:
    if _was_public(kind, ref_id):
        public_results.invalidate()
    db.session.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))


def _root(obj) -> tuple[str, object] | None:
    for source in SOURCES.values():
        if isinstance(obj, source.model):
            return source.kind, obj
        for child_model, parent_of in source.children.items():
            if isinstance(obj, child_model):
                parent = parent_of(obj)
                return (source.kind, parent) if parent is not None else None
    return None


def _before_flush(session: Session, flush_context, instances) -> None:
    """A new attachment's text is read now, so that it is stored in this flush with the attachment row."""
    seen = {obj.sha256 for obj in session.new if isinstance(obj, FileText)}
    for obj in list(session.new):
        sha256, content_type = getattr(obj, "sha256", None), getattr(obj, "content_type", None)
        if sha256 and content_type and _root(obj) is not None and sha256 not in seen:
            seen.add(sha256)
            remember_text(sha256, content_type)


def _after_flush(session: Session, flush_context) -> None:
    pending = session.info.setdefault(_PENDING, {"write": {}, "remove": set(), "new": set()})
    pending["new"] |= {id(obj) for obj in session.new}
    for obj in session.deleted:
        for source in SOURCES.values():
            if isinstance(obj, source.model):
                pending["remove"].add((source.kind, obj.id))
    for obj in [*session.new, *session.dirty, *session.deleted]:
        found = _root(obj)
        if found is not None and found[1] not in session.deleted:
            pending["write"][(found[0], id(found[1]))] = found


def _after_flush_postexec(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    for kind, ref_id in pending["remove"]:
        remove_entry(kind, ref_id)
    words: set[str] = set()
    for kind, obj in pending["write"].values():
        if obj.id is not None and (kind, obj.id) not in pending["remove"]:
            words |= write_entry(kind, obj, is_new=id(obj) in pending["new"])
    backend.add_terms(words)


def _forget(session: Session, previous_transaction=None) -> None:
    session.info.pop(_PENDING, None)


def install() -> None:
    """Listen on the application's sessions (Flask-SQLAlchemy's class, which the tests' session extends), once per
    process: they run inside an app context, where db.session is the session being flushed."""
    if not SOURCES:
        register_sources()
    if not event.contains(AppSession, "after_flush", _after_flush):
        event.listen(AppSession, "before_flush", _before_flush)
        event.listen(AppSession, "after_flush", _after_flush)
        event.listen(AppSession, "after_flush_postexec", _after_flush_postexec)
        event.listen(AppSession, "after_soft_rollback", _forget)


def reindex_all(kinds: list[str] | None = None, *, forget_loaded: bool = False) -> dict[str, int]:
    """Rewrite every entry of these kinds (all by default) from the models, BATCH rows at a time; entries whose
    thing no longer exists are removed. Returns how many entries each kind now has. `forget_loaded` (for the
    command, which holds nothing else) empties the session after each batch, so a million rows fit in memory."""
    counts, known = {}, set()
    public_results.invalidate()
    if not kinds:
        db.session.execute(delete(SearchTerm))  # the vocabulary too, so words no entry holds any more are forgotten
    for kind in kinds or list(SOURCES):
        source = SOURCES[kind]
        db.session.execute(delete(SearchEntry).where(SearchEntry.kind == kind))
        last_id = 0
        while True:
            batch = list(db.session.scalars(select(source.model).options(*source.loading)
                                            .where(source.model.id > last_id).order_by(source.model.id).limit(BATCH)))
            if not batch:
                break
            rows = [_values(kind, obj.id, entry) for obj in batch if (entry := source.build(obj)) is not None]
            if rows:
                db.session.execute(insert(SearchEntry), rows)
            words = set().union(*(_words(values) for values in rows))
            backend.add_terms(words - known)
            known |= words
            last_id = batch[-1].id
            if forget_loaded:
                db.session.expunge_all()
        counts[kind] = db.session.scalar(select(db.func.count()).where(SearchEntry.kind == kind))
    backend.rebuild()
    return counts
