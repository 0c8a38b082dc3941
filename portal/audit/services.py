"""Reading the audit log: filtered, newest first, paged by id so deep pages stay fast."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from portal.accounts.access import is_site_admin
from portal.accounts.models import Membership, Role, User
from portal.core.audit import AuditEvent
from portal.core.errors import NotAllowed
from portal.core.i18n import _
from portal.core.timeutil import LOCAL_TZ
from portal.extensions import db
from portal.units.models import Unit

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_email: str = ""
    unit_code: str = ""
    date_from: date | None = None
    date_to: date | None = None
    before_id: int | None = None


def _visible_unit_ids(actor: User) -> set[int] | None:
    """None means every unit (a whole-site administrator)."""
    if is_site_admin(actor, whole_site=True):
        return None
    roots = db.session.scalars(
        select(Membership.unit_id).where(
            Membership.user_id == actor.id, Membership.role.in_([Role.site_admin, Role.unit_admin])
        )
    ).all()
    if not roots:
        raise NotAllowed(_("Only administrators may read the audit log."))
    visible: set[int] = set()
    frontier = {unit_id for unit_id in roots if unit_id is not None}
    while frontier:
        visible |= frontier
        frontier = set(db.session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier)))) - visible
    return visible


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def list_events(actor: User, criteria: AuditFilter) -> tuple[list[AuditEvent], int | None]:
    """One page of events and the id to continue from (None on the last page)."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)
    visible = _visible_unit_ids(actor)
    if visible is not None:
        statement = statement.where(AuditEvent.unit_id.in_(visible))
    if criteria.action:
        statement = statement.where(AuditEvent.action == criteria.action)
    if criteria.actor_email:
        statement = statement.join(User, User.id == AuditEvent.actor_id).where(
            User.email == criteria.actor_email.strip().lower()
        )
    if criteria.unit_code:
        statement = statement.join(Unit, Unit.id == AuditEvent.unit_id).where(Unit.code == criteria.unit_code)
    if criteria.date_from:
        statement = statement.where(AuditEvent.occurred_at >= _local_midnight_utc(criteria.date_from))
    if criteria.date_to:
        statement = statement.where(AuditEvent.occurred_at < _local_midnight_utc(criteria.date_to + timedelta(days=1)))
    if criteria.before_id:
        statement = statement.where(AuditEvent.id < criteria.before_id)
    events = list(db.session.scalars(statement))
    next_id = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return events[:PAGE_SIZE], next_id


def known_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def actors_by_id(events: list[AuditEvent]) -> dict[int, User]:
    ids = {event.actor_id for event in events if event.actor_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def units_by_id(events: list[AuditEvent]) -> dict[int, Unit]:
    ids = {event.unit_id for event in events if event.unit_id}
    if not ids:
        return {}
    return {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
