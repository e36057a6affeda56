"""All finders together, without overlaps."""

from itertools import pairwise

from fudao.zhtext.values import find_values

TEXT = (
    "電話：(02)2754-1255 分機 3517，E-mail：service@example.org.tw，"
    "網址 https://www.example.gov.tw/apply?id=1。自民國114年8月7日起受理，"
    "每家最高**3,500**萬元，利率2.22%，諮詢 0800-280-280。"
)


def test_every_kind_once_in_order():
    found = find_values(TEXT)
    assert [f.kind for f in found] == [
        "phone",
        "email",
        "url",
        "date",
        "amount",
        "percent",
        "phone",
    ]
    assert found[2].value == {"url": "https://www.example.gov.tw/apply?id=1"}
    assert found[1].value == {"email": "service@example.org.tw"}


def test_spans_are_raw_and_disjoint():
    found = find_values(TEXT)
    for f in found:
        assert TEXT[f.start : f.end] == f.raw
    for a, b in pairwise(found):
        assert a.end <= b.start


def test_phone_is_not_also_an_amount_or_date():
    found = find_values("專線 0800-089-921 服務時間 08:30 ~ 18:00")
    assert [f.kind for f in found] == ["phone"]


def test_range_wins_over_its_year():
    found = find_values("114年1至2月平均")
    assert [(f.kind, f.raw) for f in found] == [("date_range", "114年1至2月")]


def test_to_dict_is_json_ready():
    import json

    assert json.loads(json.dumps([f.to_dict() for f in find_values(TEXT)]))
