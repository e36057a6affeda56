"""The authorisation matrix: for every URL pattern and API operation, the status that an
anonymous visitor, a staff user (editor) and a superuser get. Data only: add a row for every
new route (tests/web/test_authz_matrix.py fails for a route without one).

Each row: (route pattern as django.urls prints it, method, sample URL, (anonymous, staff, superuser)).
Admin model routes are generated for every model registered with the admin, with the same
expectations (the admin guards them uniformly); `ADMIN_MODEL_EXCEPTIONS` overrides some.
"""

from __future__ import annotations

ANON, STAFF, SUPER = 0, 1, 2

ROUTES: list[tuple[str, str, str, tuple[int, int, int]]] = [
    # public pages
    ("", "GET", "/", (200, 200, 200)),
    ("search", "GET", "/search?q=%E8%A3%9C%E5%8A%A9", (200, 200, 200)),
    ("measures/", "GET", "/measures/", (200, 200, 200)),
    ("measures/<str:measure_id>/", "GET", "/measures/no-such-measure/", (404, 404, 404)),
    ("measures/<str:measure_id>/", "GET", "/measures/{draft}/", (404, 404, 404)),  # pages never show drafts
    ("check/", "GET", "/check/", (200, 200, 200)),
    ("check/", "POST", "/check/", (200, 200, 200)),
    # the JSON API
    ("api/openapi.json", "GET", "/api/openapi.json", (200, 200, 200)),
    ("api/search", "GET", "/api/search?q=%E8%A3%9C%E5%8A%A9", (200, 200, 200)),
    ("api/ask", "GET", "/api/ask?q=%E8%A3%9C%E5%8A%A9", (200, 200, 200)),
    ("api/measures", "GET", "/api/measures", (200, 200, 200)),
    ("api/measures", "GET", "/api/measures?status=draft", (403, 200, 200)),
    ("api/measures/<measure_id>", "GET", "/api/measures/{draft}", (404, 200, 200)),
    ("api/measures/<measure_id>", "GET", "/api/measures/{published}", (200, 200, 200)),
    ("api/match", "POST", "/api/match", (200, 200, 200)),
    ("api/", "GET", "/api/", (404, 404, 404)),
    ("^api/(?P<rest>.*)$", "GET", "/api/nothing-here", (404, 404, 404)),
    # documents, reports
    ("documents/<str:stem>/", "GET", "/documents/no-such-document/", (404, 404, 404)),
    ("reports/", "GET", "/reports/?year=112", (302, 403, 200)),
    ("^reports/export\\.(?P<fmt>csv|xlsx)$", "GET", "/reports/export.xlsx?year=112", (302, 403, 200)),
    ("api/reports/kpi", "GET", "/api/reports/kpi?year=112", (401, 403, 200)),
    # sign-in; the service desk (staff: a signed-in user without a desk role)
    ("accounts/login/", "GET", "/accounts/login/", (200, 302, 302)),  # signed in: on to the desk
    ("accounts/logout/", "POST", "/accounts/logout/", (302, 302, 302)),
    ("desk/", "GET", "/desk/", (302, 403, 200)),
    ("desk/cases/", "GET", "/desk/cases/", (302, 403, 200)),
    ("desk/cases/<str:case_no>/", "GET", "/desk/cases/115-999999/", (302, 403, 404)),
    ("desk/cases/<str:case_no>/assign", "POST", "/desk/cases/115-999999/assign", (302, 403, 404)),
    ("desk/cases/<str:case_no>/log", "POST", "/desk/cases/115-999999/log", (302, 403, 404)),
    ("desk/cases/<str:case_no>/measures", "POST", "/desk/cases/115-999999/measures", (302, 403, 404)),
    ("desk/cases/<str:case_no>/merge", "POST", "/desk/cases/115-999999/merge", (302, 403, 404)),
    ("desk/cases/<str:case_no>/status", "POST", "/desk/cases/115-999999/status", (302, 403, 404)),
    ("desk/cases/<str:case_no>/casework/", "GET", "/desk/cases/115-999999/casework/", (302, 403, 404)),
    ("desk/enterprises/<str:ubn>/", "GET", "/desk/enterprises/04595257/", (302, 403, 404)),
    ("desk/followups/", "GET", "/desk/followups/", (302, 403, 200)),
    ("desk/intake/", "GET", "/desk/intake/", (302, 403, 200)),
    ("desk/intake/lookup", "GET", "/desk/intake/lookup?ubn=04595257", (302, 403, 200)),
    # campaigns: scoped like cases (no role: an empty list, and 404 as for none)
    ("desk/campaigns/", "GET", "/desk/campaigns/", (302, 200, 200)),
    ("desk/campaigns/<int:campaign_id>/", "GET", "/desk/campaigns/999999/", (302, 404, 404)),
    ("desk/campaigns/<int:campaign_id>/calls/", "GET", "/desk/campaigns/999999/calls/", (302, 404, 404)),
    ("inquiry/", "GET", "/inquiry/", (200, 200, 200)),
    ("inquiry/sent/", "GET", "/inquiry/sent/", (302, 302, 302)),
    ("status/", "GET", "/status/", (200, 200, 200)),
    ("api/cases", "GET", "/api/cases", (401, 403, 200)),
    ("api/cases", "POST", "/api/cases", (401, 403, 400)),
    ("api/cases/<case_no>", "GET", "/api/cases/115-999999", (401, 403, 404)),
    ("api/cases/<case_no>", "PATCH", "/api/cases/115-999999", (401, 403, 404)),
    ("api/cases/<case_no>/activities", "POST", "/api/cases/115-999999/activities", (401, 403, 404)),
    ("api/cases/<case_no>/measures", "POST", "/api/cases/115-999999/measures", (401, 403, 404)),
    ("api/cases/<case_no>/triage", "GET", "/api/cases/115-999999/triage", (401, 403, 404)),
    ("api/intake/lookup", "GET", "/api/intake/lookup?ubn=04595257", (401, 403, 200)),
    # events: public pages and API, staff pages
    ("events/", "GET", "/events/", (200, 200, 200)),
    ("events/<slug:event_id>/", "GET", "/events/no-such-event/", (404, 404, 404)),
    ("events/<slug:event_id>/cancel/<str:token>/", "GET", "/events/no-such-event/cancel/x/", (404, 404, 404)),
    ("api/events", "GET", "/api/events", (200, 200, 200)),
    ("api/events/<event_id>", "GET", "/api/events/no-such-event", (404, 404, 404)),
    ("api/events/<event_id>/registrations", "POST", "/api/events/no-such-event/registrations", (400, 400, 400)),  # not JSON
    ("staff/events/", "GET", "/staff/events/", (302, 403, 200)),
    ("staff/events/<slug:event_id>/", "GET", "/staff/events/no-such-event/", (302, 403, 404)),
    ("staff/events/<slug:event_id>/check-in/", "GET", "/staff/events/no-such-event/check-in/", (302, 403, 404)),
    ("staff/events/<slug:event_id>/registrations.csv", "GET", "/staff/events/no-such-event/registrations.csv", (302, 403, 404)),
    ("staff/events/<slug:event_id>/registrations.xlsx", "GET", "/staff/events/no-such-event/registrations.xlsx", (302, 403, 404)),
    ("staff/events/<slug:event_id>/registrations/<int:registration_id>/attend/", "POST", "/staff/events/no-such-event/registrations/1/attend/", (302, 403, 404)),
    ("staff/events/<slug:event_id>/registrations/<int:registration_id>/cancel/", "POST", "/staff/events/no-such-event/registrations/1/cancel/", (302, 403, 404)),
    ("staff/events/<slug:event_id>/registrations/<int:registration_id>/case/", "POST", "/staff/events/no-such-event/registrations/1/case/", (302, 403, 404)),
    ("staff/events/<slug:event_id>/sign-in/", "GET", "/staff/events/no-such-event/sign-in/", (302, 403, 404)),
    # the admin (site pages; model pages below)
    ("admin/", "GET", "/admin/", (302, 200, 200)),
    ("admin/login/", "GET", "/admin/login/", (200, 302, 302)),
    ("admin/logout/", "POST", "/admin/logout/", (302, 302, 302)),  # to LOGOUT_REDIRECT_URL
    ("admin/password_change/", "GET", "/admin/password_change/", (302, 200, 200)),
    ("admin/password_change/done/", "GET", "/admin/password_change/done/", (302, 200, 200)),
    ("admin/autocomplete/", "GET", "/admin/autocomplete/", (302, 403, 403)),
    ("admin/jsi18n/", "GET", "/admin/jsi18n/", (302, 200, 200)),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "GET", "/admin/r/0/0/", (302, 404, 404)),
    ("admin/^(?P<app_label>auth|axes|audit|catalogue|django_tasks_database)/$", "GET", "/admin/catalogue/", (302, 404, 200)),
    ("admin/(?P<url>.*)$", "GET", "/admin/nothing-here/", (302, 404, 404)),
    ("admin/auth/user/<id>/password/", "GET", "/admin/auth/user/{superuser_id}/password/", (302, 403, 200)),
]

# Every model page of the admin: anonymous → the login page, staff without permissions → 403,
# superuser → the page (302 back to the index for an object that does not exist; the history of
# a missing object redirects staff too, before any permission check).
ADMIN_MODEL_ROUTES: list[tuple[str, str, str, tuple[int, int, int]]] = [
    ("", "GET", "", (302, 403, 200)),
    ("add/", "GET", "add/", (302, 403, 200)),
    ("<path:object_id>/history/", "GET", "0/history/", (302, 302, 302)),
    ("<path:object_id>/delete/", "GET", "0/delete/", (302, 403, 302)),
    ("<path:object_id>/change/", "GET", "0/change/", (302, 403, 302)),
    ("<path:object_id>/", "GET", "0/", (302, 302, 302)),
]
# Read-only audit trails and measures (made from documents): nobody adds them in the admin.
ADMIN_MODEL_EXCEPTIONS: dict[tuple[str, str], tuple[int, int, int]] = {
    ("catalogue/measure", "add/"): (302, 403, 403),
    ("audit/auditentry", "add/"): (302, 403, 403),
    ("audit/auditentry", "<path:object_id>/delete/"): (302, 403, 403),
    ("axes/accessattempt", "add/"): (302, 403, 403),
    ("axes/accesslog", "add/"): (302, 403, 403),
    ("axes/accessfailurelog", "add/"): (302, 403, 403),
    ("django_tasks_database/dbtaskresult", "add/"): (302, 403, 403),  # tasks come from the worker
    ("django_tasks_database/dbtaskresult", "<path:object_id>/delete/"): (302, 403, 403),
}


def admin_model_rows(model_paths: list[str]) -> list[tuple[str, str, str, tuple[int, int, int]]]:
    """The rows of the admin pages of each model (`app_label/model_name`)."""
    rows = []
    for model in model_paths:
        for suffix, method, sample, expected in ADMIN_MODEL_ROUTES:
            expected = ADMIN_MODEL_EXCEPTIONS.get((model, suffix), expected)
            rows.append((f"admin/{model}/{suffix}", method, f"/admin/{model}/{sample}", expected))
    return rows
