"""GET /api/v1/dialogues?unit=CODE, /api/v1/dialogues/<id> and /api/v1/commitments?unit=CODE&status=overdue.

Only what the public pages show: questions once moderated, in their masked words; never an asker's name or email,
never who moderated. Statuses are those of today's local date."""

from flask import current_app, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from portal.core.responses import found_or_404
from portal.core.timeutil import local_date, utcnow
from portal.dialogues import commitments, services
from portal.dialogues.models import CommitmentStatus, DialogueKind
from portal.units.services import get_unit_by_code

blp = Blueprint("dialogues_api", __name__, url_prefix="/api/v1",
                description="Dialogues with the people, their questions, minutes and commitments")


def _today():
    return local_date(utcnow())


def _unit(unit):
    return {"id": unit.id, "code": unit.code, "name": unit.name}


class CommitmentUpdateSchema(Schema):
    reported_on = fields.Date()
    text = fields.Str()
    outcome = fields.Str(metadata={"description": "progress, done or dropped"})


class CommitmentSchema(Schema):
    id = fields.Int()
    session_id = fields.Int()
    text = fields.Str()
    responsible_unit = fields.Function(lambda commitment: _unit(commitment.responsible_unit))
    due_on = fields.Date()
    status = fields.Function(lambda commitment: commitment.status_on(_today()).value,
                             metadata={"description": "open, in_progress, overdue, done or dropped"})
    days_overdue = fields.Function(lambda commitment: commitment.days_overdue(_today()))
    done_on = fields.Date(allow_none=True)
    dropped_on = fields.Date(allow_none=True)
    closing_reason = fields.Str()
    updates = fields.List(fields.Nested(CommitmentUpdateSchema))
    url = fields.Function(lambda commitment: current_app.config["PORTAL_BASE_URL"]
                          + url_for("commitments.show", commitment_id=commitment.id))


class DialogueQuestionSchema(Schema):
    id = fields.Int()
    source = fields.Function(lambda question: question.source.value, metadata={"description": "advance or in_room"})
    text = fields.Str(attribute="public_text", metadata={"description": "masked for personal data"})
    answer = fields.Str()


class DialogueSchema(Schema):
    id = fields.Int()
    unit = fields.Function(lambda session: _unit(session.unit))
    kind = fields.Function(lambda session: session.kind.value,
                           metadata={"description": ", ".join(kind.value for kind in DialogueKind)})
    title = fields.Str()
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    place = fields.Str()
    chair = fields.Str()
    disclosure_id = fields.Int(allow_none=True)
    has_minutes = fields.Function(lambda session: session.minutes_published_at is not None)
    url = fields.Function(lambda session: current_app.config["PORTAL_BASE_URL"]
                          + url_for("dialogues.show", session_id=session.id))


class DialogueDetailSchema(DialogueSchema):
    bodies = fields.Str()
    agenda = fields.Str()
    attendance = fields.Int(allow_none=True)
    attending_bodies = fields.Str()
    minutes = fields.Str(attribute="minutes_text")
    minutes_published_at = fields.DateTime(allow_none=True)
    questions = fields.Function(lambda session: DialogueQuestionSchema(many=True).dump(session.approved_questions))
    commitments = fields.List(fields.Nested(CommitmentSchema))


class DialogueQuerySchema(Schema):
    unit = fields.Str(required=True, validate=validate.Length(min=1, max=32))


class CommitmentQuerySchema(DialogueQuerySchema):
    status = fields.Str(validate=validate.OneOf([status.value for status in CommitmentStatus]))


@blp.route("/dialogues")
@blp.arguments(DialogueQuerySchema, location="query")
@blp.response(200, DialogueSchema(many=True))
def list_dialogues(arguments):
    """The dialogue sessions of a unit, the latest first."""
    return services.sessions_of(found_or_404(get_unit_by_code, arguments["unit"]))


@blp.route("/dialogues/<int:session_id>")
@blp.response(200, DialogueDetailSchema)
def get_dialogue(session_id):
    """One session with its shown questions and their answers, its minutes and its commitments."""
    return found_or_404(services.get_session, session_id)


@blp.route("/commitments")
@blp.arguments(CommitmentQuerySchema, location="query")
@blp.response(200, CommitmentSchema(many=True))
def list_commitments(arguments):
    """The commitments made at a unit's sessions or owed by it, oldest due date first, optionally of one status."""
    unit = found_or_404(get_unit_by_code, arguments["unit"])
    status = CommitmentStatus(arguments["status"]) if arguments.get("status") else None
    return commitments.commitments_of(unit, _today(), status=status)
