"""GET /api/v1/search: the same search as /search, as JSON, best first and keyset-paged by `cursor` (not `after`,
which every list reads as an id)."""

from flask import jsonify
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from portal.core.errors import DomainError
from portal.core.httpcache import kept_for_readers, public_page
from portal.core.urls import absolute_url
from portal.search import query as search_query
from portal.search.index import public_results
from portal.search.snippets import SNIPPET_CHARS, highlight
from portal.units.services import find_place, unit_content

blp = Blueprint("search_api", __name__, url_prefix="/api/v1/search",
                description="One search over disclosures, published cases and plans")


class SearchQuerySchema(Schema):
    q = fields.Str(required=True, validate=validate.Length(min=1, max=search_query.MAX_QUERY_CHARS),
                   metadata={"description": 'words in any order, accents optional; "quoted words" in that order'})
    kind = fields.Str(load_default="", validate=validate.Length(max=32),
                      metadata={"description": "disclosure, case, plan, dialogue or consultation"})
    unit = fields.Str(load_default="", validate=validate.Length(max=32),
                      metadata={"description": "a unit's code: that unit and every unit below it"})
    category = fields.Str(load_default="", validate=validate.Length(max=64),
                          metadata={"description": "a disclosure category's code, or a case's kind"})
    year = fields.Int(load_default=None, validate=validate.Range(min=1900, max=2200))
    status = fields.Str(load_default="", validate=validate.Length(max=32))
    cursor = fields.Str(load_default=None, validate=validate.Length(max=100),
                        metadata={"description": "the `next` of the previous page"})
    limit = fields.Int(load_default=search_query.PAGE_SIZE, validate=validate.Range(min=1, max=100))


class SearchUnitSchema(Schema):
    code = fields.Str()
    name = fields.Str()


class HitSchema(Schema):
    kind = fields.Str(metadata={"description": "disclosure, case, plan, dialogue or consultation"})
    id = fields.Int(allow_none=True,
                    metadata={"description": "the disclosure's or plan's id; a case is named by its code in `url`"})
    title = fields.Str()
    snippet = fields.Str(metadata={"description": "HTML: the text escaped, the words found inside <mark>"})
    unit = fields.Nested(SearchUnitSchema, allow_none=True)
    date = fields.Date(allow_none=True)
    status = fields.Str()
    category = fields.Str()
    is_public = fields.Bool()
    url = fields.Str()


class SearchPageSchema(Schema):
    results = fields.List(fields.Nested(HitSchema))
    next = fields.Str(allow_none=True, metadata={"description": "pass as `cursor` for the next page; null on the last"})
    capped = fields.Bool(metadata={"description": f"more entries matched than are ranked: the newest "
                                                  f"{search_query.MAX_RANKED} were; add a word or a filter to "
                                                  f"reach older ones"})


def _hit(hit, words, units) -> dict:
    entry = hit.entry
    unit = units.get(entry.unit_id)
    return {
        "kind": entry.kind, "id": entry.ref_id if entry.kind != "case" else None, "title": entry.title,
        "snippet": str(highlight(entry.body or entry.title, words, width=SNIPPET_CHARS)),
        "unit": {"code": unit.code, "name": unit.name} if unit else None, "date": entry.shown_on,
        "status": entry.status, "category": entry.category, "is_public": entry.audience == "public",
        "url": absolute_url(entry.endpoint, **entry.url_args),
    }


@blp.route("")
@blp.arguments(SearchQuerySchema, location="query")
@blp.response(200, SearchPageSchema)
@kept_for_readers(unit_content, public_results)
def search(arguments):
    """What the caller may see (the public, or a signed-in official's units as well) matching every word."""
    unit = find_place(arguments["unit"]) if arguments["unit"] else None
    if arguments["unit"] and unit is None:
        abort(404, message="There is no unit with this code.")
    filters = search_query.Filters(kind=arguments["kind"], unit=unit, category=arguments["category"],
                                   year=arguments["year"], status=arguments["status"])
    try:
        page = search_query.search(arguments["q"], current_user, filters, cursor=arguments["cursor"],
                                   limit=arguments["limit"])
    except DomainError as error:
        abort(422, message=str(error))
    shown = [[(hit.entry.id, hit.entry.indexed_at, hit.score) for hit in page.hits], page.next_cursor, page.capped]
    return public_page(lambda: jsonify(SearchPageSchema().dump(_answer(page))), shown)


def _answer(page: search_query.Page) -> dict:
    units = search_query.units_of(page.hits)
    return {"results": [_hit(hit, page.terms.words, units) for hit in page.hits], "next": page.next_cursor,
            "capped": page.capped}
