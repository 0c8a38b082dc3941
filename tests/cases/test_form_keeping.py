"""Nothing a citizen writes or attaches is lost when the form is refused, whatever refuses it (issue 11)."""

import sqlite3
import time
from io import BytesIO

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from portal.cases import submission
from portal.cases.models import Case, CaseStatus
from portal.casework import actions
from portal.core import keptfiles
from portal.core.timeutil import utcnow
from tests.cases.test_views import form_data, textarea
from tests.conftest import multipart_in_memory

pytestmark = pytest.mark.usefixtures("english_pages")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def post_case(page, kind, data, status, **kwargs):
    return page(f"/cases/new/{kind}", method="post", data=data, content_type="multipart/form-data",
                expected_status=status, **kwargs)


def kept_tokens(soup) -> list[str]:
    return [box["value"] for box in soup.select(".kept-files input[type=checkbox][name=files-kept]")]


def test_a_complaint_with_six_problems_shows_six_errors_in_one_send_each_linked(page, commune, db_session):
    data = form_data(commune, field="", title="", description="ngắn", name="", address="", email="not-an-email")
    soup = post_case(page, "complaint", data, 422)
    links = [link["href"] for link in soup.select(".error-summary a")]
    assert links == ["#field", "#title", "#description", "#name", "#email", "#address"]
    for href in links:
        assert soup.select_one(f"{href}-error"), href
        assert soup.select_one(href)
    assert soup.select_one("#phone")["value"] == data["phone"]
    assert db_session.scalar(select(Case)) is None


def test_a_pasted_text_over_half_a_megabyte_comes_back_with_its_error_not_a_bare_413(page, commune, db_session):
    """Browsers send this form as multipart; Werkzeug's default refused over 500 KB of its text before any view ran."""
    description = ("Đường thôn Đông sạt lở. " * 25_000).strip()
    assert len(description.encode()) > 500_000
    soup = page("/cases/new/feedback", method="post", expected_status=422,
                **multipart_in_memory(form_data(commune, description=description)))
    assert "10000 characters" in soup.select_one("#description-error").get_text()
    assert textarea(soup, "description") == description
    assert db_session.scalar(select(Case)) is None


def test_files_are_kept_on_a_refusal_and_attached_on_the_next_send(page, client, commune, db_session):
    data = form_data(commune, title="")
    data["files"] = [(BytesIO(PDF), "biên bản.pdf")]
    refused = post_case(page, "feedback", data, 422)
    assert "biên bản.pdf" in refused.select_one(".kept-files").get_text()
    tokens = kept_tokens(refused)
    assert len(tokens) == 1
    again = form_data(commune, title="Đường thôn Đông bị sạt lở")
    again["files-kept"] = tokens
    response = client.post("/cases/new/feedback", data=again, content_type="multipart/form-data")
    assert response.status_code == 302
    case = db_session.scalar(select(Case))
    assert [file.filename for file in case.files] == ["biên bản.pdf"]


def test_an_unticked_kept_file_is_left_out_and_a_forged_token_names_nothing(page, client, commune, db_session):
    data = form_data(commune, title="")
    data["files"] = [(BytesIO(PDF), "a.pdf")]
    kept = kept_tokens(post_case(page, "feedback", data, 422))
    forged = kept[0][:-4] + ("AAAA" if not kept[0].endswith("AAAA") else "BBBB")
    assert keptfiles.kept_file(forged) is None
    response = client.post("/cases/new/feedback", data={**form_data(commune), "files-kept": [forged]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db_session.scalar(select(Case)).files == []


def test_expired_kept_files_are_removed(app, page, commune, case_uploads):
    data = form_data(commune, title="")
    data["files"] = [(BytesIO(PDF), "a.pdf")]
    token = kept_tokens(post_case(page, "feedback", data, 422))[0]
    with app.test_request_context():
        assert keptfiles.kept_file(token) is not None
        assert keptfiles.remove_expired(time.time() + keptfiles.KEEP_SECONDS + 1) == 1
        assert keptfiles.kept_file(token) is None


def test_a_lost_session_keeps_the_text_and_the_files(app, page, commune, monkeypatch, db_session):
    """Mobile browsers drop the session cookie when they restore a tab: the CSRF token no longer matches."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    data = form_data(commune, csrf_token="a-token-from-a-session-that-is-gone")
    data["files"] = [(BytesIO(PDF), "ảnh.pdf")]
    soup = post_case(page, "complaint", data, 422)
    assert "Your session expired" in soup.select_one(".error-summary").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one("#name")["value"] == data["name"]
    assert "ảnh.pdf" in soup.select_one(".kept-files").get_text()
    assert soup.select_one("input[name=csrf_token]")["value"]
    assert db_session.scalar(select(Case)) is None


@pytest.mark.parametrize(("limit", "wait"), [("1 per minute", "in 1 minute"), ("1 per day", "in 24 hours")])
def test_a_rate_limit_shows_the_form_again_with_the_real_waiting_time(app, page, commune, monkeypatch, db_session,
                                                                      limit, wait):
    monkeypatch.setitem(app.config, "PORTAL_SUBMIT_LIMIT", limit)
    post_case(page, "feedback", form_data(commune, title=""), 422)
    data = form_data(commune, description="Nước thải chảy ra đường thôn Đông mỗi sáng.")
    data["files"] = [(BytesIO(PDF), "a.pdf")]
    soup = post_case(page, "feedback", data, 429)
    assert wait in soup.select_one(".error-summary").get_text()
    assert int(soup.response.headers["Retry-After"]) > 0
    assert textarea(soup, "description") == data["description"]
    assert kept_tokens(soup)
    assert db_session.scalar(select(Case)) is None


def test_the_database_away_before_the_place_is_found_keeps_the_text(page, commune, monkeypatch, db_session):
    def down(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("could not connect to server"))

    db_session.commit()
    monkeypatch.setattr(submission, "place_for", down)
    data = form_data(commune)
    data["files"] = [(BytesIO(PDF), "a.pdf")]
    soup = post_case(page, "complaint", data, 503)
    assert "Nothing you wrote was lost" in soup.select_one(".error-summary").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one("select#place option[selected]")["value"] == commune.code
    assert kept_tokens(soup)


def test_nul_in_a_field_is_a_field_error_with_the_rest_kept(page, commune, db_session):
    data = form_data(commune, description="Đường thôn Đông\x00 bị sạt lở sau mưa lớn.")
    soup = post_case(page, "feedback", data, 422)
    assert soup.select_one("#description-error")
    assert soup.select_one(".error-summary a[href='#description']")
    assert textarea(soup, "description") == "Đường thôn Đông bị sạt lở sau mưa lớn."
    assert db_session.scalar(select(Case)) is None


@pytest.mark.parametrize(("action", "field", "text"), [("reopen", "reason", "Đường vẫn chưa được sửa."),
                                                       ("rate", "comment", "Trả lời chưa đầy đủ.")])
def test_rate_and_reopen_without_their_token_show_the_form_with_the_text(app, page, create_case, handler,
                                                                         monkeypatch, db_session, action, field,
                                                                         text):
    submitted = create_case(now=utcnow())
    actions.accept_case(submitted.case, handler, now=utcnow())
    actions.answer_case(submitted.case, handler, "Xã sẽ sửa đường trong tháng này.", now=utcnow())
    db_session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    soup = page(f"/cases/t/{submitted.token}/{action}", method="post", data={field: text, "rating": "2"},
                expected_status=422)
    summary = soup.select_one(f".error-summary[aria-labelledby={action}-errors-title]")
    assert "Your session expired" in summary.get_text()
    assert textarea(soup, field) == text
    assert submitted.case.status == CaseStatus.answered


def test_the_database_stopping_mid_submission_keeps_the_text(page, commune, monkeypatch, db_session):
    """The case row is already written when the database goes away: on PostgreSQL the connection is killed from
    another one, on SQLite the driver's error is raised at the same point. Nothing is saved; the text comes back."""
    from portal.cases import files as case_files
    from portal.extensions import db

    attach = case_files.attach
    if db.engine.dialect.name == "postgresql":
        backend = db_session.execute(text("SELECT pg_backend_pid()")).scalar()

        def stop_the_database(*args, **kwargs):
            with db.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
            return attach(*args, **kwargs)
    else:
        def stop_the_database(*args, **kwargs):
            raise OperationalError("INSERT INTO case_files", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(case_files, "attach", stop_the_database)
    data = form_data(commune, description="Cống thoát nước thôn Đông bị tắc, nước tràn vào nhà dân.")
    data["files"] = [(BytesIO(PDF), "a.pdf")]
    soup = post_case(page, "complaint", data, 503)
    assert "Nothing you wrote was lost" in soup.select_one(".error-summary").get_text()
    assert textarea(soup, "description") == data["description"]
    assert soup.select_one("#name")["value"] == data["name"]
    assert kept_tokens(soup)
