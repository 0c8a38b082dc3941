"""Domain exceptions, and the protocol headers an HTTP error answer must keep.

Services raise the exceptions; views map them to a form error, a flash or a 4xx.
"""

from werkzeug.exceptions import HTTPException

# The API's only credential is a unit's bearer token (see the OpenAPI document's security scheme).
API_CHALLENGE = 'Bearer realm="portal"'


class DomainError(Exception):
    """A rule of the portal refused the action; the message is translated and shown to the person.

    `field` names the form field the refusal belongs to (its name in the form), so the form shows the message
    beside that field and links to it from the error summary; None when it concerns the whole form."""

    http_status = 400

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
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


class InvalidFields(InvalidInput):
    """Several fields refused at once, so that a person corrects them all in one send."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(" ".join(str(error) for error in errors))
        self.errors = errors
