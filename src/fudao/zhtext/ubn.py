"""統一編號 (Taiwan unified business number) checksum."""

from __future__ import annotations

from fudao.zhtext.normalize import fold_width

WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


def _digit_sum(n: int) -> int:
    return n // 10 + n % 10


def ubn_checksum(s: str) -> int:
    """The weighted digit-sum total of an 8-digit number (a 7th digit 7 counts its 28 as 10)."""
    return sum(_digit_sum(int(c) * w) for c, w in zip(s, WEIGHTS, strict=True))


def is_valid_ubn(s: str) -> bool:
    """Whether `s` is a valid 統一編號: 8 digits whose weighted digit-sum total is divisible
    by 5 (the rule since 2023; divisible by 10 remains valid); when the 7th digit is 7 its
    product 28 may count as 1 or 0."""
    text = fold_width(s).strip()
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return False
    total = ubn_checksum(text)
    if text[6] == "7":
        base = total - 10
        return base % 5 == 0 or (base + 1) % 5 == 0
    return total % 5 == 0


def synthetic_ubn(seed: int) -> str:
    """A valid 統一編號 made from `seed` (for demo and test data only): the first seven digits
    from the seed (never a 7 in seventh place), the eighth chosen so that the checksum holds."""
    head = f"{seed // 9 % 1_000_000:06d}" + "012345689"[seed % 9]  # distinct for seed < 9,000,000
    for last in "0123456789":
        if is_valid_ubn(head + last):
            return head + last
    raise AssertionError("unreachable: some last digit always satisfies the checksum")
