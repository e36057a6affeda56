"""The casework pages under /desk/ (included by fudao.urls)."""

from django.urls import path

from fudao.web import casework

urlpatterns = [
    path("followups/", casework.followups_page, name="desk_followups"),
    path("enterprises/<str:ubn>/", casework.enterprise_page, name="desk_enterprise"),
    path("experts/", casework.experts_page, name="desk_experts"),
    path("experts/<str:code>/", casework.expert_page, name="desk_expert"),
    path("cases/<str:case_no>/casework/", casework.casework_page, name="desk_casework"),
]
