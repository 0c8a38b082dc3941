"""Reading the audit log: filtered, newest first, paged by id so deep pages stay fast.

Whole-site administrators read everything; a unit-scoped site administrator or a unit
administrator reads the events filed under their units and the units below them.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from portal.accounts.access import administered_units, is_administrator
from portal.accounts.models import User
from portal.core.audit import AuditEvent
from portal.core.errors import NotAllowed
from portal.core.i18n import _, _l
from portal.core.timeutil import end_of_local_day, start_of_local_day
from portal.extensions import db
from portal.units.models import Unit

PAGE_SIZE = 50

ACTION_TITLES = {
    "accounts.login": _l("Signed in"),
    "accounts.login_failed": _l("Sign-in refused"),
    "accounts.login_refused": _l("Sign-in refused: the account is disabled, has no password yet or is locked from "
                                 "this address"),
    "accounts.locked": _l("Account locked from one address after repeated failures"),
    "accounts.logout": _l("Signed out"),
    "accounts.sessions_ended": _l("All sessions ended by an administrator"),
    "accounts.totp_set_up": _l("Second factor set up"),
    "accounts.totp_reset": _l("Second factor reset"),
    "accounts.password_changed": _l("Password changed"),
    "accounts.invited": _l("Official invited"),
    "accounts.invitation_accepted": _l("Invitation accepted, password chosen"),
    "accounts.invitation_reissued": _l("New sign-in link made"),
    "accounts.role_granted": _l("Role given"),
    "accounts.role_revoked": _l("Role removed"),
    "accounts.enabled": _l("Account enabled"),
    "accounts.disabled": _l("Account disabled"),
    "cases.identity_viewed": _l("A denouncer's identity was viewed"),
    "cases.identity_refused": _l("A denouncer's identity was asked for and refused"),
    "units.created": _l("Unit created"),
    "units.updated": _l("Unit changed"),
    "units.imported": _l("Official list of units imported"),
    "calendar.day_declared": _l("Day off or working day declared"),
    "calendar.day_cancelled": _l("Declared day cancelled"),
    "demo.loaded": _l("Demonstration data loaded"),
}


def action_title(action: str) -> str:
    """The action in words where the portal knows it; the code itself for actions added later."""
    title = ACTION_TITLES.get(action)
    return str(title) if title is not None else action


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor_email: str = ""
    unit_code: str = ""
    date_from: date | None = None
    date_to: date | None = None
    before_id: int | None = None


def _readable(actor: User) -> Select | None:
    """The units whose events the actor may read (None: all); refuses everyone who is not an administrator."""
    if not is_administrator(actor):
        raise NotAllowed(_("Only administrators may read the audit log."))
    return administered_units(actor)


def list_events(actor: User, criteria: AuditFilter) -> tuple[list[AuditEvent], int | None]:
    """One page of events and the id to continue from (None on the last page)."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(PAGE_SIZE + 1)
    readable = _readable(actor)
    if readable is not None:
        statement = statement.where(AuditEvent.unit_id.in_(readable))
    if criteria.action:
        statement = statement.where(AuditEvent.action == criteria.action)
    if criteria.actor_email:
        email = criteria.actor_email.strip().lower()
        statement = statement.where(AuditEvent.actor_id.in_(select(User.id).where(User.email == email)))
    if criteria.unit_code:
        code = criteria.unit_code.strip()
        statement = statement.where(AuditEvent.unit_id.in_(select(Unit.id).where(Unit.code == code)))
    if criteria.date_from:
        statement = statement.where(AuditEvent.occurred_at >= start_of_local_day(criteria.date_from))
    if criteria.date_to:
        statement = statement.where(AuditEvent.occurred_at < end_of_local_day(criteria.date_to))
    if criteria.before_id is not None:
        statement = statement.where(AuditEvent.id < criteria.before_id)
    events = list(db.session.scalars(statement))
    next_id = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return events[:PAGE_SIZE], next_id


def known_actions(actor: User) -> list[str]:
    """The actions present in the part of the log the actor may read, for the filter's choices."""
    statement = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    readable = _readable(actor)
    if readable is not None:
        statement = statement.where(AuditEvent.unit_id.in_(readable))
    return list(db.session.scalars(statement))


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
