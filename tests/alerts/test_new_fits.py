"""The desk side of alerts on both stores: after a publish the worker stamps the measures that
started to fit the enterprises on record; a consultant's 「新符合措施」 list shows those of the
enterprises they may act for (cases/policy.py), the enterprise page those of one enterprise,
and 404 for one they may not see; 「全部標為看過」 stores their last look; a campaign over
those enterprises is made in one step, from the page or `fudao campaigns create --new-matches`,
by a supervisor only (the policy decides). And subscribers read through the policy's
selector: an analyst sees the addresses masked, in the CLI, the API and on the page."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from typer.testing import CliRunner

from fudao.accounts.actors import LOCAL, actor_for_user
from fudao.accounts.services import add_team, add_user
from fudao.alerts import services
from fudao.alerts.fits import refresh_fits
from fudao.alerts.models import DeskLook, EnterpriseFit
from fudao.alerts.selectors import SubscriptionsDenied, new_fits, subscriptions
from fudao.cases.services import open_case
from fudao.outreach.models import CallTarget, Campaign
from fudao.rules.loader import DATA_DIR
from fudao.rules.services import load_version
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.store, pytest.mark.django_db]
PASSWORD = "Fudao-test-1234"
MEASURE = "m-093c6d67"  # for section H only; the changed file admits section G too
NEAR, FAR = synthetic_ubn(2701), synthetic_ubn(2702)


def user(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def firms():
    """A central team (臺中市) with a consultant and a supervisor, a southern consultant, an
    analyst; a section G firm in 臺中市 (a case of amei's) and one in 高雄市 (a case of the south's)."""
    add_team(slug="central", name="中區", counties=["臺中市"])
    add_team(slug="south", name="南區", counties=["高雄市"])
    add_user(username="amei", role="consultant", password=PASSWORD, team="central")
    add_user(username="sue", role="supervisor", password=PASSWORD, team="central")
    add_user(username="kao", role="consultant", password=PASSWORD, team="south")
    add_user(username="wu", role="analyst", password=PASSWORD)
    facts = {"industry_section": "G", "org_type": "company", "employees": 20}
    open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=NEAR, enterprise_name="中部商行",
              facts=facts, county="臺中市", team="central", assignee="amei")
    open_case(channel="hotline", kind="inquiry", by=LOCAL, ubn=FAR, enterprise_name="南部商行",
              facts=facts, county="高雄市", team="south", assignee="kao")
    assert refresh_fits()["started"] == 0, "the first screening is what was known: nothing new"
    assert not EnterpriseFit.objects.filter(measure_id=MEASURE).exists(), "section G: not yet"


def publish_wider() -> None:
    """Publish the measure's rules admitting section G; the worker's refresh of the fits."""
    text = (DATA_DIR / f"{MEASURE}.yaml").read_text(encoding="utf-8").replace("in: [H]", "in: [H, G]")
    tests = (DATA_DIR / f"{MEASURE}.tests.yaml").read_text(encoding="utf-8")
    with TestCase.captureOnCommitCallbacks(execute=True):
        load_version(filename=f"{MEASURE}.yaml", rule_text=text, tests_text=tests, publish=True, by=LOCAL)
    from django_tasks_db.models import DBTaskResult

    from fudao.alerts.tasks import refresh_fits_task

    queued = DBTaskResult.objects.filter(task_path=refresh_fits_task.module_path, status="READY")
    mine = [r for r in queued if r.args_kwargs["args"] == [[MEASURE]]]
    assert len(mine) == 1, "the publish queued the refresh for the worker"
    refresh_fits_task.call(*mine[0].args_kwargs["args"], **mine[0].args_kwargs["kwargs"])


def test_new_fits_are_scoped_stamped_and_marked_seen(firms, client):
    publish_wider()
    fits = EnterpriseFit.objects.filter(measure_id=MEASURE)
    assert {f.enterprise.ubn for f in fits} == {NEAR, FAR} and all(f.since for f in fits)
    amei, kao, wu = (actor_for_user(user(n)) for n in ("amei", "kao", "wu"))
    assert [r["ubn"] for r in new_fits(amei)["rows"]] == [NEAR], "only the firms amei may act for"
    assert [r["ubn"] for r in new_fits(kao)["rows"]] == [FAR]
    assert {r["ubn"] for r in new_fits(wu)["rows"]} == {NEAR, FAR}, "an analyst reads every firm"
    assert refresh_fits(measure_ids=[MEASURE])["started"] == 0, "the same rules again: nothing new"

    client.force_login(user("amei"))
    page = client.get("/desk/new-matches/").content.decode()
    assert "中部商行" in page and "南部商行" not in page
    assert "新符合資格" in page or "可能符合（尚缺資料）" in page
    assert "以這些企業建立外撥活動" not in page, "a consultant may not create campaigns"
    assert 'href="/desk/new-matches/"' in page and "新符合措施</a>" in page, "in the staff navigation"
    refused = client.post("/desk/new-matches/", {"action": "campaign"})
    assert refused.status_code == 403 and "只有督導" in refused.content.decode()
    assert not Campaign.objects.exists()

    one = client.get(f"/desk/enterprises/{NEAR}/").content.decode()
    assert "物流中堅企業國際化推動計畫" in one
    assert client.get(f"/desk/enterprises/{FAR}/").status_code == 404, "not amei's firm"

    assert client.post("/desk/new-matches/", {"action": "seen"}).status_code == 302
    assert DeskLook.objects.get(user=user("amei")).seen_at is not None
    assert new_fits(amei)["count"] == 0
    after = client.get("/desk/new-matches/").content.decode()
    assert "中部商行" not in after and "上次標為看過" in after
    assert "物流中堅企業國際化推動計畫" not in client.get(f"/desk/enterprises/{NEAR}/").content.decode()
    assert new_fits(kao)["count"] == 1, "the look is per user"


def test_a_supervisor_makes_a_campaign_in_one_step(firms, client):
    publish_wider()
    client.force_login(user("sue"))
    page = client.get("/desk/new-matches/").content.decode()
    assert "以這些企業建立外撥活動" in page
    made = client.post("/desk/new-matches/", {"action": "campaign", "name": "新符合外撥"})
    assert made.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.name == "新符合外撥" and campaign.measure_ids == [MEASURE]
    targets = CallTarget.objects.filter(campaign=campaign)
    assert {t.enterprise.ubn for t in targets} == {NEAR}, "only the firms sue may act for"


def test_campaigns_create_new_matches_from_the_cli(firms):
    from fudao.cli.main import app

    publish_wider()
    runner = CliRunner()
    refused = runner.invoke(app, ["campaigns", "create", "--new-matches", "--as", "amei"])
    assert refused.exit_code == 2 and "只有督導" in refused.stderr
    wrong = runner.invoke(app, ["campaigns", "create", "x", "--new-matches", "--measure", MEASURE, "--as", "sue"])
    assert wrong.exit_code == 2 and "--new-matches" in wrong.stderr
    bad_day = runner.invoke(app, ["campaigns", "create", "--new-matches", "--since", "not-a-day", "--as", "sue"])
    assert bad_day.exit_code == 2 and "--since" in bad_day.stderr
    assert not Campaign.objects.exists(), "nothing written"
    done = runner.invoke(app, ["campaigns", "create", "--new-matches", "--as", "sue", "--json"])
    assert done.exit_code == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["firms"] == 1 and figures["name"].startswith("新符合措施（民國")
    later = runner.invoke(app, ["campaigns", "create", "--new-matches", "--since", "2999-01-01", "--as", "sue"])
    assert later.exit_code == 2 and "沒有新符合措施的企業" in later.stderr
    admin = runner.invoke(app, ["campaigns", "create", "全部", "--new-matches", "--json"])
    assert admin.exit_code == 0 and json.loads(admin.stdout)["firms"] == 2, "the administrator: every firm"


def test_subscribers_are_read_through_the_policy_and_masked_for_analysts(firms, client):
    amei, kao = actor_for_user(user("amei")), actor_for_user(user("kao"))
    services.subscribe_enterprise(ubn=NEAR, email="owner@example.tw", by=amei, site_url="http://testserver/")
    services.subscribe(email="visitor@example.tw", profile={}, consent=True, site_url="http://testserver/")
    wu = actor_for_user(user("wu"))
    assert sorted(r["email"] for r in subscriptions(wu)) == ["o＊＊＊@example.tw", "v＊＊＊@example.tw"]
    assert [r["email"] for r in subscriptions(amei)] == ["owner@example.tw"], "their firm only"
    assert subscriptions(kao) == [], "not kao's firm, not a visitor's"
    assert len(subscriptions(LOCAL)) == 2
    add_user(username="ed", role="editor", password=PASSWORD)
    with pytest.raises(SubscriptionsDenied):
        subscriptions(actor_for_user(user("ed")))

    from fudao.cli.main import app

    listed = CliRunner().invoke(app, ["alerts", "list", "--json", "--as", "wu"])
    assert {r["email"] for r in json.loads(listed.stdout)["subscriptions"]} == {"o＊＊＊@example.tw",
                                                                               "v＊＊＊@example.tw"}
    assert client.get("/api/alerts/subscriptions").status_code == 401
    client.force_login(user("wu"))
    api = client.get("/api/alerts/subscriptions").json()["subscriptions"]
    assert {r["email"] for r in api} == {"o＊＊＊@example.tw", "v＊＊＊@example.tw"}
    page = client.get(f"/desk/enterprises/{NEAR}/").content.decode()
    assert "o＊＊＊@example.tw" in page and "owner@example.tw" not in page
    client.force_login(user("ed"))
    assert client.get("/api/alerts/subscriptions").status_code == 403
    client.force_login(user("amei"))
    assert [r["email"] for r in client.get("/api/alerts/subscriptions").json()["subscriptions"]] == [
        "owner@example.tw"]
    assert "owner@example.tw" in client.get(f"/desk/enterprises/{NEAR}/").content.decode()


def test_a_consultant_subscribes_an_enterprise_from_its_page(firms, client, django_capture_on_commit_callbacks):
    from fudao.alerts.models import Subscription
    from fudao.enterprises.models import Contact, Enterprise

    Contact.objects.create(enterprise=Enterprise.objects.get(ubn=NEAR), name="林經理",
                           email="lin@example.tw", consent_to_contact=True)
    client.force_login(user("amei"))
    page = client.get(f"/desk/enterprises/{NEAR}/").content.decode()
    assert 'id="subscribe-form"' in page and 'value="lin@example.tw"' in page, "the contact's address offered"
    url = f"/desk/enterprises/{NEAR}/alerts"
    unconsented = client.post(url, {"email": "lin@example.tw"})
    assert unconsented.status_code == 400 and "企業已同意" in unconsented.content.decode()
    bad = client.post(url, {"email": "lin@", "consent": "1"})
    assert bad.status_code == 400 and "lin@" in bad.content.decode()
    assert client.post(f"/desk/enterprises/{FAR}/alerts", {"email": "x@example.tw", "consent": "1"}).status_code == 404
    assert not Subscription.objects.exists(), "nothing written by a refused form"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"email": "lin@example.tw", "consent": "1"}, follow=True)
    assert done.status_code == 200 and "確認信將寄到 lin@example.tw" in done.content.decode()
    (subscription,) = Subscription.objects.all()
    assert subscription.enterprise.ubn == NEAR and subscription.consent_by_name == "amei"
    assert subscription.state == "pending" and subscription.profile["industry_section"] == "G"
    assert "lin@example.tw・待確認・登記者 amei" in done.content.decode()

    client.force_login(user("wu"))
    watched = client.get(f"/desk/enterprises/{NEAR}/").content.decode()
    assert 'id="subscribe-form"' not in watched, "an analyst reads the enterprise but does not act for it"
    refused = client.post(url, {"email": "other@example.tw", "consent": "1"})
    assert refused.status_code == 403 and Subscription.objects.count() == 1


def test_a_firms_changed_facts_show_on_the_desk_at_the_next_sweep(firms):
    from fudao.cases.tasks import sweep_follow_ups

    def sweep() -> dict:
        return sweep_follow_ups.call()["changed_enterprises"]

    assert sweep()["enterprises"] == 0, "the first sweep marks where the next one starts"
    amei = actor_for_user(user("amei"))
    open_case(channel="hotline", kind="inquiry", by=amei, ubn=NEAR, county="臺中市",
              facts={"industry_section": "H"})  # the firm turns out to be in transport
    newcomer = synthetic_ubn(2703)
    open_case(channel="hotline", kind="inquiry", by=amei, ubn=newcomer, enterprise_name="新來物流",
              facts={"industry_section": "H", "org_type": "company", "employees": 5}, county="臺中市")
    done = sweep()
    assert done["enterprises"] >= 2 and done["started"] >= 1  # (and those changed just before the mark)
    near = EnterpriseFit.objects.get(measure_id=MEASURE, enterprise__ubn=NEAR)
    assert near.since is not None, "a known firm's new fit is news for the desk"
    assert EnterpriseFit.objects.get(measure_id=MEASURE, enterprise__ubn=newcomer).since is None, (
        "a firm new to the record: its fits are what is known of it, not news")
    assert MEASURE in {r["measure_id"] for r in new_fits(amei)["rows"] if r["ubn"] == NEAR}
    assert not EnterpriseFit.objects.filter(enterprise__ubn=FAR, measure_id=MEASURE).exists(), "untouched"
    stamped = set(EnterpriseFit.objects.values_list("pk", "since"))
    again = sweep()
    assert again["started"] == 0 and set(EnterpriseFit.objects.values_list("pk", "since")) == stamped, (
        "a change seen again within the overlap is no news twice")
    from django.utils import timezone

    from fudao.alerts.changes import OVERLAP, sweep_changed_enterprises

    assert sweep_changed_enterprises(now=timezone.now() + OVERLAP * 2)["started"] == 0
    assert sweep_changed_enterprises(now=timezone.now() + OVERLAP * 4)["enterprises"] == 0, (
        "nothing changed since: nothing re-screened")


def test_a_subscribed_firm_whose_facts_change_is_told_at_the_next_sweep(firms):
    from fudao.alerts.models import Alert
    from fudao.cases.tasks import sweep_follow_ups

    amei = actor_for_user(user("amei"))
    made = services.subscribe_enterprise(ubn=NEAR, email="owner@example.tw", by=amei, site_url="http://testserver/")
    subscription = services.confirm(token=services.make_token(made.pk, "confirm"))
    assert subscription.last_state.get(MEASURE, {}).get("status") == "ineligible", "section G: not yet"
    sweep_follow_ups.call()  # marks where the next sweep starts
    open_case(channel="hotline", kind="inquiry", by=amei, ubn=NEAR, county="臺中市",
              facts={"industry_section": "H"})
    done = sweep_follow_ups.call()["changed_enterprises"]
    assert done["followed"] == 1 and done["queued"] == 1
    subscription.refresh_from_db()
    assert subscription.profile["industry_section"] == "H", "the subscription follows the record"
    (alert,) = Alert.objects.filter(subscription=subscription)
    assert MEASURE in {item["measure_id"] for item in alert.items}
    again = sweep_follow_ups.call()["changed_enterprises"]
    assert again["followed"] == 0 and Alert.objects.count() == 1, "never the same news twice"
