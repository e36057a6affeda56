"""Findings and their overlaps."""

from fudao.zhtext.found import Found, longest_without_overlaps


def _found(start: int, end: int) -> Found:
    return Found("amount", "x" * (end - start), {}, start, end)


def test_overlapping_findings_keep_the_first_and_longest_in_text_order():
    kept = longest_without_overlaps([_found(10, 12), _found(0, 3), _found(0, 5), _found(4, 8), _found(5, 6)])
    assert [(f.start, f.end) for f in kept] == [(0, 5), (5, 6), (10, 12)]


def test_no_findings():
    assert longest_without_overlaps([]) == []
