"""GET /api/v1/plans?unit=CODE and /api/v1/plans/<id>: published plans, their tasks with status and progress, and
their reports with whether they came on time. Statuses are those of today's local date."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from portal.core.api import link, unit_field, unit_list, unit_ref
from portal.core.responses import found_or_404
from portal.core.timeutil import local_date, utcnow
from portal.plans import services
from portal.plans.queue import load_plans, maker_of
from portal.units.services import get_unit_by_code

blp = Blueprint("plans_api", __name__, url_prefix="/api/v1/plans", description="Published plans and their tasks")


def _today():
    return local_date(utcnow())


class EvidenceSchema(Schema):
    filename = fields.Str()
    content_type = fields.Str()
    size = fields.Int(metadata={"description": "bytes"})
    url = link("plans.evidence_file", file_id="id")


class UpdateSchema(Schema):
    id = fields.Int()
    reported_on = fields.Date()
    text = fields.Str()
    percent = fields.Int(allow_none=True)
    is_done = fields.Bool()
    files = fields.List(fields.Nested(EvidenceSchema), metadata={"description": "evidence attached to the update"})


class TaskSchema(Schema):
    id = fields.Int()
    parent_id = fields.Int(allow_none=True)
    number = fields.Str(metadata={"description": "as written in the document: II., 1., a), -"})
    text = fields.Str()
    lead_text = fields.Str(metadata={"description": "the lead body as written"})
    lead_unit = unit_field("lead_unit")
    cooperating_text = fields.List(fields.Str())
    cooperating_units = fields.Function(lambda task: [unit_ref(unit) for unit in task.cooperating_units])
    timeframe_text = fields.Str()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    status = fields.Function(
        lambda task: task.status_on(_today()).value,
        metadata={"description": "not_started, in_progress, done or overdue; a heading's follows its sub-tasks"},
    )
    progress = fields.Int(metadata={"description": "percent, 0 to 100; a heading's is the mean of its sub-tasks'"})
    updates = fields.List(fields.Nested(UpdateSchema))


class ReportSchema(Schema):
    id = fields.Int()
    recurrence_text = fields.Function(
        lambda report: report.duty.recurrence_text, metadata={"description": "the recurrence as the plan writes it"}
    )
    kind = fields.Function(lambda report: report.duty.kind, metadata={"description": "six_month, annual or other"})
    maker_unit = fields.Function(
        lambda report: unit_ref(maker_of(report)),
        metadata={"description": "the unit that must make the report: the one the plan names, else the plan's own"},
    )
    maker_text = fields.Function(lambda report: report.duty.maker_text)
    recipient_text = fields.Function(lambda report: report.duty.recipient_text)
    due_on = fields.Date()
    submitted_on = fields.Date(allow_none=True)
    disclosure_id = fields.Function(
        lambda report: report.disclosure_id if report.disclosure and report.disclosure.approved_at else None,
        metadata={"description": "the disclosure that publishes the report, once approved"},
    )
    status = fields.Function(
        lambda report: report.status_on(_today()).value,
        metadata={"description": "upcoming, on_time, late or missing"},
    )


class PlanSchema(Schema):
    id = fields.Int()
    unit = unit_field()
    number = fields.Str()
    issued_on = fields.Date(allow_none=True)
    issuer_text = fields.Str()
    title = fields.Str()
    starts_on = fields.Date()
    ends_on = fields.Date()
    published_at = fields.DateTime()
    disclosure_id = fields.Int(allow_none=True)
    url = link("plans.show", plan_id="id")


class PlanDetailSchema(PlanSchema):
    legal_bases = fields.List(fields.Str())
    tasks = fields.List(fields.Nested(TaskSchema))
    reports = fields.List(fields.Nested(ReportSchema))


@unit_list(blp, "", PlanSchema, get_unit_by_code)
def list_plans(unit):
    """The published plans of a unit, newest period first."""
    return services.plans_of(unit)


@blp.route("/<int:plan_id>")
@blp.response(200, PlanDetailSchema)
def get_plan(plan_id):
    """One published plan with its tasks (in document order, `parent_id` giving the tree) and its reports."""
    plan = found_or_404(services.get_plan, plan_id, None)
    load_plans({plan.id})
    return plan
