"""A citizen's own cases, without an account: they ask with the email they gave, and a signed link mailed to
that address lists every case submitted with it.

Cases store no email in the clear, only a keyed digest (portal.core.crypto.digest), so the lookup works without
revealing anyone's address. The page that asked always says the same thing, whether or not cases exist, so it
cannot be used to learn who submitted what.
"""

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.cases.models import Case
from portal.core import crypto
from portal.core.errors import InvalidInput, NotFound
from portal.core.i18n import _
from portal.core.text import is_email_address
from portal.extensions import db
from portal.notifications.services import external_url, queue_email

LINK_VALID = timedelta(hours=24)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="my-cases")


def _cases_with(email_digest: str) -> list[Case]:
    statement = select(Case).where(Case.contact_email_digest == email_digest).options(joinedload(Case.unit))
    return list(db.session.scalars(statement.order_by(Case.id.desc())))


def request_link(email: str, *, language: str = "vi", now: datetime | None = None) -> None:
    """Mail the link to the address if it has cases; nothing at all otherwise."""
    email = (email or "").strip()
    if not is_email_address(email):
        raise InvalidInput(_("Enter the email address you gave when you submitted, like name@example.com."),
                           field="email")
    email_digest = crypto.digest(email)
    cases = _cases_with(email_digest)
    if not cases:
        return
    link = external_url("mycases.listing", token=_signer().dumps(email_digest))
    hours = int(LINK_VALID.total_seconds() // 3600)
    queue_email(email, "my_cases", {"link": link, "count": len(cases), "hours": hours}, language=language, now=now)


def cases_for(token: str) -> list[Case]:
    try:
        email_digest = _signer().loads(token, max_age=int(LINK_VALID.total_seconds()))
    except SignatureExpired:
        raise NotFound(_("This link has expired. Ask for a new one; it works for 24 hours.")) from None
    except BadSignature:
        raise NotFound(_("This link is not valid. Use the link from the email, or ask for a new one.")) from None
    return _cases_with(email_digest)

