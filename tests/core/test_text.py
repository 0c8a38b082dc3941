import unicodedata

import pytest

from portal.core.text import fold, like_pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xã Tân Trung", "xa tan trung"),
        ("ĐẤT ĐAI", "dat dai"),
        ("Kế hoạch   dân chủ\n", "ke hoach dan chu"),
        (unicodedata.normalize("NFD", "Thị trấn Hà Trung"), "thi tran ha trung"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_ignores_diacritics_case_spacing_and_normalization(text, expected):
    assert fold(text) == expected


def test_nfc_and_nfd_fold_alike():
    composed = unicodedata.normalize("NFC", "Phường Đống Đa")
    decomposed = unicodedata.normalize("NFD", "Phường Đống Đa")
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "phuong dong da"


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"
