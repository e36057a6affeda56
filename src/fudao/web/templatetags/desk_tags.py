"""Template helpers of the service-desk pages: who is signed in, 民國 date-times, and the zh-TW
labels of the case vocabulary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import template
from django.utils import timezone

from fudao.cases.vocabulary import ACTIVITY_TYPES, CHANNELS, CLOSING_REASONS, KINDS, STATUSES
from fudao.zhtext.rocdates import format_roc_instant

register = template.Library()

SLA_LABELS = {"met": "達成", "breached": "逾期", "pending": "計時中"}
HISTORY_FIELDS = {
    "status": "狀態", "assignee": "承辦人", "team": "團隊", "merged_into": "併入案件",
    "merged_from": "併入本案", "measure": "附加措施", "activity": "活動",
}


@register.simple_tag(takes_context=True)
def desk_actor(context: dict[str, Any]) -> dict[str, Any]:
    """The signed-in person as the navigation needs it: name, role, whether the desk pages apply."""
    from fudao.accounts.actors import actor_for_user
    from fudao.accounts.roles import ROLE_LABELS
    from fudao.cases import policy

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"signed_in": False, "desk": False, "can_open": False}
    from fudao.web.staff import current, navigation

    actor = actor_for_user(user)
    return {"signed_in": True, "name": actor.username,
            "role_label": ROLE_LABELS.get(actor.role, "") if actor.role else "",
            "desk": policy.works_cases(actor),
            "can_open": bool(policy.can_open(actor)),
            "nav": current(navigation(actor), getattr(request, "path", ""),
                           getattr(request, "META", {}).get("QUERY_STRING", ""))}


def _instant(value: Any) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, dt.datetime):
        return None
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def roc_dt(value: Any) -> str:
    """A date-time (or ISO text) as 民國115年1月19日 14:05 in Taipei time; '' when empty."""
    when = _instant(value)
    if when is None:
        return "" if value in (None, "") else str(value)
    return format_roc_instant(when)


@register.filter
def iso_attr(value: Any) -> str:
    """A date-time as ISO 8601 for a `datetime` attribute."""
    when = _instant(value)
    return when.isoformat() if when else ""


def _labels(name: str, vocabulary: dict[str, str], doc: str) -> Callable[[str], str]:
    """Register the filter `name`: a code's zh-TW name in `vocabulary` (the code itself when
    unknown, '' when empty)."""

    def label(value: str) -> str:
        return vocabulary.get(value, value or "")

    label.__name__ = label.__qualname__ = name
    label.__doc__ = doc
    register.filter(name, label)
    return label


status_label = _labels("status_label", STATUSES, "The zh-TW name of a case status.")
kind_label = _labels("kind_label", KINDS, "The zh-TW name of a case kind.")
reason_label = _labels("reason_label", CLOSING_REASONS, "The zh-TW name of a closing reason.")
channel_label = _labels("channel_label", CHANNELS, "The zh-TW name of a channel.")
activity_label = _labels("activity_label", ACTIVITY_TYPES, "The zh-TW name of an activity type.")
sla_label = _labels("sla_label", SLA_LABELS, "達成 / 逾期 / 計時中.")
history_field = _labels("history_field", HISTORY_FIELDS, "The zh-TW name of a field in a case's history.")


@register.filter
def need_label(value: str) -> str:
    """The zh-TW name of a need."""
    from fudao.rules.profile import FACTS

    return dict(FACTS["needs"].choices).get(value, value or "")


@register.filter
def free_expert_names(visit: Any) -> str:
    """A visit's expert names typed in by hand (those not of the pool's experts it lists)."""
    from fudao.cases.models import Expert

    pool = set(Expert.objects.filter(code__in=visit.data.get("expert_codes") or []).values_list("name", flat=True))
    return "、".join(n for n in visit.data.get("experts") or [] if n not in pool)
