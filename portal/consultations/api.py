"""GET /api/v1/consultations?unit=CODE, GET /api/v1/consultations/<id> and POST /api/v1/consultations/<id>/comments:
published consultations, their parts with comment counts, the published (masked) comments and the synthesis.
No personal data: a commenter's name shows only when they chose it, an email never."""

from flask import current_app, request
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.consultations import services, synthesis
from portal.core.api import link, unit_field, unit_list
from portal.core.errors import DomainError, InvalidFields
from portal.core.responses import found_or_404
from portal.core.timeutil import utcnow
from portal.extensions import db, limiter
from portal.units.services import get_unit_by_code

blp = Blueprint("consultations_api", __name__, url_prefix="/api/v1/consultations",
                description="Consultations on drafts (Law 10/2022 Art. 25-28), their comments and synthesis")


class ConsultationSchema(Schema):
    id = fields.Int()
    unit = unit_field()
    matter = fields.Function(lambda c: c.matter.value, metadata={"description": "the matter of Art. 25"})
    legal_basis = fields.Function(lambda c: c.matter.legal_basis)
    title = fields.Str()
    summary = fields.Str()
    status = fields.Function(lambda c: c.status_at(utcnow()).value,
                             metadata={"description": "open, synthesis (period over) or closed"})
    channels = fields.List(fields.Str())
    areas = fields.Function(lambda c: [{"code": unit.code, "name": unit.name} for unit in c.areas],
                            metadata={"description": "villages consulted; empty means the whole commune"})
    published_at = fields.DateTime()
    ends_on = fields.Date(metadata={"description": "last day comments are taken, local time (Asia/Ho_Chi_Minh)"})
    closed_at = fields.DateTime(allow_none=True)
    disclosure_id = fields.Int(allow_none=True)
    url = link("consultations.show", consultation_id="id")


class PartSchema(Schema):
    id = fields.Int()
    version = fields.Int(metadata={"description": "1 is the draft consulted on, 2 the revised draft"})
    kind = fields.Str(metadata={"description": "preamble, chapter, article, section or item"})
    number = fields.Str(metadata={"description": "as written: Chương I, Điều 3., II., 1."})
    heading = fields.Str()
    text = fields.Str()


class CommentSchema(Schema):
    id = fields.Int()
    part_id = fields.Int(allow_none=True)
    text = fields.Str(attribute="shown_text", metadata={"description": "personal data masked"})
    author = fields.Function(services.shown_author, metadata={"description": "only when the commenter chose"})
    channel = fields.Function(lambda comment: comment.channel.value)
    received_on = fields.Date()
    group_id = fields.Int(allow_none=True)


class GroupSchema(Schema):
    id = fields.Int()
    title = fields.Str()
    disposition = fields.Function(lambda group: group.disposition.value if group.disposition else None,
                                  metadata={"description": "accepted, partly_accepted or not_accepted"})
    answer = fields.Str()


class ConsultationDetailSchema(ConsultationSchema):
    parts = fields.List(fields.Nested(PartSchema))
    comment_counts = fields.Function(
        lambda c: {"whole" if key is None else str(key): count for key, count in services.counts_by_part(c).items()},
        metadata={"description": "published comments per part id; `whole` for the draft as a whole"})
    comments = fields.Function(lambda c: CommentSchema(many=True).dump(services.public_comments(c)))
    synthesis = fields.Function(lambda c: {
        "introduction": c.synthesis_text, "groups": GroupSchema(many=True).dump(c.groups),
        "took_days": synthesis.synthesis_took(c).days if synthesis.synthesis_took(c) is not None else None,
    } if c.closed_at else None)


class NewCommentSchema(Schema):
    text = fields.Str(required=True, validate=validate.Length(max=services.MAX_COMMENT * 2))
    part_id = fields.Int(allow_none=True, load_default=None)
    author_name = fields.Str(load_default="", validate=validate.Length(max=1000))
    village = fields.Str(load_default="", validate=validate.Length(max=1000))
    is_named = fields.Bool(load_default=False)
    email = fields.Str(load_default="", validate=validate.Length(max=1000))
    language = fields.Str(load_default="vi", validate=validate.OneOf(["vi", "en"]))


class ReceivedSchema(Schema):
    id = fields.Int()
    moderation = fields.Function(lambda comment: comment.moderation.value,
                                 metadata={"description": "pending: shown once checked"})


def _published(consultation_id: int):
    return found_or_404(services.get_consultation, consultation_id, None)


# Shaped like the other features' unit list and detail endpoints: what they do alike is core.api.unit_list and
# core.responses.found_or_404; what stays is each one's own paths, schemas and service calls.
@unit_list(blp, "", ConsultationSchema, get_unit_by_code)
def list_consultations(unit):
    """The published consultations of a unit, newest first."""
    return services.consultations_of(unit)


@blp.route("/<int:consultation_id>")
@blp.response(200, ConsultationDetailSchema)
def get_consultation(consultation_id):
    """One consultation with its parts, comment counts, published comments and, once closed, its synthesis."""
    return _published(consultation_id)


@blp.route("/<int:consultation_id>/comments", methods=["POST"])
@limiter.limit(lambda: current_app.config["PORTAL_SUBMIT_LIMIT"])
@blp.arguments(NewCommentSchema)
@blp.response(201, ReceivedSchema)
def post_comment(arguments, consultation_id):
    """A resident's comment while the consultation is open; it is shown after moderation. Limited per connection
    like case submission; the same text twice, or a flood, is refused with the reason."""
    consultation = _published(consultation_id)
    try:
        comment = services.submit_comment(consultation, services.NewComment(**arguments),
                                          sender=services.sender_key(request.remote_addr))
    except InvalidFields as error:
        abort(422, message=str(error), errors={each.field or "_": [str(each)] for each in error.errors})
    except DomainError as error:
        abort(422, message=str(error))
    db.session.commit()
    return comment
