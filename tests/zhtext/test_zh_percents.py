"""Percentages written with %, 百分之 and 成."""

import pytest

from fudao.zhtext.percents import find_percents


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10%", {"percent": 10.0}),
        ("10 %", {"percent": 10.0}),
        ("達成率 58.5％", {"percent": 58.5}),
        ("利率**2.22%**", {"percent": 2.22}),
        ("百分之十", {"percent": 10.0}),
        ("百分之七十", {"percent": 70.0}),
        ("9.5成", {"percent": 95.0}),
        ("一律10成", {"percent": 100.0}),
        ("三成", {"percent": 30.0}),
        ("保證成數最高 9 成 5，", {"percent": 95.0}),
        ("8~9成", {"percent": 80.0, "max": 90.0}),
        ("10~20%", {"percent": 10.0, "max": 20.0}),
        ("4 成至 9 成", {"percent": 40.0, "max": 90.0}),
    ],
)
def test_find_percents(text, value):
    [found] = find_percents(text)
    assert found.value == value
    assert text[found.start : found.end] == found.raw


@pytest.mark.parametrize("text", ["營收成長", "降低成本", "完成輔導", "促成投資", "3成長"])
def test_words_with_cheng_are_not_percents(text):
    assert find_percents(text) == []


def test_several_in_a_line():
    found = find_percents("流動電費 5％、10％、20％之折扣")
    assert [f.value["percent"] for f in found] == [5.0, 10.0, 20.0]
