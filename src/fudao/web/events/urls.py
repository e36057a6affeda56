"""Addresses of the events pages (namespace `events`)."""

from django.urls import path

from fudao.web.events import public, staff

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/<slug:event_id>/", public.event_detail, name="detail"),
    path("events/<slug:event_id>/book/", public.book_slot, name="book"),
    path("events/<slug:event_id>/cancel/<str:token>/", public.cancel_link, name="cancel"),
    path("staff/events/", staff.event_list, name="staff_list"),
    path("staff/events/<slug:event_id>/", staff.registrations, name="staff_registrations"),
    path("staff/events/<slug:event_id>/registrations.csv", staff.export_csv, name="export_csv"),
    path("staff/events/<slug:event_id>/registrations.xlsx", staff.export_xlsx, name="export_xlsx"),
    path("staff/events/<slug:event_id>/sign-in/", staff.sign_in_sheet, name="sign_in"),
    path("staff/events/<slug:event_id>/check-in/", staff.check_in, name="check_in"),
    path("staff/events/<slug:event_id>/registrations/<int:registration_id>/attend/", staff.attend,
         name="attend"),
    path("staff/events/<slug:event_id>/registrations/<int:registration_id>/cancel/", staff.cancel,
         name="staff_cancel"),
    path("staff/events/<slug:event_id>/registrations/<int:registration_id>/case/", staff.to_case,
         name="to_case"),
]
