"""The ministry's outline numbering read off a line start."""

from __future__ import annotations

import pytest

from fudao.documents.numbering import outline_number, parse_numbering


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("壹", 1), ("參", 3), ("参", 3), ("拾", 10), ("拾壹", 11), ("拾参", 13), ("十二", 12), ("二十", 20), ("二十一", 21), ("7", 7)],
)
def test_outline_numerals(numeral, value):
    assert outline_number(numeral) == value


def test_unknown_numeral_is_none():
    assert outline_number("甲") is None


@pytest.mark.parametrize(
    ("line", "style", "number", "rest"),
    [
        (" 壹、工業 ", "han_cap", 1, "工業"),
        ("拾貳、水利", "han_cap", 12, "水利"),
        ("三、 智財面", "han", 3, "智財面"),
        ("（二） 補助內容", "paren_han", 2, "補助內容"),
        ("(四)技術性措施", "paren_han", 4, "技術性措施"),
        ("2、推動產業升級", "arabic", 2, "推動產業升級"),
        ("3.調查需求：", "arabic", 3, "調查需求："),
        ("（1）以共通技術", "paren_arabic", 1, "以共通技術"),
        ("(2) 5G 開放網路", "paren_arabic", 2, "5G 開放網路"),
    ],
)
def test_numbering_styles(line, style, number, rest):
    found = parse_numbering(line)
    assert found is not None
    assert (found.style, found.number, found.rest) == (style, number, rest)


@pytest.mark.parametrize(
    "line",
    ["1.5 億元投入研發", "(02)2754-1255 分機 3517", "2026年1月19日", "一、", "服務內容：訪視", "12 萬元"],
)
def test_not_numbering(line):
    assert parse_numbering(line) is None
