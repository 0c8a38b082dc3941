"""/search: one search box over what the reader may see, results grouped by kind; /search/feed.atom follows one.

The public's answers are kept pages (portal/core/httpcache.py): a crowd repeating the searches of the day is
answered by the front door while no public entry changes (`index.public_results`) and for at most a minute.
"""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from portal.core.errors import DomainError
from portal.core.forms import place_error
from portal.core.httpcache import kept_for_readers, public_page
from portal.core.pages import atom_feed
from portal.search import query as search_query
from portal.search.forms import SearchForm
from portal.search.index import public_results
from portal.search.snippets import SNIPPET_CHARS, highlight
from portal.search.sources import SOURCES
from portal.units.services import find_place, unit_content

bp = Blueprint("search", __name__, url_prefix="/search")
FEED_SIZE = 50


def _filters(form: SearchForm) -> search_query.Filters:
    unit = find_place(request.args.get("unit")) if request.args.get("unit") else None
    return search_query.Filters(
        kind=form.kind.data or "", unit=unit, category=form.category.data or "",
        year=form.year.data, status=form.status.data or "",
    )


def _shown(page: search_query.Page | None) -> list:
    return [(hit.entry.id, hit.entry.indexed_at, hit.entry.unit_id) for hit in page.hits] if page else []


@bp.get("")
@kept_for_readers(unit_content, public_results)
def index():
    form = SearchForm(request.args)
    filters, page, suggestion = search_query.Filters(), None, None
    if form.validate() and form.q.data:
        filters = _filters(form)
        try:
            page = search_query.search(form.q.data, current_user, filters, cursor=request.args.get("cursor"))
        except DomainError as error:
            place_error(form, error)
        if page is not None and not page.hits and not request.args.get("cursor"):
            suggestion = search_query.suggest(form.q.data, current_user, filters)
    status = 422 if form.errors else 200
    shown = [_shown(page), page.next_cursor if page else None, page and page.capped, form.errors, form.category.choices,
             (suggestion.query, suggestion.old_unit and suggestion.old_unit.id,
              [unit.id for unit in suggestion.new_units]) if suggestion else None]
    return public_page(lambda: (render_template(
        "search/index.html", form=form, page=page, filters=filters, suggestion=suggestion, sources=SOURCES,
        max_ranked=search_query.MAX_RANKED,
        units=search_query.units_of(page.hits) if page else {},
        snippet=lambda entry: highlight(entry.body or entry.title, page.terms.words, width=SNIPPET_CHARS),
        marked=lambda text: highlight(text, page.terms.words),
    ), status), shown)


@bp.get("/feed.atom")
@kept_for_readers(unit_content, public_results)
def feed():
    """The newest public results of a search, for a feed reader: what anyone may see, whoever asks."""
    form = SearchForm(request.args)
    hits = []
    if form.validate() and form.q.data:
        try:
            hits = search_query.search(form.q.data, None, _filters(form), limit=FEED_SIZE, newest=True).hits
        except DomainError:
            hits = []
    return public_page(lambda: atom_feed(
        "search/feed.xml", "search.feed", request.args, hits=hits, query=form.q.data or "",
        page_url=current_app.config["PORTAL_BASE_URL"] + url_for("search.index", **request.args),
    ), [(hit.entry.id, hit.entry.indexed_at) for hit in hits])
