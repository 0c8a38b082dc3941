"""/casework: the officials' side of citizen cases: the queue, the case page and the actions on it.

Every action is a POST of its own small form on the case page, calls one service and commits once; a refusal
by the rules re-renders the case page with the official's text kept, so nothing they wrote is lost.
"""

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.cases import files, lifecycle, submission
from portal.cases import services as cases
from portal.cases.models import Case, CaseField, CaseKind, CaseStatus, RefusalReason
from portal.casework import actions, services
from portal.casework.forms import (
    AcceptForm,
    AnswerForm,
    AssignForm,
    ConclusionForm,
    ConfirmActionForm,
    ExtendForm,
    NoteForm,
    PublishForm,
    QueueForm,
    RecordRequestForm,
    RefuseForm,
    RequestInfoForm,
    ReturnForm,
    SeveralPlacesForm,
    TransferForm,
    TransferSearchForm,
)
from portal.core.calendar import load_calendar
from portal.core.errors import InvalidInput, NotAllowed
from portal.core.forms import form_view, handle_form
from portal.core.i18n import _, _l, ngettext, show_date
from portal.core.pages import form_route
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.periods import deadlines
from portal.periods.models import PeriodCondition, Step
from portal.routing import dispatch as routing_dispatch
from portal.routing import services as routing
from portal.units.models import Unit, UnitKind
from portal.units.services import search_units

bp = Blueprint("casework", __name__, url_prefix="/casework")
RECORD_PLACE_KINDS = (UnitKind.commune, UnitKind.village, UnitKind.district)
RECORD_PLACES = 200
QUEUE_PAGE = 50
MAX_PAGE = 10_000
TRANSFER_CHOICES = 200
QUEUE_ARGUMENTS = ("mine", "kind", "field", "status", "due", "unit")

EVENT_TITLES = {
    "received": _l("Received"),
    "routed": _l("Sent on to the unit that handles it"),
    "unattended": _l("Nobody can act on it yet: the administrators were told"),
    "assigned": _l("Assigned"),
    "accepted": _l("Accepted"),
    "refused": _l("Refused"),
    "info_requested": _l("Information asked of the citizen"),
    "info_supplied": _l("The citizen added information"),
    "transferred": _l("Transferred"),
    "extended": _l("Deadline extended"),
    "answer_submitted": _l("Answer submitted for approval"),
    "answered": _l("Answered"),
    "answer_returned": _l("Answer sent back by the head"),
    "reopened": _l("Reopened by the citizen"),
    "rated": _l("Rated by the citizen"),
    "note": _l("Internal note"),
    "published": _l("Published"),
    "identity_viewed": _l("The denouncer's identity was viewed"),
    "several_places": _l("Verification at several places"),
    "deadline_moved": _l("Deadline moved by the calendar"),
    "recorded": _l("Recorded by an official from a request made in person or by post"),
    "appealed": _l("Second complaint brought to the level above"),
    "conclusion_submitted": _l("Public conclusion submitted for approval"),
    "conclusion_published": _l("Conclusion published"),
}

ACTION_FORMS = {
    "accept": AcceptForm,
    "refuse": RefuseForm,
    "request_info": RequestInfoForm,
    "transfer": TransferForm,
    "extend": ExtendForm,
    "several_places": SeveralPlacesForm,
    "answer": AnswerForm,
    "approve": ConfirmActionForm,
    "return": ReturnForm,
    "note": NoteForm,
    "assign": AssignForm,
    "publish": PublishForm,
    "conclusion": ConclusionForm,
    "approve_conclusion": ConfirmActionForm,
}


def _case(code: str) -> Case:
    return services.case_for_official(current_user, code)


# --- the queue -------------------------------------------------------------------------------------------------


def _queue_form() -> QueueForm:
    form = QueueForm(request.args)
    form.kind.choices = [("", _("Any kind")), *((kind.value, kind.title) for kind in CaseKind)]
    form.field.choices = [("", _("Any field")), *((field.value, field.title) for field in CaseField)]
    form.status.choices = [
        ("open", _("Open cases")),
        ("any", _("Any status")),
        *((status.value, status.title) for status in CaseStatus),
    ]
    form.due.choices = [
        ("", _("Any deadline")),
        ("overdue", _("Overdue")),
        ("soon", _("Due within 2 working days")),
    ]
    units = services.queue_units(current_user)
    form.unit.choices = [("", _("All my units")), *((unit.code, unit.name) for unit in units)]
    if not form.status.data:
        form.status.data = "open"
    return form


@bp.get("/")
@login_required
def queue():
    form = _queue_form()
    page = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    now, calendar = utcnow(), load_calendar()
    rows, has_next = [], False
    if form.validate():
        filters = services.QueueFilter(
            kind=form.kind.data or "",
            field=form.field.data or "",
            status="" if form.status.data == "any" else form.status.data,
            due=form.due.data or "",
            mine=bool(form.mine.data),
            unit_code=form.unit.data or "",
        )
        statement = services.queue(current_user, filters, now, calendar).options(
            joinedload(Case.unit), joinedload(Case.assignee)
        )
        found = list(db.session.scalars(statement.offset((page - 1) * QUEUE_PAGE).limit(QUEUE_PAGE + 1)))
        has_next = len(found) > QUEUE_PAGE
        rows = [(case, deadlines.deadline_state(case, now, calendar)) for case in found[:QUEUE_PAGE]]
    arguments = {name: request.args[name] for name in QUEUE_ARGUMENTS if name in request.args}
    return render_template("casework/queue.html", form=form, rows=rows, page=page, has_next=has_next,
                           arguments=arguments)


# --- the case page ---------------------------------------------------------------------------------------------


def _transfer_units(case: Case, query: str) -> list:
    """Units found by name when the official searched; otherwise the units above the case's and beside it."""
    if query:
        found = search_units(query, limit=20)
    else:
        parent = case.unit.parent
        found = [*case.unit.ancestors(), *(parent.children if parent is not None else [])]
    return [unit for unit in found if unit.id != case.unit_id and not unit.is_historical][:TRANSFER_CHOICES]


def _prepare(name: str, form, case: Case, query: str = ""):
    """Fill the choices a form's selects need from the case; drop the fields it does not need."""
    if name == "accept" and not case.is_late_complaint:
        del form.late_reason
    elif name == "refuse":
        form.reason.choices = [("", _("Choose a reason"))] + [
            (reason.value, _("%(reason)s (%(basis)s)", reason=reason.title, basis=reason.legal_basis))
            for reason in RefusalReason
        ]
    elif name == "transfer":
        units = _transfer_units(case, query)
        staffed = routing_dispatch.units_that_can_act(units, case.kind.needs_head_approval)
        form.to_unit.choices = [("", _("Choose a unit"))] + [
            (unit.code, _("%(name)s (code %(code)s)", name=unit.name, code=unit.code))
            if unit.id in staffed else
            (unit.code, _("%(name)s (code %(code)s): nobody there takes cases yet", name=unit.name, code=unit.code),
             {"disabled": True})
            for unit in units
        ]
    elif name == "assign":
        form.assignee.choices = [(user.id, user.full_name) for user in routing.handlers_of(case.unit)]
    return form


def _blank(name: str, case: Case, query: str):
    defaults = {}
    if name == "publish":
        title, description = (case.public_title, case.public_description) if case.published_at else (
            services.suggested_public_text(case))
        defaults = {"title": title, "description": description}
    elif name == "assign" and case.assignee_id:
        defaults = {"assignee": case.assignee_id}
    elif name == "conclusion":
        defaults = {"text": case.conclusion_text or services.suggested_conclusion(case)}
    return _prepare(name, ACTION_FORMS[name](formdata=None, prefix=name, **defaults), case, query)


def _period_basis(case: Case, step: Step, started) -> deadlines.PeriodRule | None:
    try:
        condition = deadlines.channel_condition(case) if step != Step.acknowledge else PeriodCondition.general
        period = deadlines.period_in_force(case.kind, step, case.unit, local_date(started), condition)
    except InvalidInput:
        return None
    return period


def _extensions(case: Case) -> tuple[str, int | None]:
    """How many extensions remain of those the law allows, with its provision."""
    if case.accepted_at is None:
        return "", None
    period = _period_basis(case, deadlines.extend_step(case), case.accepted_at)
    if period is None:
        return "", None
    remaining = max(period.max_times - case.extension_count, 0)
    return ngettext(
        "%(num)d of the %(limit)d extensions the law allows remains (%(basis)s).",
        "%(num)d of the %(limit)d extensions the law allows remain (%(basis)s).",
        remaining,
        limit=period.max_times,
        basis=period.basis_in(str(get_locale())),
    ), remaining


def _page(case: Case, *, bound: dict | None = None, contact=None):
    bound = bound or {}
    now = utcnow()
    head = services.is_head(current_user, case)
    search = TransferSearchForm(request.args)
    query = (search.unit_q.data or "") if search.validate() else ""
    available = services.available_steps(current_user, case)
    forms = {name: bound.get(name) or _blank(name, case, query) for name in ACTION_FORMS if name in available}
    refused = [form for name, form in bound.items() if name not in available]
    if contact is None and case.kind != CaseKind.denunciation:
        contact = services.contact_of(case, current_user, now=now)
    step, started = ((deadlines.resolve_step(case), case.accepted_at) if case.accepted_at
                     else (Step.acknowledge, case.received_at))
    period = _period_basis(case, step, started)
    extensions, extensions_left = _extensions(case)
    html = render_template(
        "casework/show.html",
        case=case,
        deadline=deadlines.deadline_state(case, now),
        reckonings=deadlines.explain_deadlines(case, str(get_locale())),
        counted_at=lambda event_id: deadlines.explain_deadlines(case, str(get_locale()), upto=event_id),
        legal_basis=period.basis_in(str(get_locale())) if period else "",
        extensions=extensions,
        extensions_left=extensions_left,
        refusal=RefusalReason(case.refusal_reason) if case.refusal_reason else None,
        events=case.events,
        event_titles=EVENT_TITLES,
        contact=contact,
        may_see_identity=services.may_see_identity(current_user, case),
        identity_form=ConfirmActionForm(formdata=None, prefix="identity"),
        forms=forms,
        refused=refused,
        search=search,
        is_head=head,
    )
    return html


@bp.get("/<code>")
@login_required
def show(code: str):
    return _page(_case(code))


@bp.get("/<code>/files/<int:file_id>")
@login_required
def case_file(code: str, file_id: int):
    case = _case(code)
    found = next((row for row in case.files if row.id == file_id), None)
    if found is None:
        abort(404)
    return files.download(found)


@bp.post("/<code>/identity")
@login_required
def identity(code: str):
    """A denouncer's identity is shown only on this POST's answer, never kept on a page a GET can fetch; each view
    is written to the case's history and the audit log (Law 25/2018 Art. 9, 56), and so is every refusal, even of
    an official who may not open the case at all."""
    case = cases.case_by_code(code)
    if not ConfirmActionForm(prefix="identity").validate_on_submit():
        flash(_("Your session expired before you sent the form. Send it again."), "error")
        return redirect(url_for("casework.show", code=case.code))
    try:
        contact = services.contact_of(case, current_user, now=utcnow(), ip_address=request.remote_addr)
    except NotAllowed:
        db.session.commit()
        raise
    db.session.commit()
    return _page(case, contact=contact)


def _act(code: str, name: str, perform: Callable[[Case, object], str]):
    """Validate the action's form, run its service, commit and redirect; on a refusal, show the case again with the
    form as the official filled it (portal.core.forms)."""
    case = _case(code)
    form = _prepare(name, ACTION_FORMS[name](prefix=name), case)

    def done(message: str):
        flash(message, "success")
        if not services.may_handle(current_user, case):
            return redirect(url_for("casework.queue"))
        return redirect(url_for("casework.show", code=case.code))

    return handle_form(form, lambda: perform(case, form), page=lambda status: _page(case, bound={name: form}),
                       done=done)


def _accept(case: Case, form) -> str:
    late_reason = form.late_reason.data if "late_reason" in form else ""
    actions.accept_case(case, current_user, late_reason=late_reason or "", now=utcnow())
    return _("The case is accepted. The answer is due by %(date)s.", date=show_date(case.resolve_due_on))


def _step(service: Callable, *fields: str, said: Callable[[Case], str]) -> Callable[[Case, object], str]:
    """An action that hands the official's entries to one service and says what happened."""

    def perform(case: Case, form) -> str:
        service(case, current_user, *(form[name].data for name in fields), now=utcnow())
        return said(case)

    return perform


# Each action on the case page: its URL, its endpoint (the form's name unless said), and what it does.
STEPS = [
    ("accept", "accept", _accept),
    ("several-places", "several_places", _step(
        actions.verify_at_several_places, "reason",
        said=lambda case: _("The denunciation must now be accepted or refused by %(date)s.",
                            date=show_date(case.due_on)))),
    ("refuse", "refuse", _step(actions.refuse_case, "reason", "note",
                               said=lambda case: _("The case is refused and the citizen is told why."))),
    ("request-info", "request_info", _step(
        actions.request_information, "question",
        said=lambda case: _("The citizen is asked for the information. The clock stops until they answer."))),
    ("transfer", "transfer", _step(actions.transfer_case, "to_unit", "reason",
                                   said=lambda case: _("The case is transferred to %(unit)s.", unit=case.unit.name))),
    ("extend", "extend", _step(
        actions.extend_case, "reason",
        said=lambda case: _("The deadline is extended to %(date)s.", date=show_date(case.resolve_due_on)))),
    ("answer", "answer", _step(
        actions.answer_case, "text",
        said=lambda case: _("The answer is waiting for the unit head's approval.")
        if case.status == CaseStatus.answer_pending else _("The answer is sent to the citizen."))),
    ("approve", "approve", _step(actions.approve_answer,
                                 said=lambda case: _("The answer is approved and sent to the citizen."))),
    ("return", "return", _step(actions.return_answer, "note",
                               said=lambda case: _("The answer is sent back to the handler with your note."))),
    ("note", "note", _step(services.add_note, "text", said=lambda case: _("The note is added to the case's history."))),
    ("assign", "assign", _step(services.assign_case, "assignee",
                               said=lambda case: _("The case is assigned to %(name)s.", name=case.assignee.full_name))),
    ("publish", "publish", _step(services.publish_case, "title", "description",
                                 said=lambda case: _("The case is published in the words you reviewed."))),
    ("conclusion", "conclusion", _step(
        services.write_conclusion, "text",
        said=lambda case: _("The conclusion is published, without the denouncer's identity.")
        if case.conclusion_published_at is not None
        else _("The public conclusion is waiting for the unit head's approval."))),
    ("approve-conclusion", "approve_conclusion", _step(
        services.approve_conclusion,
        said=lambda case: _("The conclusion is published, without the denouncer's identity."))),
]
ENDPOINTS = {"return": "return_answer"}


def _action_view(name: str, perform: Callable[[Case, object], str]):
    def view(code: str):
        return _act(code, name, perform)

    view.__name__ = ENDPOINTS.get(name, name)
    return form_view(login_required(view))


for path, form_name, perform in STEPS:
    bp.add_url_rule(f"/<code>/{path}", ENDPOINTS.get(form_name, form_name), _action_view(form_name, perform),
                    methods=["POST"])


# --- requests made in person or by post -----------------------------------------------------------------------


def _record_form() -> RecordRequestForm:
    form = RecordRequestForm()
    places = db.session.scalars(
        select(Unit)
        .where(Unit.id.in_(services.officials_units(current_user)), Unit.kind.in_(RECORD_PLACE_KINDS),
               Unit.dissolved_on.is_(None))
        .order_by(Unit.name, Unit.id)
        .limit(RECORD_PLACES)
    )
    form.place.choices = [("", _("Choose the place")), *((unit.code, unit.name) for unit in places)]
    if request.method == "GET":  # the reception schedule's page links here with its unit chosen
        form.place.data = request.args.get("place", "")[:32]
    return form


@form_route(bp, "/record")
def record():
    """A request made at the reception desk or by post gets the deadlines of its kind (an information request its
    channel's own period, Law 104/2016 Art. 29, 31); the official prints the receipt with the private link."""
    form = _record_form()

    def recorded():
        return submission.Submission(
            kind=form.kind.data or "", field=form.field.data, place_code=form.place.data,
            title=form.title.data, description=form.description.data, channel=form.channel.data,
            contact=lifecycle.Contact(name=form.name.data or "", phone=form.phone.data or "",
                                     email=form.email.data or "", address=form.address.data or "",
                                     id_number=form.id_number.data or ""),
            is_resident=bool(form.is_resident.data), decision_known_on=form.decision_known_on.data,
        )

    return handle_form(
        form,
        lambda: services.record_request(recorded(), current_user, now=utcnow()),
        page=lambda status: render_template("casework/record.html", form=form),
        done=lambda submitted: redirect(url_for("cases.receipt", token=submitted.token)),
    )
