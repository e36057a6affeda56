"""Reading subscriptions (`fudao alerts list`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count


def subscriptions() -> list[dict[str, Any]]:
    """Every subscription with its state, enterprise, consent and the digests sent."""
    from fudao.alerts.models import Subscription

    rows = Subscription.objects.select_related("enterprise").annotate(n=Count("alerts")).order_by("id")
    return [{"id": s.pk, "email": s.email, "status": s.state,
             "ubn": s.enterprise.ubn if s.enterprise else None, "consent_at": s.consent_at,
             "consent_by": s.consent_by_name, "confirmed_at": s.confirmed_at,
             "unsubscribed_at": s.unsubscribed_at, "last_alert_at": s.last_alert_at, "alerts": s.n}
            for s in rows]
