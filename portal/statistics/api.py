"""GET /api/v1/units/<code>/statistics: the figures of the statistics page, for dashboards and reports."""

from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from portal.cases.models import CaseKind
from portal.core.errors import NotFound
from portal.core.timeutil import local_date, utcnow
from portal.statistics import services
from portal.units.services import get_unit_by_code

blp = Blueprint(
    "statistics_api", __name__, url_prefix="/api/v1/units", description="Case statistics of a unit and the units below"
)


class KindStatisticsSchema(Schema):
    kind = fields.Enum(CaseKind, by_value=True, allow_none=True, metadata={"description": "null in the total"})
    received = fields.Int()
    accepted = fields.Int()
    answered = fields.Int()
    answered_on_time = fields.Int()
    refused = fields.Int()
    transferred_away = fields.Int()
    open_now = fields.Int()
    overdue_now = fields.Int()
    median_working_days = fields.Float(
        allow_none=True, metadata={"description": "median working days from receipt to answer, of answered cases"}
    )
    average_rating = fields.Float(allow_none=True, metadata={"description": "1 to 5; null without ratings"})
    ratings = fields.Int()


class UnitStatisticsSchema(Schema):
    unit = fields.Function(lambda s: {"code": s.unit.code, "name": s.unit.name})
    year = fields.Int()
    kinds = fields.List(fields.Nested(KindStatisticsSchema), attribute="rows")
    total = fields.Nested(KindStatisticsSchema)


class StatisticsQuerySchema(Schema):
    year = fields.Int(load_default=None, validate=validate.Range(min=2000, max=2100),
                      metadata={"description": "the year of receipt; this year by default"})


@blp.route("/<code>/statistics")
@blp.arguments(StatisticsQuerySchema, location="query")
@blp.response(200, UnitStatisticsSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No unit has this code")
def unit_statistics(arguments, code):
    """Cases the unit and every unit below it received in a year, public or not, per kind and in total.

    Counts only: no case and no person can be told apart."""
    try:
        unit = get_unit_by_code(code)
    except NotFound as error:
        abort(404, message=str(error))
    now = utcnow()
    return services.unit_statistics(unit, arguments["year"] or local_date(now).year, now)
