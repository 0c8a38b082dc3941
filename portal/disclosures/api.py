"""GET /api/v1/disclosures: the public disclosures as JSON, filtered like the pages, keyset-paged."""

from flask import request
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.core.api import link, page, page_schema, query_list, unit_field
from portal.core.errors import InvalidInput, NotAllowed
from portal.core.responses import found_or_404
from portal.core.timeutil import end_of_local_day, start_of_local_day, utcnow
from portal.disclosures import lists, services
from portal.disclosures.models import DisclosureStatus
from portal.disclosures.tokens import token_for
from portal.extensions import db
from portal.units.services import get_unit_by_code

blp = Blueprint("disclosures_api", __name__, url_prefix="/api/v1/disclosures", description="Public disclosures")


class AttachmentSchema(Schema):
    filename = fields.Str()
    content_type = fields.Str()
    size = fields.Int()
    sha256 = fields.Str()
    url = link("disclosures.attachment", disclosure_id="disclosure_id", attachment_id="id")


class VersionSchema(Schema):
    number = fields.Int()
    created_at = fields.DateTime()
    reason = fields.Str(allow_none=True)
    content_sha256 = fields.Str(metadata={"description": "SHA-256 of the version as posted"})
    is_period_restarted = fields.Bool()
    body_html = fields.Str()
    redacted_at = fields.DateTime(allow_none=True, metadata={"description": "when personal data was removed"})
    redaction_reason = fields.Str(allow_none=True)
    redacted_sha256 = fields.Str(allow_none=True, metadata={"description": "SHA-256 of the text after the removal"})


class DisclosureSchema(Schema):
    id = fields.Int()
    title = fields.Str()
    unit = unit_field()
    category = fields.Function(
        lambda d: {
            "code": d.category.code,
            "name_vi": d.category.name_vi,
            "name_en": d.category.name_en,
            "legal_basis": d.category.legal_basis,
        }
    )
    document_number = fields.Str()
    document_date = fields.Date(allow_none=True)
    posting_start = fields.DateTime()
    posting_last_day = fields.Date(
        allow_none=True, metadata={"description": "the last day of posting in Vietnam; null for a permanent posting"}
    )
    posting_end = fields.Function(
        lambda d: d.posting_last_day and end_of_local_day(d.posting_last_day).isoformat(),
        allow_none=True,
        metadata={
            "type": "string",
            "format": "date-time",
            "description": "24:00 of the last day of posting in Vietnam, in UTC; null for a permanent posting",
        },
    )
    status = fields.Function(lambda d: services.status_of(d, utcnow()).value)
    withdrawal_reason = fields.Str(allow_none=True)
    posting_places = fields.List(fields.Str())
    url = link("disclosures.show", disclosure_id="id")


class DisclosureDetailSchema(DisclosureSchema):
    versions = fields.List(fields.Nested(VersionSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))


class DisclosureQuerySchema(Schema):
    """Named as lists.Listing names them, the query string's short names as data keys."""

    unit = fields.Str(load_default="", validate=validate.Length(max=32))
    category_code = fields.Str(data_key="category", load_default="", validate=validate.Length(max=64))
    status = fields.Enum(DisclosureStatus, by_value=True, load_default=None)
    year = fields.Int(load_default=None, validate=validate.Range(min=1990, max=2100))
    query = fields.Str(data_key="q", load_default="", validate=validate.Length(max=100))
    after_id = fields.Int(data_key="after", load_default=None, validate=validate.Range(min=1))
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


@query_list(blp, "", DisclosureQuerySchema, page_schema("DisclosurePageSchema", DisclosureSchema))
def list_disclosures(arguments):
    """Public disclosures, newest first. Drafts and staff-only disclosures are never listed."""
    code, limit = arguments.pop("unit"), arguments.pop("limit")
    unit = found_or_404(get_unit_by_code, code) if code else None
    if arguments["status"] == DisclosureStatus.draft:
        abort(422, message="drafts are not public")
    return page(lists.list_public(lists.Listing(unit=unit, **arguments), limit=limit))


@blp.route("/<int:disclosure_id>")
@blp.response(200, DisclosureDetailSchema)
def get_disclosure(disclosure_id):
    """One public disclosure with every version and attachment and their SHA-256."""
    disclosure = found_or_404(services.get_disclosure, disclosure_id)
    if not services.may_read(None, disclosure, utcnow()):
        abort(404, message="not public")
    return disclosure


class DisclosureInputSchema(Schema):
    """Named as services.DraftData names them, the body's short names as data keys."""

    unit_code = fields.Str(data_key="unit", required=True, validate=validate.Length(max=32),
                           metadata={"description": "the unit's code"})
    category_code = fields.Str(data_key="category", required=True, validate=validate.Length(max=64))
    title = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    body_markdown = fields.Str(required=True, validate=validate.Length(min=1, max=services.MAX_BODY))
    document_number = fields.Str(load_default="", validate=validate.Length(max=100))
    document_date = fields.Date(load_default=None)
    decided_on = fields.Date(load_default=None)
    posting_start = fields.Date(required=True, metadata={"description": "the first day of posting"})
    posting_days = fields.Int(load_default=None, validate=validate.Range(min=1, max=3650))
    posting_places = fields.List(
        fields.Str(validate=validate.Length(max=services.MAX_PLACE)),
        load_default=list,
        validate=validate.Length(max=services.MAX_PLACES),
    )


@blp.route("", methods=["POST"])
@blp.arguments(DisclosureInputSchema)
@blp.response(201, DisclosureDetailSchema)
@blp.doc(security=[{"unitToken": []}])
def create_disclosure(data):
    """Post a draft from a unit's document-management system, with the unit's token as a Bearer token.

    The draft follows the rules of the web form and waits for the unit head's approval."""
    secret = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    token = token_for(secret)
    if token is None:
        abort(401, message="a valid unit API token is required")
    start = max(start_of_local_day(data.pop("posting_start")), utcnow())
    draft = services.DraftData(posting_start=start, **data)
    try:
        disclosure = services.create_draft(token, draft)
    except NotAllowed as error:
        abort(403, message=str(error))
    except InvalidInput as error:
        abort(422, message=str(error))
    db.session.commit()
    return disclosure
