"""Alerts on both stores: subscribing (API, the check's results, a consultant), double opt-in
from the e-mailed link, one-click unsubscribe with List-Unsubscribe, see-and-delete, signed
links refused when tampered with or expired; and the screening in SQL after a publish: the
subscribers alerted are, one by one, those `match` finds newly eligible or undecided, at most
one digest a day, never the same news twice."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_team, add_user
from fudao.alerts import services
from fudao.alerts.models import Alert, Subscription
from fudao.alerts.running import run_alerts
from fudao.rules.loader import DATA_DIR
from fudao.rules.random_profiles import random_profile
from fudao.rules.services import load_version

pytestmark = [pytest.mark.store, pytest.mark.django_db]
SITE = "http://testserver/"
FIRM = {"org_type": "company", "industry_section": "G", "employees": 12, "county": "臺中市"}


def run_queue() -> None:
    """Run every queued alerts task as the worker would."""
    from django_tasks_db.models import DBTaskResult

    from fudao.alerts import mail_tasks, tasks

    by_path = {t.module_path: t for t in (mail_tasks.send_confirmation_mail, tasks.run_alerts_task,
                                          mail_tasks.send_alert_mail, mail_tasks.send_alert_mails)}
    while True:
        rows = list(DBTaskResult.objects.filter(status="READY", task_path__in=list(by_path)).order_by("enqueued_at"))
        if not rows:
            return
        for row in rows:
            with TestCase.captureOnCommitCallbacks(execute=True):  # what it queues after its commit
                by_path[row.task_path].call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")


def link(body: str, kind: str) -> str:
    found = re.search(rf"http://testserver(/alerts/{kind}/\S+)", body)
    assert found, body
    return found.group(1)


def subscribe_api(client, **body):
    return client.post("/api/alerts/subscriptions", json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("body", "says"), [
    ({"email": "not-an-address", "profile": FIRM, "consent": True}, "不是有效的電子郵件地址"),
    ({"email": "", "profile": FIRM, "consent": True}, "請填寫電子郵件"),
    ({"email": "a@example.tw", "profile": {**FIRM, "employees": -3}, "consent": True}, "企業資料 profile"),
    ({"email": "a@example.tw", "profile": {"colour": "blue"}, "consent": True}, "企業資料 profile"),
    ({"email": "a@example.tw", "profile": FIRM, "consent": False}, "須勾選同意"),
    ({"email": "a@example.tw", "profile": FIRM, "consent": True, "extra": 1}, "不認得的欄位"),
])
def test_bad_input_is_refused_and_nothing_written(client, body, says, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = subscribe_api(client, **body)
    assert answer.status_code == 400 and says in answer.json()["error"]
    assert not Subscription.objects.exists()
    run_queue()
    assert mail.outbox == []



def test_double_opt_in_unsubscribe_and_delete(client, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        answer = subscribe_api(client, email="boss@example.tw", profile=FIRM, consent=True)
    assert answer.status_code == 201 and answer.json()["status"] == "pending"
    assert mail.outbox == [], "sent by the worker, not inside the request"
    run_queue()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["boss@example.tw"] and "7 天內" in confirmation.body
    stop = link(confirmation.body, "unsubscribe")
    assert confirmation.extra_headers["List-Unsubscribe"] == f"<http://testserver{stop}>"
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = link(confirmation.body, "confirm")

    tampered = client.get(confirm[:-3] + ("AAA" if not confirm.endswith("AAA") else "BBB"))
    assert tampered.status_code == 400 and "此連結無效" in tampered.content.decode()
    wrong_kind = client.get(confirm.replace("/confirm/", "/unsubscribe/"))
    assert wrong_kind.status_code == 400
    later = time.time() + 8 * 86400
    with monkeypatch.context() as m:
        m.setattr("django.core.signing.time.time", lambda: later)
        expired = client.get(confirm)
    assert expired.status_code == 400 and "已過期" in expired.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None

    done = client.get(confirm)
    assert done.status_code == 200 and "已確認訂閱" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at and subscription.last_state["m-093c6d67"]["status"] == "ineligible"

    mine = link(confirmation.body, "mine")
    page = client.get(mine).content.decode()
    assert "boss@example.tw" in page and "已確認" in page and "G 批發及零售業" in page
    assert "民國" in page and not re.search(r"\d{4}-\d{2}-\d{2}", page), "dates in 民國, never ISO"

    one_click = client.post(stop, {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF token
    assert one_click.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert client.post(mine, {"action": "delete"}).status_code == 200
    assert not Subscription.objects.exists()
    gone = client.get(mine)
    assert gone.status_code == 400 and "找不到這筆訂閱" in gone.content.decode()


def test_the_check_results_offer_the_form(client, django_capture_on_commit_callbacks):
    page = client.post("/check/", {"answers": json.dumps(FIRM), "skipped": "", "action": "results"})
    html = page.content.decode()
    assert page.status_code == 200 and "有新的措施符合時通知我" in html and services.PURPOSE in html
    refused = client.post("/alerts/subscribe/", {"answers": json.dumps(FIRM), "email": "nope", "consent": "yes"})
    assert refused.status_code == 400 and "不是有效的電子郵件地址" in refused.content.decode()
    assert "有新的措施符合時通知我" in refused.content.decode(), "the form comes back"
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post("/alerts/subscribe/", {"answers": json.dumps(FIRM), "email": "boss@example.tw",
                                                   "consent": "yes"})
    assert saved.status_code == 200 and "請至電子郵件確認訂閱" in saved.content.decode()
    assert Subscription.objects.get().profile == FIRM


def test_a_consultant_subscribes_only_an_enterprise_they_may_see(django_capture_on_commit_callbacks):
    from fudao.enterprises.models import Enterprise
    from fudao.zhtext.ubn import synthetic_ubn

    add_team(slug="central", name="中區", counties=["臺中市"])
    amei = add_user(username="amei", role="consultant", password="Fudao-test-1234", team="central")
    near = Enterprise.objects.create(ubn=synthetic_ubn(1), name="近", county="臺中市", industry_section="G")
    far = Enterprise.objects.create(ubn=synthetic_ubn(2), name="遠", county="高雄市", industry_section="G")
    with pytest.raises(services.AlertError, match="找不到統一編號"):
        services.subscribe_enterprise(ubn=far.ubn, email="far@example.tw", by=amei, site_url=SITE)
    with pytest.raises(services.AlertError, match="不是有效"):
        services.subscribe_enterprise(ubn=near.ubn, email="x@", by=amei, site_url=SITE)
    assert not Subscription.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.subscribe_enterprise(ubn=near.ubn, email="near@example.tw", by=amei, site_url=SITE)
    assert done.consent_by_name == "amei" and done.enterprise == near
    assert done.profile["industry_section"] == "G" and done.state == "pending"
    run_queue()
    assert "由輔導顧問 amei" in mail.outbox[0].body


def test_unconfirmed_subscriptions_are_deleted_after_seven_days():
    old = services.subscribe(email="old@example.tw", profile=FIRM, consent=True, site_url=SITE)
    fresh = services.subscribe(email="new@example.tw", profile=FIRM, consent=True, site_url=SITE)
    kept = services.subscribe(email="kept@example.tw", profile=FIRM, consent=True, site_url=SITE)
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    Subscription.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=eight_days_ago)
    Subscription.objects.filter(pk=kept.pk).update(confirmed_at=eight_days_ago)
    assert services.sweep_unconfirmed() == 1
    assert set(Subscription.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}


def _changed_rules() -> list[tuple[str, str, str]]:
    """Two changed files: m-093c6d67 admits section G; export-loan-guarantee-plus raises the SME cap."""
    wider = (DATA_DIR / "m-093c6d67.yaml").read_text(encoding="utf-8").replace("in: [H]", "in: [H, G]")
    wider_tests = (DATA_DIR / "m-093c6d67.tests.yaml").read_text(encoding="utf-8")
    cap = (DATA_DIR / "export-loan-guarantee-plus.yaml").read_text(encoding="utf-8").replace(
        "value: 60000000", "value: 80000000")
    cap_tests = (DATA_DIR / "export-loan-guarantee-plus.tests.yaml").read_text(encoding="utf-8").replace(
        "max_amount_twd: 60000000", "max_amount_twd: 80000000")
    return [("m-093c6d67.yaml", wider, wider_tests), ("export-loan-guarantee-plus.yaml", cap, cap_tests)]


def test_alerted_subscribers_equal_those_match_finds_newly_eligible_or_undecided(
        django_capture_on_commit_callbacks):
    from fudao.matching.services import match

    day = timezone.localdate()
    rng = random.Random(27)
    profiles = [{k: v for k, v in random_profile(rng, 0.35).items() if v is not None} for _ in range(60)]
    profiles += [{"industry_section": "G"}, {"industry_section": "H"}, {}]
    subs = []
    for i, profile in enumerate(profiles):
        s = services.subscribe(email=f"s{i}@example.tw", profile=profile, consent=True, site_url=SITE)
        subs.append(services.confirm(token=services.make_token(s.pk, "confirm")))
    ignored = services.subscribe(email="pending@example.tw", profile={"industry_section": "G"},
                                 consent=True, site_url=SITE)

    def statuses(profile: dict[str, object]) -> dict[str, tuple[str, int | None]]:
        return {r["measure_id"]: (r["status"], r["max_amount_twd"]) for r in match(profile, on=day)["results"]
                if r.get("has_rule", True) and not r.get("informational")}

    before = [statuses(p) for p in profiles]
    with django_capture_on_commit_callbacks(execute=True):
        for filename, text, tests in _changed_rules():
            load_version(filename=filename, rule_text=text, tests_text=tests, publish=True, by=LOCAL)
    after = [statuses(p) for p in profiles]
    expected = set()
    for sub, old, new in zip(subs, before, after, strict=True):
        for mid, (status, cap) in new.items():
            was, old_cap = old.get(mid, (None, None))
            if status == "eligible" and was != "eligible":
                expected.add((sub.pk, mid, "became_eligible"))
            elif status == "unknown" and was in (None, "ineligible"):
                expected.add((sub.pk, mid, "became_undecided"))
            elif status == was and status in ("eligible", "unknown") and cap and old_cap and cap > old_cap:
                expected.add((sub.pk, mid, "cap_raised"))
    assert {k for *_, k in expected} >= {"became_eligible", "cap_raised"}, "the test exercises the kinds"

    run_queue()  # the publish queued the screening; the worker ran it, then the digests
    alerted = {(a.subscription_id, i["measure_id"], i["kind"]) for a in Alert.objects.all() for i in a.items}
    assert alerted == expected
    assert ignored.pk not in {a.subscription_id for a in Alert.objects.all()}, "unconfirmed: nothing"
    assert len(mail.outbox) == len({s for s, *_ in expected}), "one digest each"
    g_firm = subs[-3]
    (digest,) = [m for m in mail.outbox if m.to == [g_firm.email]]
    assert "物流中堅企業國際化推動計畫" in digest.body and "新符合資格" in digest.body
    assert "002_45bc8db0303d28b9 第 2848–2905 行" in digest.body
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http://")

    mail.outbox.clear()
    assert run_alerts(site_url=SITE, on=day)["queued"] == 0, "one digest a day"
    assert run_alerts(site_url=SITE, on=day + dt.timedelta(days=1))["queued"] == 0, "never twice"
    run_queue()
    assert mail.outbox == []

    filename, text, tests = _changed_rules()[1]
    with django_capture_on_commit_callbacks(execute=True):
        load_version(filename=filename, rule_text=text.replace("value: 80000000", "value: 95000000"),
                     tests_text=tests.replace("max_amount_twd: 80000000", "max_amount_twd: 95000000"),
                     publish=True, by=LOCAL)
    Subscription.objects.update(last_alert_at=timezone.now())  # every subscriber was told today
    run_queue()
    assert mail.outbox == [] and Subscription.objects.filter(deferred_on=day).exists(), "waits a day"
    from fudao.alerts.running import run_deferred

    with TestCase.captureOnCommitCallbacks(execute=True):
        later = run_deferred(on=day + dt.timedelta(days=1))
    run_queue()
    assert later and later["queued"] == len(mail.outbox) > 0
    assert all("金額上限提高" in m.body and "9,500萬" in m.body for m in mail.outbox)
    assert not Subscription.objects.exclude(deferred_on=None).exists()


def test_many_subscriptions_from_one_address_are_rate_limited(client, monkeypatch):
    monkeypatch.setenv("FUDAO_ALERT_RATE_LIMIT", "3")
    address = f"10.27.{random.randrange(256)}.{random.randrange(1, 255)}"  # a fresh budget
    answers = [client.post("/api/alerts/subscriptions", json.dumps(
        {"email": f"r{i}@example.tw", "profile": FIRM, "consent": True}),
        content_type="application/json", REMOTE_ADDR=address).status_code for i in range(4)]
    form = client.post("/alerts/subscribe/", {"answers": json.dumps(FIRM), "email": "f@example.tw",
                                              "consent": "yes"}, REMOTE_ADDR=address)
    assert answers == [201, 201, 201, 429] and form.status_code == 429
    assert "每小時上限 3 次" in form.content.decode()
    assert Subscription.objects.count() == 3, "nothing written over the limit"
