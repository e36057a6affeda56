"""The desk side of alerts: which measures in use fit each enterprise on record, and since
when (DESIGN "Alerts"; README "新符合措施"). The worker refreshes them after every publish with
the campaigns' screening query (the rules compiled to SQL over the enterprises table, not a
loop over enterprises); a measure that starts to fit, or whose cap rises, is stamped with the
time, and a consultant's 「新符合措施」 list shows those stamped after they last looked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from fudao.alerts.models import EnterpriseFit
from fudao.alerts.screening import news


def current_fits(measure_ids: list[str] | None, on: dt.date) -> tuple[list[str], dict[tuple[int, str], tuple[str, int | None]]]:
    """(the measures screened, {(enterprise id, measure id): (status, cap)}) for the published
    measures with rules in use (those of `measure_ids`, or all) that fit, by one query."""
    from fudao.enterprises.models import Enterprise
    from fudao.matching.services import published_measures
    from fudao.outreach.sql import campaign_select
    from fudao.rules.selectors import published_rules

    rules = published_rules()
    catalogue = {m["id"] for m in published_measures() or []}
    chosen = [rules[m] for m in (measure_ids or rules)
              if m in rules and not rules[m].informational and (not catalogue or m in catalogue)]
    if not chosen:
        return [], {}
    vendor = connection.vendor
    sql = campaign_select(chosen, {}, on, Enterprise._meta.db_table).sql(
        dialect={"postgresql": "postgres"}.get(vendor, vendor))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT enterprise_id, measure_id, status, max_amount_twd FROM ({sql}) f")
        rows = cursor.fetchall()
    found = {(int(e), m): (s, int(cap) if cap is not None else None) for e, m, s, cap in rows}
    return [r.measure_id for r in chosen], found


def refresh_fits(*, measure_ids: list[str] | None = None, on: dt.date | None = None) -> dict[str, int]:
    """Bring the enterprises' fits up to date with the rules in use; one transaction. A fit that
    is new (became eligible or undecided) or whose cap rose is stamped now, one that no longer
    fits is removed; the very first refresh stamps nothing (what was known already). Returns
    {"started": stamped now, "ended": removed, "kept": unchanged}."""
    day = on or timezone.localdate()
    screened, found = current_fits(measure_ids, day)
    now = timezone.now()
    counts = {"started": 0, "ended": 0, "kept": 0}
    with transaction.atomic():
        first = not EnterpriseFit.objects.exists()
        existing = {(f.enterprise_id, f.measure_id): f
                    for f in EnterpriseFit.objects.select_for_update().filter(measure_id__in=screened)}
        gone = [f.pk for key, f in existing.items() if key not in found]
        EnterpriseFit.objects.filter(pk__in=gone).delete()
        counts["ended"] = len(gone)
        new, changed = [], []
        for (enterprise_id, measure_id), (status, cap) in found.items():
            fit = existing.get((enterprise_id, measure_id))
            previous: dict[str, Any] = {"status": fit.status, "cap": fit.max_amount_twd} if fit else {}
            kind = news(previous, status, cap)
            if fit is None:
                new.append(EnterpriseFit(enterprise_id=enterprise_id, measure_id=measure_id, status=status,
                                         max_amount_twd=cap, kind=kind or "",
                                         since=None if first else now))
            elif kind or fit.status != status or fit.max_amount_twd != cap:
                fit.status, fit.max_amount_twd = status, cap
                if kind:
                    fit.kind, fit.since = kind, now
                changed.append(fit)
            else:
                counts["kept"] += 1
        EnterpriseFit.objects.bulk_create(new, batch_size=2000)
        EnterpriseFit.objects.bulk_update(changed, ["status", "max_amount_twd", "kind", "since"], batch_size=2000)
        counts["started"] = (0 if first else len(new)) + sum(1 for f in changed if f.since == now)
        counts["kept"] += sum(1 for f in changed if f.since != now)
    return counts
