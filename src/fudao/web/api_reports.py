"""`GET /api/reports/kpi`: the report of `fudao report` as JSON (analyst, supervisor of a team, admin)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

router = Router(tags=["reports"])
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
RESPONSES = {str(code): {"description": text, "content": {"application/json": {"schema": ERROR}}}
             for code, text in ((400, "期間或分組有誤"), (401, "未登入或權杖無效"), (403, "角色無權查看"))}


@router.get("/kpi", summary="統計報表（同 fudao report）", openapi_extra={"responses": RESPONSES})
def kpi(request: HttpRequest, year: str | None = None, quarter: str | None = None,
        month: str | None = None, by: str | None = None, team: str | None = None,
        start: str | None = Query(None, alias="from"),
        end: str | None = Query(None, alias="to")) -> HttpResponse:
    """`{"from", "to", "by", "rows": [{"key", …figures}], "total": {…figures}}` for the period
    (`year` 民國, `quarter` 112Q1, `month` 112-03, or `from`/`to` dates)."""
    from fudao.reports.periods import resolve
    from fudao.reports.services import report_for
    from fudao.web.api import ok
    from fudao.web.auth import signed_in_actor

    actor = signed_in_actor(request)
    period = resolve(year=year, quarter=quarter, month=month, start=start, end=end)
    return ok(report_for(actor, period, by=by, team=team))
