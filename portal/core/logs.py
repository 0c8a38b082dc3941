"""What the portal writes to logs carries no private link and no secret.

A private link (a citizen's `/cases/t/<token>`, a my-cases link, a follow or unsubscribe link, an official's
invitation, an Open311 read-back `token=`) is a key: whoever reads it in a log can act on the case or the
subscription. So every such token is replaced by "[redacted]" in the lines the app writes (Flask's own log, the
development server's request log) and in gunicorn's access log (gunicorn.conf.py names the logger class below).
The API's bearer token travels only in the Authorization header, which gunicorn's log never shows with this class.
SQL parameters are kept out of database errors by the engine's hide_parameters (portal.config).
"""

import logging
import re

from flask import Flask
from gunicorn.glogging import Logger

REDACTED = "[redacted]"
_PRIVATE = re.compile(
    r"(?P<keep>/cases/t/|/my-cases/(?!sent\b)|/disclosures/follow/(?:confirm|stop)/|/accounts/invitations/"
    r"|(?<![^?&;\s\"'])token=)[^/?&;#\s\"']+"
)
# Request headers and environ values that hold credentials, by the name gunicorn gives their atom.
_SECRET_ATOMS = ("authorization", "cookie")


def redact(text: str) -> str:
    """The text with the token of every private link in it replaced."""
    return _PRIVATE.sub(lambda match: match["keep"] + REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, its arguments already filled in, without private tokens."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's logger, whose access log shows private links without their token and never a credential."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if any(name in key for name in _SECRET_ATOMS):
                atoms[key] = REDACTED
            elif isinstance(value, str):
                atoms[key] = redact(value)
        return atoms


def install(app: Flask) -> None:
    """Flask's log (an exception names the request's path) and the development server's request log."""
    for logger in (app.logger, logging.getLogger("werkzeug")):
        if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
            logger.addFilter(RedactingFilter())
