"""Top-level URL map: the health checks and metrics, the admin, the desk's casework and campaign pages, then the public site
and its API (fudao.web)."""

from django.contrib import admin
from django.urls import include, path

from fudao.web import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("desk/campaigns/", include("fudao.web.outreach.urls")),
    path("desk/", include("fudao.web.casework_urls")),
    path("", include("fudao.web.urls")),
]
