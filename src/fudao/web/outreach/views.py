"""The consultants' campaign pages: the list, a campaign's figures, the call list with its
outcome buttons (plain POST forms). Thin: selectors read, `record_call` writes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fudao.accounts.actors import actor_for_user
from fudao.outreach import selectors
from fudao.outreach.models import OUTCOMES
from fudao.outreach.services import CampaignError, CampaignNotFound, record_call
from fudao.rules.profile import FACTS, ProfileError
from fudao.web.questionnaire import read_fact
from fudao.web.staff import staff_page

OUTCOME_LABELS = dict(OUTCOMES)


def _campaign(campaign_id: int) -> Any:
    try:
        return selectors.get_campaign(campaign_id)
    except CampaignNotFound as exc:
        raise Http404(str(exc)) from None


def _visible(request: HttpRequest, campaign: Any) -> Any:
    actor = actor_for_user(request.user)
    if not selectors.can_view(actor, campaign):
        raise Http404(f"找不到外撥活動「{campaign.pk}」")
    return actor


@staff_page("outreach")
def campaign_list(request: HttpRequest) -> HttpResponse:
    """`/desk/campaigns/`: the campaigns the user may see, with their figures."""
    actor = actor_for_user(request.user)
    rows = [selectors.figures(c) for c in selectors.list_campaigns(actor)]
    return render(request, "outreach/campaign_list.html", {"campaigns": rows})


@staff_page("outreach")
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """`/desk/campaigns/<id>/`: the campaign's figures."""
    campaign = _campaign(campaign_id)
    _visible(request, campaign)
    from fudao.cases.applications import measure_name
    from fudao.rules.profile import fact_label

    data = selectors.figures(campaign)
    calls = [(OUTCOME_LABELS[k], data["calls"].get(k, 0)) for k in OUTCOME_LABELS]
    measures = [measure_name(m) or "已下架的措施" for m in data["measures"]]
    where = [(fact_label(k), v) for k, v in (data.get("filter") or {}).items()]
    return render(request, "outreach/campaign_detail.html", {"c": data, "calls": calls,
                                                              "measure_names": measures, "where": where})


def _facts_from(post: Any) -> dict[str, Any]:
    """The facts learned on the call, from the form's `fact_<key>` fields, read as the
    eligibility check reads them (「5000萬」 included); CampaignError naming the field."""
    out: dict[str, Any] = {}
    for key, spec in FACTS.items():
        raw = (post.get(f"fact_{key}") or "").strip()
        if not raw or spec.derived:
            continue
        try:
            out[key] = read_fact(key, spec, raw)
        except ProfileError as exc:
            raise CampaignError(str(exc)) from None
    return out


@staff_page("outreach")
def call_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """`/desk/campaigns/<id>/calls/`: the next firm to call, its facts, the questions to ask and
    the outcome buttons; a POST records the outcome and shows the next firm."""
    campaign = _campaign(campaign_id)
    actor = _visible(request, campaign)
    status = 200
    if request.method == "POST":
        ubn = request.POST.get("ubn", "")
        try:
            call = record_call(campaign_id=campaign.pk, ubn=ubn, outcome=request.POST.get("outcome", ""),
                               by=actor, facts=_facts_from(request.POST))
        except CampaignError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            text = f"已記錄 {ubn}：{OUTCOME_LABELS[call.outcome]}"
            if call.case:
                text += f"，已開立外撥案件 {call.case.case_no}"
            messages.success(request, text)
            return redirect("outreach:calls", campaign_id=campaign.pk)
    listing = selectors.call_list(campaign, actor, limit=11)
    firms = listing["firms"]
    return render(request, "outreach/calls.html", {
        "campaign": campaign, "listing": listing, "firm": firms[0] if firms else None,
        "upcoming": firms[1:], "outcomes": OUTCOMES,
    }, status=status)
