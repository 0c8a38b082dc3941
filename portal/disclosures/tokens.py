"""Per-unit API tokens: a unit's document-management system posts drafts with one, under the same rules as the
web form. An administrator issues a token (shown once) and can revoke it; only its SHA-256 is stored."""

import secrets
from datetime import datetime

from sqlalchemy import select

from portal.accounts.access import has_role
from portal.accounts.models import Role, User
from portal.core.audit import record_about
from portal.core.errors import InvalidInput, NotAllowed, NotFound
from portal.core.i18n import _, _l
from portal.core.timeutil import utcnow
from portal.core.tokens import token_hash
from portal.disclosures.models import ApiToken
from portal.extensions import db
from portal.units.models import Unit

MAX_TOKEN_NAME = 100
TOKEN_PREFIX = "dcs_"  # noqa: S105 (a visible prefix so leaked tokens are recognisable, not a secret)

# Messages the feature's forms show too: written here once.
TOKEN_NAME_REFUSED = _l("Name the system that will use the token, in at most 100 characters.")


def _check_admin(actor: User, unit: Unit) -> None:
    if not has_role(actor, unit, {Role.unit_admin}):
        raise NotAllowed(_("Only an administrator of the unit may manage its API tokens."))


def list_tokens(actor: User, unit: Unit) -> list[ApiToken]:
    _check_admin(actor, unit)
    return list(db.session.scalars(select(ApiToken).where(ApiToken.unit_id == unit.id).order_by(ApiToken.id.desc())))


def issue_token(actor: User, unit: Unit, name: str, *, now: datetime | None = None) -> tuple[ApiToken, str]:
    """Returns the token and its secret, which is shown this once and never again."""
    _check_admin(actor, unit)
    name = (name or "").strip()
    if not name or len(name) > MAX_TOKEN_NAME:
        raise InvalidInput(TOKEN_NAME_REFUSED)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        unit=unit, name=name, token_hash=token_hash(secret), created_by_id=actor.id, created_at=now or utcnow()
    )
    db.session.add(token)
    db.session.flush()
    record_about(
        token, "disclosures.token_issued", "api_token", actor=actor, unit_id=unit.id, details={"name": name}, now=now,
    )
    return token, secret


def revoke_token(actor: User, token_id: int, *, now: datetime | None = None) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("This token no longer exists."))
    _check_admin(actor, token.unit)
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        record_about(
            token, "disclosures.token_revoked", "api_token", actor=actor, details={"name": token.name}, now=now,
        )
    return token


def token_for(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token a request presents, or None; records when it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or token.revoked_at is not None:
        return None
    token.last_used_at = now or utcnow()
    return token
