"""GET /api/v1/disclosures: the public disclosures as JSON, filtered like the pages, keyset-paged."""

from flask import current_app, url_for
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.core.errors import DomainError
from portal.core.timeutil import utcnow
from portal.disclosures import services
from portal.disclosures.models import DisclosureStatus
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
    content_sha256 = fields.Str()
    is_period_restarted = fields.Bool()
    body_html = fields.Str()


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
    posting_end = fields.DateTime(allow_none=True, metadata={"description": "null for a permanent posting"})
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
    listing = services.Listing(
        unit=unit,
        category_code=arguments["category"],
        status=arguments["status"],
        year=arguments["year"],
        query=arguments["q"],
        after_id=arguments["after"],
    )
    items, next_after = services.list_public(listing, limit=arguments["limit"])
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
