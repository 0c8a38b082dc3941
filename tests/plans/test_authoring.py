"""Bringing a plan in: an official sends it, corrects what was read, the head returns or approves it, it is
published with its document disclosed. Services first, without HTTP; then the pages."""

import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.accounts.models import Role
from portal.core.audit import AuditEvent
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.extensions import db
from portal.plans import authoring
from portal.plans.models import PlanStatus
from portal.units.models import Unit
from tests.plans.test_documents import make_docx
from tests.plans.test_reading import sample_text

NOW = datetime(2024, 3, 15, 2, 0, tzinfo=UTC)
LATER = datetime(2024, 3, 16, 2, 0, tzinfo=UTC)
CULTURE = "Phòng Văn hóa và Thông tin"


@pytest.fixture
def admin(create_user, district):
    return create_user(role=Role.unit_admin, unit=district, full_name="Phạm Thị Hoa")


@pytest.fixture
def brought(drafter, district):
    return authoring.bring_in_plan(drafter, district, "ke-hoach.docx", make_docx(sample_text(1)), "", now=NOW)


def _task(plan, starts):
    return next(task for task in plan.tasks if task.text.startswith(starts))


def _data(task, **changes):
    values = dict(number=task.number, text=task.text, lead_text=task.lead_text, lead_unit_id=task.lead_unit_id,
                  cooperating_unit_ids=[unit.id for unit in task.cooperating_units],
                  timeframe_text=task.timeframe_text, starts_on=task.starts_on, ends_on=task.ends_on,
                  cooperating_other=[])
    values.update(changes)
    return authoring.TaskData(**values)


def _redirected(response):
    problems = BeautifulSoup(response.get_data(as_text=True), "html.parser").select(".error-summary")
    assert response.status_code == 302, problems


# Services


def test_a_docx_becomes_a_draft_with_its_original_kept(brought, district, office):
    assert brought.status is PlanStatus.draft
    assert brought.unit == district
    assert brought.source_filename == "ke-hoach.docx"
    assert brought.source_content_type == authoring.DOCX
    review = _task(brought, "Giao Phòng Nội vụ rà soát")
    assert review.lead_unit == office
    assert (review.starts_on, review.ends_on) == (date(2024, 4, 1), date(2024, 6, 30))
    assert CULTURE in authoring.unmatched_names(brought)
    assert [report.due_on for duty in brought.report_duties for report in duty.reports] == [
        date(2024, 5, 5), date(2024, 11, 5)]


def test_pasted_text_is_read_the_same(drafter, district):
    plan = authoring.bring_in_plan(drafter, district, "", None, sample_text(1), now=NOW)
    assert plan.source_filename == "" and plan.source_content_type == authoring.PASTED
    assert authoring.original_text(plan) == sample_text(1).strip()
    assert len(plan.tasks) > 10


def test_only_officials_of_the_unit_bring_plans_in(create_user, district):
    with pytest.raises(NotAllowed):
        authoring.bring_in_plan(create_user(role=Role.handler), district, "", None, sample_text(1), now=NOW)
    with pytest.raises(NotAllowed):
        authoring.bring_in_plan(create_user(role=Role.inspector, unit=district), district, "", None,
                                sample_text(1), now=NOW)


@pytest.mark.parametrize(
    ("filename", "data", "pasted", "field"),
    [
        ("", None, "", "document"),
        ("", None, "   \x00  ", "document"),
        ("a.docx", make_docx(sample_text(1)), sample_text(1), "text"),
        ("", None, "Xin chào, đây không phải kế hoạch.", "text"),
        ("", None, "Kế hoạch " + "x" * (authoring.MAX_PLAN_CHARS + 1), "text"),
    ],
    ids=["nothing", "only-nul", "both", "no-plan", "huge"],
)
def test_refusals_name_their_field(drafter, district, filename, data, pasted, field):
    with pytest.raises(InvalidInput) as refused:
        authoring.bring_in_plan(drafter, district, filename, data, pasted, now=NOW)
    assert refused.value.field == field


def test_a_zip_bomb_dressed_as_docx_is_refused(drafter, district):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (60 * 1024 * 1024))
    with pytest.raises(InvalidInput):
        authoring.bring_in_plan(drafter, district, "bomb.docx", out.getvalue(), "", now=NOW)


def test_a_macro_document_is_refused(drafter, district):
    """An old Word file (where macros live) is no plan the portal reads: it is refused, never opened."""
    with pytest.raises(InvalidInput, match=".docx"):
        authoring.bring_in_plan(drafter, district, "ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
                                "", now=NOW)


def test_a_docm_with_a_vba_project_is_read_as_data(drafter, district):
    """A macro-enabled package is read for its text only; the macro part is never run, nor kept as text."""
    source = io.BytesIO(make_docx(sample_text(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            archive.writestr(info, original.read(info))
        archive.writestr("word/vbaProject.bin", b"Attribute VB_Name = \"AutoOpen\"\nShell \"calc.exe\"")
    plan = authoring.bring_in_plan(drafter, district, "ke-hoach.docm", out.getvalue(), "", now=NOW)
    assert not any("calc.exe" in task.text for task in plan.tasks)
    assert not any("calc.exe" in passage for passage in plan.unread)


def test_hostile_html_is_kept_as_text_and_escaped_on_the_page(page, login, drafter, district):
    text = sample_text(1).replace("Giao Phòng Nội vụ rà soát", "<script>alert(1)</script>Giao Phòng Nội vụ rà soát")
    plan = authoring.bring_in_plan(drafter, district, "", None, text, now=NOW)
    task = _task(plan, "<script>")
    login(drafter)
    soup = page(f"/plans/{plan.id}/review")
    assert soup.find("script", string="alert(1)") is None
    assert "<script>alert(1)</script>" in soup.select_one(f"#task-{task.id}").get_text()


def test_overlong_values_are_cut_and_kept_whole_among_the_unread(drafter, district):
    title = "Về việc " + "rất dài " * 100
    text = sample_text(1).replace("Thực hiện dân chủ ở cơ sở năm 2024", title, 1)
    plan = authoring.bring_in_plan(drafter, district, "", None, text, now=NOW)
    assert len(plan.title) <= 500
    assert any("rất dài rất dài" in passage and len(passage) > 500 for passage in plan.unread)


def test_the_header_is_corrected_and_checked(brought, drafter, district):
    header = authoring.PlanHeader(title="Kế hoạch sửa", number="55/KH-UBND", issued_on=date(2024, 3, 14),
                                  issuer_text="UBND huyện", issuer_unit_id=district.id,
                                  legal_bases=["Căn cứ Luật 10/2022/QH15", " "], starts_on=date(2024, 1, 1),
                                  ends_on=date(2024, 12, 31))
    authoring.update_header(drafter, brought, header, now=LATER)
    assert (brought.title, brought.number, brought.issuer_unit) == ("Kế hoạch sửa", "55/KH-UBND", district)
    assert brought.legal_bases == ["Căn cứ Luật 10/2022/QH15"]
    with pytest.raises(InvalidInput) as refused:
        authoring.update_header(drafter, brought, authoring.PlanHeader(**{**header.__dict__, "title": " "}))
    assert refused.value.field == "title"
    with pytest.raises(InvalidInput):
        authoring.update_header(drafter, brought, authoring.PlanHeader(**{**header.__dict__,
                                                                          "issuer_unit_id": 10**9}))
    with pytest.raises(InvalidInput):
        authoring.update_header(drafter, brought, authoring.PlanHeader(**{**header.__dict__,
                                                                          "ends_on": date(2023, 1, 1)}))


def test_a_body_is_picked_for_a_task(brought, drafter, office):
    task = _task(brought, "Giao Phòng Tư pháp, Phòng Văn hoá")
    assert CULTURE in authoring.unmatched_names(brought) or "Phòng Văn hoá và Thông tin" in authoring.unmatched_names(
        brought)
    authoring.update_task(drafter, task, _data(task, cooperating_unit_ids=[office.id], lead_unit_id=office.id),
                          now=LATER)
    assert task.lead_unit == office and task.lead_text == office.name
    assert task.cooperating_units == [office]
    with pytest.raises(InvalidInput):
        authoring.update_task(drafter, task, _data(task, text=""))
    with pytest.raises(InvalidInput):
        authoring.update_task(drafter, task, _data(task, lead_unit_id=10**12))


def test_a_body_is_created_by_an_administrator_only(brought, drafter, admin, district):
    name = next(name for name in authoring.unmatched_names(brought) if "Văn ho" in name)
    with pytest.raises(NotAllowed):
        authoring.create_body(drafter, brought, name, now=LATER)
    unit = authoring.create_body(admin, brought, name, now=LATER)
    assert unit.parent == district
    assert name not in authoring.unmatched_names(brought)
    assert any(task.lead_unit == unit or unit in task.cooperating_units for task in brought.tasks)
    with pytest.raises(InvalidInput):
        authoring.create_body(admin, brought, "Phòng không có trong kế hoạch", now=LATER)


def test_tasks_are_added_and_removed_with_their_subtasks(brought, drafter):
    parent = brought.root_tasks[0]
    added = authoring.add_task(drafter, brought, parent, _data(parent, number="x)", text="Việc thêm"), now=LATER)
    assert added.parent == parent and added.position > max(t.position for t in parent.children if t is not added)
    count = len(brought.tasks)
    removed = len(authoring._subtree(parent))
    authoring.remove_task(drafter, parent, now=LATER)
    assert len(brought.tasks) == count - removed
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plans.task_removed"))
    assert any(item["text"] == "Việc thêm" for item in event.details["tasks"])


def test_unread_passages_become_tasks_or_are_dismissed_on_record(drafter, district, english_messages):
    text = sample_text(1) + "\n\nĐoạn văn lạc chỗ 1\n\nĐoạn văn lạc chỗ 2\n"
    plan = authoring.bring_in_plan(drafter, district, "", None, text, now=NOW)
    plan.unread = ["Đoạn văn lạc chỗ 1", "Đoạn văn lạc chỗ 2"]
    with pytest.raises(InvalidInput, match="passage"):
        authoring.submit_plan(drafter, plan, now=LATER)
    task = authoring.unread_to_task(drafter, plan, 0, "Đoạn văn lạc chỗ 1", now=LATER)
    assert task.text == "Đoạn văn lạc chỗ 1" and plan.unread == ["Đoạn văn lạc chỗ 2"]
    with pytest.raises(InvalidInput):
        authoring.dismiss_unread(drafter, plan, 0, "Đoạn văn lạc chỗ 1", now=LATER)
    authoring.dismiss_unread(drafter, plan, 0, "Đoạn văn lạc chỗ 2", now=LATER)
    assert plan.unread == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plans.unread_dismissed"))
    assert event.details["text"] == "Đoạn văn lạc chỗ 2"
    authoring.submit_plan(drafter, plan, now=LATER)


def test_report_duties_are_corrected(brought, drafter, office, district):
    duty = brought.report_duties[0]
    authoring.update_duty(drafter, duty, authoring.DutyData(office.id, district.id,
                                                            [date(2024, 6, 1), date(2024, 6, 1)]), now=LATER)
    assert duty.maker_unit == office and duty.recipient_unit == district
    assert [report.due_on for report in duty.reports] == [date(2024, 6, 1)]
    with pytest.raises(InvalidInput):
        authoring.update_duty(drafter, duty, authoring.DutyData(None, None, []))


def test_sent_returned_sent_again_approved_and_published_with_its_disclosure(brought, drafter, head):
    with pytest.raises(InvalidTransition):
        authoring.approve_sent_plan(head, brought)
    authoring.submit_plan(drafter, brought, now=LATER)
    assert brought.status is PlanStatus.submitted
    with pytest.raises(InvalidTransition):
        authoring.update_task(drafter, brought.tasks[0], _data(brought.tasks[0]))
    with pytest.raises(NotAllowed):
        authoring.return_plan(drafter, brought, "Sửa lại")
    with pytest.raises(InvalidInput):
        authoring.return_plan(head, brought, "  ")
    authoring.return_plan(head, brought, "Sửa cơ quan phối hợp.", now=datetime(2024, 3, 17, tzinfo=UTC))
    assert brought.status is PlanStatus.draft and brought.return_note == "Sửa cơ quan phối hợp."
    authoring.submit_plan(drafter, brought, now=datetime(2024, 3, 18, tzinfo=UTC))
    assert brought.status is PlanStatus.submitted
    with pytest.raises(NotAllowed):
        authoring.approve_sent_plan(drafter, brought)
    authoring.approve_sent_plan(head, brought, now=datetime(2024, 3, 19, tzinfo=UTC))
    with pytest.raises(NotAllowed):
        authoring.publish_with_disclosure(drafter, brought, "khac")
    disclosure = authoring.publish_with_disclosure(head, brought, "khac", now=datetime(2024, 3, 20, tzinfo=UTC))
    assert brought.status is PlanStatus.published
    assert brought.disclosure == disclosure and disclosure.approved_at is not None
    assert [a.filename for a in disclosure.attachments] == ["ke-hoach.docx"]
    assert disclosure.attachments[0].sha256 == brought.source_sha256
    assert authoring.plan_of_disclosure(disclosure.id) == brought
    with pytest.raises(InvalidTransition):
        authoring.publish_with_disclosure(head, brought, "khac")


def test_a_plan_without_tasks_is_not_sent(drafter, district):
    plan = authoring.bring_in_plan(drafter, district, "", None, sample_text(1), now=NOW)
    for task in list(plan.root_tasks):
        authoring.remove_task(drafter, task, now=LATER)
    with pytest.raises(InvalidInput):
        authoring.submit_plan(drafter, plan, now=LATER)


# Pages


def test_the_new_plan_page_is_linked_from_the_plans_page_for_officials_only(page, login, district, drafter,
                                                                             english_pages):
    assert page(f"/plans/?unit={district.code}").select_one("a.new-plan") is None
    login(drafter)
    link = page(f"/plans/?unit={district.code}").select_one("a.new-plan")
    assert link["href"] == f"/plans/new?unit={district.code}"
    assert page("/accounts/").select_one(f"a[href='/plans/new?unit={district.code}']") is not None


def test_a_citizen_cannot_open_the_new_plan_page(client, district):
    response = client.get(f"/plans/new?unit={district.code}")
    assert response.status_code == 302 and "/accounts/login" in response.headers["Location"]


def test_an_uploaded_docx_leads_to_the_review(page, login, district, drafter, english_pages):
    login(drafter)
    soup = page(f"/plans/new?unit={district.code}", method="post", follow_redirects=True,
                data={"document": (io.BytesIO(make_docx(sample_text(1))), "ke-hoach.docx")},
                content_type="multipart/form-data")
    assert soup.h1.get_text(strip=True) == "Review of the plan"
    assert soup.select_one(".plan-status").get_text(strip=True) == "Draft"
    assert CULTURE in [item.get_text(strip=True) for item in soup.select(".unmatched-name")] or soup.select(
        ".unmatched-name")


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_refused_upload_answers_422_with_the_text_kept(page, login, client, district, drafter, language):
    client.set_cookie("lang", language)
    login(drafter)
    soup = page(f"/plans/new?unit={district.code}", method="post", expected_status=422,
                data={"text": "Không phải kế hoạch <b>đậm</b>\x00"})
    assert soup.select_one("textarea#text").get_text().strip() == "Không phải kế hoạch <b>đậm</b>"
    message = soup.select_one(".error-summary li").get_text(strip=True)
    assert message.startswith("This text held" if language == "en" else "Nội dung có một ký tự ẩn")


def test_a_refused_file_is_kept_for_the_next_send(page, login, district, drafter, english_pages):
    login(drafter)
    soup = page(f"/plans/new?unit={district.code}", method="post", expected_status=422,
                data={"document": (io.BytesIO(make_docx(sample_text(1))), "ke-hoach.docx"),
                      "text": "cũng dán văn bản"},
                content_type="multipart/form-data")
    assert soup.select_one("#document-kept input[type=checkbox]")["checked"] is not None
    assert soup.select_one("textarea#text").get_text().strip() == "cũng dán văn bản"


def test_the_review_is_for_the_units_officials_only(page, login, client, brought, create_user):
    assert client.get(f"/plans/{brought.id}/review").status_code == 302
    login(create_user(role=Role.handler))
    page(f"/plans/{brought.id}/review", expected_status=404)


def test_a_task_is_corrected_through_its_form(page, login, client, brought, drafter, office, english_pages):
    task = _task(brought, "Giao Phòng Tư pháp, Phòng Văn hoá")
    login(drafter)
    url = f"/plans/{brought.id}/review/tasks/{task.id}"
    form = page(url)
    assert form.select_one("textarea#text").get_text().strip() == task.text
    refused = page(url, method="post", expected_status=422, data={"text": "", "number": "-", "lead_unit_id": ""})
    assert refused.select_one("#text-error") is not None
    _redirected(client.post(url, data={"text": "Tuyên truyền Luật", "number": "-", "lead_unit_id": str(office.id),
                                       "cooperating_other": "Trung tâm Văn hoá", "starts_on": "2024-04-01",
                                       "ends_on": "2024-06-30"}))
    assert task.text == "Tuyên truyền Luật" and task.lead_unit == office
    assert task.cooperating_text == ["Trung tâm Văn hoá"]


def test_the_whole_way_through_the_pages(page, login, client, brought, drafter, head, english_pages):
    login(drafter)
    _redirected(client.post(f"/plans/{brought.id}/review/submit"))
    client.post("/accounts/logout")
    login(head)
    soup = page(f"/plans/{brought.id}/review")
    assert soup.select_one(".plan-status").get_text(strip=True) == "Sent for approval"
    _redirected(client.post(f"/plans/{brought.id}/review/approve"))
    refused = page(f"/plans/{brought.id}/review/publish", method="post", expected_status=422,
                   data={"category": "no-such"})
    assert refused.select_one("#publish-errors-title") is not None
    _redirected(client.post(f"/plans/{brought.id}/review/publish", data={"category": "khac"}))
    plan_page = page(f"/plans/{brought.id}")
    link = plan_page.select_one(f"a[href='/disclosures/{brought.disclosure_id}']")
    assert link is not None
    disclosure_page = page(f"/disclosures/{brought.disclosure_id}")
    assert disclosure_page.select_one("a.plan-link")["href"] == f"/plans/{brought.id}"


def test_the_review_speaks_vietnamese(page, login, brought, drafter):
    login(drafter)
    soup = page(f"/plans/{brought.id}/review")
    assert soup.h1.get_text(strip=True) == "Xem xét kế hoạch"
    assert soup.select_one(".plan-status").get_text(strip=True) == "Bản nháp"


def test_a_created_body_takes_its_tasks(page, login, client, brought, admin, english_pages):
    name = next(name for name in authoring.unmatched_names(brought) if "Văn ho" in name)
    login(admin)
    _redirected(client.post(f"/plans/{brought.id}/review/bodies", data={"name": name}))
    assert db.session.scalar(select(Unit).where(Unit.name == name)) is not None
    refused = page(f"/plans/{brought.id}/review/bodies", method="post", expected_status=422, data={"name": name})
    assert refused.select_one(".error-summary") is not None


def test_the_heading_and_report_pages_refuse_with_what_was_typed(page, login, client, brought, drafter,
                                                                english_pages):
    login(drafter)
    header = page(f"/plans/{brought.id}/review/header")
    assert header.select_one("input#title")["value"] == brought.title
    refused = page(f"/plans/{brought.id}/review/header", method="post", expected_status=422,
                   data={"title": "Kế hoạch mới", "starts_on": "2024-12-31", "ends_on": "2024-01-01"})
    assert refused.select_one("input#title")["value"] == "Kế hoạch mới"
    assert refused.select_one("#ends_on-error") is not None
    duty = brought.report_duties[0]
    url = f"/plans/{brought.id}/review/duties/{duty.id}"
    assert page(url).select_one("textarea#due_dates").get_text().strip() == "05/05/2024"
    refused = page(url, method="post", expected_status=422, data={"due_dates": "31/02/2024"})
    assert refused.select_one("textarea#due_dates").get_text().strip() == "31/02/2024"
    _redirected(client.post(url, data={"due_dates": "10/06/2024"}))
    assert [report.due_on for report in duty.reports] == [date(2024, 6, 10)]


def test_a_return_without_a_note_is_refused_and_a_returned_plan_shows_the_note(page, login, client, brought,
                                                                              drafter, head, english_pages):
    authoring.submit_plan(drafter, brought, now=LATER)
    login(head)
    refused = page(f"/plans/{brought.id}/review/return", method="post", expected_status=422, data={"note": " "})
    assert refused.select_one("#note-error") is not None
    _redirected(client.post(f"/plans/{brought.id}/review/return", data={"note": "Sửa <b>cơ quan</b> phối hợp."}))
    soup = page(f"/plans/{brought.id}/review")
    assert soup.select_one("#returned").get_text(" ", strip=True).endswith("Sửa <b>cơ quan</b> phối hợp.")
    assert soup.select_one("#returned b") is None


def test_the_disclosure_is_decided_on_the_local_day_of_approval(brought, drafter, head, db_session):
    """Approved at 00:30 in Vietnam on 19/03 (17:30 UTC on the 18th): the document was decided on the 19th."""
    authoring.submit_plan(drafter, brought, now=LATER)
    authoring.approve_sent_plan(head, brought, now=datetime(2024, 3, 18, 17, 30, tzinfo=UTC))
    db_session.flush()
    db_session.expire(brought)
    disclosure = authoring.publish_with_disclosure(head, brought, "khac", now=datetime(2024, 3, 19, 16, 59,
                                                                                        tzinfo=UTC))
    assert disclosure.decided_on == date(2024, 3, 19)


def test_a_text_file_with_nul_bytes_is_refused_and_a_utf16_one_read(drafter, district):
    with pytest.raises(InvalidInput):
        authoring.bring_in_plan(drafter, district, "ke-hoach.txt", sample_text(1).encode() + b"\x00\x01",
                                "", now=NOW)
    plan = authoring.bring_in_plan(drafter, district, "ke-hoach.txt", sample_text(1).encode("utf-16"), "",
                                   now=NOW)
    assert plan.source_content_type == authoring.PASTED and plan.source_filename == "ke-hoach.txt"
    assert authoring.original_text(plan).strip() == sample_text(1).strip()


def test_unread_passages_are_handled_from_the_review_page(page, login, client, brought, drafter, english_pages):
    brought.unread = ["Đoạn một <i>lạ</i>", "Đoạn hai"]
    login(drafter)
    soup = page(f"/plans/{brought.id}/review")
    assert [item.get_text(strip=True) for item in soup.select("#unread ~ ol blockquote")] == [
        "Đoạn một <i>lạ</i>", "Đoạn hai"]
    refused = page(f"/plans/{brought.id}/review/submit", method="post", expected_status=422)
    assert "passage" in refused.select_one(".error-summary li").get_text()
    _redirected(client.post(f"/plans/{brought.id}/review/unread/0/task", data={"expected": "Đoạn một <i>lạ</i>"}))
    stale = page(f"/plans/{brought.id}/review/unread/0/dismiss", method="post", expected_status=422,
                 data={"expected": "Đoạn một <i>lạ</i>"})
    assert "already handled" in stale.select_one(".error-summary li").get_text()
    _redirected(client.post(f"/plans/{brought.id}/review/unread/0/dismiss", data={"expected": "Đoạn hai"}))
    assert brought.unread == []
    assert brought.tasks[-1].text == "Đoạn một <i>lạ</i>"
