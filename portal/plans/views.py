"""Plans' pages: per unit its published plans; per plan its task tree, progress, updates and reports; and the form
where the responsible body's officials post dated progress."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.accounts.access import has_role
from portal.accounts.models import Role
from portal.core.errors import NotAllowed
from portal.core.forms import form_view, handle_form
from portal.core.i18n import _
from portal.core.timeutil import local_date, utcnow
from portal.plans import services
from portal.plans.forms import ProgressForm
from portal.units.services import get_unit_by_code

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", ""))
    may_see_drafts = has_role(current_user, unit, (Role.handler, Role.unit_head, Role.unit_admin))
    plans = services.plans_of(unit, published_only=not may_see_drafts)
    return render_template("plans/index.html", unit=unit, plans=plans, may_draft=may_see_drafts)


@bp.get("/<int:plan_id>")
def show(plan_id: int):
    plan = services.get_plan(plan_id, current_user)
    today = local_date(utcnow())
    reportable = (
        {task.id for task in plan.tasks if services.may_report_on(current_user, task)}
        if (current_user.is_authenticated)
        else set()
    )
    return render_template(
        "plans/show.html", plan=plan, view=services.plan_view(plan, today), today=today, reportable=reportable
    )


@bp.get("/<int:plan_id>/tasks.csv")
def tasks_csv(plan_id: int):
    plan = services.get_plan(plan_id, current_user)
    return Response(
        services.tasks_csv(plan, local_date(utcnow())),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=plan-{plan.id}-tasks.csv"},
    )


@bp.route("/tasks/<int:task_id>/progress", methods=["GET", "POST"])
@form_view
@login_required
def progress(task_id: int):
    task = services.get_task(task_id)
    if not services.may_report_on(current_user, task):
        raise NotAllowed(_("Only officials of the body responsible for this task may report its progress."))
    form = ProgressForm()

    def done(_result):
        flash(_("The progress is published."), "success")
        return redirect(url_for("plans.show", plan_id=task.plan_id, _anchor=f"task-{task.id}"))

    return handle_form(
        form,
        lambda: services.post_task_update(
            task, services.NewUpdate(form.reported_on.data, form.text.data, form.percent.data, form.is_done.data),
            current_user,
        ),
        page=lambda status: render_template("plans/progress.html", task=task, form=form),
        done=done,
    )
