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


class SuccessionSchema(Schema):
    code = fields.Str(required=True)
    name = fields.Str(required=True)
    effective_on = fields.Date(required=True, metadata={"description": "The day the successor took over"})
    is_default = fields.Bool(
        required=True,
        metadata={"description": "For a unit split between several: the part that took most of it, where a request "
                                 "goes when nobody says which part it is about"},
    )


def _successions(rows, side: str) -> list[dict]:
    return [
        {"code": getattr(row, side).code, "name": getattr(row, side).name, "effective_on": row.effective_on,
         "is_default": row.is_default}
        for row in rows
    ]


class UnitSchema(UnitSummarySchema):
    successors = fields.List(
        fields.Nested(SuccessionSchema),
        metadata={"description": "The units that took over a unit dissolved (in the 2025 reform); empty otherwise"},
    )
    division_type = fields.Str(metadata={"description": "The Vietnamese label: tỉnh, xã, phường, đặc khu, huyện…"})
    body_type = fields.Enum(BodyType, by_value=True, allow_none=True, metadata={"description": "Only for a body"})
    parent = fields.Nested(UnitRefSchema, allow_none=True, metadata={"description": "null for a top-level unit"})
    dissolved_on = fields.Date(allow_none=True, metadata={"description": "null for a current unit"})


    def get_attribute(self, obj, attr, default):
        if attr == "successors":
            return _successions(services.successions_of(obj), "successor") if obj.is_historical else []
        return super().get_attribute(obj, attr, default)


class UnitDetailSchema(UnitSchema):
    children = fields.List(
        fields.Nested(UnitSummarySchema), metadata={"description": "Bodies first, then sub-units, in name order"}
    )
    predecessors = fields.List(
        fields.Nested(SuccessionSchema), metadata={"description": "The dissolved units this one took over"}
    )

    def get_attribute(self, obj, attr, default):
        if attr == "children":
            return [child for members in services.list_children(obj).values() for child in members]
        if attr == "predecessors":
            return _successions(services.predecessions_of(obj), "predecessor")
        return super().get_attribute(obj, attr, default)


class UnitQuerySchema(Schema):
    q = fields.Str(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Part of the name, or of the name then its district's or province's (\"Tân Trung "
                                 "Tân Yên\"); accents, case and Unicode normalization form are ignored. Units "
                                 "dissolved in 2025 are found by their old names, with their successors"},
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
    """One unit, with the units and bodies directly below it, and the units it took over or that took it over.

    A code from before the 2025 reform finds the dissolved unit, unless a unit of today has the same code."""
    unit = services.find_place(code)
    if unit is not None:
        return unit
    try:
        return services.get_unit_by_code(code)
    except NotFound as error:
        abort(404, message=str(error))
