"""Cutting a draft by its own numbering."""

from portal.consultations.parts import MAX_PARTS, split_draft
from portal.demo.samples import SAMPLES_DIR


def test_a_regulation_is_cut_at_chapters_and_articles_with_items_inside():
    parts = split_draft("Chương I\nQuy định chung\n**Điều 1.** Phạm vi\n1. Khoản một\na) Điểm a\nĐIỀU 2: Đối tượng\n")
    assert [(p.kind, p.number, p.heading) for p in parts] == [
        ("chapter", "Chương I", ""), ("article", "Điều 1.", "Phạm vi"), ("article", "ĐIỀU 2:", "Đối tượng")]
    assert parts[1].text == "1. Khoản một\na) Điểm a"


def test_a_plan_is_cut_at_roman_sections_and_numbered_items():
    text = (SAMPLES_DIR / "002_312b09239df70115.txt").read_text(encoding="utf-8")
    parts = split_draft(text)
    assert parts[0].kind == "preamble" and "Căn cứ Luật số 10/2022/QH15" in parts[0].text
    assert [p.number for p in parts if p.kind == "section"] == ["I.", "II.", "III."]
    assert any(p.number == "3." and p.heading == "Công tác tuyên truyền" for p in parts)


def test_text_without_numbering_is_one_part_and_dates_are_no_numbers():
    parts = split_draft("Ngày 12.3.2026 xã họp.\n2026. Năm bản lề\nKhông có số nào khác.")
    assert len(parts) == 1 and parts[0].kind == "preamble"


def test_empty_text_has_no_parts_and_a_huge_list_is_capped():
    assert split_draft("") == []
    parts = split_draft("\n".join(f"{n}. mục" for n in range(1, 999)))
    assert len(parts) == MAX_PARTS


def test_a_very_long_first_line_goes_to_the_text():
    (part,) = split_draft("Điều 1. " + "chữ " * 100)
    assert part.heading == "" and part.text.startswith("chữ")
