"""The enterprise profile (DESIGN's fact vocabulary): validation, labels for forms, derived facts."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fudao.rules.derived import derive
from fudao.rules.facts import FACTS, INPUT_FACTS, FactSpec, fact_label
from fudao.validation import Invalid, check_county, check_text
from fudao.zhtext.ubn import is_valid_ubn

__all__ = ["FACTS", "INPUT_FACTS", "FactSpec", "Profile", "ProfileError", "fact_label", "parse_profile"]

OrgType = Literal["company", "business", "foundation", "association", "other"]
Section = Literal[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S"
]
FactoryStatus = Literal["registered", "managed", "specific", "none"]
Mittelstand = Literal["excellent", "potential", "none"]
Need = Literal[
    "talent", "technology", "ip", "branding", "marketing", "export", "finance", "debt",
    "energy", "net_zero", "ai", "digital", "environment", "other",
]
Number = int | float
MAX_TWD = 10**15  # 1,000 兆元: beyond any enterprise's capital or revenue
MAX_EMPLOYEES = 10_000_000
MIN_DROP_PCT = -100_000.0  # a revenue increase of 1,000 times
MAX_NEEDS = 64
NUMBER_FIELDS = ("paid_in_capital_twd", "annual_revenue_twd", "net_worth_twd", "loan_request_twd", "revenue_drop_pct_vs_2024_same_period",
                 "revenue_drop_pct_vs_2024h2_monthly_avg", "revenue_drop_pct_vs_2025_janfeb_avg")


class ProfileError(Invalid):
    """A profile that does not fit the vocabulary; the message names the field (zh-TW)."""


class Profile(BaseModel):
    """An enterprise's facts; every key optional (None = unknown), unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    ubn: str | None = None
    name: str | None = None
    org_type: OrgType | None = None
    industry_section: Section | None = None
    paid_in_capital_twd: Number | None = Field(default=None, ge=0, le=MAX_TWD)
    employees: int | None = Field(default=None, ge=0, le=MAX_EMPLOYEES)
    annual_revenue_twd: Number | None = Field(default=None, ge=0, le=MAX_TWD)
    factory_registration: FactoryStatus | None = None
    registered_trader: bool | None = None
    tax_registered: bool | None = None
    us_export_within_3y: bool | None = None
    us_tariff_affected: bool | None = None
    revenue_drop_pct_vs_2024_same_period: Number | None = Field(default=None, ge=MIN_DROP_PCT, le=100)
    revenue_drop_pct_vs_2024h2_monthly_avg: Number | None = Field(default=None, ge=MIN_DROP_PCT, le=100)
    revenue_drop_pct_vs_2025_janfeb_avg: Number | None = Field(default=None, ge=MIN_DROP_PCT, le=100)
    mittelstand_status: Mittelstand | None = None
    net_worth_twd: Number | None = Field(default=None, ge=-MAX_TWD, le=MAX_TWD)
    bank_rejected: bool | None = None
    tax_arrears_3y: bool | None = None
    ecommerce_business: bool | None = None
    science_park_firm: bool | None = None
    own_brand: bool | None = None
    brand_award_winner: bool | None = None
    loan_request_twd: Number | None = Field(default=None, ge=0, le=MAX_TWD)
    county: str | None = None
    needs: list[Need] | None = Field(default=None, max_length=MAX_NEEDS)

    @field_validator(*NUMBER_FIELDS, mode="before")
    @classmethod
    def _check_finite(cls, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("finite")
        return value

    @field_validator("needs", mode="before")
    @classmethod
    def _unique_needs(cls, value: Any) -> Any:
        # Repeats are dropped before validation, so 7,000 copies of one need cost nothing.
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(dict.fromkeys(value))
        return value

    @field_validator("county", mode="before")
    @classmethod
    def _check_county(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return check_county(value, fact_label("county"))
            except Invalid as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _check_name(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return check_text(value, fact_label("name"), limit=200)
            except Invalid as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("ubn")
    @classmethod
    def _check_ubn(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_ubn(value):
            raise ValueError("ubn")
        return value

    def facts(self) -> dict[str, Any]:
        """The entered facts plus the derived ones (sme, small_scale, manufacturer)."""
        data = self.model_dump()
        data.update(derive(data))
        return data


def _ranges() -> dict[str, tuple[float, float]]:
    """Each number fact's allowed [low, high], from the Profile's field bounds."""
    out: dict[str, tuple[float, float]] = {}
    for key, info in Profile.model_fields.items():
        low = high = None
        for rule in info.metadata:
            low = getattr(rule, "ge", low)
            high = getattr(rule, "le", high)
        if low is not None and high is not None:
            out[key] = (float(low), float(high))
    return out


FACT_RANGES: dict[str, tuple[float, float]] = _ranges()


def _message(error: Any) -> tuple[str, str | None]:
    """A zh-TW sentence for one pydantic error, and the field it concerns."""
    loc = [str(p) for p in error.get("loc", ())]
    key = loc[0] if loc else None
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return f"不認得的欄位「{key}」（可用欄位：{'、'.join(INPUT_FACTS)}）", key
    name = f"欄位「{key}」（{fact_label(key or '')}）"
    if key == "ubn" and kind == "value_error":
        return f"{name}格式或檢查碼錯誤：須為 8 位數字且通過統一編號檢查", key
    if kind == "value_error" and key in ("county", "name"):
        return str(error.get("ctx", {}).get("error") or error.get("msg", "")), key
    if kind == "value_error" and key in NUMBER_FIELDS:
        return f"{name}須為有限的數字（不可為 NaN、Infinity 或超出範圍）", key
    if kind in ("greater_than_equal", "greater_than"):
        floor = error.get("ctx", {}).get("ge", 0)
        return (f"{name}不可為負數" if floor == 0 else f"{name}不可小於 {floor:,g}"), key
    if kind == "less_than_equal":
        return f"{name}不可大於 {error.get('ctx', {}).get('le'):,}", key
    if kind == "too_long":
        return f"{name}最多 {MAX_NEEDS} 項", key
    if kind == "literal_error":
        allowed = "、".join(v for v, _ in FACTS[key].choices) if key in FACTS else ""
        where = f"第 {int(loc[1]) + 1} 項" if len(loc) > 1 else ""
        return f"{name}{where}的值不在可用選項內（{allowed}）", key
    expected = {
        "int_type": "整數", "int_from_float": "整數", "bool_type": "true 或 false",
        "string_type": "文字", "float_type": "數字", "list_type": "清單",
    }
    if kind in expected:
        word = "數字" if FACTS.get(key or "", FACTS["name"]).type == "number" else expected[kind]
        return f"{name}須為{word}", key
    return f"{name}的值不正確", key


def parse_profile(data: Any) -> Profile:
    """Validate a profile dict into a `Profile`; raises `ProfileError` naming the field."""
    if isinstance(data, Profile):
        return data
    if not isinstance(data, dict):
        raise ProfileError("企業資料須為 JSON 物件（鍵為欄位名稱）")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message, key = _message(first)
        raise ProfileError(message, key) from None
