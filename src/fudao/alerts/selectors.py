"""Reading subscriptions (`fudao alerts list`, `GET /api/alerts/subscriptions`, the enterprise
page), scoped and masked by the policy module, and counting them for the reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef, Q

from fudao.accounts.actors import Actor
from fudao.errors import Denied


class SubscriptionsDenied(Denied):
    """The actor's role may not read subscriptions (403)."""


def subscriptions(actor: Actor, *, enterprise_id: int | None = None) -> list[dict[str, Any]]:
    """The subscriptions the actor may read (cases/policy.py: `subscription_scope`), oldest
    first, each with its state, enterprise, consent and the digests sent (those of one
    enterprise with `enterprise_id`); the addresses masked for an actor who reads contacts
    masked (an analyst). SubscriptionsDenied for a role that may not read them."""
    from fudao.alerts.models import Subscription
    from fudao.cases import policy
    from fudao.cases.selectors import mask_email

    allowed = policy.can_list_subscriptions(actor)
    if not allowed:
        raise SubscriptionsDenied(allowed.reason)
    rows = Subscription.objects.select_related("enterprise").annotate(n=Count("alerts")).order_by("id")
    scope = policy.subscription_scope(actor)
    if scope is not None:
        rows = rows.filter(scope)
    if enterprise_id is not None:
        rows = rows.filter(enterprise_id=enterprise_id)
    masked = policy.masks_contacts(actor)
    return [{"id": s.pk, "email": mask_email(s.email) if masked else s.email, "status": s.state,
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


# With no look recorded yet, the 「新符合措施」 list starts this many days back.
FIRST_LOOK_DAYS = 30
NEW_FITS_SHOWN = 500


def last_look(actor: Actor) -> dt.datetime | None:
    """When the actor last marked their 「新符合措施」 list as looked at (None: never)."""
    from fudao.alerts.models import DeskLook

    if not actor.user_id:
        return None
    return DeskLook.objects.filter(user_id=actor.user_id).values_list("seen_at", flat=True).first()


def new_fits(actor: Actor, *, since: dt.datetime | None = None, enterprise_id: int | None = None,
             limit: int = NEW_FITS_SHOWN) -> dict[str, Any]:
    """The measures that started to fit the enterprises the actor may act for (cases/policy.py:
    `enterprise_scope`) after `since` (default: their last look, or FIRST_LOOK_DAYS days back),
    newest first: {"since", "rows" (at most `limit`), "count", "enterprise_ids", "measure_ids"}
    — the ids of every such fit, for a campaign over them. One enterprise's with `enterprise_id`."""
    from django.utils import timezone

    from fudao.alerts.models import EnterpriseFit
    from fudao.alerts.running import KIND_LABELS
    from fudao.cases import policy
    from fudao.enterprises.models import Enterprise
    from fudao.matching.services import published_measures

    start = since or last_look(actor) or timezone.now() - dt.timedelta(days=FIRST_LOOK_DAYS)
    fits = EnterpriseFit.objects.filter(since__gt=start)
    scope = policy.enterprise_scope(actor)
    if scope is not None:
        fits = fits.filter(enterprise__in=Enterprise.objects.filter(scope).values("pk"))
    if enterprise_id is not None:
        fits = fits.filter(enterprise_id=enterprise_id)
    pairs = list(fits.values_list("enterprise_id", "measure_id"))
    names = {m["id"]: m["name"] for m in published_measures() or []}
    with_case = policy.visible_cases(actor).filter(enterprise_id=OuterRef("enterprise_id"))
    rows = [{"ubn": f.enterprise.ubn, "enterprise": f.enterprise.name or f.enterprise.ubn,
             "county": f.enterprise.county or "", "measure_id": f.measure_id,
             "measure": names.get(f.measure_id, f.measure_id), "status": f.status,
             "kind": f.kind, "kind_label": KIND_LABELS.get(f.kind, ""), "max_amount_twd": f.max_amount_twd,
             "since": f.since, "linked": f.has_case or actor.role in policy.READ_ALL_ROLES}
            for f in fits.select_related("enterprise").annotate(has_case=Exists(with_case))
            .order_by("-since", "enterprise__ubn", "measure_id")[:limit]]
    return {"since": start, "rows": rows, "count": len(pairs),
            "enterprise_ids": sorted({e for e, _ in pairs}), "measure_ids": sorted({m for _, m in pairs})}
