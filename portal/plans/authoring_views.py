"""Pages of bringing a plan in: the document sent, the review where officials correct what the reader found, and
the head's return, approval and publication. Each change is a small form page or a button, without JavaScript."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from portal.core.errors import NotAllowed, NotFound
from portal.core.forms import handle_form
from portal.core.i18n import _, _l
from portal.core.pages import flash_and_go, form_page, form_route, route_table
from portal.disclosures.lists import active_categories
from portal.disclosures.models import Audience
from portal.plans import authoring
from portal.plans.authoring_forms import (
    BodyForm,
    ConfirmForm,
    DutyForm,
    HeaderForm,
    NewPlanForm,
    PublishForm,
    ReturnForm,
    TaskForm,
    UnreadForm,
    unit_choices,
)
from portal.plans.models import PlanTask, ReportDuty
from portal.plans.services import BodyMatcher
from portal.units.services import get_unit_by_code

bp = Blueprint("plan_authoring", __name__, url_prefix="/plans")
DEFAULT_CATEGORY = "khac"


@form_route(bp, "/new")
def new():
    unit = get_unit_by_code(request.args.get("unit", ""))
    authoring.check_may_draft(current_user, unit)
    form = NewPlanForm()

    def bring_in():
        uploads = form.document.uploads()
        upload = uploads[0] if uploads else None
        return authoring.bring_in_plan(current_user, unit, upload.filename if upload else "",
                                       upload.data if upload else None, form.text.data or "")

    return form_page(form, bring_in, template="plans/new.html", unit=unit,
                     message=_("The plan was read. Check what was found, correct it, and send it for approval."),
                     to=_review_url)


def _review_page(plan, **forms):
    matcher = BodyMatcher(plan.unit)
    unmatched = {task.id: authoring.unmatched_cooperating(task, matcher) for task in plan.tasks}
    publish_form = forms.pop("publish_form", None) or PublishForm(category=DEFAULT_CATEGORY)
    _category_choices(publish_form)
    return render_template(
        "plans/review.html",
        plan=plan,
        unmatched=unmatched,
        unmatched_names=authoring.unmatched_names(plan),
        may_create_bodies=_may(authoring.check_may_create_body, plan),
        may_decide=_may(authoring.check_may_decide, plan),
        action_form=forms.pop("action_form", None) or ConfirmForm(),
        return_form=forms.pop("return_form", None) or ReturnForm(),
        publish_form=publish_form,
    )


def _may(check, plan) -> bool:
    try:
        check(current_user, plan)
    except NotAllowed:
        return False
    return True


def _category_choices(form: PublishForm) -> None:
    language = str(get_locale() or "vi")
    form.category.choices = [(c.code, c.name(language)) for c in active_categories() if c.audience == Audience.public]


@bp.get("/<int:plan_id>/review")
@login_required
def review(plan_id: int):
    return _review_page(authoring.get_draft_plan(plan_id, current_user))


def _review_url(plan, anchor=None) -> str:
    return url_for("plan_authoring.review", plan_id=plan.id, _anchor=anchor)


@form_route(bp, "/<int:plan_id>/review/header")
def header(plan_id: int):
    plan = authoring.get_draft_plan(plan_id, current_user)
    authoring.check_may_edit(current_user, plan)
    form = HeaderForm(title=plan.title, number=plan.number, issued_on=plan.issued_on, issuer_text=plan.issuer_text,
                      issuer_unit_id=plan.issuer_unit_id, legal_bases="\n".join(plan.legal_bases),
                      starts_on=plan.starts_on, ends_on=plan.ends_on)
    form.issuer_unit_id.choices = unit_choices(authoring.body_choices(plan), empty_label=_("No unit of the portal"))

    def save():
        authoring.update_header(current_user, plan, authoring.PlanHeader(
            title=form.title.data, number=form.number.data or "", issued_on=form.issued_on.data,
            issuer_text=form.issuer_text.data or "", issuer_unit_id=form.issuer_unit_id.data,
            legal_bases=(form.legal_bases.data or "").splitlines(), starts_on=form.starts_on.data,
            ends_on=form.ends_on.data))

    return form_page(form, save, template="plans/edit_header.html", plan=plan, message=None, to=_review_url(plan))


def _task_form(plan, task: PlanTask | None) -> TaskForm:
    if task is None:
        form = TaskForm()
    else:
        form = TaskForm(obj=task, cooperating_unit_ids=[unit.id for unit in task.cooperating_units],
                        cooperating_other="\n".join(authoring.unmatched_cooperating(task, BodyMatcher(plan.unit))))
    choices = unit_choices(authoring.body_choices(plan), empty_label=_("No unit of the portal"))
    form.lead_unit_id.choices = choices
    form.cooperating_unit_ids.choices = choices[1:]
    return form


def _task_data(form: TaskForm) -> authoring.TaskData:
    return authoring.TaskData(
        number=form.number.data or "", text=form.text.data or "", lead_text=form.lead_text.data or "",
        lead_unit_id=form.lead_unit_id.data, cooperating_unit_ids=[i for i in form.cooperating_unit_ids.data or []
                                                                   if i is not None],
        timeframe_text=form.timeframe_text.data or "", starts_on=form.starts_on.data, ends_on=form.ends_on.data,
        cooperating_other=(form.cooperating_other.data or "").splitlines())


def _task_of(plan, task_id: int) -> PlanTask:
    task = next((task for task in plan.tasks if task.id == task_id), None)
    if task is None:
        raise NotFound(_("There is no task with this number."))
    return task


@form_route(bp, "/<int:plan_id>/review/tasks/<int:task_id>")
def edit_task(plan_id: int, task_id: int):
    plan = authoring.get_draft_plan(plan_id, current_user)
    authoring.check_may_edit(current_user, plan)
    task = _task_of(plan, task_id)
    form = _task_form(plan, task)
    return form_page(form, lambda: authoring.update_task(current_user, task, _task_data(form)),
                     template="plans/edit_task.html", plan=plan, task=task, message=None,
                     to=_review_url(plan, f"task-{task.id}"))


@form_route(bp, "/<int:plan_id>/review/tasks/new")
def add_task(plan_id: int):
    plan = authoring.get_draft_plan(plan_id, current_user)
    authoring.check_may_edit(current_user, plan)
    parent_id = request.args.get("parent", type=int)
    parent = _task_of(plan, parent_id) if parent_id else None
    form = _task_form(plan, None)
    return form_page(form, lambda: authoring.add_task(current_user, plan, parent, _task_data(form)),
                     template="plans/edit_task.html", plan=plan, parent=parent, message=None,
                     to=lambda task: _review_url(plan, f"task-{task.id}"))


@form_route(bp, "/<int:plan_id>/review/duties/<int:duty_id>")
def edit_duty(plan_id: int, duty_id: int):
    plan = authoring.get_draft_plan(plan_id, current_user)
    authoring.check_may_edit(current_user, plan)
    duty: ReportDuty | None = next((duty for duty in plan.report_duties if duty.id == duty_id), None)
    if duty is None:
        raise NotFound(_("There is no such report in this plan."))
    form = DutyForm(maker_unit_id=duty.maker_unit_id, recipient_unit_id=duty.recipient_unit_id,
                    due_dates="\n".join(report.due_on.strftime("%d/%m/%Y") for report in duty.reports))
    choices = unit_choices(authoring.body_choices(plan), empty_label=_("No unit of the portal"))
    form.maker_unit_id.choices = form.recipient_unit_id.choices = choices

    def save():
        authoring.update_duty(current_user, duty, authoring.DutyData(
            form.maker_unit_id.data, form.recipient_unit_id.data, form.days))

    return form_page(form, save, template="plans/edit_duty.html", plan=plan, duty=duty, message=None,
                     to=_review_url(plan, "duties"))


@form_route(bp, "/<int:plan_id>/review/publish", methods=["POST"])
def publish(plan_id: int):
    plan = authoring.get_draft_plan(plan_id, current_user)
    form = PublishForm()
    _category_choices(form)

    return handle_form(form, lambda: authoring.publish_with_disclosure(current_user, plan, form.category.data),
                       done=flash_and_go(_("The plan is published, and its document is disclosed."),
                                         url_for("plans.show", plan_id=plan.id)),
                       page=lambda status: _review_page(plan, publish_form=form))


def _button(act, message, anchor, form_class, form_name):
    """A button on the review page: `act(plan, form, **the address's other values)`; refused, the page comes back
    with the reason at the top of that button's form."""

    def press(plan_id: int, **values):
        plan = authoring.get_draft_plan(plan_id, current_user)
        form = form_class()
        return handle_form(form, lambda: act(plan, form, **values),
                           done=flash_and_go(message, _review_url(plan, anchor)),
                           page=lambda status: _review_page(plan, **{form_name: form}))

    return press


# The review page's buttons, by endpoint: (address, service call, message, anchor to come back to, form, its name on
# the review page).
_BUTTONS = {
    "remove_task": ("/<int:plan_id>/review/tasks/<int:task_id>/remove",
                    lambda plan, _form, task_id: authoring.remove_task(current_user, _task_of(plan, task_id)),
                    _l("The task is removed."), "tasks", ConfirmForm, "action_form"),
    "create_body": ("/<int:plan_id>/review/bodies",
                    lambda plan, form: authoring.create_body(current_user, plan, form.name.data or ""),
                    _l("The body is added to the portal and given its tasks."), "bodies", BodyForm, "action_form"),
    "unread_to_task": ("/<int:plan_id>/review/unread/<int:index>/task",
                       lambda plan, form, index: authoring.unread_to_task(current_user, plan, index,
                                                                          form.expected.data or ""),
                       _l("The passage is now a task at the end of the plan: complete it."), "tasks", UnreadForm,
                       "action_form"),
    "dismiss_unread": ("/<int:plan_id>/review/unread/<int:index>/dismiss",
                       lambda plan, form, index: authoring.dismiss_unread(current_user, plan, index,
                                                                          form.expected.data or ""),
                       _l("The passage is dismissed."), "unread", UnreadForm, "action_form"),
    "submit": ("/<int:plan_id>/review/submit", lambda plan, _form: authoring.submit_plan(current_user, plan),
               _l("The plan is sent to the head of the unit for approval."), None, ConfirmForm, "action_form"),
    "return_plan": ("/<int:plan_id>/review/return",
                    lambda plan, form: authoring.return_plan(current_user, plan, form.note.data or ""),
                    _l("The plan is returned to its drafters with your note."), None, ReturnForm, "return_form"),
    "approve": ("/<int:plan_id>/review/approve", lambda plan, _form: authoring.approve_sent_plan(current_user, plan),
                _l("The plan is approved. Publish it when it should be public."), None, ConfirmForm, "action_form"),
}
route_table(bp, _BUTTONS, _button)
