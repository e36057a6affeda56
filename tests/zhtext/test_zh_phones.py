"""Taiwan telephone numbers with extensions."""

import pytest

from fudao.zhtext.phones import find_phones


@pytest.mark.parametrize(
    ("text", "number", "ext"),
    [
        ("(02)8995-6399#1223", "02-8995-6399", "1223"),
        ("(02)2754-1255 分機 3517，趙小姐", "02-2754-1255", "3517"),
        ("0800-000-257", "0800-000-257", None),
        ("個案補助 : 02-27089055", "02-2708-9055", None),
        ("(03)485-5973#313", "03-485-5973", "313"),
        ("（０２）２７５４－１２５５＃２６２５", "02-2754-1255", "2625"),
        ("+886-2-2345-6789", "02-2345-6789", None),
        ("電話02 2345 6789 ext. 12", "02-2345-6789", "12"),
        ("0912-345-678", "0912-345-678", None),
    ],
)
def test_find_phones(text, number, ext):
    [found] = find_phones(text)
    assert found.value == {"number": number, "ext": ext}
    assert text[found.start : found.end] == found.raw


def test_list_of_numbers_gives_each():
    found = find_phones("0800-288-019、0800-550-010")
    assert [f.value["number"] for f in found] == ["0800-288-019", "0800-550-010"]


@pytest.mark.parametrize(
    "text",
    [
        "105.05.01-105.05.31",
        "2026-01-19",
        "08:30 ~ 18:00",
        "3,500萬元",
        "分機 714，陳先生",
        "2754-1255",
    ],
)
def test_not_phones(text):
    assert find_phones(text) == []
