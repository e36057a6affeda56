"""統一編號 checksum."""

import pytest

from fudao.zhtext.ubn import is_valid_ubn


@pytest.mark.parametrize("ubn", ["22099131", "10458575", "04595257"])
def test_valid_ubns(ubn):
    assert is_valid_ubn(ubn)


def test_divisible_by_five_is_valid_since_2023():
    # weighted digit-sum total 5: valid under the 2023 rule, not under the old divide-by-10 rule
    assert is_valid_ubn("10000004")


def test_seventh_digit_seven_may_count_as_one():
    # total 14 with 28→10; counting 28 as 1 gives 5
    assert is_valid_ubn("10000073")


@pytest.mark.parametrize(
    "ubn", ["12345678", "22099132", "1045857", "220991311", "2209913a", "", "２２０９９１３２"]
)
def test_invalid_ubns(ubn):
    assert not is_valid_ubn(ubn)


def test_full_width_digits_accepted():
    assert is_valid_ubn("２２０９９１３１")
