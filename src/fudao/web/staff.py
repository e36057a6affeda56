"""The one gate of the staff pages (desk, casework, staff events, outreach, reports) and the
staff navigation by role. Anonymous visitors go to the sign-in page; a signed-in user whose
role has no part in an area gets the 403 page with the reason in zh-TW."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from fudao.accounts.actors import Actor, actor_for_user
from fudao.accounts.roles import Role

View = Callable[..., HttpResponse]
CASEWORK = frozenset({Role.CONSULTANT, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN})
AREAS: dict[str, tuple[frozenset[str], str]] = {
    "desk": (CASEWORK, "服務台案件頁面"),
    "events": (frozenset({Role.CONSULTANT, Role.SUPERVISOR, Role.ADMIN}), "活動管理頁面"),
    "outreach": (CASEWORK, "外展名單頁面"),
    "reports": (frozenset({Role.SUPERVISOR, Role.ANALYST, Role.ADMIN}), "統計報表"),
}


def refusal(actor: Actor, area: str) -> str | None:
    """Why the actor may not open a page of `area` (zh-TW), or None when they may."""
    roles, what = AREAS[area]
    if actor.role in roles:
        return None
    if actor.role == Role.EDITOR:
        return f"目錄編輯帳號只管理輔導措施目錄，不能使用{what}；請到目錄管理（/admin/）。"
    if actor.role is None:
        return f"此帳號沒有服務台角色，不能使用{what}；請洽系統管理者設定角色。"
    return f"您的角色不能使用{what}。"


def staff_page(area: str) -> Callable[[View], View]:
    """Decorator of a staff page of `area`: sign-in required, then the role's gate (403 with
    the reason otherwise)."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            reason = refusal(actor_for_user(request.user), area)
            if reason:
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _counts(actor: Actor) -> dict[str, int]:
    """The figures the navigation shows: the actor's overdue open cases, follow-ups due today."""
    from fudao.cases import followups, policy, selectors

    overdue = selectors.queue_counts(actor)["overdue"]
    due_today = followups.open_follow_ups(policy.visible_cases(actor)).filter(due=followups.today()).count()
    return {"overdue": overdue, "due_today": due_today}


NavItem = dict[str, Any]


def _item(url: str, label: str, count: int = 0, count_label: str = "") -> NavItem:
    return {"url": url, "label": label, "count": count, "count_label": count_label}


def navigation(actor: Actor) -> list[NavItem]:
    """The staff navigation of the actor's role (the same on every staff page): consultant
    我的待辦 · 受理來電 · 案件 · 追蹤 · 新符合措施 · 活動 · 外展名單 · 專家; a supervisor adds 團隊 and 統計; an
    analyst starts at 統計 and reads the cases; an editor has the catalogue; an admin all."""
    role = actor.role
    if role == Role.EDITOR:
        return [_item("/admin/", "輔導措施目錄")]
    if role not in CASEWORK:
        return []
    if role == Role.ANALYST:
        return [_item("/reports/", "統計"), _item("/desk/cases/", "案件"), _item("/desk/campaigns/", "外展名單")]
    counts = _counts(actor)
    items = [_item("/desk/", "我的待辦", counts["overdue"], "件逾期"), _item("/desk/intake/", "受理來電"),
             _item("/desk/cases/", "案件"), _item("/desk/followups/", "追蹤", counts["due_today"], "項今日到期"),
             _item("/desk/new-matches/", "新符合措施"), _item("/staff/events/", "活動"),
             _item("/desk/campaigns/", "外展名單"), _item("/desk/experts/", "專家")]
    if role in (Role.SUPERVISOR, Role.ADMIN):
        items += [_item("/desk/?scope=team", "團隊"), _item("/reports/", "統計")]
    if role == Role.ADMIN:
        items.append(_item("/admin/", "系統管理"))
    return items


def current(items: list[NavItem], path: str, query: str) -> list[NavItem]:
    """The items with `current` set on the one the page belongs to (the longest matching
    address; the team queue by its query)."""
    def score(item: NavItem) -> int:
        url, _, q = item["url"].partition("?")
        if q and q not in query:
            return -1
        if not q and "scope=team" in query and url == "/desk/":
            return -1
        if url == "/desk/":
            return len(url) + len(q) if path == "/desk/" else -1
        return len(url) + len(q) if path.startswith(url) else -1

    best = max(items, key=score, default=None)
    chosen = best if best is not None and score(best) >= 0 else None
    return [{**i, "current": i is chosen} for i in items]
