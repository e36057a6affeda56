"""The fact vocabulary of an enterprise profile (DESIGN "Enterprise facts"): each fact's zh-TW
label, type, choices and help text, which facts are entered and which derived."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FactSpec:
    """How a fact is asked for in a form: zh-TW label, type, choices and help text."""

    label: str
    type: str  # string | enum | bool | int | number | list
    choices: list[tuple[str, str]] = field(default_factory=list)
    help: str = ""
    derived: bool = False


_YES_NO = [("true", "是"), ("false", "否")]

FACTS: dict[str, FactSpec] = {
    "ubn": FactSpec("統一編號", "string", help="8 位數字，將以檢查碼驗證"),
    "name": FactSpec("公司名稱", "string"),
    "org_type": FactSpec("組織型態", "enum", [
        ("company", "公司"), ("business", "商號"), ("foundation", "財團法人"),
        ("association", "社團法人"), ("other", "其他"),
    ]),
    "industry_section": FactSpec(
        "行業別（行業統計分類大類）", "enum",
        [(c, f"{c} 大類" + ("（製造業）" if c == "C" else "")) for c in "ABCDEFGHIJKLMNOPQRS"],
        help="C 為製造業",
    ),
    "paid_in_capital_twd": FactSpec("實收資本額（新臺幣元）", "number"),
    "employees": FactSpec("經常僱用員工數", "int", help="不可為負數"),
    "annual_revenue_twd": FactSpec("上一年度營業額（新臺幣元）", "number"),
    "factory_registration": FactSpec("工廠登記狀態", "enum", [
        ("registered", "已辦工廠登記"), ("managed", "經核准納管工廠"),
        ("specific", "特定工廠"), ("none", "無工廠"),
    ]),
    "registered_trader": FactSpec("已依出進口廠商登記辦法登記", "bool", _YES_NO),
    "tax_registered": FactSpec("已辦稅籍登記", "bool", _YES_NO),
    "us_export_within_3y": FactSpec("近3年有輸美實績", "bool", _YES_NO),
    "us_tariff_affected": FactSpec("直接或間接受美國關稅影響（可提出佐證）", "bool", _YES_NO),
    "revenue_drop_pct_vs_2024_same_period": FactSpec(
        "營業額較113年同期減少（%）", "number", help="增加請填負數"),
    "revenue_drop_pct_vs_2024h2_monthly_avg": FactSpec(
        "營業額較113年下半年月平均減少（%）", "number", help="增加請填負數"),
    "revenue_drop_pct_vs_2025_janfeb_avg": FactSpec(
        "營業額較114年1至2月平均減少（%）", "number", help="增加請填負數"),
    "mittelstand_status": FactSpec("中堅企業身分", "enum", [
        ("excellent", "卓越中堅企業"), ("potential", "潛力中堅企業"), ("none", "非中堅企業"),
    ]),
    "net_worth_twd": FactSpec("公司淨值（股東權益，新臺幣元）", "number", help="負值請填負數"),
    "bank_rejected": FactSpec("是否為銀行（金融機構）拒絕往來戶", "bool", _YES_NO),
    "tax_arrears_3y": FactSpec("近3年內是否有欠繳應納稅捐", "bool", _YES_NO),
    "ecommerce_business": FactSpec("是否經營電子商務業務（電子商務平台、無店面零售或網路商店）", "bool", _YES_NO),
    "science_park_firm": FactSpec(
        "是否為科學工業園區之科學工業（含申請進駐中部科學園區或園區廠商供應鏈）", "bool", _YES_NO),
    "own_brand": FactSpec("是否擁有自有品牌", "bool", _YES_NO),
    "brand_award_winner": FactSpec(
        "是否曾獲台灣精品、臺灣二十大國際品牌、經濟部獎項或國際設計研發獎（iF、Reddot 等）", "bool", _YES_NO),
    "loan_request_twd": FactSpec("擬申請貸款金額（新臺幣元）", "number", help="用於計算利率減碼、保證成數適用之額度"),
    "county": FactSpec("所在縣市", "string"),
    "needs": FactSpec("需要協助的項目", "list", [
        ("talent", "人才"), ("technology", "技術"), ("ip", "智慧財產"), ("branding", "品牌"),
        ("marketing", "行銷"), ("export", "外銷拓展"), ("finance", "資金融通"),
        ("debt", "債務協商"), ("energy", "節能"), ("net_zero", "淨零減碳"), ("ai", "AI 導入"),
        ("digital", "數位轉型"), ("environment", "環保"), ("other", "其他"),
    ]),
    "sme": FactSpec("中小企業", "bool", _YES_NO, "依中小企業認定標準推算", derived=True),
    "small_scale": FactSpec("小規模企業（員工未滿5人之中小企業）", "bool", _YES_NO, derived=True),
    "manufacturer": FactSpec("製造業", "bool", _YES_NO, "行業別為 C 大類", derived=True),
}

INPUT_FACTS: list[str] = [k for k, spec in FACTS.items() if not spec.derived]


def fact_label(key: str) -> str:
    """The zh-TW label of a fact key (the key itself when unknown)."""
    spec = FACTS.get(key)
    return spec.label if spec else key
