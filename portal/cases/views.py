"""/cases: the citizen's side of cases, with no account: submit, the receipt, tracking, the private page and
the cases citizens allowed to be shown publicly."""

from datetime import date

import segno
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy.exc import InterfaceError, OperationalError, PendingRollbackError
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from portal.cases import files as case_files
from portal.cases import lifecycle, services, submission
from portal.cases.forms import (
    AppealForm,
    CaseForm,
    PlaceFinderForm,
    PublicCasesForm,
    RateForm,
    ReopenForm,
    SupplyInfoForm,
    TrackForm,
)
from portal.cases.lookups import published_case
from portal.cases.models import Case, CaseField, CaseKind, CaseStatus, RefusalReason
from portal.core.calendar import load_calendar
from portal.core.errors import InvalidInput, NotFound
from portal.core.forms import enum_choices, handle_form
from portal.core.httpcache import kept_for_readers, public_page
from portal.core.i18n import _, show_date
from portal.core.pages import form_route, submit_limit
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db, limiter
from portal.notifications.services import external_url
from portal.periods import deadlines
from portal.routing import services as routing
from portal.units.models import Unit, UnitKind
from portal.units.services import find_place, get_unit_by_code, search_units, successors_by_unit, unit_content

bp = Blueprint("cases", __name__, url_prefix="/cases")
ACTION_LIMIT = "10 per minute"
# Five files of 10 MB and the text: the body may be larger than the site's default limit on this page only,
# so that one file too large is refused by the form, with the citizen's text kept, not by a bare error page.
MAX_REQUEST_BYTES = 60 * 1024 * 1024
PLACE_KINDS = (UnitKind.commune, UnitKind.village, UnitKind.district)
PLACE_CHOICES_LIMIT = 20
PAGE_SIZE = 30


def _kind(value: str) -> CaseKind:
    try:
        return CaseKind(value)
    except ValueError:
        abort(404)


PLACE_SEPARATOR = ":"  # a dissolved commune's code, then the code of the part of it the citizen chose


def _place_label(unit: Unit) -> str:
    return f"{unit.name}, {unit.parent.name}" if unit.parent is not None else unit.name


def _place_options(unit: Unit, successions: list) -> list[SelectChoice]:
    """A place of today is one choice; a dissolved one is one choice per unit that took it over, so a citizen of
    a split commune picks the part they live in."""
    if not unit.is_historical:
        return [SelectChoice(unit.code, _place_label(unit))]
    if len(successions) == 1:
        return [SelectChoice(unit.code, _("%(place)s, since %(date)s part of %(unit)s", place=_place_label(unit),
                                          date=show_date(successions[0].effective_on),
                                          unit=successions[0].successor.name))]
    return [
        SelectChoice(f"{unit.code}{PLACE_SEPARATOR}{row.successor.code}",
                     _("%(place)s, the part now in %(unit)s", place=_place_label(unit), unit=row.successor.name))
        for row in successions
    ]


def _split_place(value: str | None) -> tuple[str, str]:
    place_code, _separator, successor_code = (value or "").partition(PLACE_SEPARATOR)
    return place_code, successor_code


def _places(finder: PlaceFinderForm) -> list[SelectChoice]:
    """The places matching the name typed in the first step (a GET, so finding costs no submission), old names
    included: a dissolved commune is one choice per unit that took it over, so a citizen of a split commune picks
    the part they live in."""
    if not (finder.place_query.data and finder.validate()):
        return []
    units = search_units(finder.place_query.data, kinds=PLACE_KINDS, limit=PLACE_CHOICES_LIMIT)
    successions = successors_by_unit(units)
    return [option for unit in units for option in _place_options(unit, successions.get(unit.id, []))
            if not unit.is_historical or unit.id in successions]


def _chosen_place(form: CaseForm, value: str) -> Unit | None:
    """The chosen place as the form's choice, and its unit, which submit_case then need not look up again. With the
    database away (or its connection lost mid-request) the code stands for its name, so the form still comes back
    with everything typed."""
    place_code, successor_code = _split_place(value)
    unit = None
    if place_code and len(value) <= 65:
        try:
            unit = find_place(place_code)
            successions = successors_by_unit([unit]) if unit is not None else {}
        except (OperationalError, InterfaceError, PendingRollbackError):
            db.session.rollback()
            form.place.choices = [SelectChoice(value, value)]
            return None
    if unit is None or (unit.is_historical and unit.id not in successions):
        form.place.choices, form.place.data = [], ""
        return None
    options = _place_options(unit, successions.get(unit.id, []))
    form.place.choices = options if len(options) == 1 else [SelectChoice("", _("Choose the place")), *options]
    chosen = value if successor_code or len(options) > 1 else options[0].value
    form.place.data = chosen if any(option.value == chosen for option in options) else ""
    return unit


def _destination(kind: CaseKind, form: CaseForm, place: Unit | None):
    """Which unit will handle the request, shown once the place is chosen; the field chosen so far, else any."""
    if place is None or place.kind == UnitKind.body:
        return None
    field = form.field.data if form.field.data in {f.value for f in CaseField} else CaseField.other.value
    try:
        return routing.destination(kind, CaseField(field), place, _split_place(form.place.data)[1])
    except InvalidInput:
        return None


def _case_form(kind: CaseKind) -> CaseForm:
    form = CaseForm()
    if kind != CaseKind.complaint:
        del form.decision_known_on
    if kind != CaseKind.information_request:
        del form.is_resident
    if kind == CaseKind.denunciation:
        del form.is_public_consent
    return form


def _submission(kind: CaseKind, form: CaseForm) -> submission.Submission:
    return submission.Submission(
        kind=kind.value,
        field=form.field.data,
        place_code=_split_place(form.place.data)[0],
        successor_code=_split_place(form.place.data)[1],
        title=form.title.data,
        description=form.description.data,
        contact=lifecycle.Contact(
            name=form.name.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            address=form.address.data or "",
            id_number=form.id_number.data or "",
        ),
        location=form.location.data or "",
        is_public_consent=bool(form.is_public_consent.data) if "is_public_consent" in form else False,
        is_resident=bool(form.is_resident.data) if "is_resident" in form else False,
        decision_known_on=form.decision_known_on.data if "decision_known_on" in form else None,
        language=str(get_locale()),
    )


@bp.get("/new")
def choose_kind():
    """Step one: what each kind of request is and what the law then requires of the authority."""
    return render_template("cases/choose_kind.html", kinds=list(CaseKind), place=request.args.get("place", "")[:32])


@form_route(bp, "/new/<kind>", signed_in=False, limit=submit_limit)
def new(kind: str):
    """Step two: the request itself, once the place is found. Whatever refuses it, the form comes back with every
    problem at once and everything the citizen wrote and attached (portal.core.forms)."""
    request.max_content_length = MAX_REQUEST_BYTES
    kind = _kind(kind)
    form = _case_form(kind)
    intake = []

    def check():
        intake[:] = [submission.check_submission(_submission(kind, form), form.files.uploads(), now=utcnow())]
        return [*intake[0].problems, *form.honeypot_refusal()]

    def page(status):
        finder = PlaceFinderForm(request.args)
        places = _places(finder) if request.method == "GET" else []
        value = form.place.data if request.method == "POST" else request.args.get("place", "")[:65]
        if len(places) == 1:
            value = places[0].value
        chosen = _chosen_place(form, value)
        return render_template("cases/new.html", form=form, kind=kind, required=kind.required_contact,
                               finder=finder, places=[(option.value, option.label) for option in places],
                               destination=_destination(kind, form, chosen))

    return handle_form(form, lambda: submission.submit_case(intake[0].data, now=utcnow(), checked=intake[0]),
                       check=check, page=page,
                       done=lambda submitted: redirect(url_for("cases.receipt", token=submitted.token)))


def _refusal(value: str | None) -> RefusalReason | None:
    return RefusalReason(value) if value in {reason.value for reason in RefusalReason} else None


def _day(value: str | None) -> date | None:
    """History details keep dates as ISO text (they are JSON)."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _progress(case: Case, *, private: bool) -> dict:
    """What tracking, the private page and the public page share; officials' words are masked unless private.
    `counted_at(event_id)` explains the deadline an event of the history set."""
    language = str(get_locale())
    return {
        "reckonings": deadlines.explain_deadlines(case, language),
        "counted_at": lambda event_id: deadlines.explain_deadlines(case, language, upto=event_id),
        "case": case,
        "events": [event for event in case.events if event.is_public],
        "private": private,
        "shown": (lambda text: text or "") if private else lifecycle.public_masker(case),
        "refusal": _refusal,
        "day": _day,
        "deadline": deadlines.deadline_state(case, utcnow()),
    }


@bp.get("/t/<token>/receipt")
def receipt(token: str):
    case = services.case_by_token(token)
    link = external_url("cases.private", token=token)
    return render_template(
        "cases/receipt.html",
        case=case,
        acknowledge=deadlines.explain_deadlines(case, str(get_locale())).acknowledge,
        link=link,
        qr=segno.make(link, error="m").svg_data_uri(scale=4, border=2),
    )


@bp.get("/track")
@limiter.limit(lambda: current_app.config["PORTAL_TRACK_LIMIT"])
def track():
    form = TrackForm(request.args)
    case = None
    if "code" in request.args and form.validate():
        try:
            case = services.case_by_code(form.code.data)
        except NotFound as error:
            form.code.errors.append(str(error))
    context = _progress(case, private=False) if case is not None else {}
    status = 404 if form.code.errors and "code" in request.args and form.code.data else 200
    return render_template("cases/track.html", form=form, **context), status


def _private_page(case: Case, token: str, **forms):
    today = local_date(utcnow())
    reopen_until = services.reopen_until(case)
    if reopen_until is not None and today > reopen_until:
        reopen_until = None
    appeal_until = services.appeal_until(case, utcnow())
    appeal_unit = services.level_above(case.unit) if appeal_until is not None else None
    if appeal_unit is None or today > appeal_until:
        appeal_until = None
    may_rate = case.status == CaseStatus.answered and (
        case.rated_at is None or case.rated_at < case.answered_at
    )
    question = next((e.note for e in reversed(case.events) if e.action == "info_requested"), "")
    return render_template(
        "cases/private.html",
        token=token,
        question=question,
        reopen_until=reopen_until,
        info_form=forms.get("info_form") or (SupplyInfoForm() if case.status == CaseStatus.awaiting_info else None),
        rate_form=forms.get("rate_form") or (RateForm() if may_rate else None),
        reopen_form=forms.get("reopen_form") or (ReopenForm() if reopen_until else None),
        appeal_until=appeal_until,
        appeal_unit=appeal_unit,
        appeal_form=forms.get("appeal_form") or (AppealForm() if appeal_until else None),
        files=[f for f in case.files if f.is_from_citizen],
        **_progress(case, private=True),
    )


@bp.get("/t/<token>")
def private(token: str):
    return _private_page(services.case_by_token(token), token)


@bp.get("/t/<token>/files/<int:file_id>")
def private_file(token: str, file_id: int):
    case = services.case_by_token(token)
    found = next((f for f in case.files if f.id == file_id and f.is_from_citizen), None)
    if found is None:
        abort(404)
    return case_files.download(found)


def _act(case: Case, token: str, form, form_name: str, action, *, success: str):
    """One citizen action on the private page, through the one form mechanism: a refusal shows the page again with
    the citizen's text (and files) kept."""

    def done(_result):
        flash(success, "success")
        return redirect(url_for("cases.private", token=token))

    return handle_form(form, action, page=lambda status: _private_page(case, token, **{form_name: form}), done=done)


def _citizen_step(token: str, form_class, form_name: str, action, *, success: str):
    case = services.case_by_token(token)
    form = form_class()
    return _act(case, token, form, form_name, lambda: action(case, form), success=success)


@form_route(bp, "/t/<token>/info", methods=["POST"], signed_in=False, limit=ACTION_LIMIT)
def supply_info(token: str):
    request.max_content_length = MAX_REQUEST_BYTES
    return _citizen_step(
        token, SupplyInfoForm, "info_form",
        lambda case, form: services.supply_information(case, form.text.data, form.files.uploads(), now=utcnow()),
        success=_("Thank you. Your information was sent to the unit, and its deadline runs again."))


@form_route(bp, "/t/<token>/rate", methods=["POST"], signed_in=False, limit=ACTION_LIMIT)
def rate(token: str):
    return _citizen_step(
        token, RateForm, "rate_form",
        lambda case, form: services.rate_case(case, int(form.rating.data), form.comment.data or "", now=utcnow()),
        success=_("Thank you for rating the answer."))


@form_route(bp, "/t/<token>/reopen", methods=["POST"], signed_in=False, limit=ACTION_LIMIT)
def reopen(token: str):
    return _citizen_step(token, ReopenForm, "reopen_form",
                         lambda case, form: services.reopen_case(case, form.reason.data, now=utcnow()),
                         success=_("Your case is reopened. The unit must handle it again and answer you."))


@form_route(bp, "/t/<token>/appeal", methods=["POST"], signed_in=False, limit=ACTION_LIMIT)
def appeal(token: str):
    """A second complaint is a case of its own, with its own private link: the citizen gets its receipt."""
    case = services.case_by_token(token)
    form = AppealForm()
    return handle_form(
        form,
        lambda: services.submit_second_complaint(case, form.reason.data,
                                                 is_public_consent=bool(form.is_public_consent.data), now=utcnow()),
        page=lambda status: _private_page(case, token, appeal_form=form),
        done=lambda submitted: redirect(url_for("cases.receipt", token=submitted.token)),
    )


@bp.get("/conclusions/")
@kept_for_readers(unit_content, lifecycle.case_content)
def conclusions():
    """Conclusions on denunciations as the law has them published (Law 25/2018 Art. 40): never who denounced."""
    unit = get_unit_by_code(request.args["unit"]) if request.args.get("unit") else None
    rows, next_id = services.list_conclusions(unit=unit, after_id=request.args.get("after", type=int),
                                              limit=PAGE_SIZE)
    shown = [unit.name if unit else None, next_id,
             [(case.id, case.updated_at, case.unit.name, case.conclusion_published_at) for case in rows]]
    return public_page(lambda: render_template("cases/conclusions.html", unit=unit, rows=rows, next_id=next_id),
                       shown)


@bp.get("/conclusions/<int:case_id>")
@kept_for_readers(unit_content, lifecycle.case_content)
def conclusion(case_id: int):
    case = services.public_conclusion(case_id)
    shown = [case.id, case.updated_at, case.conclusion_text, case.unit.name, case.conclusion_published_at]
    return public_page(lambda: render_template("cases/conclusion.html", case=case), shown)


def _listing_form() -> PublicCasesForm:
    form = PublicCasesForm(MultiDict(request.args))
    form.kind.choices = [SelectChoice("", _("Any kind")),
                         *enum_choices(k for k in CaseKind if k != CaseKind.denunciation)]
    form.field.choices = [SelectChoice("", _("Any field")), *enum_choices(CaseField)]
    form.status.choices = [SelectChoice("", _("Any status")), SelectChoice("open", _("Open")),
                           SelectChoice("closed", _("Closed")), *enum_choices(CaseStatus)]
    return form


@bp.get("/")
@kept_for_readers(unit_content, lifecycle.case_content)
def index():
    """The cases citizens allowed to be shown, as an official reviewed them."""
    form = _listing_form()
    unit = get_unit_by_code(request.args["unit"]) if request.args.get("unit") else None
    rows, next_id = [], None
    if form.validate():
        rows, next_id = services.list_published(
            services.PublicListing(unit=unit, kind=form.kind.data or "", field=form.field.data or "",
                                   status=form.status.data or "", query=form.q.data or "",
                                   after_id=request.args.get("after", type=int)),
            limit=PAGE_SIZE,
        )
    now, calendar = utcnow(), load_calendar()
    rows = [(case, deadlines.deadline_state(case, now, calendar)) for case in rows]
    shown = [unit.name if unit else None, next_id,
             [(case.id, case.updated_at, case.status, case.public_title, case.unit.name, deadline)
              for case, deadline in rows]]
    return public_page(lambda: render_template("cases/index.html", form=form, unit=unit, next_id=next_id, rows=rows),
                       shown)


@bp.get("/<code>")
@kept_for_readers(unit_content, lifecycle.case_content)
def show(code: str):
    case = published_case(code)
    # The public steps and the clock's deadline cover every change the page shows; updated_at catches the rest.
    shown = [case.code, case.updated_at, case.status, case.public_title, case.public_description, case.unit.name,
             [event.id for event in case.events if event.is_public], deadlines.deadline_state(case, utcnow())]
    return public_page(lambda: render_template("cases/show.html", answer=services.public_answer(case),
                                               **_progress(case, private=False)), shown)
