"""/periods: site administrators read the legal periods of every step of every kind of case, add new ones and
mark seeded ones as checked against the law."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user, login_required

from portal.core.i18n import _
from portal.core.pages import acted, data_from, form_page, form_route
from portal.periods import services
from portal.periods.forms import PeriodForm

bp = Blueprint("periods", __name__, url_prefix="/periods")


@bp.get("/")
@login_required
def index():
    groups = services.grouped_periods(current_user)
    return render_template(
        "periods/index.html",
        groups=groups,
        may_manage=lambda row: services.may_manage_period_for(current_user, row.unit),
        unverified=sum(1 for group in groups for row in group.rows if not row.is_verified),
    )


@form_route(bp, "/new")
def new():
    services.check_may_see_periods(current_user)
    form = PeriodForm()

    def add_period():
        data = data_from(form, services.NewPeriod, legal_basis_en=form.legal_basis_en.data or "",
                         unit_code=form.unit_code.data or "")
        services.add_period(current_user, data)

    return form_page(form, add_period, template="periods/new.html",
                     message=_("The new period is recorded. Deadlines follow it from the day it takes effect."),
                     to=url_for("periods.index"))


@bp.post("/<int:period_id>/verify")
@login_required
def verify(period_id: int):
    services.verify_period(current_user, period_id)
    return acted(_("The period is marked as checked against the law."), url_for("periods.index"))
