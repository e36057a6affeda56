"""`fudao alerts run` and the worker's task after a publish: screen every confirmed
subscription in SQL, keep for each subscriber what is new since their last alert, queue at
most one digest a day each, never the same news twice (DESIGN "Alerts")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.alerts.mail_tasks import BATCH, send_alert_mails
from fudao.alerts.models import Alert, Subscription
from fudao.alerts.screening import news, screen_subscriptions
from fudao.rules.model import Rule

KIND_LABELS = {
    "became_eligible": "新符合資格",
    "became_undecided": "可能符合（尚缺資料）",
    "cap_raised": "金額上限提高",
    "window_opened": "開始受理申請",
    "window_closing": "受理即將截止（14 天內）",
}
WINDOW_DAYS = 14  # a window closing within this many days is news; one that opened as recently
FITS = ("eligible", "unknown")  # a measure fits a subscriber: eligible, or undecided (facts missing)


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def window_events(catalogue: dict[str, dict[str, Any]], day: dt.date) -> dict[str, dict[str, str]]:
    """The published measures whose dated window opened within the last 14 days (and is open on
    `day`) or closes within the next 14: measure id → {"opened": start, "closing": end}."""
    from fudao.catalogue.window import is_open

    events: dict[str, dict[str, str]] = {}
    for mid, measure in catalogue.items():
        window = measure.get("window") or {}
        if window.get("recurring") or not is_open(window, day):
            continue
        start, end = _day(window.get("start")), _day(window.get("end"))
        found = {}
        if start and day - dt.timedelta(days=WINDOW_DAYS) <= start <= day:
            found["opened"] = start.isoformat()
        if end and day <= end <= day + dt.timedelta(days=WINDOW_DAYS):
            found["closing"] = end.isoformat()
        if found:
            events[mid] = found
    return events


def applied(measure_ids: list[str]) -> tuple[set[tuple[int, str]], set[tuple[str, str]]]:
    """Who applied for these measures: (enterprise id, measure id) and (e-mail, measure id) of
    the cases with an `application` activity for it."""
    from fudao.cases.models import Activity

    by_firm: set[tuple[int, str]] = set()
    by_email: set[tuple[str, str]] = set()
    if not measure_ids:
        return by_firm, by_email
    rows = Activity.objects.filter(type="application", measure_id__in=measure_ids).values_list(
        "case__enterprise_id", "case__contact_email", "measure_id")
    for firm, email, mid in rows:
        if firm:
            by_firm.add((firm, mid))
        if email:
            by_email.add((email.strip().lower(), mid))
    return by_firm, by_email


def _window_news(subscription: Subscription, mid: str, status: str, previous: dict[str, Any],
                 events: dict[str, str], has_applied: bool) -> str | None:
    """window_opened or window_closing for a measure that fits the subscriber, not told before;
    not a window that opened before they subscribed, not a closing one they applied for."""
    if status not in FITS:
        return None
    closing = events.get("closing")
    if closing and previous.get("closing") != closing and not has_applied:
        return "window_closing"
    opened = events.get("opened")
    confirmed = timezone.localdate(subscription.confirmed_at) if subscription.confirmed_at else None
    if opened and previous.get("opened") != opened and confirmed and confirmed <= _day(opened):  # type: ignore[operator]
        return "window_opened"
    return None


def baseline(subscription: Subscription, *, on: dt.date | None = None) -> dict[str, Any]:
    """The state a subscriber starts from (what the check already showed them): status and cap
    of every rule in use, so that only later changes are news."""
    from fudao.rules.selectors import published_rules

    rows = screen_subscriptions(published_rules().values(), on or timezone.localdate(),
                                only=[subscription.pk])
    return {mid: {"status": status, "cap": cap} for _, mid, status, _, cap in rows}


def _item(kind: str, rule: Rule, profile: dict[str, Any], on: dt.date,
          catalogue: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One news item with the reasons, missing facts, cap, window and sources `match` gives."""
    from fudao.matching.services import rule_result
    from fudao.rules.profile import parse_profile

    measure_id = rule.measure_id
    result = rule_result(rule, parse_profile(profile),
                         catalogue.get(measure_id), explain=False, on=on)
    return {"kind": kind, "kind_label": KIND_LABELS[kind], "measure_id": measure_id,
            "name": result["name"], "status": result["status"], "reasons": result["reasons"],
            "missing_facts": result["missing_facts"], "max_amount_twd": result["max_amount_twd"],
            "window_label": result["window_label"], "sources": result["sources"][:3]}


def run_alerts(*, site_url: str, measure_ids: list[str] | None = None,
               on: dt.date | None = None, only: list[int] | None = None) -> dict[str, int]:
    """Screen the confirmed subscriptions (or those of `only`) against the rules in use (those
    of `measure_ids`, or all) and queue the digests: {"screened": subscriptions, "queued": digests}. The store
    returns only the rows that may be news (`screen_subscriptions(changed_only=True)`), so the
    walk below touches the few subscribers a publish changes, not all of them."""
    from fudao.matching.services import published_measures
    from fudao.rules.selectors import published_rules

    day = on or timezone.localdate()
    rules = published_rules()
    catalogue = {m["id"]: m for m in published_measures() or []}
    chosen = [rules[m] for m in (measure_ids or rules)
              if m in rules and (not catalogue or m in catalogue)]  # only what the public sees
    windows = window_events(catalogue, day)
    by_firm, by_email = applied([m for m, e in windows.items() if "closing" in e])
    rows = screen_subscriptions(chosen, day, only, changed_only=True, always=list(windows))
    by_subscription: dict[int, list[tuple[str, str, int | None]]] = defaultdict(list)
    for sid, mid, status, _missing, cap in rows:
        by_subscription[sid].append((mid, status, cap))
    now = timezone.now()
    changed: list[Subscription] = []
    digests: list[Alert] = []
    with transaction.atomic():
        subscriptions = Subscription.objects.select_for_update().filter(
            pk__in=list(by_subscription), confirmed_at__isnull=False, unsubscribed_at__isnull=True
        ).only("id", "email", "profile", "enterprise_id", "confirmed_at", "last_alert_at", "last_state",
               "deferred_on")
        for subscription in subscriptions.iterator(chunk_size=5000):
            if subscription.last_alert_at and timezone.localdate(subscription.last_alert_at) == day:
                if subscription.deferred_on is None:  # one digest a day: the sweep sends it tomorrow
                    subscription.deferred_on = day
                    changed.append(subscription)
                continue
            old_state = subscription.last_state or {}
            state = dict(old_state)
            items = []
            for mid, status, cap in by_subscription[subscription.pk]:
                previous = dict(state.get(mid) or {})
                kind = news(previous, status, cap)
                events = windows.get(mid, {})
                if kind is None and events:
                    has_applied = ((subscription.enterprise_id or 0, mid) in by_firm
                                   or (subscription.email.lower(), mid) in by_email)
                    kind = _window_news(subscription, mid, status, previous, events, has_applied)
                state[mid] = {**previous, "status": status, "cap": cap}
                if kind and status in FITS:  # the window's news told now or with the status's
                    state[mid].update(events)
                if kind:
                    items.append(_item(kind, rules[mid], subscription.profile, day, catalogue))
            if items:
                digests.append(Alert(subscription=subscription, items=items))
                subscription.last_alert_at = now
            if items or state != old_state or subscription.deferred_on is not None:
                subscription.deferred_on = None
                subscription.last_state = state
                changed.append(subscription)  # only what changed is written: a publish touches few
        _write_states(changed)
        Alert.objects.bulk_create(digests, batch_size=1000)
        queued = [a.pk for a in digests]
        transaction.on_commit(lambda: _enqueue(queued, site_url))
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    screened = (confirmed if only is None else confirmed.filter(pk__in=only)).count()
    return {"screened": screened if any(not r.informational for r in chosen) else 0, "queued": len(queued)}


def _write_states(changed: list[Subscription]) -> None:
    """UPDATE the changed subscriptions' state, deferral and last alert: one statement run for
    many rows (executemany), cheaper than the ORM's bulk_update CASE for thousands of rows."""
    if not changed:
        return
    from django.db import connection, models

    fields = [f for n in ("last_state", "deferred_on", "last_alert_at")
              if isinstance(f := Subscription._meta.get_field(n), models.Field)]
    sql = (f"UPDATE {Subscription._meta.db_table} SET "
           + ", ".join(f"{f.column} = %s" for f in fields) + " WHERE id = %s")
    rows = [[f.get_db_prep_value(getattr(s, f.attname), connection, prepared=False) for f in fields] + [s.pk]
            for s in changed]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _enqueue(alert_ids: list[int], site_url: str) -> None:
    for start in range(0, len(alert_ids), BATCH):
        send_alert_mails.enqueue(alert_ids[start:start + BATCH], site_url)


def site_url() -> str:
    """The site's address for links in e-mails sent outside a request (FUDAO_SITE_URL)."""
    import os

    return os.environ.get("FUDAO_SITE_URL", "http://127.0.0.1:8000/")


def run_windows(*, on: dt.date | None = None) -> dict[str, int] | None:
    """The worker's sweep: screen the subscriptions against the measures whose window opened or
    closes within 14 days (each such news told once); None when no window does."""
    from fudao.matching.services import published_measures

    day = on or timezone.localdate()
    catalogue = {m["id"]: m for m in published_measures() or []}
    changing = list(window_events(catalogue, day))
    if not changing:
        return None
    from django.db import IntegrityError

    from fudao.alerts.models import WindowSweep

    try:
        with transaction.atomic():
            WindowSweep.objects.create(day=day)  # once a day, whichever worker gets there first
    except IntegrityError:
        return None
    return run_alerts(site_url=site_url(), measure_ids=changing, on=day)


def run_deferred(*, on: dt.date | None = None) -> dict[str, int] | None:
    """The worker's sweep: run the alerts again when some subscriber's news waited for a new
    day (a digest had already gone out that day); None when nothing waits."""
    day = on or timezone.localdate()
    if not Subscription.objects.filter(deferred_on__lt=day, unsubscribed_at__isnull=True).exists():
        return None
    return run_alerts(site_url=site_url(), on=day)
