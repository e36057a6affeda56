"""The service desk's roles (DESIGN "People, roles, teams") and their zh-TW labels."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """One role per user; what each may do is decided by `fudao.cases.policy`."""

    CONSULTANT = "consultant"
    SUPERVISOR = "supervisor"
    ANALYST = "analyst"
    EDITOR = "editor"
    ADMIN = "admin"


ROLE_LABELS: dict[str, str] = {
    Role.CONSULTANT: "顧問",
    Role.SUPERVISOR: "督導",
    Role.ANALYST: "分析",
    Role.EDITOR: "目錄編輯",
    Role.ADMIN: "系統管理",
}

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
