"""The screening's SQL check of 統一編號 agrees with `fudao.zhtext.ubn.is_valid_ubn`."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from fudao.matching.screen import _ubn_macro
from fudao.zhtext.ubn import is_valid_ubn

_CON = duckdb.connect()
_ubn_macro(_CON)
_SQL = "SELECT ubn_number($1) IS NOT NULL AND ubn_sum_ok(ubn_number($1), ubn_total(ubn_number($1)))"


def sql_valid(text: str) -> bool:
    return bool(_CON.execute(_SQL, [text]).fetchone()[0])  # type: ignore[index]


def sql_valid_many(texts: list[str]) -> list[bool]:
    rows = _CON.execute(
        "SELECT ubn_number(u) IS NOT NULL AND ubn_sum_ok(ubn_number(u), ubn_total(ubn_number(u))) "
        "FROM unnest($1) WITH ORDINALITY AS t(u, i) ORDER BY i", [texts]).fetchall()
    return [bool(r[0]) for r in rows]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10**8 - 1), min_size=1, max_size=300))
def test_eight_digit_numbers(numbers: list[int]) -> None:
    texts = [f"{n:08d}" for n in numbers]
    # half of them with 7 as the 7th digit (the special rule)
    texts += [t[:6] + "7" + t[7] for t in texts]
    assert sql_valid_many(texts) == [is_valid_ubn(t) for t in texts]


def test_known_numbers_and_malformed_text() -> None:
    for text in ["04595257", "10458575", "1234567", "123456789", "abcdefgh", "０４５９５２５７", ""]:
        assert sql_valid(text) == is_valid_ubn(text), text
