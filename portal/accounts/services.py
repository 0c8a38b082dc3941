"""Officials' accounts: sessions, invitations, roles and their administration (sign-in is in signin.py,
passwords in passwords.py)."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.accounts.access import administered_units, has_role, is_administrator, is_site_admin
from portal.accounts.models import Invitation, Membership, Role, User
from portal.accounts.passwords import check_new_password, hash_password, verify_password
from portal.core import audit
from portal.core.audit import record_about
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.guard import MAX_ID
from portal.core.i18n import _, _l
from portal.core.text import MAX_EMAIL, fold, is_email_address
from portal.core.timeutil import utcnow
from portal.core.tokens import token_hash
from portal.extensions import db
from portal.units.models import Unit

INVITATION_DAYS = 7
MAX_FULL_NAME = 200

# Messages the feature's forms show too: written here once.
FULL_NAME_MISSING = _l("Enter the official's full name.")
FULL_NAME_TOO_LONG = _l("Enter a full name of at most 200 characters.")


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader, given User.get_id() as the session kept it: a session made before the account's session
    version was raised, or of a disabled account, is over at its next request."""
    user_id, _, version = (session_id or "").partition(":")
    if not (user_id.isascii() and user_id.isdigit() and version.isascii() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id)) if int(user_id) <= MAX_ID else None
    if user is None or not user.is_enabled or user.session_version != int(version):
        return None
    return user


def end_sessions(user: User) -> None:
    """Every session of the official stops working at its next request, on every device and every copy of a cookie.
    A view that keeps the session which asked logs the official in again (Flask-Login's login_user)."""
    user.session_version += 1


def fold_email(email: str) -> str:
    """The address trimmed and in lower case, as officials' accounts store it; no check, so that a sign-in with
    anything typed is simply not found (`check_email` refuses what cannot be an address)."""
    return (email or "").strip().lower()


def check_email(email: str) -> str:
    email = fold_email(email)
    if not is_email_address(email):
        raise InvalidInput(_("Enter an email address in the form name@example.vn."), field="email")
    return email


def find_user_by_email(email: str) -> User | None:
    email = fold_email(email)
    if len(email) > MAX_EMAIL:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def change_password(
    user: User, current: str, new: str, *, ip_address: str | None = None, now: datetime | None = None
) -> None:
    """Asking for the current password means a session left open cannot be used to take the account."""
    if not verify_password(user, current):
        raise InvalidInput(_("Your current password is not right. Enter it again."), field="current")
    check_new_password(new)
    user.password_hash = hash_password(new)
    end_sessions(user)
    record_about(user, "accounts.password_changed", "user", actor=user, ip_address=ip_address, now=now)


def create_site_admin(email: str, full_name: str, password: str, unit_code: str | None = None) -> User:
    """The first administrator, made from the command line; everyone else is invited by an administrator."""
    email = check_email(email)
    full_name = _check_name(full_name)
    check_new_password(password)
    if find_user_by_email(email) is not None:
        raise InvalidInput(_("An official with this email address already exists."), field="email")
    unit = unit_for_code(unit_code) if unit_code else None
    user = User(email=email, full_name=full_name, password_hash=hash_password(password))
    db.session.add(user)
    db.session.add(Membership(user=user, unit=unit, role=Role.site_admin))
    db.session.flush()
    record_about(
        user, "accounts.role_granted", "user", unit_id=unit.id if unit else None,
        details={"role": Role.site_admin.value, "via": "command line"},
    )
    return user


def _check_name(full_name: str) -> str:
    full_name = (full_name or "").strip()
    if not full_name:
        raise InvalidInput(FULL_NAME_MISSING, field="full_name")
    if len(full_name) > MAX_FULL_NAME:
        raise InvalidInput(FULL_NAME_TOO_LONG, field="full_name")
    return full_name


def unit_for_code(code: str) -> Unit:
    code = (code or "").strip()
    unit = db.session.scalar(select(Unit).where(Unit.code == code)) if len(code) <= 32 else None
    if unit is None:
        raise InvalidInput(_("There is no unit with the code %(code)s. Check the code on the unit's page.", code=code),
                           field="unit_code")
    return unit


def may_administer(actor: User, unit: Unit | None) -> bool:
    """Site administrators within their scope, and unit administrators of the unit or above."""
    if unit is None:
        return is_site_admin(actor, whole_site=True)
    return has_role(actor, unit, {Role.unit_admin})


def _check_authority(actor: User, unit: Unit | None, role: Role) -> None:
    """Giving or taking a role needs the power the role itself carries.

    A unit administrator manages the officials of their units, but only a site
    administrator over that unit may make or unmake another site administrator, and only
    a whole-site administrator may touch the whole site.
    """
    if not may_administer(actor, unit):
        raise NotAllowed(_("You may only manage officials of the units you administer."))
    if role == Role.site_admin and not (is_site_admin(actor, whole_site=True) or has_role(actor, unit, ())):
        raise NotAllowed(_("Only a site administrator may appoint another site administrator."))


@dataclass(frozen=True)
class NewInvitation:
    email: str
    full_name: str
    unit_code: str | None
    role: Role


def _issue_invitation(user: User, actor: User | None, now: datetime) -> str:
    """Only the token's hash is stored, so a copy of the database opens no account."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        Invitation(
            user=user,
            token_hash=token_hash(token),
            invited_by_id=getattr(actor, "id", None),
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
    )
    return token


def invite_official(actor: User, data: NewInvitation, *, now: datetime | None = None) -> tuple[User, str | None]:
    """Give a role to an official, creating the account when new; returns the one-time link token for new accounts."""
    now = now or utcnow()
    email = check_email(data.email)
    unit = unit_for_code(data.unit_code) if data.unit_code else None
    _check_grantable(actor, unit, data.role)
    user = find_user_by_email(email)
    token = None
    if user is None:
        user = User(email=email, full_name=_check_name(data.full_name))
        db.session.add(user)
        db.session.flush()
        token = _issue_invitation(user, actor, now)
        record_about(
            user, "accounts.invited", "user", actor=actor, unit_id=unit.id if unit else None, details={"email": email},
            now=now,
        )
    grant_role(actor, user, unit, data.role, now=now)
    return user, token


def _check_grantable(actor: User, unit: Unit | None, role: Role) -> None:
    if unit is None and role != Role.site_admin:
        raise InvalidInput(_("Enter the code of the unit this role is held in."), field="unit_code")
    _check_authority(actor, unit, role)


def grant_role(actor: User, user: User, unit: Unit | None, role: Role, *, now: datetime | None = None) -> Membership:
    """A role in a unit; without a unit only a whole-site administrator role."""
    _check_grantable(actor, unit, role)
    existing = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.role == role,
            Membership.unit_id.is_(None) if unit is None else Membership.unit_id == unit.id,
        )
    )
    if existing is not None:
        raise InvalidInput(_("This official already holds that role in that unit."))
    membership = Membership(user=user, unit=unit, role=role)
    db.session.add(membership)
    db.session.flush()
    record_about(
        user, "accounts.role_granted", "user", actor=actor, unit_id=unit.id if unit else None,
        details={"role": role.value}, now=now,
    )
    return membership


def revoke_role(actor: User, user: User, membership_id: int, *, now: datetime | None = None) -> None:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user.id:
        raise NotFound(_("This role no longer exists."))
    _check_authority(actor, membership.unit, membership.role)
    if membership.user_id == actor.id and membership.role == Role.site_admin:
        raise InvalidInput(_("You cannot remove your own site administrator role. Ask another administrator."))
    audit.record(
        "accounts.role_revoked",
        actor=actor,
        subject_type="user",
        subject_id=membership.user_id,
        unit_id=membership.unit_id,
        details={"role": membership.role.value},
        now=now,
    )
    db.session.delete(membership)
    db.session.flush()


def check_may_manage(actor: User, user: User) -> None:
    """Acting on the account itself (disable, reset, new link) needs authority over every role it holds.

    Otherwise a unit administrator could reset a site administrator's second factor,
    hand themselves a new sign-in link and take over the greater power.
    """
    if is_site_admin(actor, whole_site=True):
        return
    if not user.memberships:
        raise NotAllowed(_("You may only manage officials of the units you administer."))
    for membership in user.memberships:
        _check_authority(actor, membership.unit, membership.role)


def may_manage(actor: User, user: User) -> bool:
    try:
        check_may_manage(actor, user)
    except NotAllowed:
        return False
    return True


def _record_account_action(action: str, actor: User, user: User, now: datetime | None) -> None:
    """An administrator's action on an account, logged under the unit of the account's first role."""
    record_about(user, action, "user", actor=actor, unit_id=_subject_unit_id(user), now=now)


def _subject_unit_id(user: User) -> int | None:
    """The unit an account-wide event is filed under, so unit administrators find it in their log."""
    units = sorted((m.id, m.unit_id) for m in user.memberships if m.unit_id is not None)
    return units[0][1] if units else None


def set_enabled(actor: User, user: User, enabled: bool, *, now: datetime | None = None) -> None:
    check_may_manage(actor, user)
    if user.id == actor.id and not enabled:
        raise InvalidInput(_("You cannot disable your own account."))
    user.is_enabled = enabled
    _record_account_action("accounts.enabled" if enabled else "accounts.disabled", actor, user, now)


def reset_second_factor(actor: User, user: User, *, now: datetime | None = None) -> None:
    """For a lost phone: the official sets up the second factor again at the next sign-in."""
    check_may_manage(actor, user)
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_counter = None
    end_sessions(user)
    _record_account_action("accounts.totp_reset", actor, user, now)


def end_sessions_of(actor: User, user: User, *, now: datetime | None = None) -> None:
    """For a lost or stolen device: the official must sign in again everywhere."""
    check_may_manage(actor, user)
    end_sessions(user)
    _record_account_action("accounts.sessions_ended", actor, user, now)


def reissue_invitation(actor: User, user: User, *, now: datetime | None = None) -> str:
    """A new one-time link, for a lost password; earlier unused links stop working."""
    now = now or utcnow()
    check_may_manage(actor, user)
    for invitation in db.session.scalars(
        select(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    ):
        invitation.used_at = now
    token = _issue_invitation(user, actor, now)
    _record_account_action("accounts.invitation_reissued", actor, user, now)
    return token


def find_invitation(token: str, *, now: datetime | None = None) -> Invitation:
    now = now or utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token or "")))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
        raise NotFound(_("This invitation link is not valid any more. Ask your administrator for a new one."))
    return invitation


def accept_invitation(token: str, password: str, *, now: datetime | None = None) -> User:
    """The invited official's own password; the link then stops working."""
    now = now or utcnow()
    invitation = find_invitation(token, now=now)
    check_new_password(password)
    user = invitation.user
    user.password_hash = hash_password(password)
    invitation.used_at = now
    end_sessions(user)
    record_about(user, "accounts.invitation_accepted", "user", actor=user, unit_id=_subject_unit_id(user), now=now)
    return user


def list_officials(
    actor: User, *, query: str = "", unit_code: str = "", role: Role | None = None, limit: int = 200
) -> list[User]:
    """Officials holding a role in the actor's units, found by name or email ignoring diacritics ("lan" finds Lân)."""
    if not may_manage_officials(actor):
        raise NotAllowed(_("Only administrators may see the list of officials."))
    role_filters = []
    scope = administered_units(actor)
    if scope is not None:
        role_filters.append(Membership.unit_id.in_(scope))
    if unit_code:
        role_filters.append(Membership.unit_id.in_(select(Unit.id).where(Unit.code == unit_code)))
    if role:
        role_filters.append(Membership.role == role)
    candidates = select(User.id, User.full_name, User.email).order_by(User.full_name, User.id)
    if role_filters:
        candidates = candidates.where(
            select(Membership.id).where(Membership.user_id == User.id, *role_filters).exists()
        )
    wanted = fold(query)
    ids = [row.id for row in db.session.execute(candidates) if wanted in fold(row.full_name) or wanted in row.email]
    if not ids:
        return []
    position = {user_id: index for index, user_id in enumerate(ids[:limit])}
    found = db.session.scalars(select(User).where(User.id.in_(position))).all()
    return sorted(found, key=lambda user: position[user.id])


def may_manage_officials(user: User) -> bool:
    """Site administrators and unit administrators manage officials (each within their units)."""
    return is_administrator(user)


def check_may_manage_officials(user: User) -> None:
    if not may_manage_officials(user):
        raise NotAllowed(_("Only administrators may manage officials."))
