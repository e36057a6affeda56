"""Figures worded as the ministry prints them: 「受理諮詢服務 4萬419 案次」, 2億6,180萬元."""

from __future__ import annotations

from typing import Any

from fudao.reports.figures import AMOUNTS, BREAKDOWNS, FIGURES
from fudao.zhtext.amounts import format_twd
from fudao.zhtext.numerals import format_count


def worded(key: str, value: Any) -> str:
    """One figure's value in the ministry's wording (— for a share nothing decided)."""
    unit = FIGURES[key][1]
    if value is None:
        return "—"
    if key in AMOUNTS:
        return format_twd(value)
    if unit == "%":
        return f"{value:.1f}%"
    return f"{format_count(int(value))} {unit}"


def headline(total: dict[str, Any]) -> list[dict[str, str]]:
    """The period's figures as printed lines: [{"key", "name", "value"}]; after a figure, its
    splits that counted something (「電話訪查 11,531 家次」, 「財務診斷輔導 489 件」)."""
    lines = []
    for k in FIGURES:
        lines.append({"key": k, "name": FIGURES[k][0], "value": worded(k, total.get(k))})
        for split, (after, labels, unit) in BREAKDOWNS.items():
            if after != k:
                continue
            lines += [{"key": f"{split}:{v}", "name": labels[v],
                       "value": f"{format_count(int(n))} {unit}"}
                      for v, n in (total.get(split) or {}).items() if n]
        if k == "cases" and total.get("topic_terms"):
            lines.append({"key": "topic_terms", "name": "常見提問詞",
                          "value": "、".join(f"{t['term']} {format_count(t['cases'])} 案次"
                                            for t in total["topic_terms"])})
    return lines


def topics_table(report: dict[str, Any]) -> dict[str, Any]:
    """What firms asked, for the page: the topics that counted something in the period (in the
    catalogue's facet order) as columns, a row per group (each period) and the total, each with
    its cases per topic and its most asked terms (「貸款 2 案次、美國 1 案次」)."""
    from fudao.reports.topics import TOPICS

    total = report["total"].get("cases_by_topic") or {}
    columns = [t for t in TOPICS if total.get(t)]

    def line(label: str, row: dict[str, Any]) -> dict[str, Any]:
        counts = row.get("cases_by_topic") or {}
        return {"label": label, "counts": [counts.get(t, 0) for t in columns],
                "terms": "、".join(f"{t['term']} {format_count(t['cases'])}" for t in row.get("topic_terms") or [])}

    return {"columns": columns, "rows": [line(r["label"], r) for r in report["rows"]],
            "total": line("合計", report["total"])}
