"""The worker's sweep over the enterprises whose record changed (facts given on a case, learned
on a call, imported) since the last sweep (`alerts.FitsCheck`): their fits for the desk's
「新符合措施」 are re-screened, and the subscriptions a desk user made for them follow the
record's facts and are screened at once, so that a firm that starts to qualify is told without
waiting for a publish. A firm first recorded since the last sweep gets its fits without a
stamp (what is known of a new firm is not news) and has no subscription to follow yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.alerts.fits import refresh_fits
from fudao.alerts.models import EnterpriseFit, FitsCheck, Subscription

BATCH = 1000  # enterprises re-screened by one query per rule
# A change saved just before a sweep's mark may commit just after it: each sweep looks this far
# behind its mark again (re-screening a firm twice tells nothing twice).
OVERLAP = dt.timedelta(minutes=2)


def sweep_changed_enterprises(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Re-screen the enterprises changed since the last sweep, 1,000 at a time; nothing before
    the first refresh of all (a publish). Returns {"enterprises": re-screened, "started": fits
    stamped, "ended", "kept", "followed": subscriptions given new facts, "queued": digests}."""
    from fudao.enterprises.models import Enterprise

    until = now or timezone.now()
    mark = FitsCheck.objects.first()
    counts = {"enterprises": 0, "started": 0, "ended": 0, "kept": 0, "followed": 0, "queued": 0}
    if mark is not None and EnterpriseFit.objects.exists():
        since = mark.checked_until
        changed = Enterprise.objects.filter(updated_at__gt=since - OVERLAP, updated_at__lte=until)
        for new in (False, True):
            ids = list(changed.filter(**{"created_at__gt" if new else "created_at__lte": since})
                       .order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                batch = ids[start:start + BATCH]
                for key, n in refresh_fits(enterprise_ids=batch, stamp=not new).items():
                    counts[key] += n
                if not new:
                    for key, n in follow_enterprises(batch).items():
                        counts[key] += n
                counts["enterprises"] += len(batch)
    if mark is None:
        FitsCheck.objects.create(checked_until=until)
    else:  # a sweep run twice at once re-screens the same firms: harmless, nothing is told twice
        FitsCheck.objects.filter(pk=mark.pk, checked_until=mark.checked_until).update(checked_until=until)
    return counts


def follow_enterprises(enterprise_ids: list[int]) -> dict[str, int]:
    """Give the live subscriptions of these enterprises their record's current facts, and screen
    the confirmed ones whose facts changed: {"followed": subscriptions changed, "queued": digests}."""
    from fudao.alerts.running import run_alerts, site_url
    from fudao.alerts.services import AlertError, clean_profile
    from fudao.enterprises.selectors import profile_of

    moved: list[Subscription] = []
    with transaction.atomic():
        live = (Subscription.objects.select_for_update().select_related("enterprise")
                .filter(enterprise_id__in=enterprise_ids, unsubscribed_at__isnull=True))
        for subscription in live:
            if subscription.enterprise is None:
                continue
            try:
                facts: dict[str, Any] = clean_profile(profile_of(subscription.enterprise))
            except AlertError:  # a record the profile vocabulary refuses keeps the facts it had
                continue
            if facts != subscription.profile:
                subscription.profile = facts
                moved.append(subscription)
        Subscription.objects.bulk_update(moved, ["profile"])
    confirmed = [s.pk for s in moved if s.confirmed_at]
    queued = run_alerts(site_url=site_url(), only=confirmed)["queued"] if confirmed else 0
    return {"followed": len(moved), "queued": queued}
