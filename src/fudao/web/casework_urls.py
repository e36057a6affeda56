"""The casework pages under /desk/ (included by fudao.urls)."""

from django.urls import path

from fudao.web import casework

urlpatterns = [
    path("followups/", casework.followups_page, name="desk_followups"),
    path("enterprises/<str:ubn>/", casework.enterprise_page, name="desk_enterprise"),
    path("cases/<str:case_no>/casework/", casework.casework_page, name="desk_casework"),
]
