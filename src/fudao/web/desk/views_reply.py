"""The enterprise's reply page (`/reply/<token>`, public): the question the desk asked, a form
for the answer and files; a valid reply lands on the case (fudao.cases.messages)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fudao.cases import attachments, messages, services
from fudao.web.desk.forms import ReplyForm


@require_http_methods(["GET", "HEAD", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the question and the form; POST: the answer and files written on the case. A
    tampered or expired link, or a case no longer open, is not found (404)."""
    try:
        asked = messages.reply_context(token)
    except messages.ReplyLinkInvalid:
        raise Http404("此回覆連結無效或已過期") from None
    context = {"asked": asked, "max_mb": attachments.max_bytes() // (1024 * 1024),
               "max_files": messages.MAX_REPLY_FILES}
    if request.method != "POST":
        return render(request, "desk/reply.html", {**context, "form": ReplyForm()})
    form = ReplyForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            uploads = [attachments.read_upload(f.name or "", f)
                       for f in request.FILES.getlist("files") if f.size or f.name]
            messages.submit_reply(token=token, text=form.cleaned_data["text"], uploads=uploads)
        except messages.ReplyLinkInvalid:
            raise Http404("此回覆連結無效或已過期") from None
        except (services.CaseError, attachments.AttachmentError) as exc:
            form.add_error(None, str(exc))
            status = 413 if isinstance(exc, attachments.AttachmentTooLarge) else 400
        else:
            return render(request, "desk/reply_done.html", {"asked": asked})
    return render(request, "desk/reply.html", {**context, "form": form}, status=status)
