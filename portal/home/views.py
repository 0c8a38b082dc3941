"""GET /: where a citizen starts: find their commune."""

from flask import Blueprint, render_template

from portal.units.forms import UnitSearchForm
from portal.units.services import list_provinces

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    return render_template("home/index.html", form=UnitSearchForm(), provinces=list_provinces())
