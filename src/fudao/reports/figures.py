"""The figures of DESIGN "Reports", computed by SQL aggregation in the store (the same function
serves the page, the API and the CLI). Each figure is counted on its own date: a case on its
opening, an activity on its `at`, an event on its start."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from fudao.alerts.selectors import after_alert, alert_counts
from fudao.cases.activities import DIAGNOSIS_AREAS
from fudao.cases.models import Activity, Case
from fudao.cases.vocabulary import CHANNELS, CLOSING_REASONS, KINDS
from fudao.reports import topics
from fudao.reports.periods import TAIPEI, Period, ReportError
from fudao.reports.topics import TOPICS
from fudao.rules.facts import FACTS

GROUPINGS = {"month": "月", "quarter": "季", "channel": "來源", "kind": "類別", "team": "團隊",
             "assignee": "承辦人", "county": "縣市"}
# The figures in the order of DESIGN, with their zh-TW names and units.
FIGURES: dict[str, tuple[str, str]] = {
    "cases": ("受理諮詢服務", "案次"),
    "enterprise_visits": ("到廠訪視輔導", "家次"),
    "enterprises_visited": ("訪視企業", "家"),
    "events": ("辦理活動", "場次"),
    "attendances": ("參加活動", "人次"),
    "consultation_day_cases": ("專業諮詢日", "案"),
    "financing_cases": ("融資協處", "件"),
    "debt_cases": ("債權債務協商", "件"),
    "financing_amount_twd": ("取得融資金額", "元"),
    "debt_extended_twd": ("同意展延金額", "元"),
    "referrals": ("轉介", "件"),
    "applications_approved": ("核定申請", "件"),
    "approved_amount_twd": ("核定金額", "元"),
    "disbursed_amount_twd": ("撥付金額", "元"),
    "first_response_met_pct": ("首次回應達標率", "%"),
    "resolution_met_pct": ("結案時限達標率", "%"),
    "subscriptions_confirmed": ("新措施通知確認訂閱", "筆"),
    "subscriptions_unsubscribed": ("新措施通知取消訂閱", "筆"),
    "alerts_sent": ("寄出新措施通知", "封"),
    "alert_cases": ("通知後30日內開案", "案次"),
}
# Figures of the alerts: they belong to no team, channel, kind, assignee or county.
ALERT_FIGURES = ("subscriptions_confirmed", "subscriptions_unsubscribed", "alerts_sent")
# Figures split by a vocabulary, each a {value: count} object in a row after the figure named:
# key -> (figure it follows, {value: zh-TW label}, unit).
BREAKDOWNS: dict[str, tuple[str, dict[str, str], str]] = {
    "cases_by_need": ("cases", {k: f"需求：{v}" for k, v in FACTS["needs"].choices}, "案次"),
    "visits_by_mode": ("enterprise_visits",
                       {"onsite": "實地訪視", "online": "線上訪視", "phone": "電話訪查"}, "家次"),
    "diagnoses_by_area": ("enterprises_visited",
                          {k: f"{v}診斷輔導" for k, v in DIAGNOSIS_AREAS.items()}, "件"),
    "calls_by_direction": ("enterprises_visited", {"in": "來電", "out": "去電"}, "通"),
    # what firms asked: the cases' summaries by the catalogue's facets (fudao.reports.topics)
    "cases_by_topic": ("cases", {t: f"提問主題：{t}" for t in TOPICS}, "案次"),
}
AMOUNTS = ("financing_amount_twd", "debt_extended_twd", "approved_amount_twd", "disbursed_amount_twd")
UNGROUPED = "(未填)"


def check_grouping(by: str | None) -> str | None:
    """The grouping, or ReportError listing the groupings."""
    if by and by not in GROUPINGS:
        allowed = "、".join(f"{k}（{v}）" for k, v in GROUPINGS.items())
        raise ReportError(f"分組「{by}」不存在，可用：{allowed}")
    return by or None


def _group_expr(by: str | None, date_field: str, case_prefix: str) -> Any:
    """The SQL expression a figure is grouped by (None: not groupable this way)."""
    if by is None:
        return None
    if by == "month":
        return TruncMonth(date_field, tzinfo=TAIPEI)
    if by == "quarter":
        return TruncQuarter(date_field, tzinfo=TAIPEI)
    fields = {"channel": "channel", "kind": "kind", "team": "team__slug",
              "assignee": "assignee__username", "county": "enterprise__county"}
    return F(case_prefix + fields[by])


def _key(by: str | None, value: Any) -> str:
    if value is None:
        return UNGROUPED
    if by in ("month", "quarter") and isinstance(value, dt.datetime | dt.date):
        local = timezone.localtime(value, TAIPEI) if isinstance(value, dt.datetime) else value
        if by == "month":
            return f"{local.year}-{local.month:02d}"
        return f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    return str(value)


def _grouped(qs: QuerySet[Any], expr: Any, aggregates: dict[str, Any], by: str | None,
             out: dict[str, dict[str, Any]]) -> None:
    """Run one aggregation (grouped by `expr`, or over everything) into out[key]."""
    if expr is None:
        row = qs.aggregate(**aggregates)
        out.setdefault("", {}).update(row)
        return
    for row in qs.annotate(_g=expr).values("_g").annotate(**aggregates).order_by():
        key = _key(by, row.pop("_g"))
        target = out.setdefault(key, {})
        for name, value in row.items():
            target[name] = (target.get(name) or 0) + (value or 0)


def _case_figures(now: dt.datetime) -> dict[str, Any]:
    fr_met = Q(first_response_at__isnull=False, first_response_at__lte=F("first_response_due"))
    fr_late = (Q(first_response_at__gt=F("first_response_due"))
               | Q(first_response_at__isnull=True, first_response_due__lt=now))
    res_met = Q(resolved_at__isnull=False, resolution_due__isnull=False,
                resolved_at__lte=F("resolution_due"))
    res_late = (Q(resolved_at__gt=F("resolution_due"))
                | Q(resolved_at__isnull=True, resolution_due__lt=now))
    return {
        "cases": Count("id"),
        "consultation_day_cases": Count("id", filter=Q(kind="consultation_day")),
        "financing_cases": Count("id", filter=Q(kind="financing")),
        "debt_cases": Count("id", filter=Q(kind="debt")),
        "_fr_met": Count("id", filter=fr_met), "_fr_late": Count("id", filter=fr_late),
        "_res_met": Count("id", filter=res_met), "_res_late": Count("id", filter=res_late),
        "alert_cases": Count("id", filter=after_alert()),
        # the period's cases now resolved or closed, by their closing reason
        **{f"_reason_{r}": Count("id", filter=Q(status__in=("resolved", "closed"), closing_reason=r))
           for r in CLOSING_REASONS},
    }


def _activity_figures() -> dict[str, Any]:
    visit = Q(type="visit") & ~Q(data__done=False)
    approved = Q(type="application", stage="approved")
    return {
        **{f"_mode_{m}": Count("id", filter=visit & Q(mode=m)) for m in BREAKDOWNS["visits_by_mode"][1]},
        **{f"_area_{a}": Count("id", filter=Q(type="diagnosis", data__findings__has_key=a))
           for a in BREAKDOWNS["diagnoses_by_area"][1]},
        **{f"_dir_{d}": Count("id", filter=Q(type="call", data__direction=d))
           for d in BREAKDOWNS["calls_by_direction"][1]},
        "enterprise_visits": Count("id", filter=visit),
        "enterprises_visited": Count("case__enterprise", filter=visit, distinct=True),
        "financing_amount_twd": Sum("amount_twd", filter=Q(type="financing_outcome")),
        "debt_extended_twd": Sum("amount_twd", filter=Q(type="debt_outcome")),
        "referrals": Count("id", filter=Q(type="referral")),
        "applications_approved": Count("id", filter=approved),
        "approved_amount_twd": Sum("amount_twd", filter=approved),
        "disbursed_amount_twd": Sum("amount_twd", filter=Q(type="application", stage="disbursed")),
    }


def _pct(met: int, late: int) -> float | None:
    decided = (met or 0) + (late or 0)
    return round(100.0 * (met or 0) / decided, 1) if decided else None


def _finish(values: dict[str, Any], channels: dict[str, int]) -> dict[str, Any]:
    """One row's figures in DESIGN's order, with zeros for what nothing counted."""
    row: dict[str, Any] = {}
    for name in FIGURES:
        if name == "first_response_met_pct":
            row[name] = _pct(values.get("_fr_met", 0), values.get("_fr_late", 0))
        elif name == "resolution_met_pct":
            row[name] = _pct(values.get("_res_met", 0), values.get("_res_late", 0))
        elif ((name in ("events", "attendances") and values.get("_no_events"))
              or (name in ALERT_FIGURES and values.get("_no_alerts"))):
            row[name] = None  # not counted this way (events have no channel, digests no team)
        else:
            row[name] = int(values.get(name) or 0)
        if name == "cases":
            row["cases_by_channel"] = {c: channels.get(c, 0) for c in CHANNELS if channels.get(c)}
            row["cases_by_reason"] = {r: int(values.get(f"_reason_{r}") or 0) for r in CLOSING_REASONS
                                      if values.get(f"_reason_{r}")}
            row["topic_terms"] = topics.top_terms(values)
        for key, (after, labels, _) in BREAKDOWNS.items():
            if after == name:
                prefix = _PREFIXES[key]
                row[key] = {v: int(values.get(f"{prefix}{v}") or 0) for v in labels
                            if values.get(f"{prefix}{v}")}
    return row


_PREFIXES = {"cases_by_need": "_need_", "visits_by_mode": "_mode_", "diagnoses_by_area": "_area_",
             "calls_by_direction": "_dir_", "cases_by_topic": "_topic_"}


def _alerts(period: Period, by: str | None, out: dict[str, dict[str, Any]]) -> None:
    """The alerts' figures (the alerts app's selector), in total or by month or quarter."""
    if by not in (None, "month", "quarter"):
        return
    group = None if by is None else (lambda field: _group_expr(by, field, ""))
    for value, counts in alert_counts(start=period.start_at, end_before=period.end_before, group=group):
        target = out.setdefault("" if by is None else _key(by, value), {})
        for name, n in counts.items():
            target[name] = (target.get(name) or 0) + n


def _events(period: Period, by: str | None, out: dict[str, dict[str, Any]]) -> None:
    """Events starting in the period (not cancelled) and their attendances."""
    if not apps.is_installed("fudao.events"):
        return
    Event = apps.get_model("events", "Event")
    qs = Event.objects.filter(starts_at__gte=period.start_at, starts_at__lt=period.end_before,
                              cancelled=False)
    if by in ("channel", "kind", "team", "assignee"):
        return  # events belong to no channel, kind, team or assignee
    expr = F("region") if by == "county" else _group_expr(by, "starts_at", "")
    aggregates = {"events": Count("id", distinct=True),
                  "attendances": Count("registrations", filter=Q(registrations__attended=True))}
    _grouped(qs, expr, aggregates, by, out)


def _fill_periods(period: Period, by: str | None, keys: set[str]) -> list[str]:
    """Every month or quarter of the period (so that charts show empty ones), else the keys found."""
    if by not in ("month", "quarter"):
        return sorted(keys - {""}, key=lambda k: (k == UNGROUPED, k))
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        key = _key(by, day)
        if key not in out:
            out.append(key)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def kpi(period: Period, *, by: str | None = None, team_id: int | None = None,
        now: dt.datetime | None = None) -> dict[str, Any]:
    """The period's figures, grouped and in total: `{"from", "to", "by", "rows", "total"}`."""
    by = check_grouping(by)
    now = now or timezone.now()
    cases = Case.objects.filter(opened_at__gte=period.start_at, opened_at__lt=period.end_before) \
        .exclude(status="merged")
    activities = Activity.objects.filter(at__gte=period.start_at, at__lt=period.end_before)
    if team_id is not None:
        cases, activities = cases.filter(team_id=team_id), activities.filter(case__team_id=team_id)
    totals: dict[str, dict[str, Any]] = {}
    total_channels: dict[str, dict[str, int]] = defaultdict(dict)
    _collect(totals, cases, activities, None, now, channels=total_channels)
    grouped: dict[str, dict[str, Any]] = defaultdict(dict)
    channels: dict[str, dict[str, int]] = defaultdict(dict)
    if by:
        _collect(grouped, cases, activities, by, now, channels=channels)
    if by:
        _events(period, by, grouped)
    _events(period, None, totals)
    # the alerts belong to no team: a team's report leaves them out (—)
    no_alerts = team_id is not None or by not in (None, "month", "quarter")
    if team_id is None:
        if by:
            _alerts(period, by, grouped)
        _alerts(period, None, totals)
    keys = _fill_periods(period, by, set(grouped)) if by else []
    no_events = by in ("channel", "kind", "team", "assignee")
    rows = [{"key": k, "label": label(by, k),
             **_finish({**grouped.get(k, {}), "_no_events": no_events, "_no_alerts": no_alerts},
                       channels.get(k, {}))}
            for k in keys]
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "by": by,
            "rows": rows, "total": _finish({**totals.get("", {}), "_no_alerts": team_id is not None},
                                           total_channels.get("", {}))}


def _collect(target: dict[str, dict[str, Any]], cases: QuerySet[Case], activities: QuerySet[Activity],
             by: str | None, now: dt.datetime, *, channels: dict[str, dict[str, int]] | None = None) -> None:
    """The case and activity figures and the topics into target[key] (key "" when not grouped);
    with `channels`, also each group's cases per channel."""
    opened = _group_expr(by, "opened_at", "")
    _grouped(cases, opened, _case_figures(now), by, target)
    _grouped(activities, _group_expr(by, "at", "case__"), _activity_figures(), by, target)
    # one more pass over the cases, per group, channel, needs list and distinct summary: the
    # cases per channel, per need (a case with two needs counts under both) and what firms
    # asked by topic from the summaries
    fields = ("channel", "needs", "summary")
    rows = cases.values(*fields) if opened is None else cases.annotate(_g=opened).values("_g", *fields)
    known_needs = BREAKDOWNS["cases_by_need"][1]
    for row in rows.annotate(n=Count("id")).order_by():
        key = "" if opened is None else _key(by, row["_g"])
        values = target.setdefault(key, {})
        topics.add(values, row["summary"], row["n"])
        for need in dict.fromkeys(row["needs"] or []):
            if isinstance(need, str) and need in known_needs:
                values[f"_need_{need}"] = (values.get(f"_need_{need}") or 0) + row["n"]
        if channels is not None:
            counted = channels[key]
            counted[row["channel"]] = counted.get(row["channel"], 0) + row["n"]


def label(by: str | None, key: str) -> str:
    """A row's zh-TW label: 112年1月, 112年第1季, 專線電話, a team's name…"""
    if key == UNGROUPED:
        return "未填"
    if by == "month":
        year, month = key.split("-")
        return f"{int(year) - 1911}年{int(month)}月"
    if by == "quarter":
        year, q = key.split("-Q")
        return f"{int(year) - 1911}年第{q}季"
    if by == "channel":
        return CHANNELS.get(key, key)
    if by == "kind":
        return KINDS.get(key, key)
    if by == "team":
        from fudao.accounts.models import Team

        team = Team.objects.filter(slug=key).first()
        return team.name if team else key
    return key
