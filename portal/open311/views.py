"""/open311/v2: Open311 GeoReport v2 (JSON only) for feedback and petitions.

A service is a field of feedback; jurisdiction_id is a unit's code. Requests are read only when the citizen allowed
publication and an official published them, or by the submitter with their private token; either way only the
reviewed, masked text goes out, never a name, phone, email, address or the citizen's raw words.
"""

import math
from datetime import UTC, datetime, time

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale

from portal.cases import lifecycle, services, submission
from portal.cases.lookups import published_case
from portal.cases.models import Case, CaseField, CaseKind, CaseStatus, RefusalReason
from portal.casework import services as casework
from portal.core.errors import DomainError, InvalidInput, NotFound, protocol_headers
from portal.core.guard import EARLIEST_YEAR, LATEST_YEAR
from portal.core.i18n import _, show_date
from portal.core.timeutil import LOCAL_TZ
from portal.extensions import db, limiter
from portal.units.models import Unit
from portal.units.services import find_place, get_unit_by_code

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

TITLE_LENGTH = 100
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
MAX_IDS = 100
TRUE_VALUES, FALSE_VALUES = {"true", "1", "yes"}, {"false", "0", "no", ""}


def _error(status: int, description: str):
    return jsonify([{"code": status, "description": description}]), status


def _domain_error(error: DomainError):
    return _error(error.http_status, str(error))


def _http_error(error):
    messages = {
        413: _("The request is too large."),
        429: _("Too many requests were sent from this address. Wait a few minutes and try again."),
    }
    response, status = _error(error.code, messages.get(error.code) or error.description)
    response.headers.extend(protocol_headers(error))
    return response, status


bp.register_error_handler(DomainError, _domain_error)
for _status in (400, 403, 404, 405, 413, 429, 500):
    bp.register_error_handler(_status, _http_error)


def _local_iso(moment: datetime | None) -> str | None:
    return moment.astimezone(LOCAL_TZ).isoformat(timespec="seconds") if moment else None


def _jurisdiction() -> Unit | None:
    """A unit's code of today, or the code it had before the 2025 reform."""
    code = request.values.get("jurisdiction_id", "").strip()
    if not code:
        return None
    unit = find_place(code)
    if unit is None:
        get_unit_by_code(code)
    return unit


def _status_notes(case: Case) -> str:
    if case.status == CaseStatus.refused and case.refusal_reason:
        return str(RefusalReason(case.refusal_reason).title)
    return str(case.status.title)


def _expected(case: Case) -> str | None:
    """The statutory deadline: the end of the due day in Vietnam; none while the clock is stopped or closed."""
    if case.due_on is None or case.status == CaseStatus.awaiting_info:
        return None
    return datetime.combine(case.due_on, time(23, 59, 59), tzinfo=LOCAL_TZ).isoformat()


def _item(case: Case) -> dict:
    description = case.public_description if case.published_at else casework.suggested_public_text(case)[1]
    item = {
        "service_request_id": case.code,
        "status": "open" if case.status.is_open else "closed",
        "status_notes": _status_notes(case),
        "service_name": str(case.field.title),
        "service_code": case.field.value,
        "description": description,
        "agency_responsible": case.unit.name,
        "service_notice": None,
        "requested_datetime": _local_iso(case.received_at),
        "updated_datetime": _local_iso(case.updated_at),
        "expected_datetime": _expected(case),
        "address": case.place.name,
        "address_id": None,
        "zipcode": None,
        "media_url": None,
    }
    if case.latitude is not None and case.longitude is not None:
        item["lat"], item["long"] = case.latitude, case.longitude
    return item


@bp.get("/services.json")
def list_services():
    """Every field of feedback is a service, the same in every jurisdiction."""
    _jurisdiction()
    group = str(CaseKind.feedback.title)
    return jsonify(
        [
            {
                "service_code": field.value,
                "service_name": str(field.title),
                "description": _("Feedback or a petition about: %(field)s.", field=field.title),
                "metadata": False,
                "type": "realtime",
                "keywords": ", ".join([str(field.title), group]),
                "group": group,
            }
            for field in CaseField
        ]
    )


def _coordinate(name: str) -> float | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput(_("Give lat and long as decimal degrees, like 21.0285 and 105.8542."))
    return value


def _consent() -> bool:
    value = request.form.get("public", "").strip().lower()
    if value not in TRUE_VALUES | FALSE_VALUES:
        raise InvalidInput(_("Give public as true (the request may be published without your name) or false."))
    return value in TRUE_VALUES


def _submission() -> submission.Submission:
    form = request.form
    place_code = form.get("jurisdiction_id", "").strip()
    if not place_code:
        raise InvalidInput(_("Give jurisdiction_id: the code of the commune, ward or village where this happened."))
    if find_place(place_code) is None:
        get_unit_by_code(place_code)
    service_code = form.get("service_code", "").strip()
    if service_code not in {field.value for field in CaseField}:
        raise InvalidInput(_("Give a service_code from the list at services.json."))
    description = form.get("description", "").strip()
    if not description:
        raise InvalidInput(_("Give a description of the problem."))
    latitude, longitude = _coordinate("lat"), _coordinate("long")
    if (latitude is None) != (longitude is None):
        raise InvalidInput(_("Give both lat and long, or neither."))
    # A Vietnamese name is written family name (last_name) first, as the citizen writes it in the description too.
    name = " ".join(part for part in (form.get("last_name", "").strip(), form.get("first_name", "").strip()) if part)
    return submission.Submission(
        kind=CaseKind.feedback.value,
        field=service_code,
        place_code=place_code,
        title=description.splitlines()[0].strip()[:TITLE_LENGTH],
        description=description,
        contact=lifecycle.Contact(name=name, phone=form.get("phone", ""), email=form.get("email", "")),
        location=form.get("address_string", ""),
        latitude=latitude,
        longitude=longitude,
        is_public_consent=_consent(),
        language=str(get_locale()),
        channel="open311",
    )


def _route_notice(details: dict) -> str:
    """Why the request went where it did, in the words of the case's history (templates/routing/_step.html)."""
    if details.get("why", "").startswith("succeeded"):
        return _("Since %(date)s %(old)s is part of %(unit)s.", date=show_date(details.get("on")),
                 old=details.get("from", ""), unit=details.get("to", ""))
    return _("Nobody at %(old)s can handle this request yet, so it went to %(unit)s.", old=details.get("from", ""),
             unit=details.get("to", ""))


@bp.post("/requests.json")
@limiter.limit(lambda: current_app.config["PORTAL_SUBMIT_LIMIT"])
def create_request():
    """Submit feedback; the token in the answer is the submitter's only way to read it before publication.

    jurisdiction_id may be a code from before the 2025 reform: the answer names the unit that took the request."""
    submitted = submission.submit_case(_submission())
    db.session.commit()
    case = submitted.case
    notices = [
        _("Received. %(unit)s will say by %(date)s whether it accepts the request. Keep the token: "
          "with it you can read your request.", unit=case.unit.name, date=show_date(case.due_on))
    ]
    notices += [_route_notice(event.details) for event in case.events if event.action == "routed"]
    if request.form.get("media_url", "").strip():
        notices.append(_("Photos cannot be sent as links; the request was received without the photo."))
    return jsonify(
        [
            {
                "service_request_id": submitted.case.code,
                "token": submitted.token,
                "service_notice": " ".join(notices),
                "account_id": None,
                "jurisdiction_id": case.unit.code,
                "agency_responsible": case.unit.name,
            }
        ]
    ), 201


def _dates() -> tuple[datetime | None, datetime | None]:
    def parse(name: str) -> datetime | None:
        raw = request.args.get(name, "").strip()
        if not raw:
            return None
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise InvalidInput(
                _("Give %(name)s as a date and time like 2026-03-02T09:00:00+07:00.", name=name)
            ) from None
        if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise InvalidInput(_("Give %(name)s as a date between the years %(earliest)d and %(latest)d.",
                                 name=name, earliest=EARLIEST_YEAR, latest=LATEST_YEAR))
        return (moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)).astimezone(UTC)

    return parse("start_date"), parse("end_date")


def _listing() -> tuple[services.PublicListing, int]:
    args = request.args
    limit = args.get("limit", str(DEFAULT_LIMIT)).strip()
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_LIMIT:
        raise InvalidInput(_("Give limit as a number from 1 to %(count)d.", count=MAX_LIMIT))
    codes = tuple(code.strip() for code in args.get("service_request_id", "").split(",") if code.strip())
    if len(codes) > MAX_IDS:
        raise InvalidInput(_("Ask for at most %(count)d service_request_id at once.", count=MAX_IDS))
    if codes:
        return services.PublicListing(unit=_jurisdiction(), kind=CaseKind.feedback.value, codes=codes), int(limit)
    service_code = args.get("service_code", "").strip()
    if service_code and service_code not in {field.value for field in CaseField}:
        raise InvalidInput(_("Give a service_code from the list at services.json."))
    statuses = {status.strip() for status in args.get("status", "").split(",") if status.strip()}
    if not statuses <= {"open", "closed"}:
        raise InvalidInput(_("Give status as open or closed."))
    start, end = _dates()
    return services.PublicListing(
        unit=_jurisdiction(),
        kind=CaseKind.feedback.value,
        field=service_code,
        status=statuses.pop() if len(statuses) == 1 else "",
        received_from=start,
        received_until=end,
    ), int(limit)


@bp.get("/requests.json")
def list_requests():
    """Published feedback, newest first."""
    listing, limit = _listing()
    return jsonify([_item(case) for case in services.list_published(listing, limit=limit)[0]])


@bp.get("/requests/<code>.json")
def show_request(code: str):
    """One published request, or the submitter's own with its private token."""
    token = request.args.get("token", "")
    case = None
    if token:
        try:
            case = services.case_by_token(token)
        except NotFound:
            case = None
        if case is not None and case.code != services.normalize_code(code):
            case = None
    case = case or published_case(code)
    if case.kind != CaseKind.feedback:
        raise NotFound(_("No published case has this tracking code."))
    return jsonify([_item(case)])
