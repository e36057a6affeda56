"""Money amounts in the forms the ministry's documents use."""

from decimal import Decimal

import pytest

from fudao.zhtext.amounts import find_amounts, format_twd, parse_amount

# Dates, phones, years, durations, unit labels, vague amounts, counts, other currencies, unit prices.
NOT_AMOUNTS = [
    "2026年1月19日",
    "(02)2754-1255",
    "0800-000-257",
    "112年",
    "近3年",
    "單位：千元",
    "數十萬元",
    "多元發展",
    "3萬人",
    "1.2萬家",
    "abc",
    "64.05億美元",
    "每度 7.32 元",
]


@pytest.mark.parametrize(
    ("text", "twd"),
    [
        ("12億 1,147 萬元", 1_211_470_000),
        ("6,000萬元", 60_000_000),
        ("1億元", 100_000_000),
        ("3,500萬元", 35_000_000),
        ("500 萬", 5_000_000),
        ("4萬5千元", 45_000),
        ("新臺幣30億元", 3_000_000_000),
        ("每家最高**3,500**萬元", 35_000_000),
        ("95萬元", 950_000),
        ("200 萬元", 2_000_000),
        ("3,000千元", 3_000_000),
        ("一百二十萬元", 1_200_000),
        ("新臺幣三億元", 300_000_000),
        ("NT$100 million", 100_000_000),
        ("NT$1,000元", 1_000),
        ("１２萬元", 120_000),
        ("0.5萬元", 5_000),
        ("1000", 1000),
        *((text, None) for text in NOT_AMOUNTS),
    ],
)
def test_parse_amount(text, twd):
    assert parse_amount(text) == twd


def test_usd_amounts_carry_their_currency():
    found = find_amounts("出口 64.05億美元，順差 1,708 萬美元，US$ 3 billion")
    assert [f.value for f in found] == [
        {"amount": 6_405_000_000, "currency": "USD"},
        {"amount": 17_080_000, "currency": "USD"},
        {"amount": 3_000_000_000, "currency": "USD"},
    ]


def test_spans_point_at_the_raw_text():
    text = "補助上限，每家最高**3,500**萬元，另加碼 500 萬元。"
    for found in find_amounts(text):
        assert text[found.start : found.end] == found.raw
    assert [f.value["twd"] for f in find_amounts(text)] == [35_000_000, 5_000_000]


def test_prefix_included_in_raw():
    [found] = find_amounts("匡列新臺幣 982億元經費")
    assert found.raw == "新臺幣 982億元"


def test_bare_wan_needs_a_money_context():
    assert [f.value["twd"] for f in find_amounts("單家最高 500 萬；聯合申請最高 4,000 萬")] == [
        5_000_000,
        40_000_000,
    ]
    assert find_amounts("創造就業人數 14.9 萬") == []
    assert find_amounts("累計案件達 3 萬 5,857 件") == []


def test_full_width_comma_does_not_join_numbers():
    assert [f.value["twd"] for f in find_amounts("分別為100，200萬元")] == [2_000_000]


def test_space_separated_numbers_take_the_last():
    [found] = find_amounts("表 2 500萬元")
    assert found.value == {"twd": 5_000_000}
    assert found.raw == "500萬元"


def test_trillion_unit():
    [found] = find_amounts("增加投資額約 2 兆 729 億")
    assert found.value == {"twd": 2_072_900_000_000}


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1_211_470_000, "12億1,147萬元"),
        (60_000_000, "6,000萬元"),
        (100_000_000, "1億元"),
        (300_000_000_000, "3,000億元"),
        (5_000_000, "500萬元"),
        (10_000, "1萬元"),
        (45_000, "4.5萬元"),
        (45_499, "4.5萬元"),
        (45_500, "4.6萬元"),
        (123_456_789, "1億2,345.7萬元"),
        (5_000, "5,000元"),
        (500, "500元"),
        (0, "0元"),
        (499.5, "500元"),
        (60_000_000.0, "6,000萬元"),
        (Decimal("1211470000"), "12億1,147萬元"),
        (Decimal("9999.4"), "9,999元"),
        (-60_000_000, "-6,000萬元"),
        (None, ""),
    ],
)
def test_format_twd_reads_like_the_ministry(amount, shown):
    assert format_twd(amount) == shown


@pytest.mark.parametrize("amount", [1_211_470_000, 60_000_000, 100_000_000, 5_000_000, 500])
def test_format_twd_round_trips_through_parse_amount(amount):
    assert parse_amount(format_twd(amount)) == amount


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), Decimal("NaN")])
def test_format_twd_refuses_non_finite_amounts(amount):
    with pytest.raises(ValueError):
        format_twd(amount)
