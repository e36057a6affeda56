"""The expert pool: experts kept with history rows, chosen on a visit (the free-text names of
old visits still working), listed on the desk with the visits each made, and the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from typer.testing import CliRunner

from fudao.accounts.actors import LOCAL
from fudao.cases.experts import ExpertInput, expert_visits, save_expert
from fudao.cases.models import Activity, Expert, ExpertHistory, HistoryEntry, VisitExpert
from fudao.cases.services import CaseError, complete_visit
from fudao.errors import Invalid

pytestmark = pytest.mark.store


def pool() -> None:
    save_expert(code="chen-fin", by=LOCAL, given=ExpertInput(
        name="陳會計師", domains=["finance", "management"], region="north", counties=["臺北市", "新北市"],
        phone="02-2754-1255", email="chen@example.tw"))
    save_expert(code="lin-tech", by=LOCAL, given=ExpertInput(
        name="林技師", domains=["technology"], region="central", counties=["台中市"]))


def test_saving_an_expert_checks_fields_and_writes_history(desk):
    pool()
    lin = Expert.objects.get(code="lin-tech")
    assert lin.counties == ["臺中市"], "台 is normalised to 臺"
    created = set(ExpertHistory.objects.filter(expert=lin).values_list("field", flat=True))
    assert created == {"name", "domains", "region", "counties", "active"}
    save_expert(code="lin-tech", by=desk.alice, given=ExpertInput(
        name="林技師", domains=["technology", "net_zero"], region="central", counties=["臺中市"]))
    change = ExpertHistory.objects.filter(expert=lin).order_by("-id").first()
    assert (change.field, change.old, change.new, change.by_name) == ("domains", "technology",
                                                                      "technology、net_zero", "alice")
    before = (Expert.objects.count(), ExpertHistory.objects.count())
    for bad, words in ((ExpertInput(name="王", domains=["astrology"]), "專長面向「astrology」不存在"),
                       (ExpertInput(name="王", counties=["火星市"]), "不是臺灣的縣市"),
                       (ExpertInput(name="王", email="not-an-email"), "電子郵件"),
                       (ExpertInput(name=" "), "姓名必填")):
        with pytest.raises(Invalid, match=words):
            save_expert(code="wang", by=LOCAL, given=bad)
    with pytest.raises(Invalid, match="專家代碼"):
        save_expert(code="Wang Da", by=LOCAL, given=ExpertInput(name="王"))
    assert (Expert.objects.count(), ExpertHistory.objects.count()) == before


def test_a_visit_chooses_experts_from_the_pool_and_keeps_free_text_names(desk):
    pool()
    visit = desk.log("visit", {"mode": "onsite", "expert_codes": ["chen-fin", "lin-tech", "chen-fin"],
                               "experts": ["王顧問", "林技師"]}, days_ago=20)
    assert visit.data["experts"] == ["陳會計師", "林技師", "王顧問"]
    assert visit.data["expert_codes"] == ["chen-fin", "lin-tech"]
    chen = Expert.objects.get(code="chen-fin")
    old = desk.log("visit", {"mode": "phone", "experts": ["陳會計師"]}, days_ago=30)  # an old-style visit
    assert old.data["experts"] == ["陳會計師"] and "expert_codes" not in old.data
    assert [v.pk for v in expert_visits(desk.alice, chen)] == [visit.pk], "only pool-linked visits count"
    assert list(expert_visits(desk.bob, chen)) == [], "another team's consultant sees none of alice's cases"
    before = (Activity.objects.count(), VisitExpert.objects.count(), HistoryEntry.objects.count())
    with pytest.raises(CaseError, match="專家庫沒有代碼「nobody」"):
        desk.log("visit", {"mode": "onsite", "expert_codes": ["nobody"]})
    save_expert(code="lin-tech", by=LOCAL, given=ExpertInput(name="林技師", domains=["technology"],
                                                              active=False))
    with pytest.raises(CaseError, match="已不在專家庫"):
        desk.log("visit", {"mode": "onsite", "expert_codes": ["lin-tech"]})
    assert (Activity.objects.count(), VisitExpert.objects.count(), HistoryEntry.objects.count()) == before


def test_a_planned_visit_done_with_other_pool_experts(desk):
    pool()
    planned = desk.log("visit", {"mode": "onsite", "done": False, "expert_codes": ["chen-fin"],
                                 "experts": ["王顧問"],
                                 "planned_for": (timezone.localdate() + dt.timedelta(days=3)).isoformat()})
    chen, lin = Expert.objects.get(code="chen-fin"), Expert.objects.get(code="lin-tech")
    assert list(expert_visits(desk.alice, chen)) == [planned]
    done = complete_visit(case_no=desk.case_no, visit_id=planned.pk, by=desk.alice, expert_codes=["lin-tech"])
    assert done.data["experts"] == ["林技師", "王顧問"] and done.data["done"] is True
    assert list(expert_visits(desk.alice, chen)) == [] and list(expert_visits(desk.alice, lin)) == [done]


def test_the_desk_pages_list_the_pool_and_an_experts_visits(client, desk):
    pool()
    desk.log("visit", {"mode": "onsite", "expert_codes": ["chen-fin"]}, days_ago=10)
    client.force_login(get_user_model().objects.get(username="alice"))
    page = client.get("/desk/experts/").content.decode()
    assert "陳會計師" in page and "林技師" in page and "財務、管理" in page and "chen-fin\"" not in page
    only = client.get("/desk/experts/", {"domain": "technology"}).content.decode()
    assert "林技師" in only and "陳會計師" not in only
    assert client.get("/desk/experts/", {"domain": "astrology"}).status_code == 400
    detail = client.get("/desk/experts/chen-fin/").content.decode()
    assert "訪視紀錄：1 次" in detail and desk.case_no in detail and "北區" in detail
    assert client.get("/desk/experts/nobody/").status_code == 404
    form = client.get(f"/desk/cases/{desk.case_no}/").content.decode()
    assert 'name="expert" value="chen-fin"' in form
    url = f"/desk/cases/{desk.case_no}/casework/"
    ok = client.post(url, {"form": "visit", "mode": "online", "done": "1", "expert": ["lin-tech"],
                           "experts": "王顧問"})
    assert ok.status_code == 302
    visit = Activity.objects.filter(type="visit").order_by("-id").first()
    assert visit.data["experts"] == ["林技師", "王顧問"]
    client.logout()
    assert client.get("/desk/experts/").status_code == 302


def test_the_cli_adds_lists_and_shows_experts(desk):
    from fudao.cli.main import app

    runner = CliRunner()
    added = runner.invoke(app, ["experts", "add", "ho-zero", "何博士", "--domains", "net_zero,environment_safety",
                                "--region", "south", "--counties", "高雄市、屏東縣", "--json"])
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["domain_labels"] == ["淨零", "環安"]
    desk.log("visit", {"mode": "onsite", "expert_codes": ["ho-zero"]}, days_ago=5)
    listed = runner.invoke(app, ["experts", "list", "--county", "屏東縣"])
    assert listed.exit_code == 0 and "何博士" in listed.stdout and "南區" in listed.stdout
    shown = json.loads(runner.invoke(app, ["experts", "show", "ho-zero", "--json"]).stdout)
    assert [v["case_no"] for v in shown["visits"]] == [desk.case_no]
    bad = runner.invoke(app, ["experts", "add", "x", "某人", "--domains", "magic"])
    assert bad.exit_code == 2 and "專長面向「magic」不存在" in bad.stderr
    assert runner.invoke(app, ["experts", "show", "nobody"]).exit_code == 2


def test_the_api_and_cli_mark_a_planned_visit_done_with_pool_experts(client, desk):
    from fudao.accounts.services import issue_token
    from fudao.cli.main import app

    pool()
    soon = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    first = desk.log("visit", {"mode": "onsite", "done": False, "planned_for": soon})
    second = desk.log("visit", {"mode": "onsite", "done": False, "planned_for": soon})
    token = issue_token(username="alice")
    answer = client.post(f"/api/cases/{desk.case_no}/visits/{first.pk}/done",
                         data=json.dumps({"expert_codes": ["chen-fin"]}), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200, answer.content
    assert answer.json()["activity"]["experts"] == ["陳會計師"]
    assert answer.json()["activity"]["expert_codes"] == ["chen-fin"]
    bad = client.post(f"/api/cases/{desk.case_no}/visits/{second.pk}/done",
                      data=json.dumps({"expert_codes": ["nobody"]}), content_type="application/json",
                      HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad.status_code == 400 and "nobody" in bad.json()["error"]
    done = CliRunner().invoke(app, ["cases", "visit-done", desk.case_no, str(second.pk),
                                    "--expert-codes", "lin-tech", "--json"])
    assert done.exit_code == 0, done.stderr
    assert [v.pk for v in expert_visits(desk.alice, Expert.objects.get(code="lin-tech"))] == [second.pk]


def test_the_admin_keeps_experts_through_the_service(client, desk):
    from fudao.accounts.services import add_user

    add_user(username="root", role="admin", password="Root-pass-2024-long")
    client.force_login(get_user_model().objects.get(username="root"))
    form = {"code": "wu-mkt", "name": "吳顧問", "domains": '["market"]', "region": "south",
            "counties": '["高雄市"]', "phone": "", "email": "", "active": "on"}
    bad = client.post("/admin/cases/expert/add/", {**form, "counties": '["火星市"]'})
    assert bad.status_code == 200 and "不是臺灣的縣市" in bad.content.decode()
    assert not Expert.objects.filter(code="wu-mkt").exists()
    ok = client.post("/admin/cases/expert/add/", form)
    assert ok.status_code == 302, ok.content.decode()[:2000]
    wu = Expert.objects.get(code="wu-mkt")
    assert (wu.domains, wu.counties) == (["market"], ["高雄市"])
    assert ExpertHistory.objects.filter(expert=wu, by_name="root").count() == 5
