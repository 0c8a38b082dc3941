"""Automatic masking of personal data before the public sees a case."""

import pytest

from portal.core.redact import MASK, redact


@pytest.mark.parametrize(
    "text",
    [
        "gọi 0912 345 678",
        "gọi +84 912 345 678",
        "gọi 0912.345.678",
        "CCCD 001203004567",
        "CMND 123456789",
        "thư an.nguyen@gmail.com",
        "ở nhà số 12 đường Lê Lợi",
        "ở số 5 phố Huế",
        "ở ngõ 3",
        "ở hẻm 45/2",
    ],
)
def test_personal_data_with_a_shape_is_masked(text):
    masked = redact(text)
    assert MASK in masked
    assert not any(ch.isdigit() for ch in masked) and "@" not in masked


def test_ordinary_numbers_dates_and_documents_stay():
    text = "Việc số 1: ngày 12/03/2026, 300 hộ, 2.500 m2, quyết định số 12/QĐ-UBND"
    assert redact(text) == text


def test_the_citizen_s_name_is_masked_however_it_is_typed():
    masked = redact("Tôi là Nguyễn Văn An. NGUYEN VAN AN ký tên; nguyễn văn an.", ["Nguyễn Văn An"])
    assert "An" not in masked.replace("An.", "").split() and masked.count(MASK) == 3


def test_the_given_name_alone_is_masked_only_as_a_name():
    masked = redact("Anh Bình báo cáo; tình hình bình thường.", ["Lê Văn Bình"])
    assert masked == f"Anh {MASK} báo cáo; tình hình bình thường."


def test_empty_text_stays_empty():
    assert redact(None) == "" and redact("") == ""
