"""Who is asking, for the desk pages: signed-in staff only; a case the actor may not see is a 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse

from fudao.accounts.actors import Actor, actor_for_user
from fudao.accounts.roles import Role
from fudao.cases.models import Case
from fudao.cases.selectors import get_case
from fudao.cases.services import CaseNotFound
from fudao.web.staff import staff_page

View = Callable[..., HttpResponse]


def actor_of(request: HttpRequest) -> Actor:
    """The acting person of a request."""
    return actor_for_user(request.user)


def staff_required(view: View) -> View:
    """Decorator: the staff gate of the desk pages (`fudao.web.staff`)."""
    return staff_page("desk")(view)


def case_or_404(actor: Actor, case_no: str) -> Case:
    """The case if the actor may see it; 404 otherwise, exactly as for a case that does not exist."""
    try:
        return get_case(actor, case_no)
    except CaseNotFound:
        raise Http404(f"找不到案件「{case_no}」") from None


class LoginView(auth_views.LoginView):
    """Staff sign-in; without a `next` page, an editor goes on to the catalogue's admin, an
    analyst to the reports, anyone else to the desk (their queue, or the refusal that says why)."""

    template_name = "desk/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        role = actor_of(self.request).role
        return {Role.EDITOR: "/admin/", Role.ANALYST: "/reports/"}.get(role, "/desk/")  # type: ignore[arg-type]
