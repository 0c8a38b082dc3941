"""GET /api/v1/cases: the cases citizens allowed to be shown, as an official reviewed them; keyset-paged.

Only published text goes out: never the citizen's own words, contact details, location or who handled it.
"""

from flask_babel import get_locale
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from marshmallow import Schema, fields, validate

from portal.cases import services
from portal.cases.lookups import published_case
from portal.cases.models import CaseField, CaseKind, CaseStatus
from portal.core.api import link, page, page_schema, query_list
from portal.core.guard import MAX_ID
from portal.core.responses import found_or_404
from portal.periods import deadlines
from portal.units.services import get_unit_by_code

blp = Blueprint("cases_api", __name__, url_prefix="/api/v1/cases", description="Published citizen cases")

STATUS_CHOICES = ["open", "closed", *(status.value for status in CaseStatus)]


class CaseUnitSchema(Schema):
    code = fields.Str()
    name = fields.Str()


class CaseEventSchema(Schema):
    action = fields.Str()
    occurred_at = fields.DateTime()
    note = fields.Str(metadata={"description": "an official's explanation, personal data masked; may be empty"})


class DaysOffSchema(Schema):
    first = fields.Date()
    last = fields.Date()
    name = fields.Str(metadata={"description": "in the request's language; empty for a plain weekend"})


class LengtheningSchema(Schema):
    kind = fields.Function(lambda item: item.kind.value, metadata={"enum": ["extension", "pause"]})
    amount = fields.Int()
    unit = fields.Function(lambda item: item.unit.value, metadata={"enum": ["working_days", "calendar_days"]})
    on = fields.Date(metadata={"description": "when extended, or when the clock stopped"})
    resumed_on = fields.Date(allow_none=True, metadata={"description": "when a stopped clock ran again"})


class DeadlineCountSchema(Schema):
    """How the current deadline was counted (Civil Code 2015 Art. 145-148), the same as "how was this counted?"."""

    step = fields.Function(lambda r: r.step.value, metadata={"enum": ["acknowledge", "resolve"]})
    event = fields.Str(metadata={"description": "what started the clock: received, transferred, info_supplied, "
                                                "accepted or reopened"})
    event_on = fields.Date()
    amount = fields.Function(lambda r: r.rule.amount)
    unit = fields.Function(lambda r: r.rule.period_unit.value, metadata={"enum": ["working_days", "calendar_days"]})
    legal_basis = fields.Function(lambda r: r.rule.legal_basis, metadata={"description": "in Vietnamese"})
    legal_basis_en = fields.Function(lambda r: r.rule.legal_basis_en or None, allow_none=True)
    first_day = fields.Function(lambda r: r.count.first_day.isoformat(), metadata={"format": "date"})
    skipped = fields.Function(lambda r: DaysOffSchema(many=True).dump(r.count.skipped),
                              metadata={"description": "named days off a count in working days passed over"})
    lengthenings = fields.Function(lambda r: LengtheningSchema(many=True).dump(r.count.lengthenings),
                                   metadata={"description": "extensions and pauses, in order"})
    last_day = fields.Function(lambda r: r.count.last_day.isoformat(), metadata={"format": "date"})
    rolled_over = fields.Function(lambda r: DaysOffSchema(many=True).dump(r.count.rolled_over),
                                  metadata={"description": "the days off the last day fell on, moving the end"})
    due_on = fields.Function(lambda r: r.count.end.isoformat(), metadata={"format": "date"})


def _current_count(case):
    if case.due_on is None:
        return None
    reckonings = deadlines.explain_deadlines(case, str(get_locale()))
    return DeadlineCountSchema().dump(reckonings.resolve or reckonings.acknowledge)


class CaseSchema(Schema):
    code = fields.Str(metadata={"description": "the tracking code"})
    kind = fields.Enum(CaseKind, by_value=True)
    field = fields.Enum(CaseField, by_value=True)
    status = fields.Enum(CaseStatus, by_value=True)
    unit = fields.Nested(CaseUnitSchema, metadata={"description": "the responsible unit"})
    place = fields.Nested(CaseUnitSchema, metadata={"description": "the commune, ward or village concerned"})
    title = fields.Str(attribute="public_title")
    description = fields.Str(attribute="public_description")
    received_at = fields.DateTime()
    due_on = fields.Date(allow_none=True, metadata={"description": "the current statutory deadline; null when closed"})
    answered_at = fields.DateTime(allow_none=True)
    is_on_time = fields.Bool(allow_none=True, metadata={"description": "null until answered"})
    answer = fields.Function(lambda c: services.public_answer(c) or None, allow_none=True)
    url = link("cases_api.get_case", code="code")


class CaseDetailSchema(CaseSchema):
    deadline_count = fields.Function(
        _current_count, allow_none=True,
        metadata={"description": "how the current deadline was counted; null when closed"},
    )
    history = fields.Function(
        lambda c: CaseEventSchema(many=True).dump(services.public_history(c)),
        metadata={"description": "the public steps, oldest first"},
    )


class ConclusionSchema(Schema):
    """A denunciation's conclusion as published (Law 25/2018 Art. 40): the unit, the field, the dates and the text,
    never the denunciation itself, its tracking code or anything about who made it."""

    id = fields.Int()
    unit = fields.Nested(CaseUnitSchema, metadata={"description": "the unit that concluded"})
    field = fields.Enum(CaseField, by_value=True)
    concluded_at = fields.Function(lambda c: c.answered_at.isoformat(), metadata={"format": "date-time"})
    published_at = fields.Function(lambda c: c.conclusion_published_at.isoformat(),
                                   metadata={"format": "date-time"})
    publish_due_on = fields.Date(attribute="conclusion_due_on",
                                 metadata={"description": "the last day the law gave to publish it"})
    text = fields.Str(attribute="conclusion_text", metadata={"description": "the conclusion, the denouncer masked"})
    url = link("cases_api.get_conclusion", case_id="id")


class ConclusionQuerySchema(Schema):
    unit = fields.Str(load_default="", validate=validate.Length(max=32),
                      metadata={"description": "code of the concluding unit or of the place"})
    after_id = fields.Int(data_key="after", load_default=None, validate=validate.Range(min=1))
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


class CaseQuerySchema(Schema):
    """Named as services.PublicListing names them, the query string's short names as data keys."""

    unit = fields.Str(
        load_default="",
        validate=validate.Length(max=32),
        metadata={"description": "code of the responsible unit or of the place"},
    )
    kind = fields.Enum(CaseKind, by_value=True, load_default=None)
    field = fields.Enum(CaseField, by_value=True, load_default=None)
    status = fields.Str(load_default="", validate=validate.OneOf(["", *STATUS_CHOICES]))
    query = fields.Str(data_key="q", load_default="", validate=validate.Length(max=100))
    after_id = fields.Int(data_key="after", load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


def _unit_or_404(code: str):
    return found_or_404(get_unit_by_code, code) if code else None


def _unit_page(path: str, query_schema: type[Schema], item_schema: type[Schema], name: str):
    """A keyset-paged list of what is published, filtered by an optional unit code that must name a unit."""
    return query_list(blp, path, query_schema, page_schema(name, item_schema), not_found="No unit has this code")


@_unit_page("", CaseQuerySchema, CaseSchema, "CasePageSchema")
def list_cases(arguments):
    """Published cases, newest first. Cases the citizen did not allow to be shown are never listed."""
    limit = arguments.pop("limit")
    listing = services.PublicListing(unit=_unit_or_404(arguments.pop("unit")), **arguments)
    return page(services.list_published(listing, limit=limit))


@blp.route("/<code>")
@blp.response(200, CaseDetailSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No published case has this code")
@blp.alt_response(429, schema=ErrorSchema, description="Too many codes that found nothing were tried from this address")
def get_case(code):
    """One published case with its public history and answer. Codes that find nothing count against the address's
    tracking limit (429 when spent)."""
    return found_or_404(published_case, code)


@_unit_page("/conclusions", ConclusionQuerySchema, ConclusionSchema, "ConclusionPageSchema")
def list_conclusions(arguments):
    """Published conclusions on denunciations, newest first."""
    return page(services.list_conclusions(unit=_unit_or_404(arguments.pop("unit")), **arguments))


@blp.route("/conclusions/<int:case_id>")
@blp.response(200, ConclusionSchema)
@blp.alt_response(404, schema=ErrorSchema, description="No published conclusion has this number")
def get_conclusion(case_id):
    """One published conclusion on a denunciation."""
    return found_or_404(services.public_conclusion, case_id)
