"""The casework pages under /desk/ (included by fudao.urls)."""

from django.urls import path

from fudao.web import casework
from fudao.web.desk import views_enterprise, views_fits

urlpatterns = [
    path("followups/", casework.followups_page, name="desk_followups"),
    path("new-matches/", views_fits.new_fits_page, name="desk_new_fits"),
    path("enterprises/<str:ubn>/", views_enterprise.enterprise_page, name="desk_enterprise"),
    path("enterprises/<str:ubn>/alerts", views_enterprise.subscribe_page, name="desk_enterprise_alerts"),
    path("experts/", casework.experts_page, name="desk_experts"),
    path("experts/<str:code>/", casework.expert_page, name="desk_expert"),
    path("cases/<str:case_no>/casework/", casework.casework_page, name="desk_casework"),
]
