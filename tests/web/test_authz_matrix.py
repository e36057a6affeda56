"""Every URL pattern and API operation has a row in authz_matrix, and answers as it says for each
principal: anonymous, a staff user without a desk role, a superuser, and a user of each desk role,
over objects that do not exist and real ones (a north case, a south case, campaigns, an event)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from authz_matrix import PRINCIPALS, ROUTES, Row, admin_model_rows
from django.contrib import admin
from django.urls import URLResolver, get_resolver

PASSWORD = "Matrix-pass-2025!x"
# The desk users, by the principal they stand for (consultant and supervisor of team north).
DESK_USERS = {"consultant": ("cons_n", "consultant", "north"), "supervisor": ("sup_n", "supervisor", "north"),
              "analyst": ("ana", "analyst", None), "editor": ("edi", "editor", None),
              "admin": ("adm", "admin", None)}


def all_patterns() -> set[str]:
    """Every route of the URL map, as django.urls prints its pattern."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return set(walk(get_resolver().url_patterns))


def model_paths() -> list[str]:
    return sorted(f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry)


def matrix() -> list[Row]:
    return ROUTES + admin_model_rows(model_paths())


def test_every_route_has_a_row():
    covered = {row.route for row in matrix()}
    missing = sorted(all_patterns() - covered)
    assert not missing, f"routes without an entry in tests/web/authz_matrix.py: {missing}"
    stale = sorted(covered - all_patterns())
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    from fudao.web.api import api

    operations = {(method.upper(), path.lstrip("/").replace("{", "<").replace("}", ">"))
                  for path, ops in api.get_openapi_schema()["paths"].items() for method in ops}
    covered = {(row.method, row.route) for row in ROUTES}
    assert operations <= covered, sorted(operations - covered)


def test_every_row_names_every_principal():
    assert PRINCIPALS == ("anonymous", "staff", "superuser", "consultant", "supervisor", "analyst",
                          "editor", "admin")
    assert all(len(row.expect) == len(PRINCIPALS) for row in matrix())


def _objects() -> dict[str, object]:
    """The real objects the sample URLs name: two cases of two teams (and their enterprises),
    two campaigns, an event with one registration."""
    from django.utils import timezone

    from fudao.accounts.actors import LOCAL
    from fudao.accounts.services import add_team, add_user
    from fudao.cases.services import log_activity, open_case
    from fudao.enterprises.services import ContactInput
    from fudao.events.checks import EventInput, RegistrantInput
    from fudao.events.services import register, save_event
    from fudao.outreach.services import create_campaign
    from fudao.zhtext.ubn import synthetic_ubn

    add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    add_team(slug="south", name="南區服務中心", counties=["高雄市"])
    for username, role, team in DESK_USERS.values():
        add_user(username=username, role=role, password=PASSWORD, team=team)
    add_user(username="cons_s", role="consultant", password=PASSWORD, team="south")
    north_ubn, south_ubn = synthetic_ubn(7101), synthetic_ubn(7202)
    contact = ContactInput(name="王小明", phone="02-2345-6789", email="wang@example.com")
    north = open_case(channel="hotline", kind="financing", by=LOCAL, ubn=north_ubn, enterprise_name="北方公司",
                      contact=contact, summary="想申請貸款", team="north", assignee="cons_n")
    south = open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=south_ubn, enterprise_name="南方公司",
                      contact=contact, summary="想申請補助", team="south")
    for case in (north, south):  # due today: on the follow-ups page of whoever sees the case
        log_activity(case_no=case.case_no, type="follow_up", by=LOCAL,
                     data={"due": timezone.localdate().isoformat(), "text": "回電"})
    mine = create_campaign(name="北區外撥", measure_ids=["small-mfg-upgrade-grant"], by=LOCAL,
                           consultants=["cons_n"])
    others = create_campaign(name="南區外撥", measure_ids=["small-mfg-upgrade-grant"], by=LOCAL,
                             consultants=["cons_s"])
    starts = timezone.now() + dt.timedelta(days=7)
    event, _ = save_event(data=EventInput(
        event_id="matrix-event", kind="info_session", title="授權矩陣說明會", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), region="北區", venue="臺北市中正區", capacity=10), by=LOCAL)
    done = register(event_id=event.event_id, registrant=RegistrantInput(
        name="報名者", org="公司", phone="02-2345-0001", email="p1@example.tw", consent=True))
    assert north.case_no != south.case_no and north_ubn != "04595257" != south_ubn
    return {"north": north.case_no, "south": south.case_no, "north_ubn": north_ubn, "south_ubn": south_ubn,
            "mine": mine.pk, "others": others.pk, "event": event.event_id,
            "registration": done.registration.pk}


@pytest.fixture
def people(django_user_model, corpus_db, settings, monkeypatch):
    """One user per principal (None for anonymous) and the ids the sample URLs name."""
    from fudao.catalogue.models import Measure

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; not under test here
    for limit in ("FUDAO_STATUS_RATE_LIMIT", "FUDAO_INQUIRY_RATE_LIMIT"):  # every principal posts them
        monkeypatch.setenv(limit, "0")

    published = Measure.objects.filter(status="published").order_by("pk")
    draft, public = published[0], published[1]
    Measure.objects.filter(pk=draft.pk).update(status="draft")
    staff = django_user_model.objects.create_user("staffer", password="x", is_staff=True)
    boss = django_user_model.objects.create_superuser("chief", "c@example.gov.tw", "x")
    ids = {"draft": draft.pk, "published": public.pk, "superuser_id": boss.pk, **_objects()}
    users = {"anonymous": None, "staff": staff, "superuser": boss}
    users.update({principal: django_user_model.objects.get(username=username)
                  for principal, (username, _, _) in DESK_USERS.items()})
    return {"users": users, "ids": ids}


def _send(client, row: Row, ids: dict[str, object]):
    url = row.url.format(**ids)
    if row.body is not None:
        body = {k: v.format(**ids) if isinstance(v, str) else v for k, v in row.body.items()}
        if url.startswith("/api/"):
            return client.generic(row.method, url, data=json.dumps(body, ensure_ascii=False),
                                  content_type="application/json")
        return client.post(url, body)
    if row.method == "GET":
        return client.get(url)
    if row.route == "api/match":
        return client.post(url, data="{}", content_type="application/json")
    if row.method != "POST":
        return client.generic(row.method, url, data="{}", content_type="application/json")
    return client.post(url, {})


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_statuses_per_principal(client, people, principal):
    from fudao.web import cache

    user = people["users"][principal]
    if user is not None:
        client.force_login(user)
    wrong = []
    for row in matrix():
        cache.clear()
        response = _send(client, row, people["ids"])
        expected = getattr(row.expect, principal)
        if response.status_code != expected:
            wrong.append((row.method, row.url.format(**people["ids"]), f"expected {expected}",
                          f"got {response.status_code}"))
        if row.route in ("admin/logout/", "accounts/logout/") and user is not None:
            client.force_login(user)  # signed out by that row: sign in again
    assert not wrong, "\n".join(" ".join(w) for w in wrong)


CASES = ("north", "south")
SIGNED_IN = tuple(p for p in PRINCIPALS if p not in ("anonymous", "staff"))


def _shown(body: str, ids: dict[str, object], keys: tuple[str, ...]) -> set[str]:
    return {key for key in keys if str(ids[key]) in body}


@pytest.mark.parametrize("principal", SIGNED_IN)
def test_lists_show_only_what_the_pages_open(client, people, principal):
    """No list shows a case (or campaign) whose own page answers 404 to the same user, and the
    full lists show every one it opens."""
    client.force_login(people["users"][principal])
    ids = people["ids"]
    opens = {key for key in CASES if client.get(f"/desk/cases/{ids[key]}/").status_code == 200}
    assert {c["case_no"] for c in client.get("/api/cases").json()["cases"]} == {ids[k] for k in opens}
    assert _shown(client.get("/desk/cases/").content.decode(), ids, CASES) == opens
    assert _shown(client.get("/desk/followups/").content.decode(), ids, CASES) == opens
    for scope in ("mine", "team", "unassigned"):
        assert _shown(client.get(f"/desk/?scope={scope}").content.decode(), ids, CASES) <= opens
    names = {"mine": "北區外撥", "others": "南區外撥"}
    campaigns = client.get("/desk/campaigns/").content.decode()
    assert ({key for key, name in names.items() if name in campaigns}
            == {key for key in names if client.get(f"/desk/campaigns/{ids[key]}/").status_code == 200})
    expected = {"consultant": {"north"}, "supervisor": {"north"}, "editor": set()}
    assert opens == expected.get(principal, set(CASES))


CONTACT = ("王小明", "2345-6789", "wang@example.com")  # the cases' contact person (see _objects)


def test_the_analyst_never_sees_a_contact_person(client, people):
    """Analysts read every case with contact persons' names, phones and e-mails masked: no page
    or API answer they get shows one (the consultant's case page does, so the data is there)."""
    ids = people["ids"]
    client.force_login(people["users"]["consultant"])
    assert all(s in client.get(f"/desk/cases/{ids['north']}/").content.decode() for s in CONTACT)
    client.force_login(people["users"]["analyst"])
    opened = 0
    for row in ROUTES:
        url = row.url.format(**ids)
        if row.method != "GET" or row.expect.analyst != 200 or ".xlsx" in url:  # binary
            continue
        body = client.get(url).content.decode()
        opened += 1
        assert not [s for s in CONTACT if s in body], url
    assert opened > 20


# --- the write-route sweep (issue 30): a refused write leaves the store as it was ---------------

# The apps whose tables hold what users write; the sign-in and audit tables (sessions, last
# sign-in, lock-out attempts) change on any request and are left out.
STORE_APPS = ("cases", "enterprises", "events", "outreach", "alerts", "catalogue", "rules", "accounts")


def _store() -> dict[str, list[dict[str, object]]]:
    """Every row of every table the users' writes reach, by table, in primary-key order."""
    from django.apps import apps

    return {model._meta.db_table: list(model.objects.order_by("pk").values())
            for app in STORE_APPS for model in apps.get_app_config(app).get_models()}


def _changes(before: dict[str, list[dict[str, object]]], after: dict[str, list[dict[str, object]]]) -> list[str]:
    return [f"{table}: {len(before[table])} → {len(after[table])} rows" if len(before[table]) != len(after[table])
            else f"{table}: rows changed" for table in before if before[table] != after[table]]


WRITES = [row for row in ROUTES if row.method not in ("GET", "HEAD", "OPTIONS")]


@pytest.mark.store
@pytest.mark.parametrize("principal", PRINCIPALS)
def test_a_refused_write_writes_nothing(client, people, principal):
    """Every write route of the matrix, for every principal: an answer of 400–499 (a refusal, a
    bad value, a case not seen) leaves every table of the store exactly as it was."""
    from fudao.web import cache

    user = people["users"][principal]
    if user is not None:
        client.force_login(user)
    refused, wrong = 0, []
    for row in WRITES:
        cache.clear()
        before = _store()
        response = _send(client, row, people["ids"])
        if 400 <= response.status_code < 500:
            refused += 1
            changed = _changes(before, _store())
            if changed:
                wrong.append(f"{row.method} {row.url} → {response.status_code}: {'; '.join(changed)}")
        if row.route in ("admin/logout/", "accounts/logout/") and user is not None:
            client.force_login(user)
    assert not wrong, "\n".join(wrong)
    assert refused >= 5  # the sweep saw refusals (every principal gets some)


# Writes that ask for more than the user may give: each is refused with its reason, nothing written.
OVERREACH = [
    ("consultant", {"channel": "hotline", "kind": "inquiry", "team": "south"}, "自己團隊"),
    ("consultant", {"channel": "hotline", "kind": "inquiry", "assignee": "sup_n"}, "只能將案件指派給自己"),
    ("supervisor", {"channel": "hotline", "kind": "inquiry", "assignee": "cons_s"}, "自己團隊的成員"),
    ("consultant", {"channel": "hotline", "kind": "inquiry", "team": "south", "assignee": "cons_n",
                    "opened_at": "2999-01-01T09:00"}, "不可晚於現在"),
]


@pytest.mark.store
@pytest.mark.parametrize(("principal", "body", "reason"), OVERREACH)
def test_opening_a_case_for_another_team_is_refused_before_writing(client, people, principal, body, reason):
    client.force_login(people["users"][principal])
    before = _store()
    response = client.post("/api/cases", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (400, 403), response.content
    assert reason in response.json()["error"]
    assert not _changes(before, _store())


def test_a_consultant_opens_and_assigns_to_themselves_in_one_write(client, people):
    from fudao.cases.models import Case, HistoryEntry

    client.force_login(people["users"]["consultant"])
    response = client.post("/api/cases", data=json.dumps({"channel": "hotline", "kind": "inquiry",
                                                          "assignee": "cons_n"}),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(case_no=response.json()["case_no"])
    assert (case.assignee.username, case.team.slug) == ("cons_n", "north")
    assert list(HistoryEntry.objects.filter(case=case).order_by("id").values_list("field", "new")) == [
        ("status", "new"), ("assignee", "cons_n")]
