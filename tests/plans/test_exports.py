"""Spreadsheets of a plan's tasks and of a unit's task list (CSV and XLSX, formulas kept as text), and the Atom
feed of a unit's plans and progress."""

import csv
import io
from datetime import UTC, date, datetime
from xml.etree import ElementTree

from openpyxl import load_workbook

from portal.plans.exports import COLUMNS, to_csv, to_xlsx
from portal.plans.services import NewUpdate, post_task_update
from tests.clock import RFC3339

ON_DAY = datetime(2024, 7, 10, 3, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


def _review(plan):
    return next(task for task in plan.tasks if task.text.startswith("Giao Phòng Nội vụ rà soát"))


def test_a_plans_tasks_as_xlsx(client, published_plan, office, monkeypatch):
    monkeypatch.setattr("portal.plans.views.utcnow", lambda: ON_DAY)
    response = client.get(f"/plans/{published_plan.id}/tasks.xlsx")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "plan-" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == len(published_plan.tasks) + 1
    review = next(row for row in rows if str(row[3]).startswith("Giao Phòng Nội vụ rà soát"))
    assert review[4:6] == ("Phòng Nội vụ", office.code)
    assert review[10:12] == ("overdue", 0)


def test_formulas_stay_text_in_both_formats():
    rows = [[1, "", "-", "=HYPERLINK(\"http://evil\")", "+cmd", "@SUM(A1)", "", "", "", "", "", "done", 100, "",
             1, "Kế hoạch\x07"]]
    sheet = load_workbook(io.BytesIO(to_xlsx(rows, "Kế hoạch [1]/2024: quá dài để làm tên trang tính"))).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))[0]
    assert cells[2:6] == ("-", "'=HYPERLINK(\"http://evil\")", "'+cmd", "'@SUM(A1)")
    assert cells[15] == "Kế hoạch"
    assert len(sheet.title) <= 31 and "[" not in sheet.title
    written = list(csv.reader(io.StringIO(to_csv(rows))))[1]
    assert written[3] == "'=HYPERLINK(\"http://evil\")" and written[2] == "-"


def test_a_units_task_list_across_plans(client, published_plan, office, office_handler, monkeypatch):
    monkeypatch.setattr("portal.plans.views.utcnow", lambda: ON_DAY)
    post_task_update(_review(published_plan), NewUpdate(date(2024, 6, 1), "Xong.", is_done=True), office_handler,
                     now=ON_DAY)
    rows = list(csv.reader(io.StringIO(client.get(f"/plans/tasks.csv?unit={office.code}").get_data(as_text=True))))
    led = [task for task in published_plan.tasks if task.lead_unit == office]
    assert {int(row[0]) for row in rows[1:]} == {task.id for task in led}
    review = next(row for row in rows if row[0] == str(_review(published_plan).id))
    assert review[10:13] == ["done", "100", "2024-06-01"]
    sheet = load_workbook(io.BytesIO(client.get(f"/plans/tasks.xlsx?unit={office.code}").data)).active
    assert sheet.max_row == len(led) + 1
    assert client.get("/plans/tasks.csv?unit=NOPE").status_code == 404
    assert client.get("/plans/tasks.pdf?unit=" + office.code).status_code == 404


def test_a_drafts_tasks_do_not_download(client, draft_plan):
    assert client.get(f"/plans/{draft_plan.id}/tasks.xlsx").status_code == 404


def test_the_atom_feed_of_a_units_plans_and_progress(client, published_plan, district, office_handler):
    post_task_update(_review(published_plan), NewUpdate(date(2024, 6, 1), "Đã rà soát <b>14</b> văn bản.",
                                                        percent=60), office_handler, now=ON_DAY)
    response = client.get(f"/plans/feed.atom?unit={district.code}")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    update, plan = entries
    assert update.find(f"{ATOM}link").get("href").endswith(f"/plans/tasks/{_review(published_plan).id}")
    assert "Đã rà soát <b>14</b> văn bản." in update.find(f"{ATOM}content").text
    assert plan.find(f"{ATOM}title").text == published_plan.title
    for entry in entries:
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
    assert RFC3339.match(feed.find(f"{ATOM}updated").text)


def test_the_plans_pages_link_to_the_feed_and_spreadsheets(page, published_plan, district):
    soup = page(f"/plans/?unit={district.code}")
    assert soup.select_one("a.plans-feed")["href"] == f"/plans/feed.atom?unit={district.code}"
    assert soup.select_one("link[type='application/atom+xml']") is not None
    soup = page(f"/plans/{published_plan.id}")
    assert soup.select_one("a.tasks-xlsx")["href"] == f"/plans/{published_plan.id}/tasks.xlsx"


def test_a_feed_of_a_unit_without_plans_is_empty(client, office):
    feed = ElementTree.fromstring(client.get(f"/plans/feed.atom?unit={office.code}").data)
    assert feed.findall(f"{ATOM}entry") == []
    assert client.get("/plans/feed.atom?unit=").status_code == 404
