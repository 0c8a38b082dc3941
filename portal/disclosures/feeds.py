"""/feeds/disclosures.atom: new disclosures for feed readers and other sites, with the same filters as the list."""

from flask import Blueprint, request

from portal.core.pages import atom_feed
from portal.core.timeutil import utcnow
from portal.disclosures import lists
from portal.disclosures.forms import ListingForm
from portal.disclosures.views import listing_from
from portal.units.services import get_unit_by_code

bp = Blueprint("feeds", __name__, url_prefix="/feeds")


@bp.get("/disclosures.atom")
def disclosures():
    unit = get_unit_by_code(request.args["unit"]) if request.args.get("unit") else None
    form = ListingForm(request.args)
    form.category.choices = []
    now = utcnow()
    entries = []
    if form.validate():
        entries, _next = lists.list_public(listing_from(form, unit), now=now, limit=50)
    return atom_feed("disclosures/feed.xml", "feeds.disclosures", request.args, now=now, entries=entries, unit=unit)
