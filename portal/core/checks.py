"""Small shapes that many services repeat: a permission check read as yes or no, a row found by id or refused."""

from collections.abc import Callable
from typing import Any, TypeVar

from portal.core.errors import NotAllowed, NotFound
from portal.extensions import db

Row = TypeVar("Row")


def allows(check: Callable[..., None], *args: Any) -> bool:
    """A `check_may_*` as a yes or no, for pages that show or hide what the check guards."""
    try:
        check(*args)
    except NotAllowed:
        return False
    return True


def get_or_refuse(model: type[Row], row_id: int, message: str) -> Row:
    """The row with this id, or NotFound with a message that names what is missing."""
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(message)
    return row
