"""My queue: the open cases assigned to me, to my team, or still in the shared pool."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from fudao.cases import selectors, sla
from fudao.cases.services import CaseError
from fudao.web.desk import present
from fudao.web.desk.access import actor_of, staff_required

SCOPES = (("mine", "我的案件"), ("team", "本團隊"), ("unassigned", "待分派"))


@require_safe
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """The queue of one scope (?scope=mine|team|unassigned), overdue first, due soon marked;
    the counts cover the whole queue, not only the rows shown."""
    actor = actor_of(request)
    scope = request.GET.get("scope") or "mine"
    status, error, rows = 200, "", []
    counts = {"total": 0, "overdue": 0, "due_soon": 0}
    now = timezone.now()
    try:
        rows = present.queue_rows(selectors.queue(actor, scope=scope, now=now), now)
        counts = selectors.queue_counts(actor, scope=scope, now=now)
    except CaseError as exc:
        status, error = 400, str(exc)
    return render(request, "desk/queue.html", {
        "scope": scope, "scopes": SCOPES, "rows": rows, "error": error, "total": counts["total"],
        "overdue": counts["overdue"], "due_soon": counts["due_soon"],
        "due_soon_minutes": sla.config().due_soon_minutes,
    }, status=status)
