from flask import Blueprint, render_template

from portal.units.services import get_unit_by_code

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.get("/")
def index():
    return render_template("units/index.html")


@bp.get("/<code>")
def show(code):
    return render_template("units/show.html", unit=get_unit_by_code(code))
