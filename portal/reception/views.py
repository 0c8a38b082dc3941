"""The citizen reception schedule of a unit (/reception/?unit=CODE): its rules, the next dates moved off days off,
calendar files, and for officials the link to record a visit as a case."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from portal.accounts.access import has_role
from portal.accounts.models import Role
from portal.core.calendar import load_calendar
from portal.core.forms import handle_form
from portal.core.i18n import _
from portal.core.ical import CalendarEvent
from portal.core.pages import form_route
from portal.core.responses import calendar_download
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db
from portal.notifications.services import external_url
from portal.reception import services
from portal.reception.forms import WEEKDAYS, ScheduleForm
from portal.reception.models import ReceptionSchedule
from portal.units.services import get_unit_by_code

bp = Blueprint("reception", __name__, url_prefix="/reception")
SHOWN_DATES = 6
FEED_DATES = 12


def _dates(schedule: ReceptionSchedule, count: int):
    return services.next_dates(schedule, local_date(utcnow()), load_calendar(str(get_locale())),
                               count)


@bp.get("/")
def index():
    unit = get_unit_by_code(request.args.get("unit", "")[:32])
    schedules = [(schedule, _dates(schedule, SHOWN_DATES)) for schedule in services.schedules_of(unit)]
    official = current_user.is_authenticated and has_role(current_user, unit, (Role.handler, Role.unit_head))
    keeper = current_user.is_authenticated and has_role(current_user, unit, services.KEEPERS)
    return render_template("reception/index.html", unit=unit, schedules=schedules, official=official, keeper=keeper,
                           weekdays=WEEKDAYS)


def _events(schedule: ReceptionSchedule) -> list[CalendarEvent]:
    host = current_app.config["PORTAL_BASE_URL"].split("//")[-1]
    link = external_url("reception.index", unit=schedule.unit.code)
    return [
        CalendarEvent(uid=f"reception-{schedule.id}-{each.day.isoformat()}@{host}",
                      summary=_("Citizen reception: %(unit)s", unit=schedule.unit.name), starts_at=each.starts_at,
                      ends_at=each.ends_at, location=schedule.place,
                      description=_("Received by %(receiver)s.", receiver=schedule.receiver), url=link)
        for each in _dates(schedule, FEED_DATES)
    ]


@bp.get("/<int:schedule_id>.ics")
def schedule_ics(schedule_id: int):
    schedule = services.get_schedule(schedule_id)
    return calendar_download(_("Citizen reception: %(unit)s", unit=schedule.unit.name), _events(schedule),
                f"reception-{schedule.id}.ics")


@bp.get("/unit/<code>.ics")
def unit_feed(code: str):
    unit = get_unit_by_code(code[:32])
    events = [event for schedule in services.schedules_of(unit) for event in _events(schedule)]
    return calendar_download(_("Citizen reception: %(unit)s", unit=unit.name), events, f"reception-{unit.code}.ics")


@form_route(bp, "/new")
def new():
    unit = get_unit_by_code(request.args.get("unit", "")[:32])
    services.check_may_publish_schedule(current_user, unit)
    form = ScheduleForm()

    def data():
        weekday = form.weekday.data
        return services.NewSchedule(
            recurrence=form.recurrence.data or "", day_of_month=form.day_of_month.data,
            weekday=int(weekday) if weekday and weekday.isdigit() else None, starts=form.starts.data,
            ends=form.ends.data, place=form.place.data or "", receiver=form.receiver.data or "",
            day_off_rule=form.day_off_rule.data or "",
        )

    def done(_schedule):
        flash(_("The reception schedule is published."), "success")
        return redirect(url_for("reception.index", unit=unit.code))

    return handle_form(form, lambda: services.publish_schedule(unit, data(), current_user, now=utcnow()),
                       page=lambda status: render_template("reception/new.html", unit=unit, form=form), done=done)


@bp.post("/<int:schedule_id>/withdraw")
@login_required
def withdraw(schedule_id: int):
    schedule = services.get_schedule(schedule_id)
    services.withdraw_schedule(schedule, current_user, now=utcnow())
    db.session.commit()
    flash(_("The reception schedule is withdrawn."), "success")
    return redirect(url_for("reception.index", unit=schedule.unit.code))

