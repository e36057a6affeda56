"""Top-level URL map: the admin, the session login, the campaign desk, then the public site and
its API (fudao.web)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("desk/campaigns/", include("fudao.outreach.urls")),
    path("", include("fudao.web.urls")),
]
