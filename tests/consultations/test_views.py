"""The pages: a resident reads a part and comments on it with no account; officials open, moderate, synthesize
and close; refused forms come back with what was typed."""

from datetime import timedelta
from io import BytesIO

import docx
import pytest

from portal.consultations import services, synthesis
from portal.consultations.models import Comment, Consultation, Disposition, Moderation
from portal.core.timeutil import start_of_local_day
from portal.extensions import db
from tests.clock import pinned
from tests.conftest import multipart_in_memory
from tests.consultations.conftest import OPENED_AT, article

DURING = OPENED_AT + timedelta(days=2)


@pytest.fixture
def moved(client):
    """POST a form that succeeds: the answer is a redirect."""

    def post(url, *, expected_status=302, **kwargs):
        response = client.post(url, **kwargs)
        assert response.status_code == expected_status, response.get_data(as_text=True)[:2000]
        return response

    return post


def _after(consultation):
    return start_of_local_day(consultation.ends_on + timedelta(days=1)) + timedelta(hours=3)


def test_a_unit_lists_its_open_consultations(page, opened, draft, english_pages):
    with pinned(DURING):
        soup = page(f"/consultations/?unit={opened.unit.code}")
    links = [a.get_text(strip=True) for a in soup.select("ul.unit-list a")]
    assert links == ["Dự thảo Quy chế dân chủ xã Tân Trung"]
    assert soup.select_one("link[type='application/atom+xml']")


def test_drafts_are_hidden_from_the_public(page, draft):
    page(f"/consultations/{draft.id}", expected_status=404)


def test_the_consultation_page_shows_parts_counts_and_days_left(page, opened, handler, english_pages):
    sent = services.submit_comment(opened, services.NewComment(text="Ý kiến", part_id=article(opened, 3).id),
                                   sender="x", now=DURING)
    services.moderate_comment(handler, sent, None, now=DURING)
    with pinned(DURING):
        soup = page(f"/consultations/{opened.id}")
    # published 02/03/2026; the 20th day, Sunday 22/03, moves to Monday 23/03; today is 04/03
    assert soup.select_one(".days-left").get_text(strip=True) == "20 days left, today included"
    item = soup.select_one(f"#part-{article(opened, 3).id}")
    assert "Điều 3. Họp thôn" in item.get_text() and "1 comment" in item.get_text()


def test_a_resident_comments_on_article_three_without_an_account(page, client, opened, english_pages):
    part = article(opened, 3)
    url = f"/consultations/{opened.id}/parts/{part.id}"
    with pinned(DURING):
        soup = page(url)
        assert soup.select_one("h1").get_text(strip=True) == "Điều 3. Họp thôn"
        assert "Thông báo trước ít nhất 5 ngày" in soup.select_one(".part-text").get_text()
        response = client.post(url, data={"text": "<script>alert(1)</script> Họp ba lần", "author_name": "An",
                                          "is_named": "y", "email": "an@example.vn"})
    assert response.status_code == 302
    stored = db.session.scalars(db.select(Comment)).one()
    assert stored.part_id == part.id and stored.moderation == Moderation.pending
    services.moderate_comment(None, stored, None, now=DURING)
    with pinned(DURING):
        soup = page(url)
    shown = soup.select_one(f"#comment-{stored.id} .comment-text")
    assert shown.get_text() == "<script>alert(1)</script> Họp ba lần"
    assert soup.find("script", string=lambda text: text and "alert" in text) is None


def test_a_refused_comment_comes_back_with_its_text(page, opened, english_pages):
    url = f"/consultations/{opened.id}/parts/{article(opened, 3).id}"
    with pinned(DURING):
        soup = page(url, method="post", expected_status=422,
                    data={"text": "Nội dung\x00 của tôi", "email": "không phải email"})
    assert "Nội dung của tôi" in soup.select_one("#text").get_text()
    assert soup.select_one("#email")["value"] == "không phải email"
    assert "invisible character" in soup.select_one(".error-summary").get_text()
    assert db.session.scalars(db.select(Comment)).all() == []


def test_the_same_comment_twice_gets_a_translated_message(moved, page, opened):
    url = f"/consultations/{opened.id}/comment"
    with pinned(DURING):
        moved(url, data={"text": "Đồng ý toàn bộ"}, expected_status=302)
        soup = page(url, method="post", data={"text": "đồng ý toàn bộ!"}, expected_status=422)
    assert "đã được nhận" in soup.select_one(".error-summary").get_text()
    assert len(db.session.scalars(db.select(Comment)).all()) == 1


def test_a_flood_of_posts_is_rate_limited_with_the_text_kept(moved, app, page, opened, monkeypatch, english_pages):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", "2 per minute")
    url = f"/consultations/{opened.id}/comment"
    with pinned(DURING):
        for n in range(2):
            moved(url, data={"text": f"Ý kiến {n}"}, expected_status=302)
        soup = page(url, method="post", data={"text": "Ý kiến thứ ba"}, expected_status=429)
    assert "Too many forms" in soup.select_one(".error-summary").get_text()
    assert "Ý kiến thứ ba" in soup.select_one("#text").get_text()
    assert len(db.session.scalars(db.select(Comment)).all()) == 2


def test_the_honeypot_refuses_robots(page, opened):
    with pinned(DURING):
        page(f"/consultations/{opened.id}/comment", method="post", data={"text": "spam", "website": "x"},
             expected_status=422)


def test_an_official_opens_a_consultation_and_the_chair_publishes(moved, page, login, handler, head, commune,
                                                                   english_pages):
    login(handler)
    soup = page(f"/consultations/new?unit={commune.code}")
    assert len(soup.select("#areas input[type=checkbox]")) == 2
    soup = page(f"/consultations/new?unit={commune.code}", method="post", expected_status=422,
                data={"matter": "democracy_regulation", "title": "Dự thảo", "draft_text": "Điều 1. A\nB",
                      "period_days": "19", "channels": ["portal"]})
    assert "19 days is too short" in soup.select_one("#period_days-error").get_text()
    assert soup.select_one("#title")["value"] == "Dự thảo"
    response = moved(f"/consultations/new?unit={commune.code}", expected_status=302,
                    data={"matter": "democracy_regulation", "title": "Dự thảo", "draft_text": "Điều 1. A\nB",
                          "period_days": "20", "channels": ["portal", "meeting"],
                          "areas": [str(commune.children[0].id)]})
    consultation = db.session.scalars(db.select(Consultation)).one()
    assert response.headers["Location"].endswith(f"/consultations/{consultation.id}/manage")
    soup = page(f"/consultations/{consultation.id}/publish", method="post", expected_status=422)
    assert "Only the chair" in soup.select_one(".error-summary").get_text()
    moved("/accounts/logout", expected_status=302)
    login(head)
    moved(f"/consultations/{consultation.id}/publish", expected_status=302)
    assert consultation.ends_on is not None


def test_a_long_pasted_draft_within_its_limit_is_read_whole(moved, login, handler, commune):
    """A draft near MAX_DRAFT characters is over 500 KB as the browser sends it (multipart): it opens, whole."""
    article = "Điều {n}. " + "Quy định về việc thực hiện dân chủ ở cơ sở tại thôn, tổ dân phố trên địa bàn xã. " * 1200
    draft = "\n".join(article.format(n=n) for n in range(1, 6))
    assert len(draft) < services.MAX_DRAFT and len(draft.encode()) > 600_000
    login(handler)
    moved(f"/consultations/new?unit={commune.code}", expected_status=302,
          **multipart_in_memory({"matter": "land_use", "title": "Dự thảo", "draft_text": draft, "period_days": "30",
                                 "channels": ["portal"]}))
    consultation = db.session.scalars(db.select(Consultation)).one()
    assert [part.number for part in consultation.draft_parts] == [f"Điều {n}." for n in range(1, 6)]
    assert all(part.text.count("Quy định về việc thực hiện") == 1200 for part in consultation.draft_parts)


def test_a_docx_draft_is_read_and_split(moved, page, login, handler, commune):
    document = docx.Document()
    for line in ("Chương I", "Điều 1. Phạm vi", "Nội dung", "Điều 2. Đối tượng", "Công dân"):
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    login(handler)
    moved(f"/consultations/new?unit={commune.code}", expected_status=302,
         data={"matter": "land_use", "title": "Dự thảo", "draft_text": "", "period_days": "30",
               "channels": ["portal"], "document": (BytesIO(buffer.getvalue()), "du-thao.docx")},
         content_type="multipart/form-data")
    consultation = db.session.scalars(db.select(Consultation)).one()
    assert [part.number for part in consultation.draft_parts] == ["Chương I", "Điều 1.", "Điều 2."]


def test_officials_moderate_synthesize_and_close(moved, page, login, client, opened, handler, head, english_pages):
    sent = services.submit_comment(opened, services.NewComment(text="Họp ba lần", part_id=article(opened, 3).id,
                                                               email="an@example.vn"), sender="x", now=DURING)
    login(handler)
    with pinned(DURING):
        soup = page(f"/consultations/{opened.id}/manage")
        assert soup.select_one(f"#moderate-{sent.id}")
        moved(f"/consultations/{opened.id}/comments/{sent.id}/moderate",
             data={f"c{sent.id}-refusal": ""}, expected_status=302)
    assert sent.moderation == Moderation.published
    after = _after(opened)
    with pinned(after):
        moved(f"/consultations/{opened.id}/groups", data={"title": "Số lần họp"}, expected_status=302)
        group = opened.groups[0]
        moved(f"/consultations/{opened.id}/assign", data={"group": str(group.id),
                                                                         "comments": [str(sent.id)]},
             expected_status=302)
        soup = page(f"/consultations/{opened.id}/close", method="post", expected_status=422)
        assert "Only the chair" in soup.select_one("#close-errors-title").find_parent().get_text()
        unanswered = soup.select_one(f"p:has(> a[href='#moderate-{sent.id}'])")
        assert "1 comment has no answer yet" in unanswered.get_text()
        soup = page(f"/consultations/{opened.id}/groups/{group.id}/answer", method="post",
                    data={f"g{group.id}-disposition": "accepted", f"g{group.id}-answer": ""}, expected_status=422)
        assert "Say what changed" in soup.select_one(f"#g{group.id}-errors-title").find_parent().get_text()
        moved(f"/consultations/{opened.id}/groups/{group.id}/answer",
             data={f"g{group.id}-disposition": "accepted", f"g{group.id}-answer": "Điều 3 đã sửa."},
             expected_status=302)
        moved(f"/consultations/{opened.id}/synthesis-text", data={"synthesis_text": "Một ý kiến."},
             expected_status=302)
        moved(f"/consultations/{opened.id}/revision", expected_status=302,
             data={"revised_text": "Điều 3. Họp thôn\nThôn họp ít nhất ba lần mỗi năm."})
        soup = page(f"/consultations/{opened.id}/close", method="post", expected_status=422)
        assert "Only the chair" in soup.select_one("#close-errors-title").find_parent().get_text()
        moved("/accounts/logout", expected_status=302)
        login(head)
        moved(f"/consultations/{opened.id}/close", expected_status=302)
        moved("/accounts/logout", expected_status=302)
        soup = page(f"/consultations/{opened.id}")
    assert group.disposition == Disposition.accepted and opened.closed_at is not None
    answer = soup.select_one(f"#comment-{sent.id} .answer").get_text()
    assert "Accepted" in answer and "Điều 3 đã sửa." in answer
    assert soup.select_one("#changes") is not None and soup.select_one(".change-changed ins")
    with pinned(after):
        printable = page(f"/consultations/{opened.id}/synthesis")
    assert "Số lần họp" in printable.select_one(".group h2").get_text()


def test_exports_and_feed(client, opened, handler):
    sent = services.submit_comment(opened, services.NewComment(text="Gọi 0912345678"), sender="x", now=DURING)
    services.moderate_comment(handler, sent, None, now=DURING)
    csv_response = client.get(f"/consultations/{opened.id}/comments.csv")
    assert csv_response.mimetype == "text/csv" and "0912345678" not in csv_response.get_data(as_text=True)
    xlsx = client.get(f"/consultations/{opened.id}/comments.xlsx")
    assert xlsx.data[:2] == b"PK"
    feed = client.get(f"/consultations/feed.atom?unit={opened.unit.code}")
    assert feed.mimetype == "application/atom+xml" and opened.title in feed.get_data(as_text=True)
    assert client.get("/consultations/feed.atom?unit=NOPE").status_code == 404


@pytest.mark.parametrize("path", ["/consultations/{id}/parts/999999", "/consultations/999999"])
def test_unknown_parts_and_consultations_are_404(page, opened, path):
    page(path.format(id=opened.id), expected_status=404)


def test_refused_comments_are_not_answered_by_groups(opened, handler):
    sent = services.submit_comment(opened, services.NewComment(text="Đồ ngu"), sender="x", now=DURING)
    services.moderate_comment(handler, sent, "abuse", now=DURING)
    assert synthesis.unanswered(opened) == []


def test_attachments_are_checked_kept_and_downloaded(moved, page, client, login, handler, head, commune):
    login(handler)
    url = f"/consultations/new?unit={commune.code}"
    fields = {"matter": "land_use", "title": "Quy hoạch sử dụng đất", "draft_text": "Điều 1. Nội dung\nA",
              "channels": ["portal"]}
    soup = page(url, method="post", expected_status=422, content_type="multipart/form-data",
                data={**fields, "period_days": "99999999999999999999",
                      "attachments": (BytesIO(b"%PDF-1.4\n%%EOF\n"), "ban-do.pdf")})
    assert soup.select_one("#period_days-error") is not None
    kept = soup.select_one("input[name='attachments-kept']")
    assert kept is not None and kept.has_attr("checked")
    moved(url, content_type="multipart/form-data",
          data={**fields, "period_days": "25", "attachments-kept": kept["value"]})
    consultation = db.session.scalars(db.select(Consultation)).one()
    (attached,) = consultation.attachments
    assert attached.filename == "ban-do.pdf" and attached.content_type == "application/pdf"
    services.publish_consultation(head, consultation)
    moved("/accounts/logout")
    response = client.get(f"/consultations/{consultation.id}/files/{attached.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Disposition"].startswith("attachment")


def test_an_official_records_a_comment_from_a_village_meeting(moved, page, login, opened, handler, english_pages):
    login(handler)
    url = f"/consultations/{opened.id}/record"
    with pinned(DURING):
        soup = page(url)
        assert len(soup.select("#part_id option")) == len(opened.draft_parts) + 1
        soup = page(url, method="post", expected_status=422,
                    data={"channel": "meeting", "received_on": "2020-01-01", "text": "Ý kiến hội nghị"})
        assert "Enter the day it was received" in soup.select_one("#received_on-error").get_text()
        assert "Ý kiến hội nghị" in soup.select_one("#text").get_text()
        moved(url, data={"channel": "meeting", "received_on": "2026-03-03", "text": "Ý kiến hội nghị",
                         "part_id": str(article(opened, 3).id)})
    (recorded,) = opened.comments
    assert recorded.channel.value == "meeting" and recorded.moderation == Moderation.published


def test_strangers_cannot_manage(page, login, opened, create_user):
    login(create_user())
    page(f"/consultations/{opened.id}/manage", expected_status=403)


def test_a_part_is_commented_on_beside_the_list_without_javascript(page, client, opened, english_pages):
    part = article(opened, 3)
    with pinned(DURING):
        soup = page(f"/consultations/{opened.id}")
        form = soup.select_one(f"#part-{part.id} details.inline-comment form")
        assert form["action"] == f"/consultations/{opened.id}/parts/{part.id}"
        assert soup.select_one(f"label[for=inline-comment-{part.id}]").get_text(strip=True) == "Your comment"
        response = client.post(form["action"], data={"text": "Thôn nên họp ba lần mỗi năm"})
    assert response.status_code == 302
    stored = db.session.scalars(db.select(Comment)).one()
    assert (stored.part_id, stored.text) == (part.id, "Thôn nên họp ba lần mỗi năm")
    assert stored.moderation == Moderation.pending


def test_a_closed_consultation_offers_no_inline_form(page, opened):
    with pinned(_after(opened)):
        soup = page(f"/consultations/{opened.id}")
    assert soup.select("details.inline-comment") == []
    assert soup.select(".draft-parts li")
