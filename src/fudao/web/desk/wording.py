"""The casework forms' error messages as a desk user reads them: field keys (「欄位「amount_twd」」,
「活動時間 at」) replaced by the field's label and ISO instants by 民國 dates, and which field
the message is about, so the page can show it in the summary and beside that field."""

from __future__ import annotations

import re

from fudao.zhtext.rocdates import ad_to_roc

LABELS = {
    "mode": "方式", "experts": "專家", "done": "已完成", "planned_for": "預定日期", "text": "紀要",
    "at": "時間", "findings": "診斷發現", "recommended_measures": "建議措施", "area": "診斷面向",
    "to": "轉介對象", "outcome": "結果", "note": "說明", "measure_id": "措施", "stage": "階段",
    "amount_twd": "金額", "bank": "銀行", "date": "日期", "due": "追蹤日期", "id": "項目",
    "extended_until": "展延至", "done_at": "完成時間", "result": "結果",
    "improvement_plan": "改善財務體質方案", "creditors": "債權銀行", "terms": "協議條件",
    "meeting": "協商會議", "meeting.date": "協商會議日期", "meeting.called_by": "召集會議的債權銀行",
}
_KEY = re.compile(r"欄位「([a-z_.]+)」")
_TIME_KEY = re.compile(r"(\S*時間) (?:at|opened_at)(?![a-z_])")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)?)?")


def _roc(m: re.Match[str]) -> str:
    day = f"民國{ad_to_roc(int(m.group(1)))}年{int(m.group(2))}月{int(m.group(3))}日"
    return f"{day} {m.group(4)}" if m.group(4) else day


def explain(message: str) -> tuple[str | None, str]:
    """(the field key the message is about or None, the message in words)."""
    field = None
    key = _KEY.search(message)
    if key:
        field = key.group(1)
    elif _TIME_KEY.search(message):
        field = "at"
    text = _KEY.sub(lambda m: f"「{LABELS.get(m.group(1), '此欄位')}」", message)
    text = _TIME_KEY.sub(lambda m: m.group(1), text)
    text = _ISO.sub(_roc, text)
    text = text.replace("（YYYY-MM-DD）", "").replace("，請用 YYYY-MM-DD", "")
    text = re.sub(r"（可用：[a-z_、]+）", "", text)
    text = re.sub(r"，可用：[a-z_]+（.*$", "", text)
    return field, text
