"""Case statistics of a unit and every unit below it, for one year of receipts.

Counts cover every case, published or not: a count reveals nobody. A case counts for the year it was received and
for the unit responsible for it now; a case the unit's tree sent to a unit outside it counts as received and
transferred away, and for nothing else. Time to answer is the median in working days, which one very late case
cannot drag the way a mean would.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from sqlalchemy import Select, and_, case, func, select

from portal.cases.models import Case, CaseEvent, CaseKind, CaseStatus
from portal.core.calendar import load_calendar
from portal.core.timeutil import end_of_local_day, local_date, start_of_local_day
from portal.extensions import db
from portal.units.models import Unit


@dataclass
class KindStatistics:
    kind: CaseKind | None
    received: int = 0
    accepted: int = 0
    answered: int = 0
    answered_on_time: int = 0
    refused: int = 0
    transferred_away: int = 0
    open_now: int = 0
    overdue_now: int = 0
    median_working_days: float | None = None
    average_rating: float | None = None
    ratings: int = 0
    rating_sum: int = field(default=0, repr=False)
    answer_days: list[int] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class UnitStatistics:
    unit: Unit
    year: int
    rows: list[KindStatistics]
    total: KindStatistics


def units_below(unit: Unit) -> Select:
    """The ids of the unit and every unit below it, as one recursive query."""
    tree = select(Unit.id).where(Unit.id == unit.id).cte("statistics_units", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return select(tree.c.id)


def _count(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def unit_statistics(unit: Unit, year: int, now: datetime) -> UnitStatistics:
    """Every kind of case the unit's tree received in the year, how it went, and a total row."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_year = and_(Case.received_at >= start_of_local_day(first), Case.received_at < end_of_local_day(last))
    tree = units_below(unit)
    today = local_date(now)
    open_statuses = [status for status in CaseStatus if status.is_open]
    rows = {kind: KindStatistics(kind) for kind in CaseKind}

    counts = db.session.execute(
        select(
            Case.kind,
            func.count(Case.id),
            _count(Case.accepted_at.is_not(None)),
            _count(Case.status == CaseStatus.answered),
            _count(and_(Case.status == CaseStatus.answered, Case.is_on_time.is_(True))),
            _count(Case.status == CaseStatus.refused),
            _count(Case.status.in_(open_statuses)),
            _count(and_(Case.status.in_(open_statuses), Case.status != CaseStatus.awaiting_info, Case.due_on < today)),
            func.coalesce(func.sum(Case.rating), 0),
            func.count(Case.rating),
        )
        .where(in_year, Case.unit_id.in_(tree))
        .group_by(Case.kind)
    ).all()
    for kind, received, accepted, answered, on_time, refused, open_now, overdue, rating, ratings in counts:
        row = rows[CaseKind(kind)]
        row.received, row.accepted, row.answered, row.answered_on_time = received, accepted, answered, on_time
        row.refused, row.open_now, row.overdue_now, row.ratings = refused, open_now, overdue, ratings
        row.rating_sum = int(rating)

    calendar = load_calendar()
    answered = db.session.execute(
        select(Case.kind, Case.received_at, Case.answered_at).where(
            in_year, Case.unit_id.in_(tree), Case.status == CaseStatus.answered
        )
    ).all()
    for kind, received_at, answered_at in answered:
        rows[CaseKind(kind)].answer_days.append(
            calendar.working_days_between(local_date(received_at), local_date(answered_at))
        )

    for kind in _transferred_away(tree, in_year):
        rows[kind].transferred_away += 1
        rows[kind].received += 1

    total = KindStatistics(None)
    for row in rows.values():
        for name in ("received", "accepted", "answered", "answered_on_time", "refused", "transferred_away",
                     "open_now", "overdue_now", "ratings", "rating_sum"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.answer_days.extend(row.answer_days)
    for row in (*rows.values(), total):
        row.median_working_days = median(row.answer_days) if row.answer_days else None
        row.average_rating = round(row.rating_sum / row.ratings, 2) if row.ratings else None
    return UnitStatistics(unit, year, [row for row in rows.values() if row.received], total)


def _transferred_away(tree: Select, in_year) -> list[CaseKind]:
    """The kind of each case of the year that a unit of the tree transferred out of it and that is still outside."""
    codes = set(db.session.scalars(select(Unit.code).where(Unit.id.in_(tree))))
    transfers = db.session.execute(
        select(Case.id, Case.kind, CaseEvent.details)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(in_year, CaseEvent.action == "transferred", Case.unit_id.not_in(tree))
    ).all()
    kinds = {case_id: CaseKind(kind) for case_id, kind, details in transfers if details.get("from_code") in codes}
    return list(kinds.values())
