"""Property tests: round trips and invariants of the Chinese-text helpers."""

from datetime import date
from itertools import pairwise

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from fudao.zhtext.amounts import parse_amount
from fudao.zhtext.normalize import fold_width
from fudao.zhtext.rocdates import ad_to_roc, format_roc_date, parse_roc_date, roc_to_ad
from fudao.zhtext.ubn import is_valid_ubn
from fudao.zhtext.values import find_values


@given(st.integers(min_value=1, max_value=200))
def test_roc_ad_round_trip(roc):
    assert ad_to_roc(roc_to_ad(roc)) == roc


@given(st.dates(min_value=date(1912, 1, 1), max_value=date(2100, 12, 31)))
def test_formatted_roc_date_parses_back(day):
    assert parse_roc_date(format_roc_date(day)) == day


@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2041, 12, 31)), st.sampled_from("./"))
def test_numeric_roc_date_parses_back(day, sep):
    text = f"{ad_to_roc(day.year)}{sep}{day.month}{sep}{day.day:02d}"
    assert parse_roc_date(text) == day


def _compose(yi: int, wan: int, rest: int, space: str) -> str:
    parts = []
    if yi:
        parts.append(f"{yi}億")
    if wan:
        parts.append(f"{wan:,}{space}萬")
    if rest:
        parts.append(f"{rest:,}")
    return space.join(parts) + "元"


@given(
    st.integers(0, 9999),
    st.integers(0, 9999),
    st.integers(0, 9999),
    st.sampled_from(["", " "]),
)
def test_parse_amount_of_composed_wan_yi(yi, wan, rest, space):
    n = yi * 10**8 + wan * 10**4 + rest
    if n == 0:
        return
    assert parse_amount(_compose(yi, wan, rest, space)) == n


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_parse_amount_of_chinese_numerals(n):
    written = str(cn2an.an2cn(n))  # simplified forms such as 一百二十万零五
    assert parse_amount(written + "元") == n


@given(st.text())
def test_fold_width_idempotent_and_length_preserving(text):
    once = fold_width(text)
    assert fold_width(once) == once
    assert len(once) == len(text)


def _valid_ubn(first7: str) -> str:
    return next(first7 + d for d in "0123456789" if is_valid_ubn(first7 + d))


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_generated_ubn_is_valid_and_most_one_digit_changes_fail(first7):
    ubn = _valid_ubn(first7)
    assert is_valid_ubn(ubn)
    changed = [ubn[:i] + d + ubn[i + 1 :] for i in range(8) for d in "0123456789" if d != ubn[i]]
    still_valid = sum(is_valid_ubn(c) for c in changed)
    assert still_valid / len(changed) < 0.35


_VALUE_ALPHABET = "0123456789.,-/~#()%萬億千元年月日至成分機新臺幣美 　，、（）＃０１２"


@given(st.text(alphabet=_VALUE_ALPHABET, max_size=60))
def test_find_values_spans_are_raw_and_disjoint(text):
    found = find_values(text)
    for f in found:
        assert text[f.start : f.end] == f.raw
    for a, b in pairwise(found):
        assert a.end <= b.start
