"""Evidence on progress updates: files through the one form mechanism, checked by content, kept on a refusal, and
downloadable by anyone once the plan is published."""

import io
from datetime import UTC, date, datetime

import pytest

from portal.core.errors import InvalidInput
from portal.core.files import Upload
from portal.plans import evidence
from portal.plans.services import NewUpdate, post_task_update

ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def review(published_plan):
    return next(task for task in published_plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setattr("portal.plans.services.utcnow", lambda: ON_DAY)


def _form(files, text="Đã rà soát 12 văn bản.", **fields):
    return {"reported_on": "2024-07-01", "text": text, **fields,
            "files": [(io.BytesIO(content), name) for name, content in files]}


def _post(client, task, files, **fields):
    return client.post(f"/plans/tasks/{task.id}/progress", data=_form(files, **fields),
                       content_type="multipart/form-data")


def _refused(page, task, files, **fields):
    return page(f"/plans/tasks/{task.id}/progress", method="post", expected_status=422, data=_form(files, **fields),
                content_type="multipart/form-data")


def test_an_update_carries_its_evidence_and_anyone_downloads_it(client, page, login, review, office_handler, pinned):
    login(office_handler)
    response = _post(client, review, [("Biên bản rà soát.pdf", PDF)], percent="60")
    assert response.status_code == 302
    update = review.updates[-1]
    assert [(file.filename, file.content_type, file.size) for file in update.files] == [
        ("Biên bản rà soát.pdf", "application/pdf", len(PDF))
    ]
    client.post("/accounts/logout")
    client.delete_cookie("session")
    download = client.get(f"/plans/files/{update.files[0].id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    link = page(f"/plans/tasks/{review.id}").select_one(f"#update-{update.id} .files a")
    assert link["href"] == f"/plans/files/{update.files[0].id}" and link.get_text() == "Biên bản rà soát.pdf"


def test_a_refused_update_keeps_text_and_files(page, login, review, office_handler, pinned, english_pages):
    login(office_handler)
    soup = _refused(page, review, [("anh.pdf", PDF)], text="", percent="101")
    assert "Describe what was done." in soup.select_one("#text-error").get_text()
    assert "Enter a percentage from 0 to 100." in soup.select_one("#percent-error").get_text()
    [kept] = soup.select("#files-kept input[name=files-kept]")
    assert kept.has_attr("checked") and "anh.pdf" in kept.find_next("label").get_text()
    assert review.updates == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.pdf", b"<script>alert(1)</script>", "is not a PDF"),
        ("macro.docm", b"MZ\x90\x00" + b"\x00" * 100, "is not a PDF"),
    ],
)
def test_a_hostile_or_empty_file_is_refused_with_the_text_kept(page, login, review, office_handler, pinned,
                                                              english_pages, name, content, message):
    login(office_handler)
    soup = _refused(page, review, [(name, content)], text="Có bằng chứng.")
    assert message in soup.select_one("#files-error").get_text()
    assert soup.select_one("textarea#text").get_text().strip() == "Có bằng chứng."
    assert review.updates == []


def test_an_empty_or_oversized_file_is_refused(english_messages, monkeypatch):
    with pytest.raises(InvalidInput, match="empty.pdf is empty"):
        evidence.check_evidence([Upload("empty.pdf", b"")])
    monkeypatch.setattr(evidence, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InvalidInput, match="larger than 20 MB"):
        evidence.check_evidence([Upload("big.pdf", PDF + b"x" * 1000)])


def test_too_many_files_are_refused(office_handler, review, english_messages):
    uploads = tuple(Upload(f"{number}.pdf", PDF) for number in range(evidence.MAX_FILES + 1))
    with pytest.raises(InvalidInput, match="at most 10 files"):
        post_task_update(review, NewUpdate(date(2024, 7, 1), "Nhiều tệp.", evidence=uploads), office_handler,
                         now=ON_DAY)


def test_every_bad_file_is_named_at_once(english_messages):
    with pytest.raises(InvalidInput) as refused:
        evidence.check_evidence([Upload("a.txt", b"plain"), Upload("b.exe", b"MZ..."), Upload("c.pdf", PDF)])
    assert "a.txt" in str(refused.value) and "b.exe" in str(refused.value)


def test_a_drafts_evidence_is_not_public(client, draft_plan, published_plan, review, office_handler):
    update = post_task_update(
        review, NewUpdate(date(2024, 7, 1), "Có tệp.", evidence=(Upload("a.pdf", PDF),)), office_handler, now=ON_DAY
    )
    file_id = update.files[0].id
    assert client.get(f"/plans/files/{file_id}").status_code == 200
    published_plan.published_at = None
    assert client.get(f"/plans/files/{file_id}").status_code == 404
    assert client.get("/plans/files/999999").status_code == 404


def test_the_api_lists_the_evidence(client, review, office_handler, monkeypatch):
    monkeypatch.setattr("portal.plans.api.utcnow", lambda: ON_DAY)
    post_task_update(
        review, NewUpdate(date(2024, 7, 1), "Có tệp.", evidence=(Upload("a.pdf", PDF),)), office_handler, now=ON_DAY
    )
    body = client.get(f"/api/v1/plans/{review.plan_id}").json
    task = next(item for item in body["tasks"] if item["id"] == review.id)
    [file] = task["updates"][0]["files"]
    assert (file["filename"], file["content_type"], file["size"]) == ("a.pdf", "application/pdf", len(PDF))
    assert file["url"].endswith(f"/plans/files/{review.updates[0].files[0].id}")
