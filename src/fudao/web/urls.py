"""The public site's addresses (DESIGN): pages, then the JSON API under /api."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from fudao.web import alerts, reports_views, views
from fudao.web.api import api
from fudao.web.middleware import api_error_response


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api: a JSON 404."""
    return api_error_response(404, f"找不到這個 API 位址：/api/{rest}")


urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<str:measure_id>/", views.measure_detail, name="measure_detail"),
    path("check/", views.check, name="check"),
    path("reports/", reports_views.dashboard, name="reports"),
    re_path(r"^reports/export\.(?P<fmt>csv|xlsx)$", reports_views.export, name="reports_export"),
    path("alerts/subscribe/", alerts.subscribe, name="alerts-subscribe"),
    path("alerts/confirm/<str:token>", alerts.confirm, name="alerts-confirm"),
    path("alerts/unsubscribe/<str:token>", alerts.unsubscribe, name="alerts-unsubscribe"),
    path("alerts/mine/<str:token>", alerts.mine, name="alerts-mine"),
    path("documents/<str:stem>/", views.document_detail, name="document_detail"),
    path("", include("fudao.web.events.urls")),
    path("", include("fudao.web.desk.urls")),  # the service desk: login, desk pages, inquiry, status
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
]
