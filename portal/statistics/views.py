"""/statistics/<unit code>: how a unit and the units below it handled citizens' cases in a year."""

from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from portal.core.timeutil import local_date, utcnow
from portal.statistics import services
from portal.statistics.forms import YearForm
from portal.units.services import get_unit_by_code

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.get("/<code>")
def unit(code: str):
    unit = get_unit_by_code(code)
    now = utcnow()
    form = YearForm(MultiDict({"year": str(local_date(now).year), **request.args.to_dict()}))
    statistics = services.unit_statistics(unit, form.year.data, now) if form.validate() else None
    return render_template("statistics/unit.html", unit=unit, form=form, statistics=statistics)
