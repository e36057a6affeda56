"""Reading subscriptions (`fudao alerts list`) and counting them for the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q


def subscriptions() -> list[dict[str, Any]]:
    """Every subscription with its state, enterprise, consent and the digests sent."""
    from fudao.alerts.models import Subscription

    rows = Subscription.objects.select_related("enterprise").annotate(n=Count("alerts")).order_by("id")
    return [{"id": s.pk, "email": s.email, "status": s.state,
             "ubn": s.enterprise.ubn if s.enterprise else None, "consent_at": s.consent_at,
             "consent_by": s.consent_by_name, "confirmed_at": s.confirmed_at,
             "unsubscribed_at": s.unsubscribed_at, "last_alert_at": s.last_alert_at, "alerts": s.n}
            for s in rows]


# The days after a digest within which a case opened by its subscriber counts as led to by it.
LED_TO_DAYS = 30


def alert_counts(*, start: dt.datetime, end_before: dt.datetime,
                 group: Callable[[str], Any] | None = None) -> list[tuple[Any, dict[str, int]]]:
    """The period's subscriptions confirmed, subscriptions ended and digests sent, each on its own
    date, counted in SQL: [(group value or None, {"subscriptions_confirmed",
    "subscriptions_unsubscribed", "alerts_sent"})]. `group` makes the SQL expression to group by
    from a date field's name (a month, a quarter)."""
    from fudao.alerts.models import Alert, Subscription

    queries = (("subscriptions_confirmed", Subscription.objects, "confirmed_at"),
               ("subscriptions_unsubscribed", Subscription.objects, "unsubscribed_at"),
               ("alerts_sent", Alert.objects, "sent_at"))
    out: dict[Any, dict[str, int]] = {}
    for name, manager, field in queries:
        qs = manager.filter(**{f"{field}__gte": start, f"{field}__lt": end_before})
        if group is None:
            out.setdefault(None, {})[name] = qs.count()
            continue
        for row in qs.annotate(_g=group(field)).values("_g").annotate(n=Count("id")).order_by():
            out.setdefault(row["_g"], {})[name] = row["n"]
    return list(out.items())


def after_alert() -> Exists:
    """For a case query: whether a digest was sent to the case's e-mail or enterprise within
    LED_TO_DAYS days before the case was opened (the case the alert led to)."""
    from fudao.alerts.models import Alert

    opened = OuterRef("opened_at")
    return Exists(Alert.objects.filter(
        sent_at__isnull=False, sent_at__lte=opened,
        sent_at__gt=ExpressionWrapper(opened - dt.timedelta(days=LED_TO_DAYS),
                                      output_field=DateTimeField()),
    ).filter(Q(subscription__enterprise=OuterRef("enterprise"))
             | Q(subscription__email__iexact=OuterRef("contact_email"))))
