"""Dialogues' pages: per unit its upcoming and past sessions and calendar feed; per session its notice, questions,
minutes and commitments; the forms where the head schedules, citizens ask, and officials moderate and keep the
minutes. Commitments' own pages are in portal/dialogues/commitment_views.py."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from portal.accounts.models import Membership, Role
from portal.core.checks import allows
from portal.core.i18n import _
from portal.core.ical import CalendarEvent
from portal.core.pages import form_page, form_route, submit_limit
from portal.core.responses import calendar_download
from portal.core.timeutil import local_date, utcnow
from portal.dialogues import services
from portal.dialogues.forms import AnswerForm, MinutesForm, ModerateForm, QuestionForm, RoomQuestionForm, SessionForm
from portal.dialogues.models import DialogueSession
from portal.extensions import db
from portal.notifications.services import external_url
from portal.units.models import Unit, UnitKind
from portal.units.services import get_unit_by_code

bp = Blueprint("dialogues", __name__, url_prefix="/dialogues")
MAX_UNIT_CHOICES = 300


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", "")[:32])
    upcoming, past = services.split_sessions(services.sessions_of(unit), utcnow())
    may_schedule = current_user.is_authenticated and _may_schedule(unit)
    return render_template("dialogues/index.html", unit=unit, upcoming=upcoming, past=past,
                           may_schedule=may_schedule, is_commune=unit.kind == UnitKind.commune)


def _page_of(session: DialogueSession, anchor: str | None = None) -> str:
    return url_for("dialogues.show", session_id=session.id, _anchor=anchor)


def _may_schedule(unit: Unit) -> bool:
    return allows(services.check_may_schedule, current_user, unit)


@bp.get("/<int:session_id>")
def show(session_id: int):
    session = services.get_session(session_id)
    return render_template("dialogues/show.html", session=session, now=utcnow(), today=local_date(utcnow()),
                           keeper=current_user.is_authenticated and services.may_keep_minutes(current_user, session))


def _event(session: DialogueSession) -> CalendarEvent:
    return CalendarEvent(
        uid=f"dialogue-{session.id}@{current_app.config['PORTAL_BASE_URL'].split('//')[-1]}",
        summary=session.title, starts_at=session.starts_at, ends_at=session.ends_at, location=session.place,
        description=f"{session.kind.title}. {session.agenda}",
        url=external_url("dialogues.show", session_id=session.id),
    )


@bp.get("/<int:session_id>.ics")
def session_ics(session_id: int):
    session = services.get_session(session_id)
    return calendar_download(session.title, [_event(session)], f"dialogue-{session.id}.ics")


@bp.get("/unit/<code>.ics")
def unit_feed(code: str):
    unit = get_unit_by_code(code[:32])
    events = [_event(session) for session in services.sessions_of(unit)]
    return calendar_download(_("Dialogues of %(unit)s", unit=unit.name), events, f"dialogues-{unit.code}.ics")


@bp.get("/compliance")
def compliance():
    unit = get_unit_by_code(request.args.get("unit", "")[:32])
    today = local_date(utcnow())
    year = request.args.get("year", type=int) or today.year
    year = min(max(year, 2023), today.year + 1)
    rows = services.front_conference_compliance(unit, year, today)
    return render_template("dialogues/compliance.html", unit=unit, year=year, rows=rows, today=today)


# --- scheduling -------------------------------------------------------------------------------------------------


def _schedulable_units() -> list[SelectChoice]:
    """The units where the head may schedule: where they are head, and the villages and bodies below them."""
    heads = list(db.session.scalars(select(Unit).join(Membership, Membership.unit_id == Unit.id).where(
        Membership.user_id == current_user.id, Membership.role.in_((Role.unit_head, Role.site_admin)))))
    found = dict.fromkeys(heads)
    level = [unit.id for unit in heads]
    for _depth in range(2):
        children = list(db.session.scalars(select(Unit).where(Unit.parent_id.in_(level), Unit.dissolved_on.is_(None))
                                           .order_by(Unit.name).limit(MAX_UNIT_CHOICES)))
        found.update(dict.fromkeys(children))
        level = [child.id for child in children if child.kind != UnitKind.village]
    return [SelectChoice(unit.code, unit.name) for unit in list(found)[:MAX_UNIT_CHOICES]]


@form_route(bp, "/new")
def new():
    """The head schedules a session, from requests (their codes) or on their own initiative."""
    form = SessionForm()
    form.unit.choices = [SelectChoice("", _("Choose the unit")), *_schedulable_units()]
    if request.method == "GET":
        form.unit.data = request.args.get("unit", "")[:32]
        form.cases.data = request.args.get("case", "")[:20]

    def data():
        return services.NewSession(
            unit_code=form.unit.data or "", kind=form.kind.data or "", title=form.title.data or "",
            day=form.day.data, starts=form.starts.data, ends=form.ends.data, place=form.place.data or "",
            chair=form.chair.data or "", agenda=form.agenda.data or "", bodies=form.bodies.data or "",
            case_codes=(form.cases.data or "").split(","), documents=form.documents.uploads(),
        )

    return form_page(
        form, lambda: services.schedule_session(data(), current_user, now=utcnow()),
        check=lambda: services.session_problems(data(), current_user, utcnow()), template="dialogues/new.html",
        message=_("The dialogue is scheduled and its notice published."), to=_page_of,
    )


# --- questions ------------------------------------------------------------------------------------------------


@form_route(bp, "/<int:session_id>/ask", signed_in=False, limit=submit_limit)
def ask(session_id: int):
    """Anyone sends a question before the session; it is shown only once an official approved it."""
    session = services.get_session(session_id)
    form = QuestionForm()

    return form_page(
        form, lambda: services.submit_question(session, form.text.data, form.name.data, form.email.data,
                                               language=str(get_locale()), now=utcnow()),
        check=form.honeypot_refusal, template="dialogues/ask.html", session=session,
        message=_("Your question is received. It will be shown once an official has read it."), to=_page_of(session),
    )


@bp.get("/<int:session_id>/questions")
@login_required
def questions(session_id: int):
    session = services.get_session(session_id)
    services.check_may_keep_minutes(current_user, session)
    return render_template("dialogues/questions.html", session=session)


@form_route(bp, "/questions/<int:question_id>/moderate")
def moderate(question_id: int):
    question = services.get_question(question_id)
    services.check_may_keep_minutes(current_user, question.session)
    form = ModerateForm()
    return form_page(
        form, lambda: services.moderate_question(question, current_user, form.decision.data == "approve",
                                                 form.reason.data, now=utcnow()),
        template="dialogues/moderate.html", question=question, message=None,
        to=url_for("dialogues.questions", session_id=question.session_id),
    )


# --- minutes --------------------------------------------------------------------------------------------------


def _write_into_minutes(dialogue: DialogueSession, form, perform, template: str, message: str, **context):
    """The pages where the unit's officials write into a session's minutes: one guard, one way back to them."""
    services.check_may_keep_minutes(current_user, dialogue)
    return form_page(form, perform, template=template, message=message, to=_page_of(dialogue, "minutes"), **context)


# minutes, answer and room_question are shaped alike on purpose: a route, a form, a service and a page each; the
# shared part is _write_into_minutes.
@form_route(bp, "/<int:session_id>/minutes")
def minutes(session_id: int):
    session = services.get_session(session_id)
    form = MinutesForm(obj=None)
    if request.method == "GET" and session.minutes_published_at:
        form.attendance.data, form.attending_bodies.data = session.attendance, session.attending_bodies
        form.text.data = session.minutes_text
    return _write_into_minutes(
        session, form, lambda: services.record_minutes(session, current_user, form.attendance.data,
                                                       form.attending_bodies.data, form.text.data, now=utcnow()),
        "dialogues/minutes.html", _("The minutes are published."), session=session)


@form_route(bp, "/questions/<int:question_id>/answer")
def answer(question_id: int):
    question = services.get_question(question_id)
    form = AnswerForm()
    return _write_into_minutes(
        question.session, form, lambda: services.answer_question(question, current_user, form.answer.data,
                                                                 now=utcnow()),
        "dialogues/answer.html", _("The answer is in the minutes."), question=question)


@form_route(bp, "/<int:session_id>/room-question")
def room_question(session_id: int):
    session = services.get_session(session_id)
    form = RoomQuestionForm()
    return _write_into_minutes(
        session, form, lambda: services.add_room_question(session, current_user, form.text.data, form.answer.data,
                                                          now=utcnow()),
        "dialogues/room_question.html", _("The question and its answer are in the minutes."), session=session)

