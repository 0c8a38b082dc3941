"""Domain exceptions. Services raise them; views map them to a form error, a flash or a 4xx."""


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
