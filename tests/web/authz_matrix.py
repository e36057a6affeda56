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
    # the admin (site pages; model pages below)
    ("admin/", "GET", "/admin/", (302, 200, 200)),
    ("admin/login/", "GET", "/admin/login/", (200, 302, 302)),
    ("admin/logout/", "POST", "/admin/logout/", (302, 200, 200)),
    ("admin/password_change/", "GET", "/admin/password_change/", (302, 200, 200)),
    ("admin/password_change/done/", "GET", "/admin/password_change/done/", (302, 200, 200)),
    ("admin/autocomplete/", "GET", "/admin/autocomplete/", (302, 403, 403)),
    ("admin/jsi18n/", "GET", "/admin/jsi18n/", (302, 200, 200)),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "GET", "/admin/r/0/0/", (302, 404, 404)),
    ("admin/^(?P<app_label>auth|axes|audit|catalogue)/$", "GET", "/admin/catalogue/", (302, 404, 200)),
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
}


def admin_model_rows(model_paths: list[str]) -> list[tuple[str, str, str, tuple[int, int, int]]]:
    """The rows of the admin pages of each model (`app_label/model_name`)."""
    rows = []
    for model in model_paths:
        for suffix, method, sample, expected in ADMIN_MODEL_ROUTES:
            expected = ADMIN_MODEL_EXCEPTIONS.get((model, suffix), expected)
            rows.append((f"admin/{model}/{suffix}", method, f"/admin/{model}/{sample}", expected))
    return rows
