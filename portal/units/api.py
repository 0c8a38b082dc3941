"""GET /api/v1/units: units by name (diacritics and normalization form ignored), kind and parent."""

from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from portal.core.errors import NotFound
from portal.units import services
from portal.units.models import BodyType, UnitKind

blp = Blueprint("units_api", __name__, url_prefix="/api/v1/units", description="Administrative units and bodies")

MAX_LIMIT = 100


class UnitRefSchema(Schema):
    id = fields.Int(required=True)
    code = fields.Str(required=True)
    name = fields.Str(required=True)


class UnitSummarySchema(UnitRefSchema):
    kind = fields.Enum(UnitKind, by_value=True, required=True)
    is_historical = fields.Bool(required=True)


class UnitSchema(UnitSummarySchema):
    division_type = fields.Str(metadata={"description": "The Vietnamese label: tỉnh, xã, phường, đặc khu, huyện…"})
    body_type = fields.Enum(BodyType, by_value=True, allow_none=True, metadata={"description": "Only for a body"})
    parent = fields.Nested(UnitRefSchema, allow_none=True, metadata={"description": "null for a top-level unit"})
    dissolved_on = fields.Date(allow_none=True, metadata={"description": "null for a current unit"})


class UnitDetailSchema(UnitSchema):
    children = fields.List(
        fields.Nested(UnitSummarySchema), metadata={"description": "Bodies first, then sub-units, in name order"}
    )

    def get_attribute(self, obj, attr, default):
        if attr == "children":
            return [child for members in services.list_children(obj).values() for child in members]
        return super().get_attribute(obj, attr, default)


class UnitQuerySchema(Schema):
    q = fields.Str(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Part of the name; accents, case and Unicode normalization form are ignored"},
    )
    kind = fields.Enum(UnitKind, by_value=True, load_default=None)
    parent = fields.Str(
        load_default=None,
        validate=validate.Length(max=services.MAX_CODE_LENGTH),
        metadata={"description": "Code of the parent unit, for example 38 for Tỉnh Thanh Hóa"},
    )
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=MAX_LIMIT))


@blp.route("")
@blp.arguments(UnitQuerySchema, location="query")
@blp.response(200, UnitSchema(many=True))
def list_units(arguments):
    """Find units by name, kind or parent.

    Without `q`, the units of that kind or parent in name order.
    """
    return services.find_units(
        query=arguments["q"], kind=arguments["kind"], parent_code=arguments["parent"], limit=arguments["limit"]
    )


@blp.route("/<code>")
@blp.response(200, UnitDetailSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No unit has this code")
def get_unit(code):
    """One unit, with the units and bodies directly below it."""
    try:
        return services.get_unit_by_code(code)
    except NotFound as error:
        abort(404, message=str(error))
