"""GET /: where a citizen starts: find their commune. The front page is the commune finder, so it belongs to the
units feature, as a blueprint of its own ("home") like disclosures' feeds."""

from flask import Blueprint, render_template

from portal.core.httpcache import kept_for_readers, public_page
from portal.units.forms import CommuneFinderForm
from portal.units.services import list_provinces, unit_content

bp = Blueprint("home", __name__)


@bp.get("/")
@kept_for_readers(unit_content)
def index():
    provinces = list_provinces()
    return public_page(
        lambda: render_template("home/index.html", form=CommuneFinderForm(), provinces=provinces),
        [(province.code, province.name) for province in provinces],
    )
