"""A citizen without an account lists their own requests through a link mailed to the address they gave."""

import re

from sqlalchemy import select

from portal.cases import lifecycle
from portal.mycases import services
from portal.notifications.models import OutboxMessage


def _link(db_session) -> str:
    mail = db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "my_cases")).one()
    return re.search(r"http://localhost(/my-cases/\S+)", mail.body).group(1)


def test_the_mailed_link_lists_every_case_of_that_address(create_case, page, client, db_session):
    first = create_case().case
    second = create_case(kind="complaint", title="Khiếu nại quyết định thu hồi đất").case
    create_case(contact=lifecycle.Contact(email="other@example.vn"), title="Của người khác")
    response = client.post("/my-cases/", data={"email": " BINH@example.vn "})
    assert response.headers["Location"].endswith("/my-cases/sent")
    listing = page(_link(db_session))
    codes = [link.get_text() for link in listing.select("tbody td a")]
    assert codes == [second.code, first.code]
    assert listing.response.headers["Cache-Control"] == "no-store"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db_session):
    response = client.post("/my-cases/", data={"email": "nobody@example.vn"})
    assert response.headers["Location"].endswith("/my-cases/sent")
    assert db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "my_cases")).all() == []


def test_bad_addresses_are_refused_with_a_clear_message(page):
    soup = page("/my-cases/", method="post", expected_status=422, data={"email": "x" * 300})
    assert soup.select_one(".error-summary li")
    assert soup.select_one("#email")["value"] == "x" * 300


def test_robots_filling_the_honeypot_get_no_mail(create_case, client, db_session):
    create_case()
    assert client.post("/my-cases/", data={"email": "binh@example.vn", "website": "http://spam"}).status_code == 302
    assert db_session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "my_cases")).all() == []


def test_a_forged_or_expired_link_is_refused(page, monkeypatch):
    page("/my-cases/forged-token", expected_status=404)
    monkeypatch.setattr(services, "LINK_VALID", services.LINK_VALID * 0 - services.LINK_VALID)
    token = services._signer().dumps("abc")
    page(f"/my-cases/{token}", expected_status=404)


def test_hostile_titles_are_escaped(create_case, page, client, db_session):
    create_case(title="<script>alert(1)</script> đường hỏng")
    assert client.post("/my-cases/", data={"email": "binh@example.vn"}).status_code == 302
    listing = page(_link(db_session))
    assert listing.find("script", string=re.compile("alert")) is None
    assert "<script>alert(1)</script>" in listing.select_one("tbody td:nth-of-type(2)").get_text()
