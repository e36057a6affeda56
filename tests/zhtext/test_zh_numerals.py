"""Chinese numerals to integers, and conservative replacement in running text."""

import pytest

from fudao.zhtext.numerals import chinese_to_int, parse_mixed_number, replace_chinese_numerals


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十", 120),
        ("兩千", 2000),
        ("十二", 12),
        ("一千零五", 1005),
        ("4萬5千", 45000),
        ("三億", 300_000_000),
        ("五千萬", 50_000_000),
        ("壹佰", 100),
        *((text, None) for text in ["", "一律", "萬", "統一", "3.5", "abc"]),  # not numbers
    ],
)
def test_chinese_to_int(text, value):
    assert chinese_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12億 1,147 萬", 1_211_470_000),
        ("3.14億", 314_000_000),
        ("2兆729億", 2_072_900_000_000),
        ("1千萬", 10_000_000),
        ("1億5千萬", 150_000_000),
        *((text, None) for text in ["5萬3萬", "2 500", "萬", "兆豐"]),  # malformed
    ],
)
def test_parse_mixed_number(text, value):
    assert parse_mixed_number(text) == value


def test_replace_converts_quantities_with_units():
    assert replace_chinese_numerals("補助一百二十萬元，共三十家企業") == "補助1200000元，共30家企業"
    assert replace_chinese_numerals("兩千人次，十二月") == "2000人次，12月"


def test_replace_converts_percent_words():
    assert replace_chinese_numerals("補助百分之五十") == "補助50%"


@pytest.mark.parametrize(
    "text",
    [
        "一、人才面",
        "（一）長期培育",
        "一律線上申請",
        "統一編號",
        "一般而言",
        "單一企業",
        "第一年",
        "數十萬元",
        "週一開會",
        "三大服務",
    ],
)
def test_replace_leaves_headings_words_and_ordinals(text):
    assert replace_chinese_numerals(text) == text
