"""Reads of the catalogue for other apps: the contact directory looked up by industry."""

from __future__ import annotations

import re
from typing import Any

from fudao.catalogue.models import Measure
from fudao.zhtext.normalize import normalize_text

# Everyday words for industries whose directory name is formal (提供食物服務業 is 餐飲).
_SYNONYMS = {"餐飲": "食物", "餐廳": "食物", "小吃": "食物", "美髮": "美髮", "理髮": "美髮", "洗衣": "洗衣",
             "資訊服務": "電腦", "軟體": "電腦", "遊戲": "遊戲", "批發": "批發", "零售": "零售",
             "藥": "製藥", "會展": "展覽", "顧問": "顧問", "廣告": "廣告", "倉儲": "倉儲", "物流": "倉儲"}
_SUFFIX = re.compile(r"(?:及其相關)?(?:服務)?(?:產業|業)$")


def industry_keys(industry: str) -> list[str]:
    """The words that name an industry of the directory: 印刷產業 → 印刷; 美容及美髮業 → 美容, 美髮."""
    core = _SUFFIX.sub("", industry).removeprefix("提供")
    parts = [p for p in re.split(r"[及與、]", core) if len(p) >= 2]
    return parts or [core]


def _mentions(text: str, industry: str) -> bool:
    keys = industry_keys(industry)
    if any(k in text for k in keys):
        return True
    return any(word in text and target in "".join(keys) for word, target in _SYNONYMS.items())


def contacts_for_industry(text: str) -> list[dict[str, Any]]:
    """Directory contacts for the industry a text names (「我是印刷業，衝擊產業調整輔導要找誰」 →
    the 印刷產業 window), each with its measure's id and name and its cited line; published
    measures only, in catalogue order; [] when the text names no directory industry."""
    flat = "".join(normalize_text(text).split())
    out: list[dict[str, Any]] = []
    for measure in Measure.objects.filter(status=Measure.Status.PUBLISHED).exclude(contact_directory=[]):
        for entry in measure.contact_directory or []:
            if entry.get("industry") and _mentions(flat, entry["industry"]):
                out.append({**entry, "measure_id": measure.id, "measure_name": measure.name})
    return out
