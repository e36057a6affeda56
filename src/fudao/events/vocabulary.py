"""The events vocabulary of DESIGN: event kinds, registration statuses, expert kinds (zh-TW labels)."""

from __future__ import annotations

EVENT_KINDS: dict[str, str] = {
    "info_session": "說明會", "promotion": "廣宣活動", "consultation_day": "專業諮詢日",
    "training": "培訓課程",
}
REGISTRATION_STATUSES: dict[str, str] = {
    "registered": "已報名", "waitlisted": "候補", "cancelled": "已取消",
}
EXPERT_KINDS: dict[str, str] = {
    "lawyer": "律師", "accountant": "會計師", "financial_advisor": "財務顧問",
}
# Case kinds an attendee may be turned into in one step at the event.
ATTENDEE_CASE_KINDS: dict[str, str] = {"inquiry": "諮詢", "counselling": "輔導"}
