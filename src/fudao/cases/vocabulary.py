"""The case vocabulary of DESIGN: channels, kinds, statuses and activity types, with zh-TW labels."""

from __future__ import annotations

from fudao.errors import Invalid
from fudao.validation import shown

CHANNELS: dict[str, str] = {
    "hotline": "專線電話", "web": "網路諮詢", "walk_in": "臨櫃", "email": "電子郵件",
    "visit": "訪視", "outreach": "主動關懷", "referral": "他機關轉介",
}
KINDS: dict[str, str] = {
    "inquiry": "諮詢", "counselling": "輔導", "financing": "融資協處", "debt": "債權債務協商",
    "consultation_day": "專業諮詢日",
}
STATUSES: dict[str, str] = {
    "new": "新案", "triaged": "已分類", "in_progress": "處理中",
    "waiting_enterprise": "待企業回覆", "referred": "已轉介", "resolved": "已解決",
    "closed": "已結案", "merged": "已併案",
}
ACTIVITY_TYPES: dict[str, str] = {
    "call": "電話", "email": "電子郵件", "note": "備註", "visit": "訪視", "diagnosis": "診斷",
    "referral": "轉介", "application": "申請措施", "financing_outcome": "融資結果",
    "debt_outcome": "債務協商結果", "follow_up": "追蹤", "message": "致企業訊息",
    "reply": "企業回覆",
}
# Why a case was resolved or closed (DESIGN "Case files and messages").
CLOSING_REASONS: dict[str, str] = {
    "answered": "已答覆", "referred": "已轉介", "applied": "已協助申請", "not_eligible": "不符資格",
    "no_reply": "企業未回覆", "duplicate": "重複案件", "other": "其他",
}
# The regions an expert of the pool serves (the 北中南 of the service points, and the east and islands).
REGIONS: dict[str, str] = {
    "north": "北區", "central": "中區", "south": "南區", "east": "東區", "islands": "離島",
    "national": "全國",
}
# Messages to the enterprise, by kind (the subject line of each e-mail).
MESSAGE_KINDS: dict[str, str] = {
    "request_info": "請提供資料", "resolved": "案件已解決", "referred": "案件已轉介",
    "closed": "案件已結案",
}

# Statuses a case may move to from each status (merging goes through `merge_case`).
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"triaged", "in_progress", "waiting_enterprise", "referred", "resolved"}),
    "triaged": frozenset({"in_progress", "waiting_enterprise", "referred", "resolved"}),
    "in_progress": frozenset({"waiting_enterprise", "referred", "resolved"}),
    "waiting_enterprise": frozenset({"in_progress", "resolved"}),
    "referred": frozenset({"in_progress", "resolved"}),
    "resolved": frozenset({"closed", "in_progress"}),
    "closed": frozenset({"in_progress"}),
    "merged": frozenset(),
}
OPEN_STATUSES = frozenset({"new", "triaged", "in_progress", "waiting_enterprise", "referred"})
# Activities that count as the first response to the enterprise.
RESPONSE_ACTIVITIES = frozenset({"call", "email", "visit"})


def choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    """Django field choices from a vocabulary."""
    return list(labels.items())


def check(value: str, labels: dict[str, str], what: str) -> str:
    """`value` if it is in the vocabulary, else ValueError naming the field and the choices."""
    if value not in labels:
        allowed = "、".join(f"{k}（{v}）" for k, v in labels.items())
        raise Invalid(f"{what}「{shown(value)}」不存在，可用：{allowed}")
    return value
