"""The desk's 「新符合措施」 list: the measures that started to fit the enterprises a desk user
may act for since they last looked (fudao.alerts.selectors.new_fits, scoped by the policy),
a button that records the look, and one that makes a campaign over those enterprises for
those the policy allows (fudao.alerts.campaigns.create_new_fits_campaign). Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fudao.accounts.actors import Actor, actor_for_user
from fudao.web.staff import staff_page


@staff_page("desk")
@require_http_methods(["GET", "POST"])
def new_fits_page(request: HttpRequest) -> HttpResponse:
    """GET: the list; POST action=seen: mark it looked at; POST action=campaign: make a campaign."""
    from fudao.alerts.campaigns import create_new_fits_campaign
    from fudao.alerts.services import AlertError, mark_seen
    from fudao.cases.policy import can_create_campaign
    from fudao.outreach.services import CampaignError

    actor = actor_for_user(request.user)
    allowed = can_create_campaign(actor)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "campaign" and not allowed:
            return _page(request, actor, error=allowed.reason, status=403)
        try:
            if action == "seen":
                mark_seen(by=actor)
                messages.success(request, "已標為看過；之後開始符合的措施才會列在這裡。")
            elif action == "campaign":
                campaign = create_new_fits_campaign(by=actor, name=request.POST.get("name", ""))
                messages.success(request, f"已建立外撥活動「{campaign.name}」。")
                return HttpResponseRedirect(reverse("outreach:detail", args=[campaign.pk]))
            else:
                return _page(request, actor, error="未知的操作", status=400)
        except (AlertError, CampaignError) as exc:
            return _page(request, actor, error=str(exc), status=400)
        return HttpResponseRedirect(reverse("desk_new_fits"))
    return _page(request, actor)


def _page(request: HttpRequest, actor: Actor, *, error: str = "", status: int = 200) -> HttpResponse:
    from fudao.alerts.selectors import last_look, new_fits
    from fudao.cases.policy import can_create_campaign
    from fudao.matching.vocabulary import MATCH_STATUSES

    return render(request, "web/desk/new_fits.html", {
        "found": new_fits(actor), "looked": last_look(actor), "error": error,
        "can_campaign": bool(can_create_campaign(actor)), "statuses": MATCH_STATUSES}, status=status)
