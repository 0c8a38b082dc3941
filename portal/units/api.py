"""GET /api/v1/units: units by name (diacritics and normalization form ignored), kind and parent."""

from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.core.errors import NotFound
from portal.units import services
from portal.units.models import UnitKind

blp = Blueprint("units_api", __name__, url_prefix="/api/v1/units", description="Administrative units and bodies")


class UnitRefSchema(Schema):
    id = fields.Int(required=True)
    code = fields.Str(required=True)
    name = fields.Str(required=True)


class UnitSchema(UnitRefSchema):
    kind = fields.Enum(UnitKind, by_value=True, required=True)
    division_type = fields.Str()
    body_type = fields.Function(lambda unit: unit.body_type.value if unit.body_type else None, allow_none=True)
    parent = fields.Nested(UnitRefSchema, allow_none=True)
    is_historical = fields.Bool()
    dissolved_on = fields.Date(allow_none=True)


class UnitDetailSchema(UnitSchema):
    children = fields.Method("_children")

    def _children(self, unit):
        return [UnitRefSchema().dump(child) for members in services.list_children(unit).values() for child in members]


class UnitQuerySchema(Schema):
    q = fields.Str(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Part of the name; accents optional"},
    )
    kind = fields.Enum(UnitKind, by_value=True, load_default=None)
    parent = fields.Str(
        load_default=None, validate=validate.Length(max=32), metadata={"description": "Code of the parent unit"}
    )
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


@blp.route("")
@blp.arguments(UnitQuerySchema, location="query")
@blp.response(200, UnitSchema(many=True))
def list_units(arguments):
    """Find units by name, kind or parent."""
    return services.find_units(
        query=arguments["q"], kind=arguments["kind"], parent_code=arguments["parent"], limit=arguments["limit"]
    )


@blp.route("/<code>")
@blp.response(200, UnitDetailSchema)
def get_unit(code):
    """One unit, with the units and bodies directly below it."""
    try:
        return services.get_unit_by_code(code)
    except NotFound as error:
        abort(404, message=str(error))
