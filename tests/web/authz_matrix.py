"""The authorisation matrix: for every URL pattern and API operation, the status each principal
gets. Data only: add a row for every new route (tests/web/test_authz_matrix.py fails for a route
without one).

The principals (columns of `Expect`): an anonymous visitor; a staff user without a desk role; a
Django superuser without a desk role; and one user of each desk role (DESIGN "People, roles,
teams"): a consultant and a supervisor of team north, an analyst, an editor, an admin.

A row: the route pattern as django.urls prints it, the method, a sample URL and the eight
statuses, optionally a body (a dict: JSON for /api/, a form otherwise). Sample URLs name the
objects the test makes: `{north}` a case of team north assigned to the north consultant,
`{south}` a case of team south, `{north_ubn}`/`{south_ubn}` their enterprises, `{mine}` a campaign
the north consultant calls for and `{others}` one they do not, `{event}` an event with one
registration `{registration}`; `115-999999`, `04595257`, `999999` and `no-such-event` exist not.
Case routes answer 404 for a case the user may not see, exactly as for one that does not exist.

Admin model routes are generated for every model registered with the admin, with the same
expectations (the admin guards them uniformly); `ADMIN_MODEL_EXCEPTIONS` overrides some.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Expect(NamedTuple):
    """The status each principal gets."""

    anonymous: int
    staff: int  # is_staff, no desk role, no admin permissions
    superuser: int  # a Django superuser without a desk role (acts as admin)
    consultant: int  # team north
    supervisor: int  # team north
    analyst: int
    editor: int
    admin: int


PRINCIPALS = Expect._fields


class Row(NamedTuple):
    route: str
    method: str
    url: str
    expect: Expect
    body: dict[str, Any] | None = None


def row(route: str, method: str, url: str, *statuses: int, body: dict[str, Any] | None = None) -> Row:
    """A row; `statuses` in the order of `Expect` (anonymous … admin)."""
    return Row(route, method, url, Expect(*statuses), body)


def everyone(status: int) -> tuple[int, ...]:
    """The same status for every principal."""
    return (status,) * len(PRINCIPALS)


CASE_CHANGE = {"status": "triaged"}
VISIT_DONE = {"text": "完成訪視"}
NOTE = {"type": "note", "text": "授權矩陣測試"}
ATTACH = {"measure_id": "{published}"}
FOLLOW_UP = {"form": "follow_up", "due": "2031-01-06", "text": "回電確認"}
SUBSCRIBE = {"email": "owner@example.tw", "consent": "1"}

ROUTES: list[Row] = [
    # route, method, sample URL                            anon staff super cons  sup  ana  edi  adm
    # public pages
    row("", "GET", "/", *everyone(200)),
    row("search", "GET", "/search?q=%E8%A3%9C%E5%8A%A9", *everyone(200)),
    row("measures/", "GET", "/measures/", *everyone(200)),
    row("measures/<str:measure_id>/", "GET", "/measures/no-such-measure/", *everyone(404)),
    row("measures/<str:measure_id>/", "GET", "/measures/{draft}/", *everyone(404)),  # pages never show drafts
    row("check/", "GET", "/check/", *everyone(200)),
    row("check/", "POST", "/check/", *everyone(200)),
    # health checks (public; /readyz after /search above loaded the index), metrics for staff tokens only
    row("healthz", "GET", "/healthz", *everyone(200)),
    row("readyz", "GET", "/readyz", *everyone(200)),
    row("metrics", "GET", "/metrics", *everyone(401)),  # a session is not a token
    # the JSON API of wave 1 (unpublished measures: editors, i.e. staff users)
    row("api/openapi.json", "GET", "/api/openapi.json", *everyone(200)),
    row("api/search", "GET", "/api/search?q=%E8%A3%9C%E5%8A%A9", *everyone(200)),
    row("api/ask", "GET", "/api/ask?q=%E8%A3%9C%E5%8A%A9", *everyone(200)),
    row("api/measures", "GET", "/api/measures", *everyone(200)),
    row("api/measures", "GET", "/api/measures?status=draft",  403, 200, 200,  403, 403, 403, 200, 200),
    row("api/measures/<measure_id>", "GET", "/api/measures/{draft}",  404, 200, 200,  404, 404, 404, 200, 200),
    row("api/measures/<measure_id>", "GET", "/api/measures/{published}", *everyone(200)),
    row("api/match", "POST", "/api/match", *everyone(200)),
    row("api/", "GET", "/api/", *everyone(404)),
    row("^api/(?P<rest>.*)$", "GET", "/api/nothing-here", *everyone(404)),
    # documents, reports (analysts and admins every team's; a supervisor their team's)
    row("documents/<str:stem>/", "GET", "/documents/no-such-document/", *everyone(404)),
    row("reports/", "GET", "/reports/?year=112",  302, 403, 200,  403, 200, 200, 403, 200),
    row("^reports/export\\.(?P<fmt>csv|xlsx)$", "GET", "/reports/export.xlsx?year=112",
        302, 403, 200,  403, 200, 200, 403, 200),
    row("api/reports/kpi", "GET", "/api/reports/kpi?year=112",  401, 403, 200,  403, 200, 200, 403, 200),
    # sign-in; the service desk. A staff user without a desk role and an editor (the catalogue's
    # role, no casework) are refused at the door of every staff page by the one gate
    # (fudao.web.staff): a 403 page that says why. Case actions are posted with
    # an empty form: back to the case page (302) with the form's error, or with the analyst's
    # refusal (the API below answers the analyst 403).
    row("accounts/login/", "GET", "/accounts/login/",  200, 302, 302,  302, 302, 302, 302, 302),  # on to the desk
    row("accounts/logout/", "POST", "/accounts/logout/", *everyone(302)),
    row("desk/", "GET", "/desk/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/cases/", "GET", "/desk/cases/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/cases/<str:case_no>/", "GET", "/desk/cases/115-999999/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/", "GET", "/desk/cases/{north}/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/cases/<str:case_no>/", "GET", "/desk/cases/{south}/",  302, 403, 200,  404, 404, 200, 403, 200),
    row("desk/cases/<str:case_no>/assign", "POST", "/desk/cases/115-999999/assign",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/assign", "POST", "/desk/cases/{north}/assign",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/assign", "POST", "/desk/cases/{south}/assign",  302, 403, 302,  404, 404, 302, 403, 302),
    row("desk/cases/<str:case_no>/log", "POST", "/desk/cases/115-999999/log",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/log", "POST", "/desk/cases/{north}/log",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/log", "POST", "/desk/cases/{south}/log",  302, 403, 302,  404, 404, 302, 403, 302),
    row("desk/cases/<str:case_no>/measures", "POST", "/desk/cases/115-999999/measures",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/measures", "POST", "/desk/cases/{north}/measures",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/measures", "POST", "/desk/cases/{south}/measures",  302, 403, 302,  404, 404, 302, 403, 302),
    # issue 29: files and messages (an empty form comes back as a message on the case page)
    row("desk/cases/<str:case_no>/attachments", "POST", "/desk/cases/{north}/attachments",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/attachments", "POST", "/desk/cases/{south}/attachments",  302, 403, 302,  404, 404, 302, 403, 302),
    row("desk/cases/<str:case_no>/attachments/<int:attachment_id>", "GET", "/desk/cases/{north}/attachments/999999",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/referrals/<int:referral_id>/letter", "GET", "/desk/cases/{north}/referrals/999999/letter",  302, 403, 404,  404, 404, 403, 403, 404),
    row("desk/cases/<str:case_no>/referrals/<int:referral_id>/letter", "GET", "/desk/cases/{south}/referrals/999999/letter",  302, 403, 404,  404, 404, 403, 403, 404),
    row("desk/cases/<str:case_no>/message", "POST", "/desk/cases/{north}/message",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/message", "POST", "/desk/cases/{south}/message",  302, 403, 302,  404, 404, 302, 403, 302),
    row("reply/<str:token>", "GET", "/reply/not-a-token", *everyone(404)),
    row("reply/<str:token>", "POST", "/reply/not-a-token", *everyone(404), body={"text": "x"}),
    row("desk/cases/<str:case_no>/merge", "POST", "/desk/cases/115-999999/merge",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/merge", "POST", "/desk/cases/{north}/merge",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/merge", "POST", "/desk/cases/{south}/merge",  302, 403, 302,  404, 404, 302, 403, 302),
    row("desk/cases/<str:case_no>/status", "POST", "/desk/cases/115-999999/status",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/status", "POST", "/desk/cases/{north}/status",  302, 403, 302,  302, 302, 302, 403, 302),
    row("desk/cases/<str:case_no>/status", "POST", "/desk/cases/{south}/status",  302, 403, 302,  404, 404, 302, 403, 302),
    row("desk/cases/<str:case_no>/casework/", "GET", "/desk/cases/115-999999/casework/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/cases/<str:case_no>/casework/", "GET", "/desk/cases/{north}/casework/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/cases/<str:case_no>/casework/", "GET", "/desk/cases/{south}/casework/",  302, 403, 200,  404, 404, 200, 403, 200),
    # a casework form (a follow-up): done (back to the page), refused to the analyst (400), 404 unseen
    row("desk/cases/<str:case_no>/casework/", "POST", "/desk/cases/115-999999/casework/",  302, 403, 404,  404, 404, 404, 403, 404, body=FOLLOW_UP),
    row("desk/cases/<str:case_no>/casework/", "POST", "/desk/cases/{north}/casework/",  302, 403, 302,  302, 302, 400, 403, 302, body=FOLLOW_UP),
    row("desk/cases/<str:case_no>/casework/", "POST", "/desk/cases/{south}/casework/",  302, 403, 302,  404, 404, 400, 403, 302, body=FOLLOW_UP),
    row("desk/enterprises/<str:ubn>/", "GET", "/desk/enterprises/04595257/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/enterprises/<str:ubn>/", "GET", "/desk/enterprises/{north_ubn}/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/enterprises/<str:ubn>/", "GET", "/desk/enterprises/{south_ubn}/",  302, 403, 200,  404, 404, 200, 403, 200),
    # subscribing an enterprise to alerts: done (back to its page), 403 to who sees it but may not act
    row("desk/enterprises/<str:ubn>/alerts", "POST", "/desk/enterprises/04595257/alerts",  302, 403, 404,  404, 404, 404, 403, 404,
        body=SUBSCRIBE),
    row("desk/enterprises/<str:ubn>/alerts", "POST", "/desk/enterprises/{north_ubn}/alerts",  302, 403, 302,  302, 302, 403, 403, 302,
        body=SUBSCRIBE),
    row("desk/enterprises/<str:ubn>/alerts", "POST", "/desk/enterprises/{south_ubn}/alerts",  302, 403, 302,  404, 404, 403, 403, 302,
        body=SUBSCRIBE),
    row("desk/followups/", "GET", "/desk/followups/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/new-matches/", "GET", "/desk/new-matches/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/new-matches/", "POST", "/desk/new-matches/",  302, 403, 302,  302, 302, 302, 403, 302,
        body={"action": "seen"}),
    row("desk/new-matches/", "POST", "/desk/new-matches/",  302, 403, 400,  403, 400, 403, 403, 400,
        body={"action": "campaign"}),
    row("desk/intake/", "GET", "/desk/intake/",  302, 403, 200,  200, 200, 302, 403, 200),
    row("desk/intake/lookup", "GET", "/desk/intake/lookup?ubn=04595257",  302, 403, 200,  200, 200, 403, 403, 200),
    # campaigns: a consultant sees the ones they call for; 404 as for none
    row("desk/campaigns/", "GET", "/desk/campaigns/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/experts/", "GET", "/desk/experts/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/experts/<str:code>/", "GET", "/desk/experts/no-such-expert/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/campaigns/<int:campaign_id>/", "GET", "/desk/campaigns/999999/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/campaigns/<int:campaign_id>/", "GET", "/desk/campaigns/{mine}/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/campaigns/<int:campaign_id>/", "GET", "/desk/campaigns/{others}/",  302, 403, 200,  404, 200, 200, 403, 200),
    row("desk/campaigns/<int:campaign_id>/calls/", "GET", "/desk/campaigns/999999/calls/",  302, 403, 404,  404, 404, 404, 403, 404),
    row("desk/campaigns/<int:campaign_id>/calls/", "GET", "/desk/campaigns/{mine}/calls/",  302, 403, 200,  200, 200, 200, 403, 200),
    row("desk/campaigns/<int:campaign_id>/calls/", "GET", "/desk/campaigns/{others}/calls/",  302, 403, 200,  404, 200, 200, 403, 200),
    # the public inquiry and status lookup
    row("inquiry/", "GET", "/inquiry/", *everyone(200)),
    row("inquiry/sent/", "GET", "/inquiry/sent/", *everyone(302)),
    row("status/", "GET", "/status/", *everyone(200)),
    row("status/", "POST", "/status/", *everyone(200), body={"case_no": "{north}", "last4": "6789"}),
    row("status/", "POST", "/status/", *everyone(404), body={"case_no": "{north}", "last4": "0000"}),  # as for none
    row("inquiry/", "POST", "/inquiry/", *everyone(400)),  # an empty form: the errors
    row("inquiry/from-check/", "POST", "/inquiry/from-check/", *everyone(200)),  # no answers: the blank form
    # the cases API (analysts read, never write; 404 for a case the user may not see)
    row("api/cases", "GET", "/api/cases",  401, 403, 200,  200, 200, 200, 200, 200),
    row("api/cases", "POST", "/api/cases",  401, 403, 400,  400, 400, 403, 403, 400),  # a form, not JSON
    row("api/cases/<case_no>", "GET", "/api/cases/115-999999",  401, 403, 404,  404, 404, 404, 404, 404),
    row("api/cases/<case_no>", "GET", "/api/cases/{north}",  401, 403, 200,  200, 200, 200, 404, 200),
    row("api/cases/<case_no>", "GET", "/api/cases/{south}",  401, 403, 200,  404, 404, 200, 404, 200),
    row("api/cases/<case_no>", "PATCH", "/api/cases/115-999999",  401, 403, 404,  404, 404, 404, 404, 404, body=CASE_CHANGE),
    row("api/cases/<case_no>", "PATCH", "/api/cases/{north}",  401, 403, 200,  200, 200, 403, 404, 200, body=CASE_CHANGE),
    row("api/cases/<case_no>", "PATCH", "/api/cases/{south}",  401, 403, 200,  404, 404, 403, 404, 200, body=CASE_CHANGE),
    row("api/cases/<case_no>/activities", "POST", "/api/cases/115-999999/activities",  401, 403, 404,  404, 404, 404, 404, 404, body=NOTE),
    row("api/cases/<case_no>/activities", "POST", "/api/cases/{north}/activities",  401, 403, 201,  201, 201, 403, 404, 201, body=NOTE),
    row("api/cases/<case_no>/activities", "POST", "/api/cases/{south}/activities",  401, 403, 201,  404, 404, 403, 404, 201, body=NOTE),
    row("api/cases/<case_no>/visits/<visit_id>/done", "POST", "/api/cases/115-999999/visits/999999/done",  401, 403, 404,  404, 404, 404, 404, 404, body=VISIT_DONE),
    row("api/cases/<case_no>/visits/<visit_id>/done", "POST", "/api/cases/{north}/visits/999999/done",  401, 403, 400,  400, 400, 403, 404, 400, body=VISIT_DONE),
    row("api/cases/<case_no>/visits/<visit_id>/done", "POST", "/api/cases/{south}/visits/999999/done",  401, 403, 400,  404, 404, 403, 404, 400, body=VISIT_DONE),
    row("api/cases/<case_no>/referrals/<referral_id>", "POST", "/api/cases/115-999999/referrals/999999",  401, 403, 404,  404, 404, 404, 404, 404, body={"outcome": "done"}),
    row("api/cases/<case_no>/referrals/<referral_id>", "POST", "/api/cases/{north}/referrals/999999",  401, 403, 400,  400, 400, 403, 404, 400, body={"outcome": "done"}),
    row("api/cases/<case_no>/referrals/<referral_id>", "POST", "/api/cases/{south}/referrals/999999",  401, 403, 400,  404, 404, 403, 404, 400, body={"outcome": "done"}),
    row("api/cases/<case_no>/measures", "POST", "/api/cases/115-999999/measures",  401, 403, 404,  404, 404, 404, 404, 404, body=ATTACH),
    row("api/cases/<case_no>/measures", "POST", "/api/cases/{north}/measures",  401, 403, 201,  201, 201, 403, 404, 201, body=ATTACH),
    row("api/cases/<case_no>/measures", "POST", "/api/cases/{south}/measures",  401, 403, 201,  404, 404, 403, 404, 201, body=ATTACH),
    # issue 29: a JSON body holds no file (400 for who may add one)
    row("api/cases/<case_no>/attachments", "POST", "/api/cases/{north}/attachments",  401, 403, 400,  400, 400, 403, 404, 400, body={}),
    row("api/cases/<case_no>/attachments", "POST", "/api/cases/{south}/attachments",  401, 403, 400,  404, 404, 403, 404, 400, body={}),
    row("api/cases/<case_no>/attachments", "GET", "/api/cases/{north}/attachments",  401, 403, 200,  200, 200, 200, 404, 200),
    row("api/cases/<case_no>/attachments", "GET", "/api/cases/{south}/attachments",  401, 403, 200,  404, 404, 200, 404, 200),
    row("api/cases/<case_no>/attachments/<attachment_id>", "GET", "/api/cases/{north}/attachments/999999",  401, 403, 404,  404, 404, 404, 404, 404),
    row("api/cases/<case_no>/messages", "POST", "/api/cases/{north}/messages",  401, 403, 400,  400, 400, 403, 404, 400, body={"kind": "nothing", "text": "x"}),
    row("api/cases/<case_no>/messages", "POST", "/api/cases/{south}/messages",  401, 403, 400,  404, 404, 403, 404, 400, body={"kind": "nothing", "text": "x"}),
    row("api/cases/<case_no>/triage", "GET", "/api/cases/115-999999/triage",  401, 403, 404,  404, 404, 404, 404, 404),
    row("api/cases/<case_no>/triage", "GET", "/api/cases/{north}/triage",  401, 403, 200,  200, 200, 200, 404, 200),
    row("api/cases/<case_no>/triage", "GET", "/api/cases/{south}/triage",  401, 403, 200,  404, 404, 200, 404, 200),
    row("api/intake/lookup", "GET", "/api/intake/lookup?ubn=04595257",  401, 403, 200,  200, 200, 403, 403, 200),
    # events: public pages and API; the staff pages for consultants, supervisors and admins
    row("events/", "GET", "/events/", *everyone(200)),
    row("events/<slug:event_id>/", "GET", "/events/no-such-event/", *everyone(404)),
    row("events/<slug:event_id>/", "GET", "/events/{event}/", *everyone(200)),
    row("events/<slug:event_id>/cancel/<str:token>/", "GET", "/events/no-such-event/cancel/x/", *everyone(404)),
    row("events/<slug:event_id>/cancel/<str:token>/", "GET", "/events/{event}/cancel/x/", *everyone(404)),
    row("api/events", "GET", "/api/events", *everyone(200)),
    row("api/events/<event_id>", "GET", "/api/events/no-such-event", *everyone(404)),
    row("api/events/<event_id>", "GET", "/api/events/{event}", *everyone(200)),
    row("api/events/<event_id>/registrations", "POST", "/api/events/no-such-event/registrations", *everyone(400)),  # not JSON
    row("api/events/<event_id>/registrations", "POST", "/api/events/{event}/registrations", *everyone(400)),
    row("events/<slug:event_id>/book/", "POST", "/events/no-such-event/book/", *everyone(404)),
    row("events/<slug:event_id>/book/", "POST", "/events/{event}/book/", *everyone(404)),  # not a consultation day
    row("events/<slug:event_id>/book/", "GET", "/events/{event}/book/", *everyone(405)),
    row("api/events/<event_id>/slots/<slot_id>/bookings", "POST", "/api/events/no-such-event/slots/1/bookings", *everyone(404)),
    row("api/events/<event_id>/slots/<slot_id>/bookings", "POST", "/api/events/{event}/slots/1/bookings", *everyone(404)),
    # alerts: public pages and API (a bad token or body: 400 for everyone, the message says why)
    row("alerts/subscribe/", "POST", "/alerts/subscribe/", *everyone(400)),
    row("alerts/confirm/<str:token>", "GET", "/alerts/confirm/x", *everyone(400)),
    row("alerts/unsubscribe/<str:token>", "GET", "/alerts/unsubscribe/x", *everyone(400)),
    row("alerts/mine/<str:token>", "GET", "/alerts/mine/x", *everyone(400)),
    row("api/alerts/subscriptions", "POST", "/api/alerts/subscriptions", *everyone(400)),
    row("api/alerts/subscriptions", "GET", "/api/alerts/subscriptions",  401, 403, 200,  200, 200, 200, 403, 200),
    row("staff/events/", "GET", "/staff/events/",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/", "GET", "/staff/events/no-such-event/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/", "GET", "/staff/events/{event}/",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/check-in/", "GET", "/staff/events/no-such-event/check-in/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/check-in/", "GET", "/staff/events/{event}/check-in/",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/registrations.csv", "GET", "/staff/events/no-such-event/registrations.csv",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/registrations.csv", "GET", "/staff/events/{event}/registrations.csv",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/registrations.xlsx", "GET", "/staff/events/no-such-event/registrations.xlsx",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/registrations.xlsx", "GET", "/staff/events/{event}/registrations.xlsx",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/sign-in/", "GET", "/staff/events/no-such-event/sign-in/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/sign-in/", "GET", "/staff/events/{event}/sign-in/",  302, 403, 200,  200, 200, 403, 403, 200),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/attend/", "POST", "/staff/events/no-such-event/registrations/1/attend/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/attend/", "POST", "/staff/events/{event}/registrations/{registration}/attend/",  302, 403, 302,  302, 302, 403, 403, 302),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/cancel/", "POST", "/staff/events/no-such-event/registrations/1/cancel/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/cancel/", "POST", "/staff/events/{event}/registrations/{registration}/cancel/",  302, 403, 302,  302, 302, 403, 403, 302),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/case/", "POST", "/staff/events/no-such-event/registrations/1/case/",  302, 403, 404,  404, 404, 403, 403, 404),
    row("staff/events/<slug:event_id>/registrations/<int:registration_id>/case/", "POST", "/staff/events/{event}/registrations/{registration}/case/",  302, 403, 302,  302, 302, 403, 403, 302),
    # the admin (site pages; model pages below): desk users without is_staff get its login page
    row("admin/", "GET", "/admin/",  302, 200, 200,  302, 302, 302, 200, 200),
    row("admin/login/", "GET", "/admin/login/",  200, 302, 302,  200, 200, 200, 302, 302),
    row("admin/logout/", "POST", "/admin/logout/", *everyone(302)),  # to LOGOUT_REDIRECT_URL
    row("admin/password_change/", "GET", "/admin/password_change/",  302, 200, 200,  302, 302, 302, 200, 200),
    row("admin/password_change/done/", "GET", "/admin/password_change/done/",  302, 200, 200,  302, 302, 302, 200, 200),
    row("admin/autocomplete/", "GET", "/admin/autocomplete/",  302, 403, 403,  302, 302, 302, 403, 403),
    row("admin/jsi18n/", "GET", "/admin/jsi18n/",  302, 200, 200,  302, 302, 302, 200, 200),
    row("admin/r/<path:content_type_id>/<path:object_id>/", "GET", "/admin/r/0/0/",  302, 404, 404,  302, 302, 302, 404, 404),
    row("admin/^(?P<app_label>axes|audit|auth|catalogue|rules|accounts|cases|django_tasks_database)/$", "GET", "/admin/catalogue/",
        302, 404, 200,  302, 302, 302, 200, 200),
    row("admin/(?P<url>.*)$", "GET", "/admin/nothing-here/",  302, 404, 404,  302, 302, 302, 404, 404),
    row("admin/auth/user/<id>/password/", "GET", "/admin/auth/user/{superuser_id}/password/",
        302, 403, 200,  302, 302, 302, 403, 200),
]

# Every model page of the admin: anonymous → the login page, staff without permissions → 403,
# superuser → the page (302 back to the index for an object that does not exist; the history of
# a missing object redirects staff too, before any permission check). As (anonymous, staff,
# superuser): `admin_model_rows` gives the others theirs (see `admin_expect`).
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
    ("accounts/apitoken", "add/"): (302, 403, 403),  # tokens are issued from the CLI, shown once
    ("audit/auditentry", "add/"): (302, 403, 403),
    ("audit/auditentry", "<path:object_id>/delete/"): (302, 403, 403),
    ("axes/accessattempt", "add/"): (302, 403, 403),
    ("axes/accesslog", "add/"): (302, 403, 403),
    ("axes/accessfailurelog", "add/"): (302, 403, 403),
    ("django_tasks_database/dbtaskresult", "add/"): (302, 403, 403),  # tasks come from the worker
    ("django_tasks_database/dbtaskresult", "<path:object_id>/delete/"): (302, 403, 403),
    ("rules/ruleversion", "<path:object_id>/delete/"): (302, 403, 403),  # every version is kept
}
# The apps whose models an editor keeps in the admin (`add_user` grants the catalogue's permissions).
EDITOR_APPS = ("catalogue", "rules")


def admin_expect(model: str, anonymous: int, staff: int, superuser: int) -> Expect:
    """The admin's answer to each principal for one model page: consultants, supervisors and
    analysts are not staff (the login page, as for anonymous), an editor is staff with the
    catalogue's permissions, an admin is a superuser."""
    editor = superuser if model.split("/")[0] in EDITOR_APPS else staff
    return Expect(anonymous, staff, superuser, consultant=anonymous, supervisor=anonymous,
                  analyst=anonymous, editor=editor, admin=superuser)


def admin_model_rows(model_paths: list[str]) -> list[Row]:
    """The rows of the admin pages of each model (`app_label/model_name`)."""
    rows = []
    for model in model_paths:
        for suffix, method, sample, expected in ADMIN_MODEL_ROUTES:
            expected = ADMIN_MODEL_EXCEPTIONS.get((model, suffix), expected)
            rows.append(Row(f"admin/{model}/{suffix}", method, f"/admin/{model}/{sample}",
                            admin_expect(model, *expected)))
    return rows
