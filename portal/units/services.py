"""Finding units: by code, by name ignoring diacritics, and the tree around one."""

from sqlalchemy import select

from portal.core.errors import NotFound
from portal.core.i18n import _
from portal.core.text import fold, like_pattern
from portal.extensions import db
from portal.units.models import Unit, UnitKind

SEARCH_LIMIT = 50


def search_units(query: str, *, limit: int = SEARCH_LIMIT, kinds: tuple[UnitKind, ...] | None = None) -> list[Unit]:
    """Units whose name contains the query, ignoring case, diacritics and normalization form.

    Current units come before historical ones, and shorter names (closer matches) first.
    """
    folded = fold(query)
    if not folded:
        return []
    statement = select(Unit).where(Unit.search_name.like(like_pattern(folded), escape="\\"))
    if kinds:
        statement = statement.where(Unit.kind.in_(kinds))
    statement = statement.order_by(
        Unit.dissolved_on.is_not(None), db.func.length(Unit.search_name), Unit.search_name, Unit.id
    ).limit(limit)
    return list(db.session.scalars(statement))


def get_unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(_("There is no unit with the code %(code)s.", code=code))
    return unit


def list_provinces(*, include_historical: bool = False) -> list[Unit]:
    statement = select(Unit).where(Unit.kind == UnitKind.province)
    if not include_historical:
        statement = statement.where(Unit.dissolved_on.is_(None))
    return list(db.session.scalars(statement.order_by(Unit.search_name)))
