"""The service desk's addresses: staff login, the desk pages, the public inquiry and status."""

from django.contrib.auth import views as auth_views
from django.urls import path

from fudao.web.desk import (
    access,
    views_case,
    views_cases,
    views_intake,
    views_letter,
    views_public,
    views_queue,
    views_reply,
)

urlpatterns = [
    path("accounts/login/", access.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/", views_queue.queue, name="desk_queue"),
    path("desk/intake/", views_intake.intake, name="desk_intake"),
    path("desk/intake/lookup", views_intake.lookup, name="desk_intake_lookup"),
    path("desk/cases/", views_cases.case_list, name="desk_cases"),
    path("desk/cases/<str:case_no>/", views_case.case_page, name="desk_case"),
    path("desk/cases/<str:case_no>/status", views_case.change_status, name="desk_case_status"),
    path("desk/cases/<str:case_no>/assign", views_case.assign, name="desk_case_assign"),
    path("desk/cases/<str:case_no>/log", views_case.log, name="desk_case_log"),
    path("desk/cases/<str:case_no>/measures", views_case.attach, name="desk_case_attach"),
    path("desk/cases/<str:case_no>/merge", views_case.merge, name="desk_case_merge"),
    path("desk/cases/<str:case_no>/message", views_case.message, name="desk_case_message"),
    path("desk/cases/<str:case_no>/attachments", views_case.upload, name="desk_case_upload"),
    path("desk/cases/<str:case_no>/attachments/<int:attachment_id>", views_case.download,
         name="desk_case_download"),
    path("desk/cases/<str:case_no>/referrals/<int:referral_id>/letter", views_letter.letter,
         name="desk_referral_letter"),
    path("reply/<str:token>", views_reply.reply, name="case_reply"),
    path("inquiry/", views_public.inquiry, name="inquiry"),
    path("inquiry/from-check/", views_public.inquiry_from_check, name="inquiry_from_check"),
    path("inquiry/sent/", views_public.inquiry_done, name="inquiry_done"),
    path("status/", views_public.public_status, name="public_status"),
]
