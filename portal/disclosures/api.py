"""GET /api/v1/disclosures: the public disclosures as JSON, filtered like the pages, keyset-paged."""

from flask import current_app, request, url_for
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.core.errors import DomainError, InvalidInput, NotAllowed
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
    url = fields.Method("_url")

    def _url(self, attachment):
        return current_app.config["PORTAL_BASE_URL"] + url_for(
            "disclosures.attachment", disclosure_id=attachment.disclosure_id, attachment_id=attachment.id
        )


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
    unit = fields.Function(lambda d: {"id": d.unit.id, "code": d.unit.code, "name": d.unit.name})
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
    url = fields.Function(
        lambda d: current_app.config["PORTAL_BASE_URL"] + url_for("disclosures.show", disclosure_id=d.id)
    )


class DisclosureDetailSchema(DisclosureSchema):
    versions = fields.List(fields.Nested(VersionSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))


class DisclosurePageSchema(Schema):
    items = fields.List(fields.Nested(DisclosureSchema))
    next_after = fields.Int(allow_none=True, metadata={"description": "pass as `after` for the next page"})


class DisclosureQuerySchema(Schema):
    unit = fields.Str(load_default="", validate=validate.Length(max=32))
    category = fields.Str(load_default="", validate=validate.Length(max=64))
    status = fields.Enum(DisclosureStatus, by_value=True, load_default=None)
    year = fields.Int(load_default=None, validate=validate.Range(min=1990, max=2100))
    q = fields.Str(load_default="", validate=validate.Length(max=100))
    after = fields.Int(load_default=None, validate=validate.Range(min=1))
    limit = fields.Int(load_default=20, validate=validate.Range(min=1, max=100))


@blp.route("")
@blp.arguments(DisclosureQuerySchema, location="query")
@blp.response(200, DisclosurePageSchema)
def list_disclosures(arguments):
    """Public disclosures, newest first. Drafts and staff-only disclosures are never listed."""
    try:
        unit = get_unit_by_code(arguments["unit"]) if arguments["unit"] else None
    except DomainError as error:
        abort(404, message=str(error))
    if arguments["status"] == DisclosureStatus.draft:
        abort(422, message="drafts are not public")
    # Keyword by keyword from the arguments, like the draft below by chance: a query, not a disclosure.
    listing = lists.Listing(
        unit=unit,
        category_code=arguments["category"],
        status=arguments["status"],
        year=arguments["year"],
        query=arguments["q"],
        after_id=arguments["after"],
    )
    items, next_after = lists.list_public(listing, limit=arguments["limit"])
    return {"items": items, "next_after": next_after}


@blp.route("/<int:disclosure_id>")
@blp.response(200, DisclosureDetailSchema)
def get_disclosure(disclosure_id):
    """One public disclosure with every version and attachment and their SHA-256."""
    try:
        disclosure = services.get_disclosure(disclosure_id)
    except DomainError as error:
        abort(404, message=str(error))
    if not services.may_read(None, disclosure, utcnow()):
        abort(404, message="not public")
    return disclosure


class DisclosureInputSchema(Schema):
    unit = fields.Str(required=True, validate=validate.Length(max=32), metadata={"description": "the unit's code"})
    category = fields.Str(required=True, validate=validate.Length(max=64))
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
    start = max(start_of_local_day(data["posting_start"]), utcnow())
    draft = services.DraftData(
        unit_code=data["unit"],
        category_code=data["category"],
        title=data["title"],
        body_markdown=data["body_markdown"],
        posting_start=start,
        document_number=data["document_number"],
        document_date=data["document_date"],
        decided_on=data["decided_on"],
        posting_days=data["posting_days"],
        posting_places=data["posting_places"],
    )
    try:
        disclosure = services.create_draft(token, draft)
    except NotAllowed as error:
        abort(403, message=str(error))
    except InvalidInput as error:
        abort(422, message=str(error))
    db.session.commit()
    return disclosure
