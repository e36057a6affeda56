"""The reports dashboard for supervisors and analysts, and its CSV/XLSX exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fudao.web.auth import request_actor

CHART_FIGURES = ("cases", "enterprise_visits", "attendances", "financing_amount_twd")
PERIOD_PARAMS = ("year", "quarter", "month", "from", "to", "by", "team")


def _report(request: HttpRequest) -> tuple[dict[str, Any] | None, str | None, int]:
    """(report, error message, status) for the request's filters."""
    from fudao.reports.periods import ReportError, resolve
    from fudao.reports.services import ReportDenied, report_for
    from fudao.web.auth import AuthFailure

    q = request.GET
    try:
        actor = request_actor(request)
        period = resolve(year=q.get("year") or None, quarter=q.get("quarter") or None,
                         month=q.get("month") or None, start=q.get("from") or None,
                         end=q.get("to") or None)
        return report_for(actor, period, by=q.get("by") or "month",
                          team=q.get("team") or None), None, 200
    except AuthFailure as exc:
        return None, str(exc), exc.status
    except ReportDenied as exc:
        return None, str(exc), 403
    except ReportError as exc:
        return None, str(exc), 400


def _charts(report: dict[str, Any]) -> list[dict[str, Any]]:
    from fudao.reports.charts import bar_chart
    from fudao.reports.figures import FIGURES
    from fudao.reports.presenters import worded

    out = []
    for key in CHART_FIGURES:
        name, _ = FIGURES[key]
        bars = [(r["label"], float(r[key] or 0), worded(key, r[key])) for r in report["rows"]]
        table = [(r["label"], worded(key, r[key])) for r in report["rows"]]
        out.append({"title": f"{name}（依{report['by_label']}）", "svg": bar_chart(name, bars),
                    "table": table})
    return out


def _anonymous(request: HttpRequest) -> bool:
    """Nobody signed in (pages take the session; a bad token is refused in `_report`)."""
    user = getattr(request, "user", None)
    return not (user and user.is_authenticated) and "Authorization" not in request.headers


def _gate(request: HttpRequest) -> None:
    """The staff gate of the reports (`fudao.web.staff`) for a signed-in user (a token's
    caller is judged by the report's own policy)."""
    from fudao.accounts.actors import actor_for_user
    from fudao.web.staff import refusal

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        reason = refusal(actor_for_user(user), "reports")
        if reason:
            raise PermissionDenied(reason)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The period's figures as the ministry prints them, a chart and a table per figure,
    the whole table by grouping, filters and export links."""
    if _anonymous(request):
        return redirect_to_login(request.get_full_path())
    from fudao.reports import exports
    from fudao.reports.figures import GROUPINGS
    from fudao.reports.presenters import headline, topics_table

    _gate(request)
    report, error, status = _report(request)
    if status == 403:
        raise PermissionDenied(error)
    from fudao.accounts.models import Team

    teams = list(Team.objects.order_by("slug").values_list("slug", "name"))
    context: dict[str, Any] = {"error": error, "groupings": GROUPINGS, "teams": teams,
                               "team_name": dict(teams).get(report["team"]) if report and report.get("team") else "",
                               "filters": {k: request.GET.get(k, "") for k in PERIOD_PARAMS}}
    if report is not None:
        report["by_label"] = GROUPINGS.get(report["by"] or "", "期間")
        header, rows = exports.table(report)
        query = "&".join(f"{k}={v}" for k, v in context["filters"].items() if v)
        context.update(report=report, headline=headline(report["total"]),
                       period_label=exports.period_label(report), header=header, rows=rows,
                       charts=_charts(report), query=query, topics=topics_table(report))
    return render(request, "web/reports.html", context, status=status)


@require_safe
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's report as CSV or XLSX."""
    if _anonymous(request):
        return redirect_to_login(request.get_full_path())
    from fudao.reports import exports

    _gate(request)
    report, error, status = _report(request)
    if status == 403:
        raise PermissionDenied(error)
    if report is None:
        return render(request, "web/reports.html", {"error": error}, status=status)
    name = f"fudao-report-{report['from']}-{report['to']}"
    if fmt == "xlsx":
        response = HttpResponse(
            exports.to_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(("\ufeff" + exports.to_csv(report)).encode("utf-8"),
                                content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
