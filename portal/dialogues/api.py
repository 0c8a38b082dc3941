"""GET /api/v1/dialogues?unit=CODE, /api/v1/dialogues/<id> and /api/v1/commitments?unit=CODE&status=overdue.

Only what the public pages show: questions once moderated, in their masked words; never an asker's name or email,
never who moderated. Statuses are those of today's local date."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from portal.core.api import UnitQuerySchema, link, unit_field, unit_list
from portal.core.responses import found_or_404
from portal.core.timeutil import local_today
from portal.dialogues import commitments, services
from portal.dialogues.models import CommitmentStatus, DialogueKind
from portal.units.services import get_unit_by_code

blp = Blueprint("dialogues_api", __name__, url_prefix="/api/v1",
                description="Dialogues with the people, their questions, minutes and commitments")


# These schemas are alike in shape only to other features' (cases, plans): each declares the fields of its own JSON.
class CommitmentUpdateSchema(Schema):
    reported_on = fields.Date()
    text = fields.Str()
    outcome = fields.Str(metadata={"description": "progress, done or dropped"})


class CommitmentSchema(Schema):
    id = fields.Int()
    session_id = fields.Int()
    text = fields.Str()
    responsible_unit = unit_field("responsible_unit")
    due_on = fields.Date()
    status = fields.Function(lambda commitment: commitment.status_on(local_today()).value,
                             metadata={"description": "open, in_progress, overdue, done or dropped"})
    days_overdue = fields.Function(lambda commitment: commitment.days_overdue(local_today()))
    done_on = fields.Date(allow_none=True)
    dropped_on = fields.Date(allow_none=True)
    closing_reason = fields.Str()
    updates = fields.List(fields.Nested(CommitmentUpdateSchema))
    url = link("commitments.show", commitment_id="id")


class DialogueQuestionSchema(Schema):
    id = fields.Int()
    source = fields.Function(lambda question: question.source.value, metadata={"description": "advance or in_room"})
    text = fields.Str(attribute="public_text", metadata={"description": "masked for personal data"})
    answer = fields.Str()


class DialogueSchema(Schema):
    id = fields.Int()
    unit = unit_field()
    kind = fields.Function(lambda session: session.kind.value,
                           metadata={"description": ", ".join(kind.value for kind in DialogueKind)})
    title = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    place = fields.Str()
    chair = fields.Str()
    disclosure_id = fields.Int(allow_none=True)
    has_minutes = fields.Function(lambda session: session.minutes_published_at is not None)
    url = link("dialogues.show", session_id="id")


class DialogueDetailSchema(DialogueSchema):
    bodies = fields.Str()
    agenda = fields.Str()
    attendance = fields.Int(allow_none=True)
    attending_bodies = fields.Str()
    minutes = fields.Str(attribute="minutes_text")
    minutes_published_at = fields.DateTime(allow_none=True)
    questions = fields.Function(lambda session: DialogueQuestionSchema(many=True).dump(session.approved_questions))
    commitments = fields.List(fields.Nested(CommitmentSchema))


class CommitmentQuerySchema(UnitQuerySchema):
    status = fields.Str(validate=validate.OneOf([status.value for status in CommitmentStatus]))


# Shaped like the other features' unit list and detail endpoints: what they do alike is core.api.unit_list and
# core.responses.found_or_404; what stays is each one's own paths, schemas and service calls.
@unit_list(blp, "/dialogues", DialogueSchema, get_unit_by_code)
def list_dialogues(unit):
    """The dialogue sessions of a unit, the latest first."""
    return services.sessions_of(unit)


@blp.route("/dialogues/<int:session_id>")
@blp.response(200, DialogueDetailSchema)
def get_dialogue(session_id):
    """One session with its shown questions and their answers, its minutes and its commitments."""
    return found_or_404(services.get_session, session_id)


@unit_list(blp, "/commitments", CommitmentSchema, get_unit_by_code, CommitmentQuerySchema)
def list_commitments(unit, status=""):
    """The commitments made at a unit's sessions or owed by it, oldest due date first, optionally of one status."""
    return commitments.commitments_of(unit, local_today(), status=CommitmentStatus(status) if status else None)
