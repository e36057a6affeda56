"""The finders over the ministry's real documents (skipped where the corpus is absent)."""

import re
from itertools import pairwise
from pathlib import Path

from fudao.zhtext.agencies import agencies_in, canonical_agency
from fudao.zhtext.amounts import find_amounts
from fudao.zhtext.percents import find_percents
from fudao.zhtext.phones import find_phones
from fudao.zhtext.rocdates import find_dates
from fudao.zhtext.values import find_values

_NUMBER_WITH_EXT = re.compile(r"\d{3,4}-\d{4}\s*(?:#|分機)\s*\d")


def _lines(corpus_dir: Path, prefix: str) -> list[str]:
    path = next(corpus_dir.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def test_every_extension_line_in_002_yields_a_phone_with_its_extension(corpus_dir):
    lines = [line for line in _lines(corpus_dir, "002") if _NUMBER_WITH_EXT.search(line)]
    assert len(lines) > 20
    for line in lines:
        phones = find_phones(line)
        assert phones, line
        assert all(p.value["ext"] for p in phones), line
        assert all(re.fullmatch(r"0\d{1,3}-\d{3,4}-\d{4}", p.value["number"]) for p in phones)


def test_003_amounts_percents_phones_dates(corpus_dir):
    text = "\n".join(_lines(corpus_dir, "003"))
    twd = {f.value["twd"] for f in find_amounts(text) if "twd" in f.value}
    assert {
        60_000_000,
        100_000_000,
        35_000_000,
        5_000_000,
        40_000_000,
        3_000_000,
        20_000_000,
    } <= twd
    percents = [f.value for f in find_percents(text)]
    assert {"percent": 95.0} in percents
    assert {"percent": 80.0, "max": 90.0} in percents
    numbers = {f.value["number"] for f in find_phones(text)}
    assert {"0800-288-019", "0800-550-010", "02-2708-9055", "0800-280-280"} <= numbers
    dates = [(f.kind, f.value) for f in find_dates(text)]
    assert ("date", {"date": "2025-08-07"}) in dates
    assert ("date", {"date": "2026-01-19"}) in dates
    assert ("date_range", {"start": "2025-01-01", "end": "2025-02-28"}) in dates
    assert ("date_range", {"start": "2024-07-01", "end": "2024-12-31"}) in dates


def test_003_new_agency_names_and_000_old_names_meet(corpus_dir):
    new = set(agencies_in("\n".join(_lines(corpus_dir, "003"))))
    old = set(agencies_in("\n".join(_lines(corpus_dir, "000"))))
    assert {"經濟部產業發展署", "經濟部中小及新創企業署", "經濟部國際貿易署", "經濟部能源署"} <= new
    assert {
        "經濟部產業發展署",
        "經濟部中小及新創企業署",
        "經濟部國際貿易署",
        "經濟部商業發展署",
    } <= old
    assert canonical_agency("工業局") in new & old


def test_dates_of_the_2013_report_are_not_in_its_future(corpus_dir):
    days = [
        f.value["date"]
        for line in _lines(corpus_dir, "001")
        for f in find_dates(line)
        if f.kind == "date"
    ]
    assert len(days) > 100
    assert max(days) <= "2014-12-31"


def test_values_over_the_whole_corpus_are_consistent(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found = find_values(line)
            for f in found:
                assert line[f.start : f.end] == f.raw
                if f.kind == "amount":
                    assert not re.search(r"\d-\d", f.raw), line  # never a phone or a date
            for a, b in pairwise(found):
                assert a.end <= b.start, line


def test_002_names_the_hosts_of_other_ministries(corpus_dir):
    found = set(agencies_in("\n".join(_lines(corpus_dir, "002"))))
    assert {"勞動部", "勞動部勞動力發展署", "教育部", "內政部", "內政部役政署"} <= found
