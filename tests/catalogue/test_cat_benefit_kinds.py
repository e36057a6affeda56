"""Benefits as a document states them: the kind of each figure, its condition, ranges, windows."""

from __future__ import annotations

from datetime import date

from fudao.catalogue.extract.common import find_benefits, parse_window
from fudao.catalogue.window import is_open


def _kinds(text: str, **kw: object) -> dict[str, dict]:
    return {b["kind"]: b for b in find_benefits(text, 7, **kw)}  # type: ignore[arg-type]


def test_a_cost_item_cap_is_not_the_subsidy_share() -> None:
    got = _kinds("補助款以計畫總經費45%為限，其中機器購置費編列上限30%")
    assert got["cost_share_max"]["value"] == 45.0
    assert got["cost_item_cap"]["value"] == 30.0


def test_a_bank_margin_is_not_the_interest_rate() -> None:
    got = _kinds("利率依基準利率加承貸銀行加碼計息，加碼以不超過年息1.75%為限")
    assert set(got) == {"rate_margin"} and got["rate_margin"]["value"] == 1.75


def test_a_loan_share_of_the_project_cost_is_a_loan_to_cost_limit() -> None:
    got = _kinds("申貸額度最高為計畫所需經費之60%", loan=True)
    assert set(got) == {"loan_to_cost"} and got["loan_to_cost"]["value"] == 60.0


def test_a_rate_cut_keeps_its_amount_condition() -> None:
    cut = _kinds("貸款額度500萬元以內，利率減碼0.5%")["interest_rate_cut"]
    assert (cut["value"], cut["condition"], cut["up_to_twd"]) == (0.5, "貸款額度500萬元以內", 5_000_000)


def test_guarantee_ratios_keep_ranges_bounds_and_conditions() -> None:
    ranged = _kinds("保證成數 7~8成")["guarantee_ratio"]
    assert (ranged["value"], ranged["value_max"]) == (70.0, 80.0)
    above = _kinds("保證成數 貸款額度逾300萬元 最低8成")["guarantee_ratio"]
    assert (above["value"], above["bound"], above["over_twd"]) == (80.0, "min", 3_000_000)


def test_a_fee_waiver_is_a_benefit_with_its_own_words() -> None:
    waiver = _kinds("保證手續費減免 小規模企業 全免")["fee_waiver"]
    assert (waiver["value"], waiver["text"]) == (100.0, "全免")


def test_several_windows_of_one_form_stay_several() -> None:
    window = parse_window("114.03.01-114.03.31\n114.09.01-114.09.30")
    assert window["periods"] == [["2025-03-01", "2025-03-31"], ["2025-09-01", "2025-09-30"]]
    assert is_open(window, date(2025, 3, 10)) and is_open(window, date(2025, 9, 30))
    assert not is_open(window, date(2025, 6, 15)), "between the two windows nothing is accepted"
    assert "periods" not in parse_window("114.03.01-114.03.31")


def test_a_grant_top_up_is_not_a_bank_margin() -> None:
    got = _kinds("補助加碼：屬潛力中堅企業者，補助比例加碼補助5%")
    assert "rate_margin" not in got and got["cost_share_max"]["value"] == 5.0
