"""What the features' JSON APIs share: links to the public pages, a unit as id, code and name, the lists of one
unit asked for by `?unit=CODE`, and the answer of a keyset-paged list."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from portal.core.responses import found_or_404
from portal.core.urls import absolute_url


def link(endpoint: str, **attributes: str) -> fields.Function:
    """The object's public address: each value `endpoint` takes read from the object's attribute named beside it."""

    def address(item) -> str:
        return absolute_url(endpoint, **{name: getattr(item, attribute) for name, attribute in attributes.items()})

    return fields.Function(address)


def unit_ref(unit) -> dict | None:
    return None if unit is None else {"id": unit.id, "code": unit.code, "name": unit.name}


def unit_field(attribute: str = "unit", **kwargs) -> fields.Function:
    """The unit the object names in `attribute`, as its id, code and name; null when it names none."""
    return fields.Function(lambda item: unit_ref(getattr(item, attribute)), **kwargs)


class UnitQuerySchema(Schema):
    unit = fields.Str(required=True, validate=validate.Length(min=1, max=32))


def page_schema(name: str, item_schema: type[Schema]) -> type[Schema]:
    """The answer of a keyset-paged list (portal.core.listing), named `name` in the OpenAPI document."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "next_after": fields.Int(allow_none=True, metadata={"description": "pass as `after` for the next page"}),
        },
        name=name,
    )


def page(found: tuple[list, int | None]) -> dict:
    """A page and the id after which the next one starts, as `page_schema` answers them."""
    items, next_after = found
    return {"items": items, "next_after": next_after}


def query_list(blp: Blueprint, path: str, query_schema: type[Schema], answer_schema, *, not_found: str = ""):
    """A GET list filtered by query arguments, which the view takes parsed; `not_found` documents its 404."""

    def register(view):
        if not_found:
            view = blp.alt_response(404, schema=ErrorSchema, description=not_found)(view)
        view = blp.response(200, answer_schema)(view)
        view = blp.arguments(query_schema, location="query")(view)
        return blp.route(path)(view)

    return register


def unit_list(blp: Blueprint, path: str, item_schema: type[Schema], find_unit: Callable[[str], Any],
              query_schema: type[Schema] = UnitQuerySchema):
    """A GET list of what one unit has: `?unit=CODE` must name a unit (`find_unit`, 404 otherwise), and the view
    takes the unit and the other query arguments given."""

    def register(view):
        @wraps(view)
        def of_the_unit(arguments):
            return view(found_or_404(find_unit, arguments.pop("unit")), **arguments)

        return query_list(blp, path, query_schema, item_schema(many=True))(of_the_unit)

    return register
