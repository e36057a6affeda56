"""The profile vocabulary: strict validation with zh-TW errors naming the field; derived facts."""

from __future__ import annotations

import pytest

from fudao.rules.derived import derive
from fudao.rules.profile import FACTS, INPUT_FACTS, ProfileError, parse_profile


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"employes": 3}, "employes", "不認得"),
        ({"employees": -1}, "employees", "負數"),
        ({"employees": "12"}, "employees", "整數"),
        ({"employees": 12.5}, "employees", "整數"),
        ({"employees": True}, "employees", "整數"),
        ({"paid_in_capital_twd": "很多"}, "paid_in_capital_twd", "數字"),
        ({"paid_in_capital_twd": -5}, "paid_in_capital_twd", "負數"),
        ({"registered_trader": "yes"}, "registered_trader", "true 或 false"),
        ({"registered_trader": 1}, "registered_trader", "true 或 false"),
        ({"org_type": "corp"}, "org_type", "選項"),
        ({"industry_section": "Z"}, "industry_section", "選項"),
        ({"needs": ["money"]}, "needs", "第 1 項"),
        ({"ubn": "12345678"}, "ubn", "檢查碼"),
        ({"ubn": "1234567"}, "ubn", "檢查碼"),
        ({"revenue_drop_pct_vs_2024_same_period": 120}, "revenue_drop_pct_vs_2024_same_period", "100"),
    ],
)
def test_bad_profiles_name_the_field(data: dict, field: str, words: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    assert caught.value.field == field
    assert field in str(caught.value) and words in str(caught.value)


def test_not_an_object() -> None:
    with pytest.raises(ProfileError, match="JSON 物件"):
        parse_profile(["employees", 3])


def test_valid_profile_keeps_values_and_unknowns() -> None:
    p = parse_profile({"ubn": "04595257", "employees": 0, "paid_in_capital_twd": 1.5e6,
                       "needs": ["finance", "export"], "registered_trader": None})
    assert p.employees == 0 and p.registered_trader is None and p.org_type is None


@pytest.mark.parametrize(
    ("facts", "sme"),
    [
        ({"org_type": "company", "paid_in_capital_twd": 100_000_000, "employees": 500}, True),
        ({"org_type": "company", "paid_in_capital_twd": 100_000_001, "employees": 500}, False),
        ({"org_type": "business", "paid_in_capital_twd": 900_000_000, "employees": 199}, True),
        ({"org_type": "business", "paid_in_capital_twd": 900_000_000, "employees": 200}, False),
        ({"org_type": "foundation", "paid_in_capital_twd": 1, "employees": 1}, False),
        ({"org_type": "company"}, None),                       # both numbers unknown
        ({"org_type": "company", "employees": 250}, None),     # capital could still decide
        ({"org_type": "company", "employees": 10}, True),      # headcount alone decides
        ({"employees": 10}, None),                             # legal form unknown
        ({"org_type": "other", "employees": 10}, False),
    ],
)
def test_sme_is_three_valued(facts: dict, sme: bool | None) -> None:
    full = parse_profile(facts).model_dump()
    assert derive(full)["sme"] is sme


@pytest.mark.parametrize(
    ("facts", "small"),
    [
        ({"org_type": "company", "employees": 4}, True),
        ({"org_type": "company", "employees": 5}, False),
        ({"org_type": "foundation", "employees": 4}, False),
        ({"employees": 4}, None),
        ({"org_type": "company", "paid_in_capital_twd": 10}, None),
    ],
)
def test_small_scale(facts: dict, small: bool | None) -> None:
    assert derive(parse_profile(facts).model_dump())["small_scale"] is small


@pytest.mark.parametrize(("section", "value"), [("C", True), ("G", False), (None, None)])
def test_manufacturer(section: str | None, value: bool | None) -> None:
    assert derive(parse_profile({"industry_section": section}).model_dump())["manufacturer"] is value


def test_facts_cover_the_vocabulary_with_zh_labels() -> None:
    assert set(INPUT_FACTS) == set(parse_profile({}).model_dump())
    for key, spec in FACTS.items():
        assert spec.label and not spec.label.isascii(), key
        if spec.type == "enum":
            assert spec.choices
