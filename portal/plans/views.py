"""Plans' pages: per unit its published plans; per plan its task tree, progress, updates and reports; the form
where the responsible body's officials post dated progress with evidence; their tasks across plans, the reports
they must make, the unit head's overview, spreadsheets and the Atom feed."""

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from portal.accounts.access import has_role
from portal.accounts.models import Role
from portal.core import files
from portal.core.i18n import _
from portal.core.pages import atom_feed, form_page, form_route, route_follow_links
from portal.core.responses import spreadsheet_download
from portal.core.timeutil import local_date, utcnow
from portal.plans import evidence, exports, follows, queue, reports, services
from portal.plans.feed import feed_items
from portal.plans.forms import (
    FollowConfirmForm,
    FollowPlanForm,
    ProgressForm,
    ReportForm,
    SubtaskForm,
    TaskFilterForm,
)
from portal.plans.models import TaskStatus
from portal.units.services import get_unit_by_code

bp = Blueprint("plans", __name__, url_prefix="/plans")
FOLLOW_LIMIT = "5 per minute; 30 per hour"


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", ""))
    may_see_drafts = has_role(current_user, unit, (Role.handler, Role.unit_head, Role.unit_admin))
    plans = services.plans_of(unit, published_only=not may_see_drafts)
    return render_template("plans/index.html", unit=unit, plans=plans, may_draft=may_see_drafts)


@bp.get("/<int:plan_id>")
def show(plan_id: int):
    plan = services.get_plan(plan_id, current_user)
    queue.load_plans({plan.id})
    today = local_date(utcnow())
    reportable = (
        {task.id for task in plan.tasks if services.may_report_on(current_user, task)}
        if (current_user.is_authenticated)
        else set()
    )
    return render_template(
        "plans/show.html", plan=plan, view=services.plan_view(plan, today), today=today, reportable=reportable,
        follow_form=FollowPlanForm(),
    )


@form_route(bp, "/tasks/<int:task_id>/progress")
def progress(task_id: int):
    task = services.get_task(task_id)
    services.check_may_report_on(current_user, task)
    form = ProgressForm()

    return form_page(
        form,
        lambda: services.post_task_update(
            task,
            services.NewUpdate(
                form.reported_on.data, form.text.data, form.percent.data, form.is_done.data, tuple(form.files.uploads())
            ),
            current_user,
        ),
        template="plans/progress.html", task=task, message=_("The progress is published."),
        to=url_for("plans.show", plan_id=task.plan_id, _anchor=f"task-{task.id}"),
    )


# Doing the plan once it is published: my tasks, a task's page and its division, evidence, reports, the unit
# head's overview, spreadsheets and the Atom feed.


def _today():
    return local_date(utcnow())


@bp.get("/mine")
@login_required
def mine():
    """The tasks and reports of the bodies the official works in, across all plans, oldest deadline first."""
    units = queue.my_units(current_user)
    unit_ids = [unit.id for unit in units]
    form = TaskFilterForm(request.args)
    plans = queue.plans_with_tasks_of(unit_ids)
    form.plan.choices = [("", _("All plans")), *((str(plan.id), plan.title) for plan in plans)]
    status = TaskStatus(form.status.data) if form.validate() and form.status.data else None
    plan_id = next((plan.id for plan in plans if str(plan.id) == form.plan.data), None)
    today = _today()
    return render_template(
        "plans/mine.html",
        form=form,
        units=units,
        heads={unit.id for unit in units if has_role(current_user, unit, (Role.unit_head,))},
        lines=queue.tasks_of_units(unit_ids, today, status=status, plan_id=plan_id),
        reports=queue.reports_to_make(unit_ids, today),
        today=today,
    )


@bp.get("/tasks/<int:task_id>")
def task(task_id: int):
    task = services.get_task(task_id)
    services.get_plan(task.plan_id, current_user)
    may_report = current_user.is_authenticated and services.may_report_on(current_user, task)
    return render_template("plans/task.html", task=task, today=_today(), may_report=may_report)


@form_route(bp, "/tasks/<int:task_id>/divide")
def divide(task_id: int):
    """Hand part of a task to another body: a district's task to each of its communes."""
    task = services.get_task(task_id)
    services.check_may_report_on(current_user, task)
    bodies = services.subtask_bodies(task)
    form = SubtaskForm()
    form.lead_unit.choices = [("", _("Choose a body")), *((str(unit.id), unit.name) for unit in bodies)]
    by_id = {str(unit.id): unit for unit in bodies}

    return form_page(
        form,
        lambda: services.add_subtask(task, form.text.data, by_id[form.lead_unit.data], current_user),
        template="plans/divide.html", task=task,
        message=lambda subtask: _("The part of the task is handed to %(body)s.", body=subtask.lead_unit.name),
        to=url_for("plans.task", task_id=task.id),
    )


@bp.get("/files/<int:file_id>")
def evidence_file(file_id: int):
    found = evidence.published_file(file_id)
    if found is None:
        abort(404)
    return files.download(found.sha256, found.content_type, found.filename)


@form_route(bp, "/reports/<int:report_id>")
def report(report_id: int):
    """The report drafted from the period's progress, for the body that must make it to edit and submit."""
    report = reports.get_report(report_id)
    if report.submitted_on is None:
        services.check_may_submit(current_user, report)
    form = ReportForm()
    if request.method == "GET" and report.submitted_on is None:
        form.title.data = reports.default_title(report)
        form.body.data = reports.draft_report(report, _today())

    def said(made) -> str:
        if made.disclosure.approved_at is None:
            return _("The report is submitted. It is published as a disclosure once the head of the unit approves it.")
        return _("The report is submitted and published.")

    return form_page(
        form,
        lambda: reports.make_report(report, form.title.data, form.body.data, current_user),
        template="plans/report.html", report=report, status=report.status_on(_today()),
        period=reports.period_of(report), message=said,
        to=lambda made: url_for("plans.show", plan_id=made.duty.plan_id, _anchor="reports"),
    )


@bp.get("/overview")
@login_required
def overview():
    """A unit head's view of every plan of the unit and the units below it, overdue work first."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    queue.check_may_see_overview(current_user, unit)
    return render_template(
        "plans/overview.html", unit=unit, summaries=queue.overview(unit, _today()), statuses=list(TaskStatus)
    )


def _spreadsheet(rows: list[list], name: str, kind: str, title: str) -> Response:
    body = exports.to_csv(rows) if kind == "csv" else exports.to_xlsx(rows, title)
    return spreadsheet_download(kind, body, name)


@bp.get("/<int:plan_id>/tasks.<any(csv, xlsx):kind>")
def plan_tasks(plan_id: int, kind: str):
    plan = services.get_plan(plan_id, current_user)
    return _spreadsheet(exports.plan_rows(plan, _today()), f"plan-{plan.id}-tasks", kind, plan.number or plan.title)


@bp.get("/tasks.<any(csv, xlsx):kind>")
def unit_tasks(kind: str):
    """A unit's task list across the published plans: the tasks it leads or shares."""
    unit = get_unit_by_code(request.args.get("unit", ""))
    lines = queue.tasks_of_units([unit.id], _today())
    return _spreadsheet(exports.line_rows(lines), f"{unit.code}-tasks", kind, unit.name)


@bp.get("/feed.atom")
def feed():
    unit = get_unit_by_code(request.args.get("unit", ""))
    return atom_feed("plans/feed.xml", "plans.feed", {"unit": unit.code}, unit=unit, items=feed_items(unit))


# Following a published plan by email, without an account: ask, confirm by the mailed link, stop from any mail.


@form_route(bp, "/<int:plan_id>/follow", signed_in=False, limit=FOLLOW_LIMIT)
def follow(plan_id: int):
    """A citizen asks for an email whenever the plan gets a progress update or a published report."""
    plan = services.get_plan(plan_id, current_user)
    form = FollowPlanForm()

    def request_following():
        if not form.website.data:
            follows.request_follow(form.email.data, plan, language=str(get_locale()))

    return form_page(form, request_following, template="plans/follow.html", plan=plan, message=None,
                     to=url_for("plans.follow_sent", plan_id=plan.id))


@bp.get("/<int:plan_id>/follow/sent")
def follow_sent(plan_id: int):
    return render_template("plans/follow_sent.html", plan=services.get_plan(plan_id, current_user))


route_follow_links(
    bp, follows, form=FollowConfirmForm, folder="plans",
    confirmed=lambda followed: _("Thank you: you will receive an email when the plan %(title)s makes progress.",
                                 title=followed.plan.title),
    stopped=lambda followed: _("You will receive no more emails about the plan %(title)s.", title=followed.plan.title),
    to=lambda followed: url_for("plans.show", plan_id=followed.plan_id),
)
