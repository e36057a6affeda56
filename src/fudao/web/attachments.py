"""A case's file as a download, to who may see the case (404 otherwise): the desk's link and
the API's route answer the same."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase

from fudao.accounts.actors import Actor
from fudao.cases import attachments
from fudao.cases.ledger import CaseNotFound
from fudao.cases.selectors import get_attachment as find_attachment


def attachment_response(actor: Actor, case_no: str, attachment_id: int) -> HttpResponseBase:
    """The file as a download (never rendered inline), or 404."""
    try:
        found = find_attachment(actor, case_no, attachment_id)
        handle = attachments.storage().open(found.storage_name, "rb")
    except (CaseNotFound, FileNotFoundError):
        raise Http404("找不到此附件") from None
    response = FileResponse(handle, as_attachment=True, filename=found.name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox"
    return response
