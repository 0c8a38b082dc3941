"""Officials' sign-in: two steps (password, then a TOTP code), both counted towards the lockout, so guessing either
part is equally slow. Messages never say which part was wrong.

The lockout is per account and address: LOGIN_MAX_FAILURES wrong passwords or codes for one account from one
address within LOGIN_LOCKOUT_MINUTES refuse that address for that account until the oldest of them is that old. A
lock on the whole account would let anyone who knows an official's email keep them out for good; from their own
address they only lock themselves out. Guessing from many addresses is still slow: each address gets a few tries
per window, both steps count, and a password alone opens nothing without the code. The failures are counted from
the audit log, which records each with its address anyway.
"""

import secrets
from datetime import datetime, timedelta

import pyotp
from flask import current_app
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.passwords import spend_a_verification, verify_password
from portal.accounts.services import end_sessions, find_user_by_email, fold_email
from portal.core import audit
from portal.core.audit import AuditEvent, record_about
from portal.core.errors import InvalidInput, NotAllowed
from portal.core.i18n import _
from portal.core.text import MAX_EMAIL
from portal.core.timeutil import utcnow
from portal.extensions import db

TOTP_ISSUER = "Cổng dân chủ cơ sở"


class SignInRefused(NotAllowed):
    """One message for every refusal, so nobody learns which part was wrong or which emails exist."""

    def __init__(self):
        super().__init__(
            _(
                "The email address, password or code is not right, or the account is locked for a while. "
                "Try again later or ask your administrator."
            )
        )


# A wrong password or code, or an email no account has: the events the lockout counts (those with an account).
FAILED = "accounts.login_failed"


# An attempt the account could not pass whatever it gave (locked from that address, disabled, no password yet).
REFUSED = "accounts.login_refused"


def _record_refusal(
    user: User | None, email: str, now: datetime, ip_address: str | None, details: dict, action: str = FAILED
) -> None:
    """Every refused attempt is in the log with the address tried; never the password or code."""
    audit.record(
        action,
        actor=user,
        subject_type="user",
        subject_id=getattr(user, "id", None),
        ip_address=ip_address,
        details={"email": fold_email(email)[:MAX_EMAIL], **details},
        now=now,
    )


def _recent_failures(user: User, ip_address: str | None, now: datetime) -> int:
    """Wrong passwords and codes for this account from this address within the lockout window, since the account's
    last sign-in: at most LOGIN_MAX_FAILURES are counted."""
    since = now - timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])
    if user.last_login_at is not None:
        since = max(since, user.last_login_at)
    statement = select(AuditEvent.id).where(
        AuditEvent.subject_type == "user",
        AuditEvent.subject_id == str(user.id),
        AuditEvent.action == FAILED,
        AuditEvent.ip_address.is_(None) if ip_address is None else AuditEvent.ip_address == ip_address,
        AuditEvent.occurred_at > since,
        AuditEvent.occurred_at <= now,
    )
    return len(db.session.scalars(statement.limit(current_app.config["LOGIN_MAX_FAILURES"])).all())


def _is_locked(user: User, ip_address: str | None, now: datetime) -> bool:
    return _recent_failures(user, ip_address, now) >= current_app.config["LOGIN_MAX_FAILURES"]


def _record_failure(user: User, now: datetime, ip_address: str | None, step: str) -> None:
    """A wrong password or code counts towards the lockout of this account from this address."""
    failures = _recent_failures(user, ip_address, now) + 1
    details = {"step": step, "failures": failures}
    _record_refusal(user, user.email, now, ip_address, details)
    if failures >= current_app.config["LOGIN_MAX_FAILURES"]:
        record_about(
            user, "accounts.locked", "user", actor=user, ip_address=ip_address,
            details={**details, "minutes": current_app.config["LOGIN_LOCKOUT_MINUTES"]}, now=now,
        )


def authenticate_password(
    email: str, password: str, *, ip_address: str | None = None, now: datetime | None = None
) -> User:
    """First step of sign-in. Returns the user whose second factor is to be checked next.

    Every refusal costs one argon2 verification, so the time taken does not tell whether
    the address exists, the account is locked or it has no password yet.
    """
    now = now or utcnow()
    user = find_user_by_email(email)
    if user is None:
        spend_a_verification(password)
        _record_refusal(None, email, now, ip_address, {"step": "password"})
        raise SignInRefused()
    refusal = _standing_refusal(user, ip_address, now)
    if refusal:
        spend_a_verification(password)
        _record_refusal(user, email, now, ip_address, {"step": "password", "reason": refusal}, REFUSED)
        raise SignInRefused()
    if not verify_password(user, password):
        _record_failure(user, now, ip_address, "password")
        raise SignInRefused()
    return user


def _standing_refusal(user: User, ip_address: str | None, now: datetime) -> str | None:
    """Why this account may not sign in at all now from this address, whatever it is given (for the log only)."""
    if not user.is_enabled:
        return "disabled"
    if _is_locked(user, ip_address, now):
        return "locked"
    if not user.password_hash:
        return "no password yet"
    return None


def verify_second_factor(user: User, code: str, *, ip_address: str | None = None, now: datetime | None = None) -> None:
    """Second step: a current TOTP code, never one already used (replay). Success signs the official in."""
    now = now or utcnow()
    refusal = _standing_refusal(user, ip_address, now) or (None if user.has_totp else "no second factor")
    if refusal:
        _record_refusal(user, user.email, now, ip_address, {"step": "code", "reason": refusal}, REFUSED)
        raise SignInRefused()
    counter = _matching_counter(user.totp_secret, code, now)
    if counter is None or (user.totp_last_counter is not None and counter <= user.totp_last_counter):
        _record_failure(user, now, ip_address, "code")
        raise SignInRefused()
    user.totp_last_counter = counter
    _signed_in(user, now, ip_address)


def _matching_counter(secret: str, code: str, now: datetime) -> int | None:
    """The time step the code belongs to (now, or one step either side for clock drift)."""
    code = (code or "").replace(" ", "")
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for counter in (current - 1, current, current + 1):
        if secrets.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def _signed_in(user: User, now: datetime, ip_address: str | None) -> None:
    """Failures before this moment no longer count towards a lock (see _recent_failures)."""
    user.last_login_at = now
    record_about(user, "accounts.login", "user", actor=user, ip_address=ip_address, now=now)


def start_totp_setup(user: User, *, ip_address: str | None = None, now: datetime | None = None) -> str:
    """The secret the official is to load into their app: kept on the account, unconfirmed, until a code proves it.

    Keeping it in the database rather than the session cookie means the secret never
    travels in a cookie, and reloading the page shows the same QR code.
    """
    now = now or utcnow()
    if user.has_totp:
        raise NotAllowed(_("The second factor is already set up. Ask an administrator to reset it."))
    if _standing_refusal(user, ip_address, now):
        raise SignInRefused()
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def totp_provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def confirm_totp_setup(user: User, code: str, *, ip_address: str | None = None, now: datetime | None = None) -> None:
    """Confirm the secret only once the official proved their app holds it; this also signs them in."""
    now = now or utcnow()
    secret = start_totp_setup(user, ip_address=ip_address, now=now)
    counter = _matching_counter(secret, code, now)
    if counter is None:
        _record_failure(user, now, ip_address, "totp_setup")
        raise InvalidInput(_("That code is not right. Enter the 6-digit code your app shows now."), field="code")
    user.totp_confirmed_at = now
    user.totp_last_counter = counter
    end_sessions(user)
    record_about(user, "accounts.totp_set_up", "user", actor=user, ip_address=ip_address, now=now)
    _signed_in(user, now, ip_address)


def sign_out(user: User, *, ip_address: str | None = None, now: datetime | None = None) -> None:
    """Signing out ends every session of the official, not only this browser's: a cookie copied before is void."""
    end_sessions(user)
    record_about(user, "accounts.logout", "user", actor=user, ip_address=ip_address, now=now)
