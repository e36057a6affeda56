"""The case list: every case the actor may see, filtered, a page at a time."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from fudao.cases import selectors
from fudao.cases.policy import masks_contacts
from fudao.cases.services import CaseError
from fudao.web.desk import choices, present
from fudao.web.desk.access import actor_of, staff_required
from fudao.web.desk.forms import CaseFilterForm

PAGE_SIZE = 50


@require_safe
@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The filtered list (selectors.filtered: a list never shows what the case page refuses)."""
    actor = actor_of(request)
    form = CaseFilterForm(request.GET or None, teams=choices.teams())
    context = {"form": form, "rows": [], "count": 0, "page": 1, "pages": 1, "error": ""}
    if request.GET and not form.is_valid():
        context["error"] = form.error_text()
        return render(request, "desk/case_list.html", context, status=400)
    data = form.cleaned_data if request.GET else {}
    page = data.get("page") or 1
    try:
        filters = selectors.CaseFilters(
            status=data.get("status") or None, kind=data.get("kind") or None,
            channel=data.get("channel") or None, team=data.get("team") or None,
            assignee=(data.get("assignee") or "").strip() or None, overdue=bool(data.get("overdue")),
            opened_from=data.get("opened_from"), opened_to=data.get("opened_to"),
            text=(data.get("q") or "").strip() or None, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        qs = selectors.filtered(actor, filters)
        count = qs.count()
        cases = list(qs[filters.offset:filters.offset + PAGE_SIZE])
    except (CaseError, ValueError) as exc:
        context["error"] = str(exc)
        return render(request, "desk/case_list.html", context, status=400)
    now = timezone.now()
    masked = masks_contacts(actor)
    context.update({
        "rows": [{**present.queue_row(c, now), "summary": selectors.case_summary(c, masked=masked)}
                 for c in cases],
        "count": count, "page": page, "pages": max((count + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "query": _query_without_page(request),
    })
    return render(request, "desk/case_list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
