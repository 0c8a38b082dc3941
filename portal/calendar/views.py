"""/calendar: the working-day calendar every deadline is computed with, and a deadline calculator."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from portal.accounts.access import is_site_admin
from portal.calendar import services
from portal.calendar.forms import DeadlineForm, DeclareDayForm
from portal.core.calendar import DayKind, Period, PeriodUnit, load_calendar
from portal.core.errors import InvalidInput
from portal.core.i18n import _
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _render_year(declare_form: DeclareDayForm, status: int = 200):
    year = request.args.get("year", type=int) or local_date(utcnow()).year
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        abort(404)
    deadline_form = DeadlineForm(request.args)
    deadline = None
    if "start" in request.args and deadline_form.validate():
        calendar = load_calendar(str(get_locale()))
        period = Period(deadline_form.amount.data, PeriodUnit(deadline_form.unit.data))
        deadline = calendar.deadline(deadline_form.start.data, period)
    page = render_template(
        "calendar/year.html",
        year=year,
        days=services.year_overview(year, str(get_locale())),
        deadline_form=deadline_form,
        deadline=deadline,
        declare_form=declare_form,
        may_declare=is_site_admin(current_user, whole_site=True),
    )
    return page, status


@bp.get("/")
def year():
    return _render_year(DeclareDayForm())


@bp.post("/days")
@login_required
def declare():
    form = DeclareDayForm()
    if form.validate_on_submit():
        try:
            services.declare_day(current_user, form.day.data, DayKind(form.kind.data), form.note.data)
        except InvalidInput as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The day has been recorded. Deadlines from now on count with it."), "success")
            return redirect(url_for("calendar.year", year=form.day.data.year))
    return _render_year(form, 400)


@bp.post("/days/<int:day_id>/cancel")
@login_required
def cancel(day_id: int):
    services.cancel_day(current_user, day_id)
    db.session.commit()
    flash(_("The declared day has been cancelled."), "success")
    return redirect(url_for("calendar.year"))
