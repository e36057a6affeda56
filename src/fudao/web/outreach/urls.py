"""Addresses of the campaign pages, under /desk/campaigns/."""

from django.urls import path

from fudao.web.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/calls/", views.call_list, name="calls"),
]
