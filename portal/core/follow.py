"""Pieces shared by the features a citizen can follow by email without an account (double opt-in).

The address is checked and stored trimmed and in lower case; the confirmation link's token is stored only as its
SHA-256; the unsubscribe link is signed with the SECRET_KEY, so nothing need be stored for it.
"""

import secrets
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.errors import InvalidInput, NotFound
from portal.core.i18n import _, _l
from portal.core.text import MAX_EMAIL, is_email_address
from portal.core.timeutil import utcnow
from portal.core.tokens import token_hash
from portal.core.types import UTCDateTime
from portal.extensions import db

CONFIRMATION_VALID = timedelta(days=7)
# A second request for the same follow within this time sends no second mail.
RESEND_AFTER = timedelta(minutes=10)

EMAIL_MISSING = _l("Enter your email address.")
EMAIL_TOO_LONG = _l("Enter an email address of at most 254 characters.")


def check_follower_email(email: str) -> str:
    """The address as stored and compared: trimmed, lower case; refused when it cannot be an address."""
    email = (email or "").strip().lower()
    if not email:
        raise InvalidInput(EMAIL_MISSING, field="email")
    if len(email) > MAX_EMAIL:
        raise InvalidInput(EMAIL_TOO_LONG, field="email")
    if not is_email_address(email):
        raise InvalidInput(_("Enter an email address in the form name@example.vn."), field="email")
    return email


def new_confirm_token() -> tuple[str, str]:
    """A one-time token for the confirmation link, and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def follow_to_confirm(model: type, *, language: str, now: datetime, **identity) -> tuple[object, str | None]:
    """The follow row (of `model`) with the `identity` columns, made when missing, and a new confirmation link's
    token for it; no token when no mail is due because the address already follows or was sent a link moments ago.
    """
    follow = db.session.scalars(select(model).filter_by(**identity)).first()
    if follow is None:
        follow = model(created_at=now, **identity)
        db.session.add(follow)
    is_following = follow.confirmed_at is not None and follow.unsubscribed_at is None
    was_just_asked = follow.confirm_token_hash and now - follow.confirm_sent_at < RESEND_AFTER
    if is_following or was_just_asked:
        return follow, None
    token, follow.confirm_token_hash = new_confirm_token()
    follow.language = language
    follow.confirm_sent_at = now
    follow.confirmed_at = follow.unsubscribed_at = None
    db.session.flush()
    return follow, token


def pending_follow(model: type, token: str, now: datetime, expired: str):
    """The follow row (of `model`) a confirmation link is for; refused with `expired` once the link is too old."""
    follow = db.session.scalars(select(model).where(model.confirm_token_hash == token_hash(token or ""))).first()
    if follow is None:
        raise NotFound(_("This confirmation link is not valid, or it was already used."))
    if now - follow.confirm_sent_at > CONFIRMATION_VALID:
        raise InvalidInput(expired)
    return follow


def confirm(follow, now: datetime):
    """The link was used: mail goes to the address from now on, and the link works no more."""
    follow.confirmed_at, follow.confirm_token_hash = now, None
    return follow


def unsubscribe_token(salt: str, follow_id: int) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).dumps(follow_id)


def unsubscribed_id(salt: str, token: str) -> int:
    """The follow id an unsubscribe link was signed for; NotFound when the link was not made by us."""
    try:
        follow_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt).loads(token or "")
    except BadSignature as error:
        raise NotFound(_("This link to stop the mails is not valid.")) from error
    if not isinstance(follow_id, int) or isinstance(follow_id, bool):
        raise NotFound(_("This link to stop the mails is not valid."))
    return follow_id


def follow_by_unsubscribe_link(model: type, salt: str, token: str):
    """The follow row (of `model`) an unsubscribe link names; NotFound when the link is not ours or the row is gone."""
    follow = db.session.get(model, unsubscribed_id(salt, token))
    if follow is None:
        raise NotFound(_("This link to stop the mails is not valid."))
    return follow


def unfollow(follow, now: datetime):
    """No more mail to this follow's address; a pending confirmation link stops working too."""
    if follow.unsubscribed_at is None:
        follow.unsubscribed_at = now
    follow.confirm_token_hash = None
    return follow


class FollowColumns:
    """What every follow keeps: the address, the language of its mails, and the moments of its double opt-in.
    The address is personal data and never shown on a public page."""

    email: Mapped[str] = mapped_column(String(MAX_EMAIL), index=True)
    language: Mapped[str] = mapped_column(String(8))
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirm_sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
