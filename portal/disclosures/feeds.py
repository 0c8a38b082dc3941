"""/feeds/disclosures.atom: new disclosures for feed readers and other sites, with the same filters as the list."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale

from portal.core.timeutil import utcnow
from portal.disclosures import lists
from portal.disclosures.forms import ListingForm
from portal.disclosures.models import DisclosureStatus
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
        listing = lists.Listing(
            unit=unit,
            category_code=form.category.data or "",
            query=form.q.data or "",
            year=form.year.data,
            status=DisclosureStatus(form.status.data) if form.status.data else None,
        )
        entries, _next = lists.list_public(listing, now=now, limit=50)
    base = current_app.config["PORTAL_BASE_URL"]
    body = render_template(
        "disclosures/feed.xml",
        entries=entries,
        unit=unit,
        now=now,
        base=base,
        language=str(get_locale()),
        self_url=base + url_for("feeds.disclosures", **request.args),
    )
    return current_app.response_class(body, mimetype="application/atom+xml")
