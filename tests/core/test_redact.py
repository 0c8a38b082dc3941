"""Automatic masking of personal data before the public sees a case."""

import pytest

from portal.core.redact import MASK, personal_data, redact


@pytest.mark.parametrize(
    "text",
    [
        "gọi 0912 345 678",
        "gọi 0912345678",
        "gọi +84 912 345 678",
        "gọi +84912345678",
        "gọi (+84) 912-345-678",
        "gọi +84 (0) 912 345 678",
        "gọi 84 912 345 678",
        "gọi 0912.345.678",
        "gọi 0912-345-678",
        "gọi 091 234 5678",
        "gọi (0962) 557 285",
        "gọi 0902/898367",
        "gọi (024) 3825 1234",
        "gọi 024.3825.1234",
        "CCCD 001203004567",
        "CCCD 001 203 004 567",
        "CMND 123456789",
        "tài khoản 1903 4567 8901 23",
        "thư an.nguyen@gmail.com",
        "thư an.nguyen @ gmail . com",
        "thư x [at] gmail.com",
        "thư x(at)gmail.com",
        "thư x at gmail dot com",
        "thư x [at] gmail [dot] com",
        "thư x a còng gmail chấm com",
        "thư AN.NGUYEN@YAHOO.COM.VN",
    ],
)
def test_numbers_and_emails_however_typed_are_masked(text):
    masked = redact(text)
    assert MASK in masked
    assert not any(ch.isdigit() for ch in masked) and "@" not in masked and "gmail" not in masked.casefold()


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ở nhà số 12 đường Lê Lợi", "ở "),
        ("ở số 5 phố Huế, gần chợ", "ở , gần chợ"),
        ("ở số nhà 34A", "ở "),
        ("ở ngõ 3", "ở "),
        ("ở hẻm 45/2", "ở "),
        ("ở hẻm 45/2 Nguyễn Trãi, quận 5", "ở , quận 5"),
        ("nhà 12 ngách 34 ngõ 56 phố Chùa Láng bị ngập", " bị ngập"),
        ("nhà 12, ngách 34/8, ngõ 56 bị ngập", " bị ngập"),
        ("nhà tôi ở kiệt 45 Phan Chu Trinh, phường Thuận Hóa", "nhà tôi ở , phường Thuận Hóa"),
        ("kiệt 7 đường Lê Duẩn", ""),
        ("ở số 7 đường 3/2", "ở "),
    ],
)
def test_a_house_in_an_alley_and_its_street_are_masked(text, kept):
    masked = redact(text)
    assert masked.count(MASK) == 1 and masked.replace(MASK, "") == kept


@pytest.mark.parametrize(
    "text",
    [
        "Việc số 1: ngày 12/03/2026, 300 hộ, 2.500 m2, quyết định số 12/QĐ-UBND",
        "Quyết định số 1234/2025/QĐ-UBND ngày 01/02/2025 của UBND xã",
        "Kinh phí 12.000.000.000 đồng, đã chi 2.500.000 đồng và 15000000 đồng",
        "Họp lúc 05/12/2026 10 giờ tại nhà văn hóa thôn 3, tổ 5",
        "Theo Điều 24 Luật 25/2018/QH14 và Nghị định 59/2023/NĐ-CP",
        "Tòa nhà 12 tầng, số 1 trong danh sách, năm 2026, 0,5 ha",
    ],
)
def test_dates_amounts_and_document_numbers_stay(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Tôi là Nguyễn Văn An, xin trình bày.",
        "Tôi là NGUYEN VAN AN, xin trình bày.",
        "Tôi là nguyễn văn an, xin trình bày.",
        "Tôi là An Nguyễn Văn, xin trình bày.",
        "Tôi là Nguyễn An, xin trình bày.",
        "Tôi là Văn An, xin trình bày.",
        "Tôi là Nguyen An, xin trình bày.",
        "Tôi là An, xin trình bày.",
    ],
)
def test_the_citizen_s_name_is_masked_in_any_order_and_spelling(text):
    assert redact(text, ["Nguyễn Văn An"]) == f"Tôi là {MASK}, xin trình bày."


def test_the_given_name_alone_is_masked_only_as_a_name():
    masked = redact("Anh Bình báo cáo; tình hình bình thường.", ["Lê Văn Bình"])
    assert masked == f"Anh {MASK} báo cáo; tình hình bình thường."


def test_other_words_of_a_name_alone_stay():
    assert redact("Văn phòng UBND, họ Lê", ["Lê Văn Bình"]) == "Văn phòng UBND, họ Lê"


def test_empty_text_stays_empty():
    assert redact(None) == "" and redact("") == ""


def test_the_passages_found_are_what_would_be_masked():
    text = "Ông Lê Văn Tám, 0912 345 678, x [at] gmail.com, gọi lại 0912 345 678 ngày 12/03/2026."
    assert personal_data(text, ["Lê Văn Tám"]) == ["x [at] gmail.com", "0912 345 678", "Lê Văn Tám"]
    assert personal_data("Kinh phí 2.500.000 đồng") == [] and personal_data(None) == []
