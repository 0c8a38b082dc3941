from datetime import UTC, date, datetime, timedelta

import pytest

from portal.core import listing
from portal.core.calendar import PeriodUnit
from portal.core.errors import InvalidInput, InvalidTransition, NotAllowed
from portal.disclosures import lists, reports, services
from portal.disclosures.models import DisclosureStatus
from portal.periods.models import LegalPeriod, PeriodSubject, Step
from tests.disclosures.conftest import NOW

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def local_midnight(year, month, day):
    """00:00 in Vietnam, as UTC."""
    return datetime(year, month, day, tzinfo=UTC) - timedelta(hours=7)


def test_a_draft_goes_live_at_its_start_without_anyone_pressing_a_button(draft, head):
    disclosure = draft(start=NOW + timedelta(days=2))
    assert services.status_of(disclosure, NOW) == DisclosureStatus.draft
    services.approve_disclosure(head, disclosure, now=NOW)
    assert services.status_of(disclosure, NOW) == DisclosureStatus.scheduled
    assert services.status_of(disclosure, NOW + timedelta(days=2)) == DisclosureStatus.posted


def test_posted_on_03_03_stays_until_02_04(draft, head):
    disclosure = draft(start=local_midnight(2026, 3, 3) + timedelta(hours=9))
    services.approve_disclosure(head, disclosure, now=NOW)
    assert disclosure.posting_last_day.isoformat() == "2026-04-02"
    assert services.days_left(disclosure, local_midnight(2026, 3, 22) + timedelta(hours=9)) == 12
    assert services.status_of(disclosure, local_midnight(2026, 4, 2) + timedelta(hours=23)) == DisclosureStatus.posted
    assert services.status_of(disclosure, local_midnight(2026, 4, 3)) == DisclosureStatus.completed


def test_a_period_ending_on_a_sunday_runs_to_monday(draft, head):
    disclosure = draft(start=local_midnight(2026, 2, 13) + timedelta(hours=9))
    services.approve_disclosure(head, disclosure, now=NOW - timedelta(days=30))
    assert disclosure.posting_last_day.isoformat() == "2026-03-16"


def test_a_period_ending_in_tet_runs_past_tet(draft, head):
    disclosure = draft(start=local_midnight(2026, 1, 17) + timedelta(hours=9))
    services.approve_disclosure(head, disclosure, now=NOW - timedelta(days=60))
    assert disclosure.posting_last_day.isoformat() == "2026-02-23"


def test_the_period_may_be_lengthened_but_not_shortened(draft):
    assert draft(posting_days=45).posting_days == 45
    with pytest.raises(InvalidInput):
        draft(posting_days=10)


def test_permanent_categories_never_complete(draft, head):
    disclosure = draft(category="quy-che-dan-chu")
    services.approve_disclosure(head, disclosure, now=NOW)
    assert disclosure.posting_last_day is None
    assert services.status_of(disclosure, NOW + timedelta(days=3650)) == DisclosureStatus.posted


def test_approving_a_start_in_the_past_posts_it_now(draft, head):
    disclosure = draft(start=NOW - timedelta(days=5))
    services.approve_disclosure(head, disclosure, now=NOW)
    assert disclosure.posting_start == NOW


def test_only_a_head_approves(draft, handler):
    with pytest.raises(NotAllowed):
        services.approve_disclosure(handler, draft(), now=NOW)


def test_a_correction_is_a_new_version_and_keeps_the_old(draft, head, handler):
    disclosure = draft()
    services.approve_disclosure(head, disclosure, now=NOW)
    first_hash = disclosure.current_version.content_sha256
    version = services.correct_disclosure(
        handler, disclosure, "Nội dung đã sửa", "Sai số liệu", now=NOW + timedelta(days=1)
    )
    assert [v.number for v in disclosure.versions] == [1, 2]
    assert disclosure.versions[0].content_sha256 == first_hash != version.content_sha256
    assert version.reason == "Sai số liệu" and not version.is_period_restarted


def test_a_correction_restarts_the_period_when_the_category_says_so(draft, head, handler):
    disclosure = draft(category="dat-dai-du-an")
    services.approve_disclosure(head, disclosure, now=NOW)
    later = NOW + timedelta(days=10)
    version = services.correct_disclosure(handler, disclosure, "Phương án bồi thường mới", "Điều chỉnh", now=later)
    assert version.is_period_restarted
    assert disclosure.posting_start == later
    assert disclosure.posting_last_day > (later + timedelta(days=29)).date()


def test_a_correction_needs_a_reason(draft, head, handler):
    disclosure = draft()
    services.approve_disclosure(head, disclosure, now=NOW)
    with pytest.raises(InvalidInput):
        services.correct_disclosure(handler, disclosure, "Nội dung", "  ", now=NOW)


def test_a_handler_cannot_withdraw_and_a_head_withdraws_with_a_public_reason(draft, head, handler):
    disclosure = draft()
    services.approve_disclosure(head, disclosure, now=NOW)
    with pytest.raises(NotAllowed):
        services.withdraw_disclosure(handler, disclosure, "Không còn phù hợp", now=NOW)
    services.withdraw_disclosure(head, disclosure, "Văn bản bị thay thế", now=NOW + timedelta(hours=1))
    assert services.status_of(disclosure, NOW + timedelta(hours=2)) == DisclosureStatus.withdrawn
    actions = [event.action for event, _title in reports.posting_record(disclosure)]
    assert actions == ["disclosures.drafted", "disclosures.approved", "disclosures.withdrawn"]


def test_a_draft_cannot_be_withdrawn_or_corrected(draft, head, handler):
    disclosure = draft()
    with pytest.raises(InvalidTransition):
        services.withdraw_disclosure(head, disclosure, "x", now=NOW)
    with pytest.raises(InvalidTransition):
        services.correct_disclosure(handler, disclosure, "x", "y", now=NOW)


def test_attachments_are_checked_by_content_and_hashed(draft, handler, uploads):
    disclosure = draft()
    attachment = services.add_attachment(handler, disclosure, "../../ke-hoach.pdf", PDF, now=NOW)
    assert (attachment.filename, attachment.content_type) == ("ke-hoach.pdf", "application/pdf")
    assert (uploads / attachment.sha256).read_bytes() == PDF
    with pytest.raises(InvalidInput):
        services.add_attachment(handler, disclosure, "virus.pdf", b"MZ\x90\x00 this is an exe", now=NOW)
    with pytest.raises(InvalidInput):
        services.add_attachment(handler, disclosure, "empty.pdf", b"", now=NOW)


def test_hostile_markdown_is_neutralized(draft):
    disclosure = draft(
        body='<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">\n\n# Tiêu đề'
    )
    html = disclosure.current_version.body_html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "<h2>Tiêu đề</h2>" in html


def test_huge_bodies_and_titles_are_refused(draft):
    with pytest.raises(InvalidInput):
        draft(body="x" * (services.MAX_BODY + 1))
    with pytest.raises(InvalidInput):
        draft(title="x" * 501)


def test_only_the_units_officials_draft(create_user, commune):
    outsider = create_user()
    data = services.DraftData(
        unit_code=commune.code, category_code="kt-xh", title="T", body_markdown="B", posting_start=NOW
    )
    with pytest.raises(NotAllowed):
        services.create_draft(outsider, data, now=NOW)


@pytest.fixture
def public_draft_and_internal(draft, head):
    """An approved public disclosure, an unapproved draft and an approved staff-only one."""
    def make(public_title: str, draft_title: str) -> tuple:
        public = draft(title=public_title)
        services.approve_disclosure(head, public, now=NOW)
        unapproved = draft(title=draft_title)
        internal = draft(category="noi-bo-co-quan", title="Nội bộ")
        services.approve_disclosure(head, internal, now=NOW)
        return public, unapproved, internal

    return make


def test_public_listing_filters_and_searches_without_accents(public_draft_and_internal, commune):
    posted, _, _ = public_draft_and_internal("Kế hoạch dân chủ ở cơ sở năm 2026", "Bản nháp chưa duyệt")
    later = NOW + timedelta(days=1)
    found, _ = lists.list_public(lists.Listing(unit=commune, query="ke hoach dan chu"), now=later)
    assert found == [posted]
    assert lists.list_public(lists.Listing(unit=commune), now=later)[0] == [posted]
    completed = lists.list_public(
        lists.Listing(status=DisclosureStatus.completed), now=later + timedelta(days=60)
    )
    assert completed[0] == [posted]


def test_search_matches_whole_words_in_any_order_with_or_without_diacritics(draft, head, commune):
    plan = draft(title="Phương án bồi thường, tái định cư", document_number="123/QĐ-UBND")
    other = draft(title="Thanh lý tài sản công")
    for disclosure in (plan, other):
        services.approve_disclosure(head, disclosure, now=NOW)
    later = NOW + timedelta(days=1)

    def found(query):
        return lists.list_public(lists.Listing(unit=commune, query=query), now=later)[0]

    assert found("tái định cư bồi thường") == [plan]
    assert found("TAI DINH CU") == [plan]
    assert found("qđ-ubnd 123") == [plan], "a document number is found by its parts"
    assert found("thanh") == [other] and found("than") == [], "a word does not match inside another word"
    assert found("boi thuong thanh") == [], "every word must be there"
    assert found("") == [other, plan]


@pytest.mark.parametrize(
    "query",
    ["%", "_", "' OR 1=1 --", "a & b | !c", "thuong:*", "<script>alert(1)</script>", "\\", "(((", "đ" * 5000],
)
def test_search_takes_any_text_without_error(draft, head, commune, query):
    services.approve_disclosure(head, draft(title="Bồi thường"), now=NOW)
    found, next_id = lists.list_public(lists.Listing(unit=commune, query=query), now=NOW + timedelta(days=1))
    assert next_id is None
    assert all("thuong" in d.search_text for d in found)


def test_search_pages_newest_first_across_the_window_of_recent_ids(draft, head, commune, monkeypatch):
    """The newest ids are searched first; a page completed from older ids is the same as without the window."""
    monkeypatch.setattr(listing, "SEARCH_WINDOW", 2)
    matching = []
    for number in range(7):
        disclosure = draft(title=f"Bồi thường đợt {number}" if number % 2 == 0 else f"Thanh lý đợt {number}")
        services.approve_disclosure(head, disclosure, now=NOW)
        if number % 2 == 0:
            matching.append(disclosure)
    later = NOW + timedelta(days=1)
    first, after = lists.list_public(lists.Listing(unit=commune, query="boi thuong"), now=later, limit=3)
    assert first == matching[::-1][:3] and after == first[-1].id
    rest, end = lists.list_public(
        lists.Listing(unit=commune, query="boi thuong", after_id=after), now=later, limit=3
    )
    assert rest == matching[::-1][3:] and end is None


def test_quarterly_list_holds_the_quarters_disclosures(draft, head, commune):
    in_quarter = draft(start=local_midnight(2026, 3, 3) + timedelta(hours=9))
    services.approve_disclosure(head, in_quarter, now=NOW - timedelta(days=1))
    later = draft(start=local_midnight(2026, 4, 1) + timedelta(hours=9))
    services.approve_disclosure(head, later, now=NOW)
    assert reports.quarterly_list(commune, 2026, 1) == [in_quarter]
    assert reports.quarterly_list(commune, 2026, 2) == [later]
    with pytest.raises(InvalidInput):
        reports.quarterly_list(commune, 2026, 5)


def test_compliance_on_time_late_and_missing(draft, head, commune):
    on_time = draft(
        category="kt-xh", decided_on=date(2026, 2, 25), start=local_midnight(2026, 3, 3) + timedelta(hours=9)
    )
    late = draft(
        category="ngan-sach", decided_on=date(2026, 1, 5), start=local_midnight(2026, 3, 3) + timedelta(hours=9)
    )
    for disclosure in (on_time, late):
        services.approve_disclosure(head, disclosure, now=NOW - timedelta(days=1))
    verdicts = {
        row.category.code: row.verdict for row in reports.compliance(commune, 2026, now=NOW + timedelta(days=1))
    }
    assert verdicts["kt-xh"] == reports.Compliance.on_time
    assert verdicts["ngan-sach"] == reports.Compliance.late
    assert verdicts["phi-le-phi"] == reports.Compliance.missing
    assert "noi-bo-co-quan" not in verdicts


def test_a_permanent_posting_stays_until_a_newer_version_replaces_it(draft, head, commune):
    regulation = draft(category="quy-che-dan-chu", title="Quy chế dân chủ 2024")
    services.approve_disclosure(head, regulation, now=NOW)
    assert services.permanent_postings(commune, NOW + timedelta(days=1)) == [regulation]
    newer = draft(
        category="quy-che-dan-chu",
        title="Quy chế dân chủ 2026",
        replaces_id=regulation.id,
        start=NOW + timedelta(days=10),
    )
    services.approve_disclosure(head, newer, now=NOW + timedelta(days=1))
    assert services.status_of(regulation, NOW + timedelta(days=9)) == DisclosureStatus.posted
    assert services.status_of(regulation, NOW + timedelta(days=10)) == DisclosureStatus.completed
    assert services.status_of(newer, NOW + timedelta(days=10)) == DisclosureStatus.posted


def test_only_a_permanent_posting_of_the_same_unit_can_be_replaced(draft, head):
    plan = draft(category="kt-xh")
    services.approve_disclosure(head, plan, now=NOW)
    with pytest.raises(InvalidInput):
        draft(category="kt-xh", replaces_id=plan.id)


def test_the_time_to_disclose_is_a_dated_legal_period(draft, head, commune, db_session):
    # Law 10/2022 Art. 12(3): within 5 working days of the decision. Decided Wednesday 25/02/2026: 26, 27/02,
    # 02, 03 and 04/03, so posting on 03/03 is on time. A rule of 3 working days in force from 01/01/2026
    # (for this commune) ends on 02/03, and the same posting is late.
    posted = draft(category="kt-xh", decided_on=date(2026, 2, 25), start=local_midnight(2026, 3, 3))
    services.approve_disclosure(head, posted, now=NOW - timedelta(days=1))

    def verdict():
        rows = reports.compliance(commune, 2026, now=NOW + timedelta(days=1))
        return next(row.verdict for row in rows if row.category.code == "kt-xh")

    assert verdict() == reports.Compliance.on_time
    db_session.add(LegalPeriod(kind=PeriodSubject.disclosure, step=Step.disclose, amount=3,
                               period_unit=PeriodUnit.working_days, effective_from=date(2026, 1, 1), unit=commune,
                               legal_basis="Quyết định của UBND tỉnh"))
    db_session.flush()
    assert verdict() == reports.Compliance.late


def test_public_disclosures_are_the_approved_ones_of_a_category_everyone_may_read(public_draft_and_internal,
                                                                                   db_session):
    public, _, _ = public_draft_and_internal("Công khai", "Chưa duyệt")
    assert db_session.scalars(lists.public_disclosures()).all() == [public]
