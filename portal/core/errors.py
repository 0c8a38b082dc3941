"""Domain exceptions, and the protocol headers an HTTP error answer must keep.

Services raise the exceptions; views map them to a form error, a flash or a 4xx.
"""

from werkzeug.exceptions import HTTPException

# The API's only credential is a unit's bearer token (see the OpenAPI document's security scheme).
API_CHALLENGE = 'Bearer realm="portal"'


class DomainError(Exception):
    """A rule of the portal refused the action; the message is translated and shown to the person, next to the form
    field named by `field` when it belongs to one."""

    http_status = 400

    def __init__(self, *args, field: str | None = None):
        super().__init__(*args)
        self.field = field


class NotFound(DomainError):
    http_status = 404


class NotAllowed(DomainError):
    http_status = 403


class InvalidInput(DomainError):
    http_status = 400


class InvalidTransition(DomainError):
    http_status = 409


class Conflict(DomainError):
    http_status = 409


def protocol_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers HTTP requires with this answer (`Allow` on a 405, `WWW-Authenticate` on a 401, `Retry-After`),
    which an error page made anew would otherwise drop."""
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    if error.code == 401 and not any(name.lower() == "www-authenticate" for name, _ in headers):
        headers.append(("WWW-Authenticate", API_CHALLENGE))
    return headers
