"""Rendered public pages are kept per process by their ETag, so a crowd on one page costs no render per visit."""

from flask import render_template_string

from portal.core import httpcache


def test_a_page_with_the_same_etag_is_rendered_once(app):
    renders = []

    def render():
        renders.append(1)
        return render_template_string("<p>{{ n }}</p>", n=len(renders))

    with app.test_request_context("/disclosures/1"):
        first = httpcache.public_page(render, {"id": 1, "version": 1})
    with app.test_request_context("/disclosures/1"):
        second = httpcache.public_page(render, {"id": 1, "version": 1})
    with app.test_request_context("/disclosures/1"):
        corrected = httpcache.public_page(render, {"id": 1, "version": 2})
    assert len(renders) == 2
    assert first.get_data() == second.get_data() == b"<p>1</p>"
    assert corrected.get_data() == b"<p>2</p>"
    assert first.headers["ETag"] == second.headers["ETag"] != corrected.headers["ETag"]


def test_the_store_keeps_only_the_most_recent_pages(app, monkeypatch):
    monkeypatch.setattr(httpcache, "RENDERED_PAGES_KEPT", 3)
    for number in range(5):
        with app.test_request_context(f"/disclosures/{number}"):
            httpcache.public_page(lambda: "<p>page</p>", {"id": number})
    assert len(httpcache._rendered) == 3


def test_an_error_page_is_not_kept(app):
    with app.test_request_context("/disclosures/9"):
        httpcache.public_page(lambda: ("<p>gone</p>", 404), {"id": 9})
    assert len(httpcache._rendered) == 0
