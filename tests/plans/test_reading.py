"""The reader against the five real sample plans, read as they are, and against what a careful reader finds there."""

from datetime import date
from pathlib import Path

import pytest

from portal.plans.reading import PlanProposal, ReportKind, read_plan

SAMPLES = Path(__file__).resolve().parents[2] / "portal" / "demo" / "samples"
FILES = {
    0: "000_07e7b44f6abc2798.txt",
    1: "001_843a20fd0a9b1e8d.txt",
    2: "002_312b09239df70115.txt",
    3: "003_93d6b709dd7d643f.txt",
    4: "004_01486d628d01352f.txt",
}
TODAY = date(2026, 12, 6)


def sample_text(index: int) -> str:
    return (SAMPLES / FILES[index]).read_text(encoding="utf-8")


def read_sample(index: int) -> PlanProposal:
    return read_plan(sample_text(index), today=TODAY)


def section(plan: PlanProposal, number: str):
    return next(task for task in plan.tasks if task.number == number)


def by_start(tasks, start: str):
    return next(task for task in tasks if task.text.startswith(start))


def test_000_header_and_legal_basis():
    plan = read_sample(0)
    assert plan.number == "21/KH-HĐND"
    assert plan.issued_on == date(2022, 4, 25)
    assert plan.place == "Minh Long"
    assert plan.issuer == "Thường trực HĐND huyện"
    assert plan.title == "Thực hiện Quy chế dân chủ ở cơ sở năm 2022"
    assert (plan.starts_on, plan.ends_on) == (date(2022, 1, 1), date(2022, 12, 31))
    assert plan.legal_bases == (
        "Thực hiện Kế hoạch số 09-KH/BCĐ ngày 21/02/2022 của Ban Chỉ đạo về thực hiện Quy chế dân chủ ở cơ sở - "
        "Huyện ủy Minh Long về thực hiện Quy chế dân chủ ở cơ sở năm 2022",
    )
    assert plan.unread == ()


def test_000_has_seven_tasks_each_with_its_body_and_timeframe():
    plan = read_sample(0)
    content = section(plan, "II.")
    assert content.text == "NỘI DUNG THỰC HIỆN"
    assert [task.number for task in content.children] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    assert all(task.level == 2 and task.children == () for task in content.children)
    expected_leads = [
        "Thường trực HĐND huyện",
        "Thường trực HĐND huyện",
        "Thường trực HĐND",
        "Thường trực HĐND huyện",
        "Thường trực HĐND",
        "Thường trực HĐND",
        "Thường trực HĐND huyện",
    ]
    assert [task.lead for task in content.children] == expected_leads
    whole_year = (date(2022, 1, 1), date(2022, 12, 31))
    for task in content.children:
        if task.number == "4.":
            assert task.timeframe_text.startswith("Quý III/2022 (sau khi có văn bản chỉ đạo")
            assert (task.starts_on, task.ends_on) == (date(2022, 7, 1), date(2022, 9, 30))
        else:
            assert task.timeframe_text == "Cả năm 2022"
            assert (task.starts_on, task.ends_on) == whole_year
    third, sixth, seventh = content.children[2], content.children[5], content.children[6]
    assert third.cooperating[0] == "các Ban HĐND huyện"
    assert sixth.cooperating == ("các Ban HĐND huyện", "UBND", "Ủy ban MTTQVN huyện", "các ngành liên quan")
    assert seventh.cooperating == ("Ban Pháp chế HĐND huyện",)
    # Hard line breaks and bold or italic markers are gone from the text; the attribute lines are not tasks.
    assert "môi trường ảnh hưởng trực tiếp" in sixth.text
    assert "*" not in "".join(task.text for task in plan.all_tasks())
    assert not any(task.text.startswith("Thực hiện:") for task in plan.all_tasks())


def test_000_organisation_section_names_the_bodies():
    plan = read_sample(0)
    organisation = section(plan, "III.")
    assert organisation.text == "TỔ CHỨC THỰC HIỆN"
    assert [task.lead for task in organisation.children] == ["Thường trực HĐND huyện", "Các Ban HĐND huyện"]
    assert organisation.children[1].cooperating == ("Thường trực HĐND huyện",)
    assert organisation.children[1].timeframe_text is None
    assert plan.objectives[0] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert plan.closing[0].startswith("Trên đây là Kế hoạch")
    assert plan.report_duties == ()


def test_001_blank_number_and_day_and_its_legal_bases():
    plan = read_sample(1)
    assert plan.number is None
    assert plan.issued_on is None
    assert plan.issuer == "UBND huyện Vĩnh Cửu"
    assert (plan.starts_on, plan.ends_on) == (date(2024, 1, 1), date(2024, 12, 31))
    assert [basis[:40] for basis in plan.legal_bases] == [
        "Thực hiện Nghị quyết số 11-NQ/TU ngày 07",
        "Căn cứ Kế hoạch số 89/KH-UBND ngày 14/3/",
        "Căn cứ Nghị quyết số 18-NQ/HU ngày 12/01",
    ]
    assert plan.legal_bases[0].endswith(
        "Chương trình số 90-CTr/BCĐ ngày 30/01/2024 của Ban Chỉ đạo thực hiện Quy "
        "chế dân chủ tỉnh về chương trình công tác năm 2024"
    )
    assert plan.unread == ()


def test_001_tasks_assigned_to_offices_with_quarters():
    plan = read_sample(1)
    assert [task.number for task in plan.tasks] == ["II.", "III.", "IV."]
    specific = section(plan, "III.")
    first = specific.children[0]
    propaganda = by_start(first.children, "Giao Phòng Tư pháp")
    assert propaganda.lead == "Phòng Tư pháp"
    assert propaganda.cooperating == ("Phòng Văn hoá và Thông tin", "Trung tâm Văn hoá - Thông tin và Thể thao huyện")
    assert propaganda.timeframe_text == "thường xuyên"
    assert (propaganda.starts_on, propaganda.ends_on) == (date(2024, 1, 1), date(2024, 12, 31))
    review = by_start(first.children, "Giao Phòng Nội vụ rà soát")
    assert (review.lead, review.timeframe_text) == ("Phòng Nội vụ", "trong quý II/2024")
    assert (review.starts_on, review.ends_on) == (date(2024, 4, 1), date(2024, 6, 30))
    land = by_start(first.children, "Giao Phòng Tài nguyên và Môi trường")
    assert land.lead == "Phòng Tài nguyên và Môi trường"
    assert land.cooperating == ("các cơ quan liên quan",)

    second = specific.children[1]
    home_affairs = by_start(second.children, "Giao Phòng Nội vụ:")
    assert (home_affairs.number, home_affairs.level) == ("a)", 3)
    training, friendly = home_affairs.children
    assert (training.number, training.level, training.lead) == ("", 4, "Phòng Nội vụ")
    assert training.cooperating == ("các cơ quan, đơn vị có liên quan",)
    assert (training.timeframe_text, training.starts_on, training.ends_on) == (
        "trong năm 2024",
        date(2024, 1, 1),
        date(2024, 12, 31),
    )
    assert (friendly.lead, friendly.starts_on, friendly.ends_on) == (
        "Phòng Nội vụ",
        date(2024, 4, 1),
        date(2024, 6, 30),
    )
    labour = by_start(second.children, "Giao Phòng Lao động - Thương binh và Xã hội")
    assert labour.lead == "Phòng Lao động - Thương binh và Xã hội"
    assert labour.cooperating == ("Liên đoàn lao động huyện",)
    union = by_start(second.children, "Đề nghị Liên đoàn lao động huyện")
    assert (union.number, union.lead, union.starts_on) == ("đ)", "Liên đoàn lao động huyện", date(2024, 7, 1))
    # "Luật thực hiện dân chủ" after a page break in the middle of b) stays in b).
    culture = by_start(second.children, "Giao Phòng Văn hóa và Thông tin")
    assert culture.text.endswith(
        "phù hợp với Luật thực hiện dân chủ ở cơ sở và các văn bản quy định chi tiết hướng dẫn thi hành Luật."
    )

    dialogue = by_start(specific.children[2].children, "UBND huyện, các xã")
    assert dialogue.lead == "UBND huyện"
    assert dialogue.cooperating == ("các xã, thị trấn Vĩnh An", "Mặt trận Tổ quốc", "các đoàn thể chính trị - xã hội")


def test_001_organisation_and_the_month_of_april():
    plan = read_sample(1)
    organisation = section(plan, "IV.")
    home_affairs = organisation.children[1]
    assert home_affairs.lead == "Phòng Nội vụ huyện"
    assert home_affairs.cooperating == ("các cơ quan, đơn vị có liên quan",)
    assert (home_affairs.timeframe_text, home_affairs.starts_on, home_affairs.ends_on) == (
        "trong tháng 4/2024",
        date(2024, 4, 1),
        date(2024, 4, 30),
    )


def test_001_reports_due_before_5_may_and_5_november_2024():
    duties = read_sample(1).report_duties
    assert [(duty.kind, duty.due_dates, duty.yearly_on) for duty in duties] == [
        (ReportKind.six_month, (date(2024, 5, 5),), None),
        (ReportKind.annual, (date(2024, 11, 5),), None),
    ]
    assert [duty.text for duty in duties] == [
        "Định kỳ 06 tháng (trước ngày 05/5/2024)",
        "cuối năm (trước ngày 05/11/2024)",
    ]
    for duty in duties:
        assert (duty.recipient, duty.via, duty.maker) == (
            "UBND huyện",
            "Phòng Nội vụ huyện",
            "các cơ quan, đơn vị, địa phương",
        )
        assert duty.task_path == (2, 1)


def test_002_headings_typos_and_the_commune_bodies():
    plan = read_sample(2)
    assert plan.number is None and plan.issued_on is None
    assert plan.issuer == "Chủ tịch Ủy ban nhân dân xã Tân Trung"
    assert plan.title == "Công khai thực hiện quy chế dân chủ trong hoạt động của cơ quan xã Tân Trung năm 2024"
    assert len(plan.legal_bases) == 5
    assert all(basis.startswith("Căn cứ") for basis in plan.legal_bases)
    assert [task.number for task in plan.tasks] == ["II.", "III."]
    posting = section(plan, "II.").children[1]
    assert posting.timeframe_text == "20 ngày liên tục kể từ ngày bắt đầu đăng tin, gửi thông tin, niêm yết"
    assert posting.starts_on is None  # it runs from the day posting starts, which the plan does not say
    organisation = section(plan, "III.")
    assert organisation.text == "TỐI CHỨC THỰC HIỆN"
    front = organisation.children[0]
    assert front.lead == "Đảng ủy"
    assert front.cooperating == ("UB MTTQ", "Công đoàn cơ sở", "các tổ chức Chính trị-Xã hội")
    committee = organisation.children[1]
    assert committee.lead == "Ủy ban nhân dân xã"
    assert committee.cooperating == ("Công đoàn cơ sở", "Ủy ban MTTQ", "các tổ chức chính trị xã hội")
    assert plan.report_duties == ()
    assert plan.unread == ()


def test_003_pdf_extracted_text_to_the_end_of_2023():
    plan = read_sample(3)
    assert plan.number is None and plan.issued_on is None
    assert plan.issuer == "Ủy ban nhân dân thị trấn Hà Trung"
    assert plan.title == "Thực hiện quy chế dân chủ trên địa bàn thị trấn Hà Trung đến hết năm 2023"
    assert (plan.starts_on, plan.ends_on) == (date(2023, 1, 1), date(2023, 12, 31))
    assert plan.legal_bases == ("Thực hiện Pháp lệnh dân chủ 2007",)
    content = section(plan, "II.")
    assert [task.number for task in content.children] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    # Lines broken by the PDF are joined back into whole items.
    assert content.children[4].text == (
        "Nâng cao vai trò, trách nhiệm của người đứng đầu, của cán bộ, công chức, người lao động trong cơ quan và "
        "Nhân dân trong thực hiện quy chế dân chủ cơ sở"
    )
    assert len(content.children[4].children) == 4
    organisation = section(plan, "III.")
    assert [task.lead for task in organisation.children] == [
        "Công chức -Văn phòng UBND thị trấn",
        "Công chức Văn hóa xã hội",
        "Ủy ban Mặt trận Tổ quốc thị trấn",
    ]
    assert organisation.children[1].cooperating == ("Đài truyền thanh",)
    assert organisation.children[1].children[1].cooperating == ("các ngành có liên quan",)


def test_003_reports_before_14_june_and_30_november_every_year():
    duties = read_sample(3).report_duties
    assert [(duty.kind, duty.yearly_on, duty.due_dates) for duty in duties] == [
        (ReportKind.six_month, (6, 14), (date(2023, 6, 14),)),
        (ReportKind.annual, (11, 30), (date(2023, 11, 30),)),
        (ReportKind.other, None, ()),
    ]
    assert duties[2].text == "đột xuất (khi có yêu cầu)"
    for duty in duties:
        assert duty.recipient == "Thường trực HDND thị trấn"
        assert duty.maker == "Công chức -Văn phòng UBND thị trấn"


def test_004_organisation_bodies_and_their_duties():
    plan = read_sample(4)
    assert plan.issuer == "Ủy ban nhân dân huyện"
    assert plan.place == "Ia Pa"
    assert (plan.starts_on, plan.ends_on) == (date(2022, 1, 1), date(2022, 12, 31))
    assert plan.legal_bases[0].startswith("Triển khai Kế hoạch số 688/KH-UBND ngày 08/4/2022")
    assert len(section(plan, "II.").children) == 9
    organisation = section(plan, "III.")
    assert [task.lead for task in organisation.children] == [
        "Phòng Nội vụ huyện",
        "Thanh tra huyện",
        "Phòng Văn hoá - Thông tin",
        "Thủ trưởng các cơ quan, đơn vị",
    ]
    home_affairs = organisation.children[0]
    assert len(home_affairs.children) == 4
    assert all(child.lead == "Phòng Nội vụ huyện" for child in home_affairs.children)
    assert home_affairs.children[3].cooperating == ("Ban Dân vận Huyện ủy", "các đơn vị liên quan")
    assert organisation.children[2].cooperating == ("Trung tâm VH TT - Thể thao huyện",)


def test_004_reports_on_10_may_and_30_october():
    duties = read_sample(4).report_duties
    assert [(duty.text, duty.kind, duty.yearly_on, duty.due_dates) for duty in duties] == [
        ("định kỳ 6 tháng (10/5)", ReportKind.six_month, (5, 10), (date(2022, 5, 10),)),
        ("một năm (30/10)", ReportKind.annual, (10, 30), (date(2022, 10, 30),)),
    ]
    for duty in duties:
        assert (duty.recipient, duty.via, duty.maker) == (
            "UBND huyện",
            "Phòng Nội vụ",
            "các cơ quan, đơn vị, địa phương",
        )


@pytest.mark.parametrize("index", FILES)
def test_every_passage_of_the_body_is_kept_somewhere(index):
    """Each paragraph's words are in the header, bases, objectives, tasks, closing or unread: nothing dropped."""
    plan = read_sample(index)
    kept = " ".join(
        [plan.title, *plan.legal_bases, *plan.objectives, *plan.closing, *plan.unread]
        + [task.text for task in plan.all_tasks()]
    )
    for words in ("Trên đây", "Nơi nhận"):
        assert words in kept or index == 1 and words == "Trên đây"
    tasks_text = " ".join(task.text for task in plan.all_tasks())
    assert len(tasks_text) > 1000


def test_decomposed_unicode_reads_like_composed():
    import unicodedata

    composed = read_sample(0)
    decomposed = read_plan(unicodedata.normalize("NFD", sample_text(0)), today=TODAY)
    assert decomposed == composed


def test_windows_line_ends_read_the_same():
    assert read_plan(sample_text(1).replace("\n", "\r\n"), today=TODAY) == read_sample(1)


def test_a_plan_without_a_year_takes_today_s_year_and_keeps_what_it_cannot_place():
    plan = read_plan(
        "Một dòng lạ\n\nKẾ HOẠCH\n\nTuyên truyền pháp luật\n\nĐoạn mở đầu không rõ.\n\n- Một gạch đầu dòng lạc.\n\n"
        "I. NHIỆM VỤ\n\n1. Giao Phòng Tư pháp tuyên truyền (thời gian thực hiện: quý I).\n\n"
        "2. Thanh tra huyện kiểm tra hằng năm.\n",
        today=TODAY,
    )
    assert (plan.starts_on, plan.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert plan.unread == ("Một dòng lạ", "Đoạn mở đầu không rõ.", "- Một gạch đầu dòng lạc.")
    first, second = plan.tasks[0].children
    assert (first.lead, first.starts_on, first.ends_on) == ("Phòng Tư pháp", date(2026, 1, 1), date(2026, 3, 31))
    assert (second.lead, second.timeframe_text, second.ends_on) == ("Thanh tra huyện", "hằng năm", date(2026, 12, 31))


def test_text_without_any_structure_is_all_unread():
    plan = read_plan("Chỉ một đoạn văn.\n\nVà một đoạn nữa.", today=TODAY)
    assert plan.tasks == ()
    assert plan.title == ""
    assert plan.unread == ("Chỉ một đoạn văn.", "Và một đoạn nữa.")


def test_a_period_of_several_years_and_a_yearly_report_in_each():
    plan = read_plan(
        "KẾ HOẠCH\n\nThực hiện dân chủ giai đoạn 2024 - 2026\n\nI. NHIỆM VỤ\n\n"
        "1. Phòng Nội vụ báo cáo UBND huyện trước ngày 14/6 hằng năm.\n",
        today=TODAY,
    )
    assert (plan.starts_on, plan.ends_on) == (date(2024, 1, 1), date(2026, 12, 31))
    (duty,) = plan.report_duties
    assert duty.due_dates == (date(2024, 6, 14), date(2025, 6, 14), date(2026, 6, 14))
    assert (duty.kind, duty.recipient, duty.maker) == (ReportKind.other, "UBND huyện", "Phòng Nội vụ")


def test_sub_numbers_and_plus_items_nest_in_the_tree():
    plan = read_plan(
        "KẾ HOẠCH\n\nCải cách hành chính năm 2025\n\nII. NHIỆM VỤ\n\n1. Cải cách thủ tục\n\n"
        "1.1. Giao Văn phòng HĐND và UBND rà soát thủ tục (thời gian thực hiện: tháng 3/2025).\n\n"
        "- Công bố danh mục;\n\n+ Niêm yết tại trụ sở;\n\n+ Đăng trên cổng thông tin.\n\n"
        "1.2. Công an xã phối hợp với Ban Thanh tra nhân dân giám sát 6 tháng đầu năm.\n",
        today=TODAY,
    )
    (reform,) = plan.tasks[0].children
    first, second = reform.children
    assert (first.number, first.level, first.lead) == ("1.1.", 3, "Văn phòng HĐND và UBND")
    assert first.cooperating == ()
    assert (first.starts_on, first.ends_on) == (date(2025, 3, 1), date(2025, 3, 31))
    (publish,) = first.children
    assert [(item.number, item.level, item.text) for item in publish.children] == [
        ("+", 5, "Niêm yết tại trụ sở;"),
        ("+", 5, "Đăng trên cổng thông tin."),
    ]
    assert (second.lead, second.cooperating) == ("Công an xã", ("Ban Thanh tra nhân dân",))
    assert (second.timeframe_text, second.starts_on, second.ends_on) == (None, None, None)


def test_without_today_the_year_is_the_one_in_vietnam(monkeypatch):
    from datetime import UTC, datetime

    from portal.plans import reading

    monkeypatch.setattr(reading, "utcnow", lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))  # 00:30 on 1/1/2027
    plan = read_plan("KẾ HOẠCH\n\nTuyên truyền\n\nI. NHIỆM VỤ\n\n1. Phòng Tư pháp tuyên truyền thường xuyên.")
    assert (plan.starts_on, plan.ends_on) == (date(2027, 1, 1), date(2027, 12, 31))
    assert plan.tasks[0].children[0].starts_on == date(2027, 1, 1)
