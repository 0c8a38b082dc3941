"""Search through the services: Vietnamese as typed, what each reader may find, filters, pages, suggestions."""

import io
import unicodedata
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import Workbook
from sqlalchemy import func, select

from portal.accounts.models import Role
from portal.cases.files import CleanFile, attach
from portal.casework import actions
from portal.casework import services as casework
from portal.core.errors import InvalidInput
from portal.disclosures import services as disclosures
from portal.extensions import db
from portal.plans.services import NewUpdate, post_task_update
from portal.search import backend
from portal.search import query as search_query
from portal.search.index import reindex_all
from portal.search.models import FileText, SearchEntry
from portal.search.query import Filters, parse_query, search, suggest
from portal.units.models import UnitKind
from tests.plans.pdf import make_pdf
from tests.search.conftest import NOW

LATER = NOW + timedelta(days=1)


def found(query, user=None, filters=None, now=LATER):
    hits = search(query, user, filters or Filters(), now=now, limit=100).hits
    return [(hit.entry.kind, hit.entry.ref_id) for hit in hits]


def test_vietnamese_as_typed_finds_the_body(posted):
    disclosure = posted(title="Thông báo", body="Công khai quy hoạch Đất Đai của xã năm 2026.")
    expected = [("disclosure", disclosure.id)]
    for query in ("đất đai", "dat dai", "ĐẤT ĐAI", unicodedata.normalize("NFD", "đất đai"), "dai dat",
                  '"quy hoạch đất"', "ｄａｔ ｄａｉ"):
        assert found(query) == expected, query
    assert found('"dai dat"') == []
    assert found("đất biển") == []


def test_a_document_number_in_pieces(posted):
    disclosure = posted(document_number="123/QĐ-UBND")
    for query in ("123 qđ-ubnd", "123/QĐ-UBND", "qd ubnd 123", "123"):
        assert found(query) == [("disclosure", disclosure.id)], query
    assert found("124 qđ-ubnd") == []


@pytest.mark.parametrize("query", [
    'đất" OR "x', "dat*", "NEAR(dat dai)", "% _ \\", '"""', "a" * 10_000, "đất\x00đai", "dat & | ! <-> :*",
    "'; DROP TABLE search_entries; --", "\ud800", "^dat -dai +x", "(((", "", "   ",
])
def test_hostile_queries_find_less_never_fail(posted, query):
    posted()
    search(query, None, now=LATER)
    suggest(query, None, now=LATER)


def test_queries_are_words_only_and_capped():
    terms = parse_query('qđ-ubnd "Đất   đai" x' + " y" * 5_000)
    assert terms.phrases[:3] == (("qd", "ubnd"), ("dat", "dai"), ("x",))
    assert len(terms.phrases) <= 10


def test_drafts_and_staff_only_disclosures_are_for_the_units_officials(draft, posted, handler, create_user, commune):
    own_draft = draft(body="Bồi thường giải phóng mặt bằng")
    staff_only = posted(category="noi-bo-co-quan", body="Bồi thường giải phóng mặt bằng nội bộ")
    outsider = create_user(role=Role.handler, unit=None)
    assert found("giải phóng mặt bằng") == []
    assert found("giải phóng mặt bằng", outsider) == []
    assert set(found("giải phóng mặt bằng", handler)) == {("disclosure", own_draft.id), ("disclosure", staff_only.id)}


def test_a_scheduled_disclosure_is_public_from_its_start(posted):
    start = NOW + timedelta(days=5)
    disclosure = posted(start=start, body="Lịch tiếp công dân tháng ba")
    assert found("tiếp công dân", now=start - timedelta(seconds=1)) == []
    assert found("tiếp công dân", now=start) == [("disclosure", disclosure.id)]


def test_a_withdrawn_disclosure_disappears_at_once(posted, head):
    disclosure = posted(body="Danh sách hộ nghèo năm 2026")
    assert found("hộ nghèo") == [("disclosure", disclosure.id)]
    disclosures.withdraw_disclosure(head, disclosure, "Ban hành nhầm", now=LATER)
    db.session.flush()
    assert found("hộ nghèo") == []


def test_a_correction_is_searched_in_its_new_words(posted, handler):
    disclosure = posted(body="Nội dung cũ")
    disclosures.correct_disclosure(handler, disclosure, "Nội dung đính chính về thủy lợi", "Sai số liệu", now=LATER)
    db.session.flush()
    assert found("thủy lợi") == [("disclosure", disclosure.id)]


def _docx(text):
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(text):
    workbook = Workbook()
    workbook.active.append(["Hạng mục", text])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "make", "words"), [
    ("du-toan.pdf", lambda: make_pdf(["Dự toán ngân sách xã: kênh mương nội đồng"]), "kênh mương"),
    ("du-toan.docx", lambda: _docx("Dự toán ngân sách xã: kênh mương nội đồng"), "kênh mương"),
    ("du-toan.xlsx", lambda: _xlsx("Nạo vét kênh mương nội đồng"), "nạo vét kênh"),
])
def test_attached_files_are_read_once_when_uploaded(draft, head, handler, name, make, words):
    disclosure = draft(body="Công khai dự toán")
    data = make()
    disclosures.add_attachment(handler, disclosure, name, data, now=NOW)
    other = draft(body="Bản sao")
    disclosures.add_attachment(handler, other, "ban-sao-" + name, data, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(FileText)) == 1
    assert found(words) == []
    disclosures.approve_disclosure(head, disclosure, now=NOW)
    db.session.flush()
    assert found(words) == [("disclosure", disclosure.id)]


def _published_case(create_case, handler, *, title, description, answer=None):
    case = create_case(is_public_consent=True, title=title, description=description).case
    actions.accept_case(case, handler, now=NOW)
    casework.publish_case(case, handler, *casework.suggested_public_text(case), now=NOW)
    db.session.flush()
    return case


def test_a_published_case_is_found_in_its_masked_text_only(create_case, handler):
    case = _published_case(create_case, handler, title="Rác thải ở chợ",
                           description="Tôi là Lê Văn Bình, số 0912 345 678, báo rác thải tràn ra chợ.")
    assert found("rác thải chợ") == [("case", case.id)]
    assert found("0912 345 678") == []
    assert found("Lê Văn Bình") == []


def test_an_unpublished_case_is_for_its_units_officials(create_case, handler):
    case = create_case(description="Cống thoát nước bị tắc ở thôn Đông").case
    db.session.flush()
    assert found("cống thoát nước") == []
    assert found("cống thoát nước", handler) == [("case", case.id)]


def test_a_private_cases_files_are_never_searched_by_the_public(create_case, handler):
    case = create_case(is_public_consent=True, title="Sạt lở đường", description="Đường thôn bị sạt lở.").case
    pdf = make_pdf(["Căn cước 001099012345 của Nguyễn Thị Mai, nhà 12 ngách 34"])
    attach(case, [CleanFile("don.pdf", "application/pdf", pdf)], now=NOW)
    db.session.flush()
    assert found("sạt lở", handler) == [("case", case.id)]
    assert found("001099012345", handler) == []
    actions.accept_case(case, handler, now=NOW)
    casework.publish_case(case, handler, *casework.suggested_public_text(case), now=NOW)
    db.session.flush()
    assert found("sạt lở") == [("case", case.id)]
    assert found("001099012345") == []
    assert found("Nguyễn Thị Mai") == []


def test_a_denunciation_is_found_by_nobody(create_case, handler, head):
    create_case(kind="denunciation", description="Tố cáo cán bộ địa chính nhận tiền")
    db.session.flush()
    assert found("địa chính nhận tiền", handler) == []
    assert found("địa chính nhận tiền", head) == []


def test_a_draft_plan_is_for_its_units_officials_and_published_for_all(plan, publish, handler):
    words = '"' + " ".join(plan.tasks[-1].text.split()[:4]) + '"'
    assert found(words) == []
    assert found(words, handler) == [("plan", plan.id)]
    publish(plan)
    db.session.flush()
    assert found(words) == [("plan", plan.id)]
    assert ("plan", plan.id) in found(plan.title)


def test_a_tasks_progress_is_searched(plan, publish, handler):
    publish(plan)
    task = plan.tasks[-1]
    post_task_update(task, NewUpdate(reported_on=LATER.date(), text="Đã tổ chức hội nghị đối thoại với 45 hộ dân",
                                     percent=50), None, now=LATER)
    db.session.flush()
    assert found("hội nghị đối thoại 45 hộ") == [("plan", plan.id)]


def test_filters_kind_unit_below_year_status_category(posted, create_case, handler, create_unit, commune, province):
    other_commune = create_unit(name="Xã Hòa Bình", parent=province)
    disclosure = posted(body="Nước sạch nông thôn")
    case = _published_case(create_case, handler, title="Nước sạch", description="Thiếu nước sạch nông thôn")
    assert set(found("nước sạch")) == {("disclosure", disclosure.id), ("case", case.id)}
    assert found("nước sạch", filters=Filters(kind="case")) == [("case", case.id)]
    assert set(found("nước sạch", filters=Filters(unit=province))) == {("disclosure", disclosure.id), ("case", case.id)}
    assert found("nước sạch", filters=Filters(unit=other_commune)) == []
    assert set(found("nước sạch", filters=Filters(year=2026))) == {("disclosure", disclosure.id), ("case", case.id)}
    assert found("nước sạch", filters=Filters(year=2025)) == []
    assert found("nước sạch", filters=Filters(status="posted")) == [("disclosure", disclosure.id)]
    assert found("nước sạch", filters=Filters(category="kt-xh")) == [("disclosure", disclosure.id)]
    with pytest.raises(InvalidInput):
        search("nước", None, Filters(kind="nothing"))
    with pytest.raises(InvalidInput):
        search("nước", None, Filters(year=10**12))


def test_best_first_then_newest_and_keyset_pages(draft, head):
    made = []
    for day in range(7):
        disclosure = draft(title=f"Thông báo {day}", body="Vệ sinh môi trường khu dân cư")
        disclosures.approve_disclosure(head, disclosure, now=NOW + timedelta(hours=day))
        made.append(disclosure.id)
    title_match = draft(title="Vệ sinh môi trường", body="Vệ sinh môi trường khu dân cư")
    disclosures.approve_disclosure(head, title_match, now=NOW)
    db.session.flush()
    later = NOW + timedelta(days=2)
    first = search("vệ sinh môi trường", None, now=later, limit=3)
    assert first.hits[0].entry.ref_id == title_match.id
    seen = [hit.entry.ref_id for hit in first.hits]
    cursor = first.next_cursor
    while cursor:
        page = search("vệ sinh môi trường", None, now=later, limit=3, cursor=cursor)
        seen += [hit.entry.ref_id for hit in page.hits]
        cursor = page.next_cursor
    assert sorted(seen) == sorted([*made, title_match.id])
    assert search("vệ sinh", None, now=later, cursor="not-a-cursor").hits


@pytest.mark.parametrize("common", [True, False])
def test_common_and_rare_words_are_read_either_way_to_the_same_newest_matches(draft, head, monkeypatch, common):
    """On PostgreSQL words common enough are read newest entry first, rarer ones through the word index."""
    monkeypatch.setattr(backend, "_frequencies", lambda: {"ve": 0.5, "sinh": 0.5} if common else {})
    monkeypatch.setattr(search_query, "MAX_RANKED", 3)
    made = []
    for day in range(5):
        disclosure = draft(title=f"Thông báo {day}", body="Vệ sinh môi trường khu dân cư")
        disclosures.approve_disclosure(head, disclosure, now=NOW + timedelta(hours=day))
        made.append(disclosure.id)
    db.session.flush()
    assert backend._is_dense(search_query.parse_query('"vệ sinh"')) is common
    page = search('"vệ sinh"', None, now=NOW + timedelta(days=2))
    assert sorted(hit.entry.ref_id for hit in page.hits) == sorted(made[-3:]) and page.capped


def test_did_you_mean_a_close_spelling(posted):
    posted(body="Công khai quy hoạch đất đai")
    assert found("quy hoach dat dia") == []
    suggestion = suggest("quy hoach dat dia", None, now=LATER)
    assert suggestion.query == "quy hoach dat dai"


def test_did_you_mean_todays_unit_for_an_old_name(posted, create_unit, commune, province):
    from portal.units.models import SuccessionSource, UnitSuccession

    old = create_unit(name="Xã Ngọc Châu", kind=UnitKind.commune, parent=province, dissolved_on=NOW.date())
    db.session.add(UnitSuccession(predecessor_id=old.id, successor_id=commune.id, effective_on=NOW.date(),
                                  is_default=True, source=SuccessionSource.manual))
    db.session.flush()
    suggestion = suggest("ngân sách xã Ngọc Châu", None, now=LATER)
    assert suggestion.old_unit == old
    assert suggestion.new_units == (commune,)


def test_reindex_rebuilds_every_entry(posted, plan, create_case):
    disclosure = posted(body="Chương trình nông thôn mới")
    db.session.execute(SearchEntry.__table__.delete())
    assert found("nông thôn mới") == []
    counts = reindex_all()
    assert counts["disclosure"] == 1 and counts["plan"] == 1
    assert found("nông thôn mới") == [("disclosure", disclosure.id)]
