"""The public pages (server-rendered zh-TW; htmx swaps only the results part when present)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe

from fudao.alerts.services import PURPOSE as ALERT_PURPOSE
from fudao.web import presenters, questionnaire
from fudao.web.cache import cached_page
from fudao.web.doclines import read_line

# The result groups of /check/: (id, title, statuses, window states). Usable first; a measure the
# firm qualifies for but whose window closed, or whose document is too old to vouch for it, has
# its own group so it never sits beside the measures open today.
ACCEPTING_STATES = ("open", "not_stated")
STATUS_GROUPS = (
    ("eligible", "符合資格・受理中", ("eligible",), ACCEPTING_STATES),
    ("unknown", "可能符合（尚缺資料）・受理中", ("unknown",), ACCEPTING_STATES),
    ("unconfirmed", "符合或可能符合・請先確認是否仍受理", ("eligible", "unknown"), ("unconfirmed",)),
    ("closed", "符合或可能符合・已截止", ("eligible", "unknown"), ("closed",)),
    ("ineligible", "不符合", ("ineligible",), ("open", "not_stated", "unconfirmed", "closed")),
)


def _partial(request: HttpRequest, page: str, part: str) -> str:
    """The whole page, or only its results part for an htmx request aimed at that part."""
    return part if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") else page


def _render_swappable(request: HttpRequest, page: str, part: str, context: dict[str, Any],
                      status: int = 200) -> HttpResponse:
    """Render a page whose results part htmx may ask for alone; caches must vary on the htmx headers."""
    response = render(request, _partial(request, page, part), context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_safe
@cached_page()
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the search box, the measures open today (a stated window covering today),
    those of current documents stating no window, the count of unconfirmed and closed ones, the hotlines."""
    from fudao.catalogue.services import list_measures

    published = list_measures(status="published", include_all=True)["measures"]
    open_now = [m for m in published if m["window_state"] == "open"]
    not_stated = [m for m in published if m["window_state"] == "not_stated"]
    unconfirmed = [m for m in published if m["window_state"] == "unconfirmed"]
    return render(request, "web/home.html", {
        "open_measures": open_now[:12],
        "open_count": len(open_now),
        "not_stated": not_stated[:12],
        "not_stated_count": len(not_stated),
        "unconfirmed_count": len(unconfirmed),
        "closed_count": sum(1 for m in published if m["window_state"] == "closed"),
        "service_contacts": (service := presenters.service_contacts()),
        "service_points": presenters.service_points(),
        "hotlines": presenters.hotlines(published, limit=4, skip=[c["phone"] for c in service]),
    })


@require_safe
@cached_page(params=("q",))
def search(request: HttpRequest) -> HttpResponse:
    """The answer to a question, its cited passages, related passages and the measures it names."""
    from fudao.search.answer import NOT_FOUND, close_hits
    from fudao.search.services import QueryError, ask
    from fudao.search.services import search as run_search

    query = request.GET.get("q", "")
    context: dict[str, Any] = {"q": query}
    status = 200
    if query.strip():
        try:
            answer = context["answer"] = ask(query)
            context["answer_kind"] = presenters.answer_kind_label(answer)
            context["citations"] = presenters.citation_rows(answer.citations)
            cited = {(c.doc, c.line_start) for c in answer.citations}
            hits = [h for h in run_search(query, k=8).hits if (h.doc, h.line_start) not in cited]
            if answer.answer == NOT_FOUND:
                context["declined"] = True
                context["way_on"] = presenters.service_contacts()
                hits = close_hits(query, hits)
            context["hits"] = hits[:5]
        except QueryError as exc:
            context["error"] = str(exc)
            status = 400
    return _render_swappable(request, "web/search.html", "web/_search_results.html", context, status)


CATALOGUE_PARAMS = ("facet", "agency", "instrument", "open", "min_amount", "page")


def _catalogue_filters(request: HttpRequest) -> tuple[dict[str, Any], str | None]:
    """The list filters from the query string, and a zh-TW error for a bad amount."""
    get = request.GET
    amount = (get.get("min_amount") or "").strip()
    filters: dict[str, Any] = {
        "facet": get.get("facet") or None,
        "agency": (get.get("agency") or "").strip() or None,
        "instrument": get.get("instrument") or None,
        "open": get.get("open") == "1",
        "min_amount_wan": amount,
    }
    error = None
    if amount:
        from fudao.web.limits import InputError, parse_number

        try:
            filters["min_amount_wan"] = parse_number(amount, label="金額下限（萬元）", field="min_amount",
                                                     minimum=0, maximum=10**11, integer=True)
        except InputError as exc:
            error = str(exc)
    return filters, error


@require_safe
@cached_page(params=CATALOGUE_PARAMS)
def measure_list(request: HttpRequest) -> HttpResponse:
    """The catalogue of published measures with filters (facet, agency, type, open now, amount)."""
    from fudao.catalogue.services import FilterError, list_measures, max_benefit_twd, today

    filters, error = _catalogue_filters(request)
    data: dict[str, Any] = {"measures": [], "facets": {}}
    if not error:
        try:
            data = list_measures(facet=filters["facet"], agency=filters["agency"],
                                 instrument=filters["instrument"], status="published",
                                 open_on=today() if filters["open"] else None, include_all=True,
                                 min_amount_twd=int(filters["min_amount_wan"]) * 10_000 if filters["min_amount_wan"] else None)
        except FilterError as exc:
            error = str(exc)
    rows = [{**m, "max_amount": max_benefit_twd(m)} for m in data["measures"]]
    page = _page_of(rows, request.GET.get("page"))
    from urllib.parse import urlencode

    query = urlencode({k: request.GET[k] for k in CATALOGUE_PARAMS[:-1] if request.GET.get(k)})
    return _render_swappable(request, "web/measure_list.html", "web/_measure_rows.html", {
        "measures": list(page.object_list), "total": len(rows), "page": page, "query": query,
        "filters": filters, "error": error, "choices": presenters.filter_choices(data["facets"]),
    }, status=400 if error else 200)


MEASURES_PER_PAGE = 25


def _page_of(rows: list[dict[str, Any]], number: str | None) -> Any:
    """One page of 25 measures (an unreadable or too high page number gives the nearest one)."""
    from django.core.paginator import Paginator

    return Paginator(rows, MEASURES_PER_PAGE).get_page(number)


@require_safe
@cached_page()
def measure_detail(request: HttpRequest, measure_id: str) -> HttpResponse:
    """One measure: every field with its source passage, how to apply, the contacts."""
    from fudao.catalogue.services import MeasureNotFound, get_measure

    try:
        measure = get_measure(measure_id)
    except MeasureNotFound as exc:
        raise Http404(str(exc)) from None
    if measure["status"] not in ("published", "retired"):
        raise Http404(f"找不到輔導措施「{measure_id}」")
    return render(request, "web/measure_detail.html", {
        "m": measure,
        "extent": presenters.measure_extent(measure),
        "rows": presenters.field_rows(measure),
        "instrument_label": presenters.INSTRUMENT_LABELS.get(measure["instrument"], measure["instrument"]),
        "state_title": presenters.STATE_TITLES[measure["window_state"]],
        "applicant_labels": presenters.APPLICANT_LABELS,
    })


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The eligibility questionnaire: form steps asking only what is still needed, then the results."""
    from fudao.matching.adaptive import next_step
    from fudao.rules.profile import ProfileError

    state = questionnaire.StepState()
    error = error_field = None
    if request.method == "POST":
        try:
            state = questionnaire.merge_step(questionnaire.read_state(request.POST), request.POST)
        except ProfileError as exc:
            error, error_field = str(exc), exc.field
            state = _safe_state(request)
    questions = questionnaire.questions_for(next_step(state.answers, state.skipped), state)
    if error:
        asked = [k for k in (request.POST.get("asked") or "").split(",") if k in questionnaire.FACTS]
        questions = questionnaire.questions_for(asked, state) or questions
        for question in questions:  # show what was typed, so only the wrong answer needs fixing
            question.value = request.POST.getlist(question.key)
    wants_results = request.method == "POST" and request.POST.get("action") == "results"
    if not error and (wants_results or not questions):
        return _check_results(request, state)
    return render(request, "web/check.html", {
        "questions": questions, "state": state, "error": error, "error_field": error_field,
        "asked": ",".join(q.key for q in questions), "unknown": questionnaire.UNKNOWN,
        "answered": questionnaire.answer_rows(state),
    }, status=400 if error else 200)


def _safe_state(request: HttpRequest) -> questionnaire.StepState:
    from fudao.rules.profile import ProfileError

    try:
        return questionnaire.read_state(request.POST)
    except ProfileError:
        return questionnaire.StepState()


def _check_results(request: HttpRequest, state: questionnaire.StepState) -> HttpResponse:
    from fudao.catalogue.services import list_measures
    from fudao.matching.services import match
    from fudao.rules.profile import fact_label

    results = match(state.answers)["results"]
    catalogue = {m["id"]: m for m in list_measures(include_all=True)["measures"]}
    groups = []
    for status, title, statuses, states in STATUS_GROUPS:
        rows = [{**r, "measure": catalogue.get(r["measure_id"], {}),
                 "window_text": r["window_label"] or catalogue.get(r["measure_id"], {}).get("window_label", ""),
                 "missing_labels": [fact_label(k) for k in r.get("missing_facts") or []]}
                for r in results if r["status"] in statuses and r["window_state"] in states]
        shown = [r for r in rows if r.get("has_rule", True)]
        groups.append({"status": status, "title": title, "rows": shown, "others": len(rows) - len(shown)})
    return render(request, "web/check_results.html", {
        "groups": groups, "state": state, "answered": questionnaire.answer_rows(state),
        "today": timezone.localdate(), "purpose": ALERT_PURPOSE,
    })


def _highlight(raw: str, last: int) -> tuple[int, int] | None:
    """The line range of `?hl=241-246` (or `?hl=241`), clipped to the document; None when absent or bad."""
    parts = raw.replace("–", "-").split("-", 1)
    if not all(p.strip().isdigit() for p in parts):
        return None
    start, end = int(parts[0]), int(parts[-1])
    if start < 1 or start > last:
        return None
    return start, max(start, min(end, last))


# How far above a cited range the viewer looks for the heading it shows as the range's context.
CONTEXT_HEADING_LINES = 40


def _context_line(raw: str, marked: tuple[int, int] | None, lines: list[str]) -> int | None:
    """The line shown as the cited range's context: `?ctx=241` when it is a line above the range,
    else the nearest heading above the range (within CONTEXT_HEADING_LINES); None when the range
    starts on a heading itself or there is no range."""
    if marked is None:
        return None
    if raw.strip().isdigit() and 1 <= int(raw) < marked[0]:
        return int(raw)
    if read_line(lines[marked[0] - 1]).kind == "heading":
        return None
    top = max(0, marked[0] - 1 - CONTEXT_HEADING_LINES)
    return next((n for n in range(marked[0] - 1, top, -1) if read_line(lines[n - 1]).kind == "heading"), None)


@require_safe
@cached_page(params=("hl", "ctx"))
def document_detail(request: HttpRequest, stem: str) -> HttpResponse:
    """A document as stored: its title and date, every original line numbered and addressable
    (#L241) with its markdown rendered (`web.doclines`), the cited range of `?hl=250-264`
    highlighted and the heading it sits under (`?ctx=241`, else the nearest heading above it)
    marked apart as its context (server-side, no script needed)."""
    from fudao.documents.selectors import document_text

    found = document_text(stem)
    if found is None:
        raise Http404(f"找不到文件「{stem}」")
    header, lines = found
    marked = _highlight(request.GET.get("hl", ""), len(lines))
    context = _context_line(request.GET.get("ctx", ""), marked, lines)
    rows = [{"n": n, "line": read_line(text), "hl": bool(marked and marked[0] <= n <= marked[1]),
             "ctx": n == context} for n, text in enumerate(lines, start=1)]
    return render(request, "web/document_detail.html", {
        "doc": header, "rows": rows, "marked": marked, "context_line": context, "line_count": len(lines),
        "roc_year": header.as_of.year - 1911 if header.as_of else None,
    })
