"""Consultations in the one search: a draft for its unit's officials, the published draft's parts for everyone, a
comment only once moderated, in its masked words."""

from datetime import timedelta

from portal.consultations import services
from portal.extensions import db
from portal.search.query import Filters, search
from tests.consultations.conftest import OPENED_AT, article


def found(query, user=None):
    hits = search(query, user, Filters(kind="consultation"), now=OPENED_AT + timedelta(days=1), limit=50).hits
    return [(hit.entry.kind, hit.entry.ref_id) for hit in hits]


def test_a_draft_is_for_its_officials_and_published_for_everyone(draft, handler, head):
    assert found("hom thu gop y") == []
    assert found("hom thu gop y", handler) == [("consultation", draft.id)]
    services.publish_consultation(head, draft, now=OPENED_AT)
    db.session.flush()
    assert found("hòm thư góp ý") == [("consultation", draft.id)]


def test_a_comment_is_found_once_moderated_and_masked(opened, head):
    words = services.NewComment(text="Nên đặt thêm hòm thư ở chợ Đình, gọi 0912345678", part_id=article(opened, 4).id)
    comment = services.submit_comment(opened, words, sender="203.0.113.9", now=OPENED_AT)
    db.session.flush()
    assert found("chợ Đình") == []
    services.moderate_comment(head, comment, None, now=OPENED_AT)
    db.session.flush()
    assert found("chợ Đình") == [("consultation", opened.id)]
    assert found("0912345678") == []
