"""The public pages of alerts (DESIGN "Alerts"): subscribing from the eligibility check's
results, confirming, one-click unsubscribing, seeing and deleting what is kept. Thin: the
writes are `fudao.alerts.services`; a bad or expired link answers 400 with its reason."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from fudao.web import questionnaire


def _page(request: HttpRequest, title: str, text: str, *, status: int = 200, **extra: object) -> HttpResponse:
    return render(request, "web/alerts/message.html",
                  {"title": title, "text": text, "error": status >= 400, **extra}, status=status)


def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _page(request, "連結無法使用", str(exc), status=400)


@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    """「有新的措施符合時通知我」 from the check's results: save and send the confirmation."""
    from fudao.alerts.services import PURPOSE, AlertError
    from fudao.alerts.services import subscribe as run_subscribe
    from fudao.rules.profile import ProfileError

    email = (request.POST.get("email") or "").strip()
    try:
        state = questionnaire.read_state(request.POST)
        run_subscribe(email=email, profile=state.answers, consent=request.POST.get("consent") == "yes",
                      site_url=request.build_absolute_uri("/"))
    except (AlertError, ProfileError) as exc:
        return render(request, "web/alerts/subscribe.html", {
            "error": str(exc), "email": email, "purpose": PURPOSE,
            "answers_json": request.POST.get("answers") or "{}",
            "skipped": request.POST.get("skipped") or ""}, status=400)
    return _page(request, "請至電子郵件確認訂閱",
                 f"我們已寄出確認信到 {email}。請於 7 天內按信中的連結確認；確認前不會寄送任何通知，"
                 "未確認的資料將於 7 天後自動刪除。")


@require_http_methods(["GET"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm a subscription from the e-mailed link."""
    from fudao.alerts.services import LinkError
    from fudao.alerts.services import confirm as run_confirm

    try:
        run_confirm(token=token)
    except LinkError as exc:
        return _refused(request, exc)
    return _page(request, "已確認訂閱",
                 "謝謝您。當有新的輔導措施符合您的企業資料，或其資格、金額上限、受理期間有變動時，"
                 "我們會以電子郵件通知您（每天最多一封）。")


@csrf_exempt  # RFC 8058: the mail client posts List-Unsubscribe=One-Click without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click: the link (or the mail client's List-Unsubscribe post) stops every e-mail."""
    from fudao.alerts.services import LinkError
    from fudao.alerts.services import unsubscribe as run_unsubscribe

    try:
        run_unsubscribe(token=token)
    except LinkError as exc:
        return _refused(request, exc)
    return _page(request, "已取消通知", "您不會再收到新措施的通知信。如需刪除我們保存的資料，請使用信中的「查看或刪除」連結。")


@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, token: str) -> HttpResponse:
    """What is kept about a subscriber, and a button that deletes it."""
    from fudao.alerts.services import LinkError, delete_mine, read_token
    from fudao.rules.profile import FACTS

    try:
        if request.method == "POST" and request.POST.get("action") == "delete":
            delete_mine(token=token)
            return _page(request, "資料已刪除", "我們已刪除您的電子郵件地址、企業資料與同意紀錄，不會再寄信給您。")
        subscription = read_token(token, "mine")
    except LinkError as exc:
        return _refused(request, exc)
    state = questionnaire.StepState(answers={k: v for k, v in subscription.profile.items() if k in FACTS})
    return render(request, "web/alerts/mine.html", {
        "s": subscription, "rows": questionnaire.answer_rows(state),
        "state_label": {"pending": "待確認", "confirmed": "已確認", "unsubscribed": "已取消通知"}[subscription.state],
    })
