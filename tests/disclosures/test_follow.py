"""Following a unit's disclosures by email: the whole journey through the pages, and the announcing job."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.core.errors import InvalidInput, NotFound
from portal.core.timeutil import utcnow
from portal.disclosures import follows, services
from portal.disclosures.models import DisclosureAnnouncement, DisclosureFollow
from portal.notifications.models import OutboxMessage

EMAIL = "nguoidan@example.vn"


def _mails(db_session, kind, recipient=EMAIL):
    return db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind, OutboxMessage.recipient == recipient)
    ).all()


def _link(body: str, kind: str) -> str:
    return urlsplit(re.search(rf"http://localhost(/disclosures/follow/{kind}/\S+)", body).group(0)).path


def _follow_through_the_pages(page, client, db_session, unit, category=""):
    soup = page(f"/disclosures/follow?unit={unit.code}&category={category}")
    assert soup.select_one("form input[name=email]") is not None
    response = client.post(f"/disclosures/follow?unit={unit.code}", data={"email": EMAIL, "category": category})
    assert response.status_code == 302
    sent = page(response.headers["Location"])
    assert EMAIL not in sent.get_text()
    [mail] = _mails(db_session, "follow_confirm")
    confirm = _link(mail.body, "confirm")
    soup = page(confirm)
    assert soup.select_one("form[method=post] button") is not None
    response = client.post(confirm)
    assert response.status_code == 302
    return mail


def _scheduled(draft, head, start, **fields):
    disclosure = draft(start=start, **fields)
    services.approve_disclosure(head, disclosure, now=utcnow())
    return disclosure


def test_a_citizen_follows_and_hears_once_of_a_scheduled_disclosure_going_live(
    page, client, db_session, draft, head, commune
):
    assert page(f"/disclosures/?unit={commune.code}").select_one(f"a[href^='/disclosures/follow?unit={commune.code}']")
    confirm_mail = _follow_through_the_pages(page, client, db_session, commune)
    assert "/disclosures/follow/stop/" in confirm_mail.body
    follow = db_session.scalars(select(DisclosureFollow)).one()
    assert follow.confirmed_at is not None and follow.confirm_token_hash is None
    assert client.post(_link(confirm_mail.body, "confirm")).status_code == 404, "the link works once"

    start = utcnow() + timedelta(days=2)
    disclosure = _scheduled(draft, head, start, title="Kế hoạch sử dụng đất năm 2027")
    assert follows.announce_posted_disclosures(now=utcnow()) == 0, "still scheduled"
    assert follows.announce_posted_disclosures(now=start + timedelta(hours=1)) == 1
    assert follows.announce_posted_disclosures(now=start + timedelta(hours=2)) == 0
    [mail] = _mails(db_session, "disclosure_posted")
    assert mail.reference == f"disclosure:{disclosure.id}"
    assert "Kế hoạch sử dụng đất năm 2027" in mail.subject and commune.name in mail.subject
    assert f"http://localhost/disclosures/{disclosure.id}" in mail.body
    assert mail.unsubscribe_url and mail.unsubscribe_url in mail.body
    assert db_session.scalar(select(DisclosureAnnouncement.recipients)) == 1

    stop = _link(mail.body, "stop")
    assert page(stop).select_one("form[method=post] button") is not None
    assert client.post(stop).status_code == 302
    later = utcnow() + timedelta(days=5)
    _scheduled(draft, head, later, title="Dự toán ngân sách 2027")
    assert follows.announce_posted_disclosures(now=later + timedelta(hours=1)) == 0
    assert len(_mails(db_session, "disclosure_posted")) == 1


def test_the_one_click_unsubscribe_of_mail_programs_needs_no_form(client, db_session, commune):
    follow = follows.request_follow(EMAIL, commune, None, language="vi")
    token = follows.unsubscribe_token(follow)
    response = client.post(f"/disclosures/follow/stop/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert follow.unsubscribed_at is not None
    assert client.post("/disclosures/follow/stop/forged.token").status_code == 404


def test_following_one_category_hears_only_of_it(db_session, draft, head, commune):
    now = utcnow()
    follow = follows.request_follow(EMAIL, commune, services.category_by_code("ngan-sach"), language="en", now=now)
    follows.confirm_follow(_token_from(db_session), now=now)
    other = _scheduled(draft, head, now + timedelta(days=1), category="kt-xh")
    budget = _scheduled(draft, head, now + timedelta(days=1), category="ngan-sach", title="Dự toán 2027")
    assert follows.announce_posted_disclosures(now=now + timedelta(days=2)) == 1
    [mail] = _mails(db_session, "disclosure_posted")
    assert mail.reference == f"disclosure:{budget.id}" and mail.language == "en"
    assert follow.category.code == "ngan-sach" and other.id != budget.id


def _token_from(db_session) -> str:
    [mail] = _mails(db_session, "follow_confirm")
    return _link(mail.body, "confirm").rsplit("/", 1)[1]


def test_staff_only_disclosures_are_never_announced(db_session, draft, head, commune):
    now = utcnow()
    follows.request_follow(EMAIL, commune, None, language="vi", now=now)
    follows.confirm_follow(_token_from(db_session), now=now)
    _scheduled(draft, head, now + timedelta(days=1), category="noi-bo-co-quan", title="Nội bộ")
    assert follows.announce_posted_disclosures(now=now + timedelta(days=2)) == 0
    assert _mails(db_session, "disclosure_posted") == []
    with pytest.raises(InvalidInput):
        follows.request_follow(EMAIL, commune, services.category_by_code("noi-bo-co-quan"), language="vi", now=now)


def test_disclosures_live_before_the_confirmation_are_not_announced(db_session, draft, head, commune):
    now = utcnow()
    _scheduled(draft, head, now + timedelta(hours=1), title="Đã niêm yết trước")
    follows.request_follow(EMAIL, commune, None, language="vi", now=now)
    follows.confirm_follow(_token_from(db_session), now=now + timedelta(hours=2))
    assert follows.announce_posted_disclosures(now=now + timedelta(hours=3)) == 0


def test_unconfirmed_addresses_receive_nothing_but_the_confirmation(db_session, draft, head, commune):
    now = utcnow()
    follows.request_follow(EMAIL, commune, None, language="vi", now=now)
    follows.request_follow(EMAIL, commune, None, language="vi", now=now + timedelta(minutes=1))
    assert len(_mails(db_session, "follow_confirm")) == 1, "no second mail within minutes"
    _scheduled(draft, head, now + timedelta(hours=1))
    assert follows.announce_posted_disclosures(now=now + timedelta(hours=2)) == 0
    assert db_session.scalar(select(func.count()).select_from(DisclosureFollow)) == 1


def test_an_expired_confirmation_link_is_refused(db_session, commune):
    now = utcnow()
    follows.request_follow(EMAIL, commune, None, language="vi", now=now)
    with pytest.raises(InvalidInput):
        follows.confirm_follow(_token_from(db_session), now=now + timedelta(days=8))
    with pytest.raises(NotFound):
        follows.confirm_follow("not-a-token", now=now)


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("a" * 250 + "@example.vn", "Enter an email address of at most 254 characters."),
        ("<script>alert(1)</script>@example.vn", "Enter an email address in the form name@example.vn."),
        ("", "Enter your email address."),
    ],
)
def test_hostile_or_wrong_addresses_are_refused_with_a_clear_message(
    page, client, db_session, commune, email, message
):
    client.set_cookie("lang", "en")
    soup = page(f"/disclosures/follow?unit={commune.code}", method="post", expected_status=422, data={"email": email})
    assert message in soup.select_one(".error-summary").get_text()
    assert soup.find("script", string=re.compile("alert")) is None
    assert db_session.scalars(select(DisclosureFollow)).all() == []
    assert db_session.scalars(select(OutboxMessage)).all() == []


def test_the_honeypot_catches_robots_quietly(client, db_session, commune):
    response = client.post(
        f"/disclosures/follow?unit={commune.code}", data={"email": EMAIL, "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert db_session.scalars(select(DisclosureFollow)).all() == []


def test_following_is_rate_limited(client, commune):
    statuses = [
        client.post(f"/disclosures/follow?unit={commune.code}", data={"email": f"n{i}@example.vn"}).status_code
        for i in range(6)
    ]
    assert statuses[:5] == [302] * 5 and statuses[5] == 429


def test_addresses_never_appear_on_public_pages(page, client, db_session, draft, head, commune):
    _follow_through_the_pages(page, client, db_session, commune)
    disclosure = _scheduled(draft, head, utcnow() - timedelta(minutes=1))
    for url in (f"/disclosures/?unit={commune.code}", f"/disclosures/{disclosure.id}", f"/units/{commune.code}"):
        assert EMAIL not in client.get(url).get_data(as_text=True)
