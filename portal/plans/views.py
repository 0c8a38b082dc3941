"""Public pages of plans: per unit its published plans; per plan its task tree, progress, updates and reports."""

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from portal.accounts.access import has_role
from portal.accounts.models import Role
from portal.core.timeutil import local_date, utcnow
from portal.plans import services
from portal.units.services import get_unit_by_code

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", ""))
    may_see_drafts = has_role(current_user, unit, (Role.handler, Role.unit_head, Role.unit_admin))
    plans = services.plans_of(unit, published_only=not may_see_drafts)
    return render_template("plans/index.html", unit=unit, plans=plans)


@bp.get("/<int:plan_id>")
def show(plan_id: int):
    plan = services.get_plan(plan_id, current_user)
    today = local_date(utcnow())
    return render_template("plans/show.html", plan=plan, view=services.plan_view(plan, today), today=today)


@bp.get("/<int:plan_id>/tasks.csv")
def tasks_csv(plan_id: int):
    plan = services.get_plan(plan_id, current_user)
    return Response(
        services.tasks_csv(plan, local_date(utcnow())),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=plan-{plan.id}-tasks.csv"},
    )
