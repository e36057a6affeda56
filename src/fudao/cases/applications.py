"""Applications to measures: the measure must exist (catalogue or rules), the stages follow
planned → submitted → approved / rejected → disbursed → closed, and the funds an enterprise
received are sums of these records (never typed in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Sum

from fudao.cases.activities import APPLICATION_STAGES, ActivityFields
from fudao.cases.models import Activity, Case
from fudao.errors import Invalid

# The stages that may follow each stage (None: the first record of an application).
NEXT_STAGES: dict[str | None, frozenset[str]] = {
    None: frozenset({"planned", "submitted"}),
    "planned": frozenset({"submitted", "closed"}),
    "submitted": frozenset({"approved", "rejected", "closed"}),
    "approved": frozenset({"disbursed", "closed"}),
    "rejected": frozenset({"closed"}),
    "disbursed": frozenset({"disbursed", "closed"}),  # a grant may be paid in instalments
    "closed": frozenset(),
}


def measure_name(measure_id: str) -> str | None:
    """The name of a catalogue measure or rule with this id, None when neither exists."""
    from fudao.catalogue.models import Measure
    from fudao.rules.selectors import published_rules

    row = Measure.objects.filter(pk=measure_id).values_list("name", flat=True).first()
    if row is not None:
        return row
    rule = published_rules().get(measure_id)
    return rule.name if rule is not None else None


def window_end(measure_id: str) -> dt.date | None:
    """The last day of the measure's application window, when its catalogue entry (or its
    rule's validity) names one; None for open-ended or recurring windows."""
    from fudao.catalogue.models import Measure
    from fudao.rules.selectors import published_rules

    row = Measure.objects.filter(pk=measure_id).values(
        "window_end", "window_open_ended", "window_recurring").first()
    if row is not None:
        if row["window_open_ended"] or row["window_recurring"]:
            return None
        if row["window_end"]:
            return row["window_end"]  # type: ignore[no-any-return]
    rule = published_rules().get(measure_id)
    return rule.valid_to if rule is not None else None


def stages_of(case: Case, measure_id: str) -> list[Activity]:
    """The recorded stages of the case's application to one measure, in order (sorted here:
    an ORDER BY would lead SQLite to scan every application by the (type, at) index instead
    of this case's few rows)."""
    rows = Activity.objects.filter(case=case, type="application", measure_id=measure_id).order_by()
    return sorted(rows, key=lambda a: (a.at, a.pk))


def check_stage(case: Case, fields: ActivityFields, when: dt.datetime, *,
                replacing: Activity | None = None) -> None:
    """Refuse (ValueError, zh-TW) an application record whose measure does not exist, whose
    stage is out of order, dated before the previous stage, or whose payments would exceed
    the approved amount; the measure's name is kept in the record. `replacing`: the record
    this one rewrites, checked against the stages recorded before it."""
    name = measure_name(fields.measure_id)
    if name is None:
        raise Invalid(f"欄位「measure_id」的措施「{fields.measure_id[:80]}」不存在"
                         "（請用輔導措施目錄或資格規則的代碼）")
    fields.data["measure_name"] = name
    before = stages_of(case, fields.measure_id)
    if replacing is not None and replacing.pk is not None:
        before = [a for a in before if (a.at, a.pk) < (replacing.at, replacing.pk)]
    last = before[-1] if before else None
    allowed = NEXT_STAGES[last.stage if last else None]
    if fields.stage not in allowed:
        label = APPLICATION_STAGES.get(fields.stage, fields.stage)
        now = f"目前為「{APPLICATION_STAGES[last.stage]}」" if last else "尚無申請紀錄"
        options = "、".join(f"{s}（{APPLICATION_STAGES[s]}）" for s in sorted(allowed)) or "無（已結案）"
        raise Invalid(f"欄位「stage」：申請階段「{label}」順序不符（{now}，可記錄：{options}）")
    if last is not None and when < last.at:
        raise Invalid("欄位「at」：申請階段的時間不可早於前一階段"
                         f"（{last.at.astimezone(when.tzinfo):%Y-%m-%d %H:%M}）")
    if fields.stage == "disbursed":
        approved = sum(a.amount_twd or 0 for a in before if a.stage == "approved")
        paid = sum(a.amount_twd or 0 for a in before if a.stage == "disbursed")
        if paid + (fields.amount_twd or 0) > approved:
            raise Invalid(f"欄位「amount_twd」：撥款累計 {paid + (fields.amount_twd or 0):,} 元"
                             f"超過核定金額 {approved:,} 元")


FUND_FIGURES = {
    "approved_twd": Q(type="application", stage="approved"),
    "disbursed_twd": Q(type="application", stage="disbursed"),
    "financing_obtained_twd": Q(type="financing_outcome"),
    "debt_extended_twd": Q(type="debt_outcome"),
}


def funds(activities: QuerySet[Activity]) -> dict[str, int]:
    """The sums (SQL) of approved and disbursed application amounts, financing obtained and
    debt extended over these activity records."""
    sums: dict[str, Any] = activities.aggregate(
        **{key: Sum("amount_twd", filter=q) for key, q in FUND_FIGURES.items()})
    return {key: int(sums[key] or 0) for key in FUND_FIGURES}


def enterprise_funds(enterprise_id: int, cases: QuerySet[Case] | None = None) -> dict[str, int]:
    """The funds one enterprise received over the years, summed from its cases' records
    (`cases`: the cases to count, e.g. those an actor may see; default every case)."""
    qs = Activity.objects.filter(case__enterprise_id=enterprise_id).exclude(case__status="merged")
    if cases is not None:
        qs = qs.filter(case__in=cases)
    return funds(qs)
