"""One enterprise's page on the desk (/desk/enterprises/<ubn>/): its cases, casework, amounts,
the measures that started to fit it and its alert subscriptions; and the form by which a desk
user who may act for it subscribes it to alerts with its contact's consent
(fudao.alerts.services.subscribe_enterprise). Thin."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fudao.accounts.actors import Actor, actor_for_user
from fudao.alerts.models import SUBSCRIPTION_STATES
from fudao.cases.activities import (
    APPLICATION_STAGES,
    DIAGNOSIS_AREAS,
    REFERRAL_OUTCOMES,
    VISIT_MODES,
)
from fudao.cases.vocabulary import ACTIVITY_TYPES, KINDS, STATUSES
from fudao.matching.vocabulary import MATCH_STATUSES
from fudao.web.staff import staff_page


def _record(actor: Actor, ubn: str) -> dict[str, Any]:
    from fudao.cases.enterprise_history import EnterpriseNotFound, enterprise_record

    try:
        return enterprise_record(actor, ubn)
    except EnterpriseNotFound as exc:
        raise Http404(str(exc)) from None


@staff_page("desk")
def enterprise_page(request: HttpRequest, ubn: str) -> HttpResponse:
    """One enterprise's cases, visits, applications and amounts over the years, newest first."""
    actor = actor_for_user(request.user)
    return _page(request, actor, _record(actor, ubn))


@staff_page("desk")
@require_http_methods(["POST"])
def subscribe_page(request: HttpRequest, ubn: str) -> HttpResponse:
    """POST email, consent=1: subscribe the enterprise to alerts (a confirmation e-mail goes to
    the address); 404 for an enterprise the user may not see, 403 for one they may see but not
    act for (an analyst), 400 with the reason for a bad address or a missing consent."""
    from fudao.alerts.services import AlertError, subscribe_enterprise
    from fudao.cases.policy import can_see_enterprise

    actor = actor_for_user(request.user)
    record = _record(actor, ubn)
    allowed = can_see_enterprise(actor, record["enterprise"])
    if not allowed:
        return _page(request, actor, record, error=allowed.reason, status=403)
    email = request.POST.get("email", "").strip()
    if request.POST.get("consent") != "1":
        return _page(request, actor, record, email=email, status=400,
                     error="請先確認企業已同意以電子郵件接收新措施通知（勾選「企業已同意」）")
    try:
        subscribe_enterprise(ubn=record["enterprise"].ubn, email=email, by=actor,
                             site_url=request.build_absolute_uri("/"))
    except AlertError as exc:
        return _page(request, actor, record, email=email, error=str(exc), status=400)
    messages.success(request, f"已建立訂閱，確認信將寄到 {email}；企業點選信中的連結後才會開始寄送通知。")
    return HttpResponseRedirect(reverse("desk_enterprise", args=[record["enterprise"].ubn]) + "#alerts")


def _page(request: HttpRequest, actor: Actor, record: dict[str, Any], *, error: str = "",
          email: str | None = None, status: int = 200) -> HttpResponse:
    from fudao.alerts.selectors import SubscriptionsDenied, new_fits, subscriptions
    from fudao.alerts.services import PURPOSE
    from fudao.cases.policy import can_see_enterprise
    from fudao.enterprises.selectors import consenting_email

    enterprise = record["enterprise"]
    try:
        subs = subscriptions(actor, enterprise_id=enterprise.pk)
    except SubscriptionsDenied:
        subs = []
    can_subscribe = bool(can_see_enterprise(actor, enterprise))
    return render(request, "web/desk/enterprise.html", {
        "r": record, "fits": new_fits(actor, enterprise_id=enterprise.pk),
        "subscriptions": subs, "sub_states": SUBSCRIPTION_STATES, "can_subscribe": can_subscribe,
        "subscribe_email": email if email is not None else (consenting_email(enterprise) if can_subscribe else ""),
        "purpose": PURPOSE, "error": error,
        "kinds": KINDS, "statuses": STATUSES, "types": ACTIVITY_TYPES, "stages": APPLICATION_STAGES,
        "areas": DIAGNOSIS_AREAS, "modes": VISIT_MODES, "outcomes": REFERRAL_OUTCOMES,
        "match_statuses": MATCH_STATUSES}, status=status)
