"""Hostile input refused in one place, before any view runs, so that it is a 400 or 404 and never a 500.

Ids in URLs and the keyset cursors of lists are integers that must fit the database's INTEGER columns (PostgreSQL
fails a query that compares one with a larger number); a NUL byte cannot be stored or compared in PostgreSQL text
(no page has one in its path, 404; in a query parameter it is a 400);
JSON nested deeper than Python's recursion limit makes the parser itself fail. Date fields of forms add SaneDate:
a day in year 1 or 9999 overflows when turned into UTC.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter
from wtforms.validators import ValidationError

from portal.core.i18n import _

# The largest value of an INTEGER column on PostgreSQL; ids are declared INTEGER, so the same on SQLite.
MAX_ID = 2**31 - 1
# Query parameters that carry a row id (keyset paging).
CURSOR_ARGUMENTS = ("after", "before")
# A client may name a JSON type on a request without a body; there is nothing to read then.
BODILESS_METHODS = ("GET", "HEAD", "OPTIONS", "DELETE")
# Dates outside these years are mistakes or probes; at year 1 or 9999 turning a local day into UTC overflows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number above any id the database can hold matches no route, so it is a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SaneDate:
    """A WTForms validator for date fields that filter or store: a year no one means is refused with a message."""

    def __call__(self, form, field) -> None:
        if field.data and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
            raise ValidationError(_("Enter a date between the years %(earliest)d and %(latest)d.",
                                    earliest=EARLIEST_YEAR, latest=LATEST_YEAR))


def is_valid_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID


def refuse_hostile_input() -> None:
    """A before_request hook: NUL bytes in the address, cursors out of range, JSON that cannot be read."""
    if "\x00" in request.path:
        abort(404)
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        abort(400, _("The address contains a NUL character. Remove it and try again."))
    for name in CURSOR_ARGUMENTS:
        value = request.args.get(name)
        if value is not None and not is_valid_id(value):
            abort(400, _("The page address is not valid: %(name)s must be a whole number from 1 to %(max)d.",
                         name=name, max=MAX_ID))
    if request.is_json and request.method not in BODILESS_METHODS and request.get_data(cache=True):
        try:
            request.get_json()
        except RecursionError:
            abort(400, _("The JSON document is nested too deeply."))


def install(app: Flask) -> None:
    """Before any blueprint is registered: the converter is bound when a route is added."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_hostile_input)
