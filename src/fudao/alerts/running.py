"""`fudao alerts run` and the worker's task after a publish: screen every confirmed
subscription in SQL, keep for each subscriber what is new since their last alert, queue at
most one digest a day each, never the same news twice (DESIGN "Alerts")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.alerts.mail_tasks import send_alert_mail
from fudao.alerts.models import Alert, Subscription
from fudao.alerts.screening import news, screen_subscriptions

KIND_LABELS = {
    "became_eligible": "新符合資格",
    "became_undecided": "可能符合（尚缺資料）",
    "cap_raised": "金額上限提高",
}


def baseline(subscription: Subscription, *, on: dt.date | None = None) -> dict[str, Any]:
    """The state a subscriber starts from (what the check already showed them): status and cap
    of every rule in use, so that only later changes are news."""
    from fudao.rules.selectors import published_rules

    rows = screen_subscriptions(published_rules().values(), on or timezone.localdate(),
                                only=[subscription.pk])
    return {mid: {"status": status, "cap": cap} for _, mid, status, _, cap in rows}


def _item(kind: str, measure_id: str, profile: dict[str, Any], on: dt.date,
          catalogue: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One news item with the reasons, missing facts, cap, window and sources `match` gives."""
    from fudao.matching.services import rule_result
    from fudao.rules.profile import parse_profile
    from fudao.rules.selectors import published_rules

    result = rule_result(published_rules()[measure_id], parse_profile(profile),
                         catalogue.get(measure_id), explain=False, on=on)
    return {"kind": kind, "kind_label": KIND_LABELS[kind], "measure_id": measure_id,
            "name": result["name"], "status": result["status"], "reasons": result["reasons"],
            "missing_facts": result["missing_facts"], "max_amount_twd": result["max_amount_twd"],
            "window_label": result["window_label"], "sources": result["sources"][:3]}


def run_alerts(*, site_url: str, measure_ids: list[str] | None = None,
               on: dt.date | None = None) -> dict[str, int]:
    """Screen the confirmed subscriptions against the rules in use (those of `measure_ids`, or
    all) and queue the digests: {"screened": subscriptions, "queued": digests}."""
    from fudao.matching.services import published_measures
    from fudao.rules.selectors import published_rules

    day = on or timezone.localdate()
    rules = published_rules()
    catalogue = {m["id"]: m for m in published_measures() or []}
    chosen = [rules[m] for m in (measure_ids or rules)
              if m in rules and (not catalogue or m in catalogue)]  # only what the public sees
    rows = screen_subscriptions(chosen, day)
    by_subscription: dict[int, list[tuple[str, str, int | None]]] = defaultdict(list)
    for sid, mid, status, _missing, cap in rows:
        by_subscription[sid].append((mid, status, cap))
    queued: list[int] = []
    now = timezone.now()
    with transaction.atomic():
        subscriptions = Subscription.objects.select_for_update().filter(
            pk__in=list(by_subscription), confirmed_at__isnull=False, unsubscribed_at__isnull=True)
        for subscription in subscriptions:
            if subscription.last_alert_at and timezone.localdate(subscription.last_alert_at) == day:
                if subscription.deferred_on is None:  # one digest a day: the sweep sends it tomorrow
                    subscription.deferred_on = day
                    subscription.save(update_fields=["deferred_on"])
                continue
            state = dict(subscription.last_state or {})
            items = []
            for mid, status, cap in by_subscription[subscription.pk]:
                kind = news(state.get(mid), status, cap)
                state[mid] = {"status": status, "cap": cap}
                if kind:
                    items.append(_item(kind, mid, subscription.profile, day, catalogue))
            fields = ["last_state", "deferred_on"]
            subscription.deferred_on = None
            if items:
                queued.append(Alert.objects.create(subscription=subscription, items=items).pk)
                subscription.last_alert_at = now
                fields.append("last_alert_at")
            subscription.last_state = state
            subscription.save(update_fields=fields)
        transaction.on_commit(lambda: _enqueue(queued, site_url))
    return {"screened": len(by_subscription), "queued": len(queued)}


def _enqueue(alert_ids: list[int], site_url: str) -> None:
    for alert_id in alert_ids:
        send_alert_mail.enqueue(alert_id, site_url)


def site_url() -> str:
    """The site's address for links in e-mails sent outside a request (FUDAO_SITE_URL)."""
    import os

    return os.environ.get("FUDAO_SITE_URL", "http://127.0.0.1:8000/")


def run_deferred(*, on: dt.date | None = None) -> dict[str, int] | None:
    """The worker's sweep: run the alerts again when some subscriber's news waited for a new
    day (a digest had already gone out that day); None when nothing waits."""
    day = on or timezone.localdate()
    if not Subscription.objects.filter(deferred_on__lt=day, unsubscribed_at__isnull=True).exists():
        return None
    return run_alerts(site_url=site_url(), on=day)
