"""Reading the index: a query as people type it, who may see what, filters, ranking, keyset pages, "did you mean".

A query is cut to MAX_QUERY_CHARS and reduced to words of letters and digits (diacritics, case and Unicode form
folded away, đ = d); words in quotes, or joined by punctuation as in "qđ-ubnd", must stand in that order. Every
other character a person types is dropped before SQL is built, so FTS operators, `%`, NUL or 10,000 characters can
only find less.
"""

import difflib
import re
import struct
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import defer

from portal.accounts.access import is_site_admin
from portal.accounts.models import Membership, Role
from portal.core.errors import InvalidInput
from portal.core.guard import MAX_ID
from portal.core.i18n import _
from portal.core.text import fold, searchable
from portal.core.timeutil import utcnow
from portal.extensions import db
from portal.search import backend
from portal.search.backend import Terms
from portal.search.models import SearchEntry, SearchTerm
from portal.search.sources import PUBLIC, SOURCES, STAFF
from portal.units.models import Unit

MAX_QUERY_CHARS = 500
MAX_PHRASES = 10
MAX_PHRASE_WORDS = 8
PAGE_SIZE = 20
# Ranking reads every entry it ranks, its files' text included (some 30 microseconds each at a province's size):
# words found in more entries than this rank the newest this many (more words or a filter narrow them), so that
# "ubnd xã" costs what a rare word does.
MAX_RANKED = 200
MAX_CANDIDATES = 2_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STAFF_ROLES = (Role.handler, Role.unit_head, Role.site_admin)
DISCLOSURE_STATUSES = ("scheduled", "posted", "completed")
_TOKENS = re.compile(r'"([^"]*)"?|([^\s"]+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
_UNIT_PREFIXES = ("xa", "phuong", "thi tran", "huyen", "quan", "thi xa", "thanh pho", "tinh")


def parse_query(query: str | None) -> Terms:
    """The phrases of a query; a quoted part or a token joined by punctuation ("123/QĐ-UBND") is one phrase."""
    text = unicodedata.normalize("NFKC", (query or "")[:MAX_QUERY_CHARS]).translate(_QUOTES)
    phrases: list[tuple[str, ...]] = []
    for quoted, bare in _TOKENS.findall(text):
        words = tuple(searchable(quoted or bare).split()[:MAX_PHRASE_WORDS])
        if words and words not in phrases:
            phrases.append(words)
    return Terms(tuple(phrases[:MAX_PHRASES]))


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    unit: Unit | None = None
    category: str = ""
    year: int | None = None
    status: str = ""


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    score: float

    @property
    def cursor(self) -> str:
        """Where the next page starts, in letters and digits only (a link keeps it as it is): the exact score, the
        moment in microseconds since 1970, the entry's id."""
        moment = (self.entry.visible_from - EPOCH) // timedelta(microseconds=1)
        return f"{struct.pack('>d', self.score).hex()}-{moment}-{self.entry.id}"


@dataclass(frozen=True)
class Page:
    terms: Terms
    hits: list[Hit]
    next_cursor: str | None
    capped: bool = False  # more entries matched than MAX_RANKED: the newest of them were ranked

    def by_kind(self) -> dict[str, list[Hit]]:
        grouped: dict[str, list[Hit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.entry.kind, []).append(hit)
        return grouped


def acting_units(user) -> Select:
    """Ids of the units whose unpublished work the official may find: where they handle, head or administer the
    site, and every unit below."""
    roots = select(Membership.unit_id).where(
        Membership.user_id == user.id, Membership.role.in_(STAFF_ROLES), Membership.unit_id.is_not(None)
    )
    tree = select(Unit.id).where(Unit.id.in_(roots)).cte("search_acting_units", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def units_below(unit: Unit) -> Select:
    tree = select(Unit.id).where(Unit.id == unit.id).cte("search_filter_units", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def visible_to(user, now: datetime):
    """The public sees public entries once visible; an official also everything of the units they act for."""
    public = and_(SearchEntry.audience == PUBLIC, SearchEntry.visible_from <= now)
    if not getattr(user, "is_authenticated", False):
        return public
    if is_site_admin(user, whole_site=True):
        return SearchEntry.audience.in_((PUBLIC, STAFF))
    return or_(public, SearchEntry.unit_id.in_(acting_units(user)))


def _status_filter(status: str, now: datetime):
    if status not in DISCLOSURE_STATUSES:
        return SearchEntry.status == status
    live = and_(SearchEntry.kind == "disclosure", SearchEntry.status == "live")
    ended = and_(SearchEntry.visible_until.is_not(None), SearchEntry.visible_until <= now)
    if status == "scheduled":
        return and_(live, SearchEntry.visible_from > now)
    if status == "completed":
        return and_(live, SearchEntry.visible_from <= now, ended)
    return and_(live, SearchEntry.visible_from <= now, ~ended)


def check_filters(filters: Filters) -> None:
    if filters.kind and filters.kind not in SOURCES:
        raise InvalidInput(_("Choose a kind from the list."), field="kind")
    if filters.year is not None and not 1900 <= filters.year <= 2200:
        raise InvalidInput(_("Enter a year between 1900 and 2200."), field="year")


def _filtered(statement: Select, filters: Filters, now: datetime) -> Select:
    if filters.kind:
        statement = statement.where(SearchEntry.kind == filters.kind)
    if filters.unit is not None:
        statement = statement.where(SearchEntry.unit_id.in_(units_below(filters.unit)))
    if filters.category:
        statement = statement.where(SearchEntry.category == filters.category[:64])
    if filters.year is not None:
        statement = statement.where(SearchEntry.year == filters.year)
    if filters.status:
        statement = statement.where(_status_filter(filters.status[:32], now))
    return statement


def _after(cursor: str | None):
    """The keyset condition "ranked after this hit"; a cursor that does not parse starts from the top."""
    try:
        score_text, moment_text, id_text = (cursor or "").split("-")
        score = struct.unpack(">d", bytes.fromhex(score_text))[0]
        moment, entry_id = EPOCH + timedelta(microseconds=int(moment_text)), int(id_text)
    except (ValueError, OverflowError, struct.error):
        return None
    if score != score or not 0 < entry_id <= MAX_ID:
        return None
    return score, moment, entry_id


def search(query: str | None, user=None, filters: Filters = Filters(), *, cursor: str | None = None,
           limit: int = PAGE_SIZE, now: datetime | None = None, newest: bool = False) -> Page:
    """One page of what the user may see matching every phrase, best first, newer first among equals; with
    `newest` (for feeds) newest first, one page."""
    now = now or utcnow()
    check_filters(filters)
    terms = parse_query(query)
    if not terms.phrases:
        return Page(terms, [], None)
    candidates = _filtered(select(SearchEntry.id).where(visible_to(user, now)), filters, now)
    latest = backend.newest_matching(candidates, terms, MAX_RANKED)
    if not latest:
        return Page(terms, [], None)
    statement, score = backend.scored(select(SearchEntry.id).where(SearchEntry.id.in_(latest)), terms)
    scores = statement.add_columns(score.label("score"), SearchEntry.visible_from.label("moment")).subquery()
    # Counted apart from the scoring: SQLite takes no window function beside bm25().
    ranked = select(scores, func.count().over().label("ranked")).subquery()
    outer = select(ranked.c.id, ranked.c.score, ranked.c.ranked)
    after = _after(cursor)
    if after is not None:
        score_after, moment_after, id_after = after
        outer = outer.where(or_(
            ranked.c.score > score_after,
            and_(ranked.c.score == score_after, or_(
                ranked.c.moment < moment_after, and_(ranked.c.moment == moment_after, ranked.c.id < id_after)))))
    order = (ranked.c.moment.desc(), ranked.c.id.desc()) if newest else (ranked.c.score, ranked.c.moment.desc(),
                                                                         ranked.c.id.desc())
    rows = db.session.execute(outer.order_by(*order).limit(limit + 1)).all()
    shown = select(SearchEntry).options(defer(SearchEntry.folded))
    entries = {entry.id: entry for entry in db.session.scalars(
        shown.where(SearchEntry.id.in_([row.id for row in rows[:limit]])))}
    hits = [Hit(entries[row.id], float(row.score)) for row in rows[:limit]]
    return Page(terms, hits, hits[-1].cursor if len(rows) > limit else None,
                capped=bool(rows) and rows[0].ranked >= MAX_RANKED)


@dataclass(frozen=True)
class Suggestion:
    query: str = ""
    old_unit: Unit | None = None
    new_units: tuple[Unit, ...] = ()


def _respelled(words: list[str]) -> list[str]:
    known = set(db.session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(words))))
    respelled = []
    for word in words:
        if word in known or not word.isalpha() or len(word) < 2:
            respelled.append(word)
            continue
        candidates = db.session.scalars(select(SearchTerm.term).where(
            SearchTerm.term >= word[0], SearchTerm.term < chr(ord(word[0]) + 1),
            func.length(SearchTerm.term).between(len(word) - 1, len(word) + 1),
        ).limit(MAX_CANDIDATES))
        scored = [(_closeness(word, candidate), candidate) for candidate in candidates
                  if difflib.SequenceMatcher(None, word, candidate).real_quick_ratio() >= 0.6]
        best = max(scored, default=(0.0, word))
        respelled.append(best[1] if best[0] >= 0.6 else word)
    return respelled


def _closeness(word: str, candidate: str) -> float:
    """How alike two spellings are; two letters swapped ("dia" for "dai"), the commonest slip, counts as closest."""
    return difflib.SequenceMatcher(None, word, candidate).ratio() + (0.3 if sorted(word) == sorted(candidate) else 0)


def _old_unit(words: list[str]) -> tuple[Unit, tuple[Unit, ...]] | None:
    """A unit dissolved in 2025 named in the query, and the units that took it over."""
    from portal.units.services import successors_by_unit

    windows = {" ".join(words[start:start + size]) for size in (2, 3, 4) for start in range(len(words) - size + 1)}
    names = windows | {f"{prefix} {window}" for prefix in _UNIT_PREFIXES for window in windows}
    if not names:
        return None
    old = db.session.scalars(select(Unit).where(Unit.search_name.in_(names), Unit.dissolved_on.is_not(None))
                             .order_by(func.length(Unit.search_name).desc()).limit(1)).first()
    if old is None:
        return None
    successions = successors_by_unit([old]).get(old.id, [])
    return (old, tuple(succession.successor for succession in successions)) if successions else None


def suggest(query: str | None, user=None, filters: Filters = Filters(), *, now: datetime | None = None
            ) -> Suggestion | None:
    """When nothing was found: a close spelling from the index's words that finds something this user may see, or
    the units that took over a dissolved unit named in the query."""
    words = parse_query(query).words
    if not words:
        return None
    old_unit = _old_unit(fold(" ".join(words)).split())
    if old_unit is not None:
        return Suggestion(old_unit=old_unit[0], new_units=old_unit[1])
    respelled = _respelled(words)
    if respelled == words:
        return None
    candidate = " ".join(respelled)
    if not search(candidate, user, filters, limit=1, now=now).hits:
        return None
    return Suggestion(query=candidate)


def years_shown() -> list[int]:
    """The years of public entries, newest first, for the year filter."""
    return list(db.session.scalars(select(SearchEntry.year).where(
        SearchEntry.year.is_not(None), SearchEntry.audience == PUBLIC).distinct().order_by(SearchEntry.year.desc())
        .limit(30)))


def units_of(hits: list[Hit]) -> dict[int, Unit]:
    """The units the hits belong to, in one query, for the lines under each result."""
    ids = {hit.entry.unit_id for hit in hits}
    return {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))} if ids else {}
