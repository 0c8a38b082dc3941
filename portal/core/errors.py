"""Domain exceptions, and the protocol headers an HTTP error answer must keep.

Services raise the exceptions; views map them to a form error, a flash or a 4xx.
"""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from werkzeug.exceptions import HTTPException

Checked = TypeVar("Checked")

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


class Objections:
    """Every objection to a form's values, gathered before any is raised, so that a person corrects them all in one
    send instead of meeting them one at a time. Kept in the order they were found, each with its field."""

    def __init__(self, errors: Iterable[InvalidInput] = ()):
        self.errors: list[InvalidInput] = list(errors)

    def check(self, check: Callable[..., Checked], *args: Any, **kwargs: Any) -> Checked | None:
        """`check(*args, **kwargs)`, or None once the InvalidInput it raised is noted; other exceptions pass."""
        try:
            return check(*args, **kwargs)
        except InvalidInput as error:
            self.errors.append(error)
            return None

    def add(self, message: str, *, field: str | None = None) -> None:
        self.errors.append(InvalidInput(message, field=field))

    def raise_if_any(self) -> None:
        """Refuse with all of them at once, each shown beside its own field."""
        if self.errors:
            raise InvalidFields(self.errors)

    def raise_as_one(self, *, field: str | None = None) -> None:
        """Refuse with all of them in one message, for objections that concern one place: a field shows a single
        error, so several about the same field (or the form as a whole) are read together."""
        if self.errors:
            raise InvalidInput(" ".join(str(error) for error in self.errors), field=field)
