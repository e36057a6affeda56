"""Applicant types named in a measure's target wording."""

from __future__ import annotations

_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("company", ("公司", "企業", "事業單位", "廠商", "業者")),
    ("business", ("商號", "行號")),
    ("sme", ("中小企業", "中小微企業", "中小型")),
    ("manufacturer", ("製造業", "工廠")),
    ("mittelstand", ("中堅企業",)),
    ("trader", ("出進口廠商",)),
    ("school", ("學校", "學生", "校院")),
    ("individual", ("青年", "求職者", "個人")),
    ("association", ("公協會", "法人", "團體")),
)


def applicant_types(text: str) -> list[str]:
    """Types of applicant (company, business, sme, manufacturer, …) the wording names."""
    return [key for key, words in _TYPES if any(w in text for w in words)]
