"""Snippets: stored text escaped, only the words found marked, the passage where the words are."""

import unicodedata

from portal.search.snippets import highlight


def test_everything_is_escaped_and_only_found_words_are_marked():
    html = str(highlight('<script>alert(1)</script> Đất <b onclick="x">đai</b>', ["dat", "dai"]))
    assert "<script>" not in html and "<b " not in html
    assert html.count("<mark>") == 2 and "<mark>Đất</mark>" in html and "<mark>đai</mark>" in html


def test_any_unicode_form_and_whole_words_only():
    html = str(highlight(unicodedata.normalize("NFD", "Số 123/QĐ-UBND về đất đai, đất ở"), ["qd", "dat"]))
    assert html.count("<mark>") == 3
    assert str(highlight("datdai dat", ["dat"])) == "datdai <mark>dat</mark>"


def test_the_passage_holds_most_of_the_words():
    text = "Đạt chỉ tiêu " + "chữ " * 200 + "quản lý đất đai " + "khác " * 200
    html = str(highlight(text, ["dat", "dai"], width=80))
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>đất</mark> <mark>đai</mark>" in html and "Đạt" not in html
    assert len(highlight("", ["dat"], width=80)) == 0
