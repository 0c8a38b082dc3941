"""The citizen's side of cases, through the test client: submit, receipt, tracking, private page, public pages."""

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from portal.cases import lifecycle, services, submission
from portal.cases.models import Case, CaseFile, CaseStatus
from portal.casework import actions
from portal.casework import services as casework
from portal.core.errors import NotAllowed
from portal.core.timeutil import utcnow
from portal.notifications.models import OutboxMessage

pytestmark = pytest.mark.usefixtures("english_pages")

PERSONAL = ("Lê Văn Bình", "0912 345 678", "binh@example.vn", "079123456789")
HOSTILE = "<script>alert('x')</script>"



def test_the_form_speaks_vietnamese_by_default(client, page, commune):
    client.delete_cookie("lang")
    soup = page(f"/cases/new/complaint?place={commune.code}")
    assert soup.find("html")["lang"] == "vi"
    assert soup.select_one("label[for=title]").get_text(strip=True).startswith("Tiêu đề")
    assert "Gửi yêu cầu" in soup.select_one("main form button[type=submit]:not([name])").get_text()


def form_data(commune, **overrides):
    data = {
        "field": "land",
        "place": commune.code,
        "title": "Đường thôn Đông bị sạt lở",
        "description": "Đoạn đường bê tông thôn Đông bị sạt lở sau mưa lớn, xe máy đi lại nguy hiểm.",
        "location": "Gần cầu thôn Đông",
        "name": "Lê Văn Bình",
        "phone": "0912 345 678",
        "email": "binh@example.vn",
        "address": "Thôn Đông, xã Tân Trung",
        "id_number": "079123456789",
        "is_public_consent": "y",
        "is_resident": "y",
        "decision_known_on": "2026-01-05",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, kind, data, **kwargs):
    return client.post(f"/cases/new/{kind}", data=data, content_type="multipart/form-data", **kwargs)


def body_text(soup) -> str:
    return soup.get_text(" ", strip=True)


def textarea(soup, field_id) -> str:
    """A textarea's text as the browser shows it (the first newline WTForms writes is not part of it)."""
    return soup.select_one(f"#{field_id}").get_text().removeprefix("\r\n")


def token_of(response) -> str:
    return re.search(r"/cases/t/([^/]+)/receipt$", response.headers["Location"]).group(1)


def test_step_one_explains_each_kind_and_keeps_the_place(page, commune):
    soup = page(f"/cases/new?place={commune.code}")
    links = [a["href"] for a in soup.select(".kind-list a.button")]
    assert len(links) == 5
    assert f"/cases/new/complaint?place={commune.code}" in links
    assert "90" in soup.select_one("li:has(> #kind-complaint)").get_text()
    assert "secret" in soup.select_one("li:has(> #kind-denunciation)").get_text()


@pytest.mark.parametrize("kind", ["feedback", "complaint", "denunciation", "information_request", "dialogue_request"])
def test_submit_journey_for_each_kind(client, page, commune, handler, db_session, kind):
    form = page(f"/cases/new/{kind}?place={commune.code}")
    assert form.select_one("select#place option[selected]")["value"] == commune.code
    assert (form.select_one("#is_public_consent") is None) == (kind == "denunciation")
    assert (form.select_one("#decision_known_on") is None) == (kind != "complaint")
    response = submit(client, kind, form_data(commune))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    token = token_of(response)
    receipt = page(response.headers["Location"])
    case = db_session.scalar(select(Case).order_by(Case.id.desc()))
    assert receipt.select_one(".receipt-code").get_text(strip=True) == case.code
    assert receipt.select_one(".receipt-qr img")["src"].startswith("data:image/svg+xml")
    assert commune.name in receipt.select_one(".receipt-unit").get_text()
    assert receipt.response.headers["Cache-Control"] == "no-store"
    assert receipt.select_one('meta[name=robots]')["content"] == "noindex"
    assert case.kind == kind and case.is_public_consent == (kind != "denunciation")
    mail = db_session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "binh@example.vn"))
    assert mail is not None and token in mail.body
    assert services.case_by_token(token) == case


def test_feedback_without_any_contact_is_anonymous_and_queues_no_mail(client, commune, db_session):
    data = form_data(commune, name="", phone="", email="", address="", id_number="")
    assert submit(client, "feedback", data).status_code == 302
    assert db_session.scalar(select(Case)).is_anonymous
    assert db_session.scalar(select(OutboxMessage)) is None


def test_missing_identity_keeps_the_text(page, commune, db_session):
    data = form_data(commune, name="", address="", description="Cán bộ địa chính thu tiền trái phép của dân.")
    soup = page("/cases/new/denunciation", method="post", data=data, expected_status=422)
    summary = soup.select_one(".error-summary")
    assert [link["href"] for link in summary.select("a")] == ["#name", "#address"]
    assert "name of the person" in soup.select_one("#name-error").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one("#title")["value"] == data["title"]
    assert soup.select_one("#phone")["value"] == data["phone"]
    assert db_session.scalar(select(Case)) is None


def test_information_request_needs_the_residence_checkbox(page, commune):
    soup = page("/cases/new/information_request", method="post", data=form_data(commune, is_resident=None),
                expected_status=422)
    assert "live in this commune" in soup.select_one(".error-summary").get_text()


def test_hostile_html_comes_out_escaped(client, page, commune):
    response = submit(client, "feedback", form_data(commune, title=HOSTILE, description=HOSTILE * 3))
    token = token_of(response)
    receipt = page(response.headers["Location"])
    assert receipt.select_one(".receipt-title").get_text() == HOSTILE
    assert not receipt.select("main script")
    private = page(f"/cases/t/{token}")
    assert private.select_one(".case-description").get_text() == HOSTILE * 3
    assert "<script>alert" not in private.response.get_data(as_text=True)


def test_huge_description_is_refused_with_the_text_kept(page, commune, db_session):
    huge = "Sạt lở " * 3000
    soup = page("/cases/new/feedback", method="post", data=form_data(commune, description=huge), expected_status=422)
    assert soup.select_one("#description-error")
    assert textarea(soup, "description") == huge.strip()
    assert db_session.scalar(select(Case)) is None


def test_finding_the_place_is_a_get_that_never_counts_as_a_submission(app, page, commune, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", "1 per minute")
    step = page("/cases/new/feedback")
    assert step.select_one("form.place-finder")["method"] == "get"
    assert step.select_one("form[method=post]") is None
    for _attempt in range(3):
        found = page("/cases/new/feedback?place_query=tan+trung")
    assert found.select_one("select#place option[selected]")["value"] == commune.code
    assert found.select_one("form[method=post]")
    nothing = page("/cases/new/feedback?place_query=khong+co+dau")
    not_found = nothing.select_one("form.place-finder + p.error-message")
    assert "No commune, ward or village has this name" in not_found.get_text()
    missing = page("/cases/new/feedback", method="post", data=form_data(commune, place=None), expected_status=422)
    assert "commune, ward or village" in missing.select_one(".error-summary").get_text()


def test_database_down_shows_the_form_again_with_503(page, commune, monkeypatch, db_session):
    def down(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(submission, "submit_case", down)
    data = form_data(commune)
    soup = page("/cases/new/complaint", method="post", data=data, expected_status=503)
    assert "Nothing you wrote was lost" in soup.select_one(".error-summary").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one("#name")["value"] == data["name"]


def test_honeypot_refuses_without_saving(page, commune, db_session):
    soup = page("/cases/new/feedback", method="post", data=form_data(commune, website="http://spam.example"),
                expected_status=422)
    assert soup.select_one(".error-summary")
    assert db_session.scalar(select(Case)) is None


def test_unknown_kind_is_404(client):
    assert client.get("/cases/new/petition").status_code == 404


def test_tracking_shows_progress_without_personal_data(page, create_case, handler, db_session):
    submitted = create_case(contact=lifecycle.Contact(name="Lê Văn Bình", phone="0912 345 678",
                                                     email="binh@example.vn", address="Thôn Đông",
                                                     id_number="079123456789"))
    case = submitted.case
    actions.request_information(case, handler, "Ông Lê Văn Bình cho biết đoạn đường dài bao nhiêu mét?",
                                 now=case.received_at)
    services.supply_information(case, "Dài 50 mét, gọi 0912 345 678", now=case.received_at)
    db_session.commit()
    soup = page(f"/cases/track?code={case.code.lower().replace('-', ' ')}")
    assert soup.select_one(".case-code").get_text() == case.code
    assert soup.select_one(".case-status").get_text() == str(CaseStatus.received.title)
    assert soup.select(".event-info_requested") and soup.select(".event-info_supplied")
    text = body_text(soup)
    for secret in (*PERSONAL, case.description, "Dài 50 mét"):
        assert secret not in text
    assert soup.response.headers["Cache-Control"] == "no-store"


def test_wrong_tracking_code_says_so(page):
    soup = page("/cases/track?code=PA-00000-00000", expected_status=404)
    assert "No case has this tracking code" in soup.select_one("#code-error").get_text()
    empty = page("/cases/track")
    assert empty.select_one("#code") is not None and empty.select_one(".error-summary") is None


def test_tracking_is_rate_limited(client):
    statuses = [client.get("/cases/track?code=PA-00000-00000").status_code for _ in range(21)]
    assert statuses[-1] == 429 and 429 not in statuses[:20]


def test_invalid_private_link_is_404(client):
    assert client.get("/cases/t/not-a-token").status_code == 404
    assert client.get("/cases/t/not-a-token/receipt").status_code == 404


def test_supply_information_journey(client, page, create_case, handler, db_session):
    submitted = create_case()
    actions.request_information(submitted.case, handler, "Đoạn đường dài bao nhiêu mét?", now=utcnow())
    db_session.commit()
    soup = page(f"/cases/t/{submitted.token}")
    assert "bao nhiêu mét" in soup.select_one(".case-action blockquote").get_text()
    empty = page(f"/cases/t/{submitted.token}/info", method="post", data={"text": ""}, expected_status=422)
    assert empty.select_one("#text-error")
    response = client.post(f"/cases/t/{submitted.token}/info", data={"text": "Khoảng 50 mét."})
    assert response.status_code == 302
    assert submitted.case.status == CaseStatus.received
    after = page(f"/cases/t/{submitted.token}")
    assert after.select_one("#text") is None
    assert "Khoảng 50 mét." in after.select_one(".event-info_supplied blockquote").get_text()
    late = page(f"/cases/t/{submitted.token}/info", method="post", data={"text": "Thêm nữa"}, expected_status=422)
    assert textarea(late, "text") == "Thêm nữa"


def test_rate_and_reopen_journeys(client, page, create_case, handler, db_session):
    submitted = create_case(now=utcnow())
    case = submitted.case
    actions.accept_case(case, handler, now=utcnow())
    actions.answer_case(case, handler, "Xã sẽ sửa đường trong tháng này.", now=utcnow())
    db_session.commit()
    soup = page(f"/cases/t/{submitted.token}")
    assert soup.select_one("#rating") and soup.select_one("#reason")
    bad = page(f"/cases/t/{submitted.token}/rate", method="post", data={"rating": "9", "comment": "Tốt lắm"},
               expected_status=422)
    assert textarea(bad, "comment") == "Tốt lắm"
    assert client.post(f"/cases/t/{submitted.token}/rate", data={"rating": "4", "comment": "Tốt"}).status_code == 302
    assert case.rating == 4
    assert page(f"/cases/t/{submitted.token}").select_one("#rating") is None
    assert client.post(f"/cases/t/{submitted.token}/reopen", data={"reason": "Chưa sửa."}).status_code == 302
    assert case.status == CaseStatus.accepted and case.reopen_count == 1
    refused = page(f"/cases/t/{submitted.token}/reopen", method="post", data={"reason": "Lần nữa"},
                   expected_status=422)
    assert textarea(refused, "reason") == "Lần nữa"


def test_published_and_unpublished_visibility(page, create_case, handler, db_session, commune):
    shown = create_case(title="Rác thải ở chợ", is_public_consent=True)
    hidden = create_case(title="Đèn đường hỏng", is_public_consent=True)
    casework.publish_case(shown.case, handler, "Rác thải ở chợ Tân Trung",
                          "Ông Lê Văn Bình (0912 345 678) báo rác thải tồn đọng ở chợ.", now=utcnow())
    db_session.commit()
    listing = page(f"/cases/?unit={commune.code}")
    titles = [a.get_text() for a in listing.select(".case-list a")]
    assert titles == ["Rác thải ở chợ Tân Trung"]
    assert page("/cases/?q=CHO tan").select(".case-list a")
    assert not page("/cases/?q=cho den").select(".case-list a")
    public = page(f"/cases/{shown.case.code}")
    assert "rác thải tồn đọng" in public.select_one(".case-description").get_text()
    text = body_text(public)
    for secret in (*PERSONAL, shown.case.description):
        assert secret not in text
    page(f"/cases/{hidden.case.code}", expected_status=404)


def test_denunciation_is_never_public(create_case, handler, page):
    submitted = create_case(kind="denunciation", is_public_consent=True)
    with pytest.raises(NotAllowed):
        casework.publish_case(submitted.case, handler, "Tố cáo", "Nội dung tố cáo chi tiết.", now=utcnow())
    page(f"/cases/{submitted.case.code}", expected_status=404)


def test_unit_and_home_pages_link_to_cases(page, commune):
    unit_page = page(f"/units/{commune.code}")
    assert unit_page.select_one("a.send-case")["href"] == f"/cases/new?place={commune.code}"
    assert unit_page.select_one("a.unit-cases")["href"] == f"/cases/?unit={commune.code}"
    assert page("/").select_one('a[href="/cases/new"]')


def test_private_file_is_served_with_safe_headers(client, commune, db_session):
    data = form_data(commune)
    data["files"] = [(__import__("io").BytesIO(b"%PDF-1.4 minimal"), "biên bản.pdf")]
    response = submit(client, "feedback", data)
    token = token_of(response)
    stored = db_session.scalar(select(CaseFile))
    served = client.get(f"/cases/t/{token}/files/{stored.id}")
    assert served.status_code == 200 and served.data == b"%PDF-1.4 minimal"
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in served.headers["Cache-Control"]
    assert client.get(f"/cases/t/{token}/files/{stored.id + 1}").status_code == 404
