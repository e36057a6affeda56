"""The words of a match: each eligibility status with its zh-TW label (pages, CLI, exports)."""

from __future__ import annotations

MATCH_STATUSES: dict[str, str] = {"eligible": "符合資格", "unknown": "可能符合（尚缺資料）", "ineligible": "不符合"}
