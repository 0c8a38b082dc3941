"""/calendar: the working-day calendar every deadline is computed with, and a deadline calculator."""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from portal.calendar import services
from portal.calendar.forms import DeadlineForm, DeclareDayForm
from portal.core.calendar import FIRST_YEAR, LAST_YEAR, Count, DayKind, Period, PeriodUnit
from portal.core.errors import InvalidInput
from portal.core.forms import handle_form
from portal.core.i18n import _, show_date
from portal.core.pages import form_route
from portal.core.timeutil import local_date, utcnow
from portal.extensions import db

bp = Blueprint("calendar", __name__, url_prefix="/calendar")


def _requested_year() -> int:
    """This year in Vietnam unless one is asked for; a year that is not a number is a page that does not exist."""
    raw = request.args.get("year", "")
    if not raw:
        return local_date(utcnow()).year
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4):
        abort(404)
    return int(raw)


def _calculate(form: DeadlineForm) -> Count | None:
    if "start" not in request.args or not form.validate():
        return None
    try:
        period = Period(form.amount.data, PeriodUnit(form.unit.data))
        return services.count_period(form.start.data, period, str(get_locale()))
    except InvalidInput as error:
        form.start.errors.append(str(error))
        return None


def _render_year(declare_form: DeclareDayForm):
    year = _requested_year()
    days = services.year_overview(year, str(get_locale()))
    deadline_form = DeadlineForm(request.args)
    # Alike plans.reading's PlanProposal(...) only as a call with one named argument a line.
    return render_template(
        "calendar/year.html",
        year=year,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
        days=days,
        deadline_form=deadline_form,
        deadline=_calculate(deadline_form),
        declare_form=declare_form,
        may_declare=services.may_change_calendar(current_user),
    )


@bp.get("/")
def year():
    return _render_year(DeclareDayForm())


@form_route(bp, "/days", methods=["POST"])
def declare():
    if not services.may_change_calendar(current_user):
        abort(403)
    form = DeclareDayForm()

    def done(_result):
        flash(_("%(date)s has been recorded. Deadlines count with it, and the open cases it changes have moved.",
                date=show_date(form.day.data)),
              "success")
        return redirect(url_for("calendar.year", year=form.day.data.year))

    return handle_form(form, lambda: services.declare_day(current_user, form.day.data, DayKind(form.kind.data),
                                                          form.note.data, now=utcnow()),
                       page=lambda status: _render_year(form), done=done)


@bp.post("/days/<int:day_id>/cancel")
@login_required
def cancel(day_id: int):
    day = services.cancel_day(current_user, day_id, now=utcnow())
    db.session.commit()
    flash(_("The declaration of %(date)s has been cancelled.", date=show_date(day)), "success")
    return redirect(url_for("calendar.year", year=day.year))
