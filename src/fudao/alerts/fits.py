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
from fudao.rules.model import Rule


def rules_in_use(measure_ids: list[str] | None) -> list[Rule]:
    """The rules in use (those of `measure_ids`, or all) of published measures that decide
    something."""
    from fudao.matching.services import published_measures
    from fudao.rules.selectors import published_rules

    rules = published_rules()
    catalogue = {m["id"] for m in published_measures() or []}
    return [rules[m] for m in (measure_ids or rules)
            if m in rules and not rules[m].informational and (not catalogue or m in catalogue)]


def current_fits(rule: Rule, on: dt.date,
                 enterprise_ids: list[int] | None = None) -> dict[int, tuple[str, int | None]]:
    """{enterprise id: (status, cap)} of the enterprises (or of those among `enterprise_ids`)
    one rule fits, by one query."""
    from fudao.enterprises.models import Enterprise
    from fudao.outreach.sql import campaign_select

    vendor = connection.vendor
    sql = campaign_select([rule], {}, on, Enterprise._meta.db_table, enterprise_ids).sql(
        dialect={"postgresql": "postgres"}.get(vendor, vendor))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT enterprise_id, status, max_amount_twd FROM ({sql}) f")
        return {int(e): (s, int(cap) if cap is not None else None) for e, s, cap in cursor.fetchall()}


def refresh_fits(*, measure_ids: list[str] | None = None, on: dt.date | None = None,
                 enterprise_ids: list[int] | None = None, stamp: bool = True) -> dict[str, int]:
    """Bring the enterprises' fits (or those of `enterprise_ids`) up to date with the rules in
    use, one rule at a time (one query and one transaction each, so that memory holds one
    measure's fits). A fit that is new (became eligible or undecided) or whose cap rose is
    stamped now, one that no longer fits is removed; nothing is stamped by the very first
    refresh (what was known already) nor when `stamp` is false (a firm new to the record).
    Returns {"started": stamped now, "ended": removed, "kept": unchanged}."""
    day = on or timezone.localdate()
    now = timezone.now()
    counts = {"started": 0, "ended": 0, "kept": 0}
    quiet = not stamp or not EnterpriseFit.objects.exists()
    for rule in rules_in_use(measure_ids):
        found = current_fits(rule, day, enterprise_ids)
        with transaction.atomic():
            for key, n in _refresh_one(rule.measure_id, found, None if quiet else now,
                                       enterprise_ids).items():
                counts[key] += n
    return counts


def _refresh_one(measure_id: str, found: dict[int, tuple[str, int | None]],
                 stamp: dt.datetime | None, enterprise_ids: list[int] | None) -> dict[str, int]:
    """Write one measure's fits (of `enterprise_ids`, or all): new and changed ones, the gone
    ones removed."""
    fits = EnterpriseFit.objects.select_for_update().filter(measure_id=measure_id)
    if enterprise_ids is not None:
        fits = fits.filter(enterprise_id__in=enterprise_ids)
    existing = {f.enterprise_id: f for f in fits}
    gone = [f.pk for eid, f in existing.items() if eid not in found]
    EnterpriseFit.objects.filter(pk__in=gone).delete()
    new, changed, started, kept = [], [], 0, 0
    for enterprise_id, (status, cap) in found.items():
        fit = existing.get(enterprise_id)
        previous: dict[str, Any] = {"status": fit.status, "cap": fit.max_amount_twd} if fit else {}
        kind = news(previous, status, cap)
        if fit is None:
            new.append(EnterpriseFit(enterprise_id=enterprise_id, measure_id=measure_id, status=status,
                                     max_amount_twd=cap, kind=kind or "", since=stamp))
            started += stamp is not None
        elif kind or fit.status != status or fit.max_amount_twd != cap:
            fit.status, fit.max_amount_twd = status, cap
            if kind and stamp is not None:
                fit.kind, fit.since = kind, stamp
                started += 1
            else:
                kept += 1
            changed.append(fit)
        else:
            kept += 1
    EnterpriseFit.objects.bulk_create(new, batch_size=2000)
    EnterpriseFit.objects.bulk_update(changed, ["status", "max_amount_twd", "kind", "since"], batch_size=2000)
    return {"started": started, "ended": len(gone), "kept": kept}
