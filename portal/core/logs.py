"""What the portal writes to logs carries no private link, no email address, no row's values and no secret.

A private link (a citizen's `/cases/t/<token>`, a my-cases link, a follow or unsubscribe link, an official's
invitation, an Open311 read-back `token=`) is a key: whoever reads it in a log can act on the case or the
subscription. So every such token is replaced by "[redacted]" in the lines the app writes (Flask's log, the
development server's request log, the worker's log) and in gunicorn's access log (gunicorn.conf.py names the logger
class below). Email addresses (a mail server's refusal quotes the recipient) become "[email]", and PostgreSQL's
DETAIL lines, which quote the values of the row that failed ("Key (email)=(…) already exists"), are left out, in
messages and in the tracebacks logged with them. The API's bearer token travels only in the Authorization header,
which gunicorn's log never shows with this class. SQL parameters are kept out of database errors by the engine's
hide_parameters (portal.config).
"""

import logging
import re

from flask import Flask
from flask.logging import default_handler
from gunicorn.glogging import Logger

REDACTED = "[redacted]"
_PRIVATE = re.compile(
    r"(?P<keep>/cases/t/|/my-cases/(?!sent\b)|/disclosures/follow/(?:confirm|stop)/|/accounts/invitations/"
    r"|(?<![^?&;\s\"'])token=)[^/?&;#\s\"']+"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ROW_VALUES = re.compile(r"^\s*DETAIL:.*$\n?", re.MULTILINE)
# Request headers and environ values that hold credentials, by the name gunicorn gives their atom.
_SECRET_ATOMS = ("authorization", "cookie")


def redact(text: str) -> str:
    """The text with the token of every private link in it replaced."""
    return _PRIVATE.sub(lambda match: match["keep"] + REDACTED, text)


def redact_personal(text: str) -> str:
    """Private links' tokens, email addresses and a database error's quoted row values taken out."""
    return _ROW_VALUES.sub("", _EMAIL.sub("[email]", redact(text)))


class RedactingFilter(logging.Filter):
    """Rewrites each record's message, its arguments filled in, and the traceback logged with it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_personal(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_personal(record.exc_text)
        return True


def protect(*handlers: logging.Handler) -> None:
    """Every record a handler writes, whichever logger made it, goes through the filter first."""
    for handler in handlers:
        if not any(isinstance(existing, RedactingFilter) for existing in handler.filters):
            handler.addFilter(RedactingFilter())


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
    """Flask's log (an exception names the request's path and quotes its error) and the development server's request
    log, with whatever handlers are set up by then; a command that sets up logging later calls protect itself."""
    for logger in (app.logger, logging.getLogger("werkzeug")):
        if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
            logger.addFilter(RedactingFilter())
    protect(default_handler, *logging.getLogger().handlers)
