"""Campaigns on both stores: the targets screened in SQL equal `match`, firm by firm; call lists
split among consultants by county; calls recorded, facts written back, `interested` → a case."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlglot

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import actor_by_name, add_team, add_user
from fudao.enterprises.models import Enterprise
from fudao.enterprises.selectors import profile_of
from fudao.matching.services import match
from fudao.outreach import selectors, services
from fudao.outreach.models import CallRecord, CallTarget
from fudao.outreach.services import CampaignError, create_campaign, record_call
from fudao.outreach.sql import campaign_select
from fudao.rules.loader import load_rules
from fudao.rules.random_profiles import random_profile
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.store, pytest.mark.django_db]
ON = dt.date(2026, 1, 20)
COUNTIES = ["臺中市", "臺北市", "高雄市"]


def make_enterprises(n: int, seed: int = 5, unknown: float = 0.35) -> list[Enterprise]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        p = random_profile(rng, unknown)
        p.pop("needs", None)
        rows.append(Enterprise(**{**p, "ubn": synthetic_ubn(1000 + i), "county": COUNTIES[i % 3],
                                  "name": f"企業{i}"}))
    return Enterprise.objects.bulk_create(rows)


def test_targets_equal_match_firm_by_firm() -> None:
    make_enterprises(240)
    rules = list(load_rules())
    campaign = create_campaign(name="全部措施", measure_ids=rules, by=LOCAL, on=ON)
    got = {(t.enterprise.ubn, t.measure_id): t for t in
           CallTarget.objects.filter(campaign=campaign).select_related("enterprise")}
    expected = {}
    for e in Enterprise.objects.all():
        for r in match(profile_of(e), on=ON)["results"]:
            if r["measure_id"] in rules and r["status"] in ("eligible", "unknown"):
                expected[(e.ubn, r["measure_id"])] = r
    assert set(got) == set(expected) and len(got) > 100
    statuses = set()
    for key, r in expected.items():
        t = got[key]
        assert (t.status, t.max_amount_twd, t.missing_facts) == (
            r["status"], r["max_amount_twd"], r["missing_facts"]), key
        statuses.add(t.status)
    assert statuses == {"eligible", "unknown"}
    ranked = sorted(got.values(), key=lambda t: t.rank)
    assert [t.rank for t in ranked] == list(range(1, len(ranked) + 1))
    order = [(t.status != "eligible", -(t.max_amount_twd or -1) if t.max_amount_twd is not None else 1)
             for t in ranked]
    assert order == sorted(order)  # eligible first, then the larger cap (no cap last)


def test_filter_and_bad_input() -> None:
    made = make_enterprises(60)
    for e in made[:12]:  # Taichung and Taipei manufacturers, small enough to qualify or undecided
        e.industry_section, e.org_type, e.employees = "C", "company", 4
        e.save()
    campaign = create_campaign(name="臺中製造", measure_ids=["small-mfg-upgrade-grant"],
                               where=["county=臺中市", "industry_section=C"], by=LOCAL, on=ON)
    targets = CallTarget.objects.filter(campaign=campaign).select_related("enterprise")
    assert targets and {t.enterprise.county for t in targets} == {"臺中市"}
    assert {t.enterprise.industry_section for t in targets} == {"C"}
    assert {t.enterprise_id for t in targets} >= {e.pk for e in made[:12] if e.county == "臺中市"
                                                   and e.paid_in_capital_twd is None}
    with pytest.raises(CampaignError, match="address"):
        create_campaign(name="x", measure_ids=["small-mfg-upgrade-grant"], where=["address=台中"], by=LOCAL)
    with pytest.raises(CampaignError, match="industry_section"):
        create_campaign(name="x", measure_ids=["small-mfg-upgrade-grant"], where=["industry_section=Z"],
                        by=LOCAL)
    with pytest.raises(CampaignError, match="找不到措施"):
        create_campaign(name="x", measure_ids=["no-such-measure"], by=LOCAL)
    from fudao.catalogue.models import Measure

    Measure.objects.create(id="rule-less-measure", name="無規則措施")
    with pytest.raises(CampaignError, match="此措施沒有可篩選的資格規則"):
        create_campaign(name="x", measure_ids=["rule-less-measure"], by=LOCAL)
    assert services.Campaign.objects.count() == 1


def test_rendering_for_spark_sql() -> None:
    rules = [load_rules()["small-mfg-upgrade-grant"], load_rules()["overseas-orders-grant"]]
    sql = campaign_select(rules, {"county": "臺中市", "industry_section": "C"}, ON).sql(dialect="spark")
    tree = sqlglot.parse_one(sql, read="spark")
    text = tree.sql(dialect="spark")
    assert "county = '臺中市'" in text and "industry_section = 'C'" in text
    assert "ROW_NUMBER() OVER (ORDER BY" in text and "NULLS LAST" in text
    assert "'small-mfg-upgrade-grant' AS measure_id" in text and "UNION ALL" in text
    assert "employees <= 9" in text  # the rule's own predicate survives the rendering


def _staff() -> None:
    add_team(slug="central", name="中區服務中心", counties=["臺中市"])
    add_user(username="amei", role="consultant", password="Fudao-test-1234", team="central")
    add_user(username="bolin", role="consultant", password="Fudao-test-1234")
    add_user(username="chen", role="consultant", password="Fudao-test-1234")


def test_call_lists_split_by_county_then_round_robin() -> None:
    make_enterprises(120)
    _staff()
    campaign = create_campaign(name="分派", measure_ids=list(load_rules()), by=LOCAL, on=ON,
                               consultants=["amei", "bolin", "chen"])
    firms: dict[int, set[str]] = {}
    for t in CallTarget.objects.filter(campaign=campaign).select_related("enterprise", "assignee"):
        firms.setdefault(t.enterprise_id, set()).add(t.assignee.username)
        if t.enterprise.county == "臺中市":
            assert t.assignee.username == "amei"
    assert all(len(owners) == 1 for owners in firms.values())  # one firm, one caller
    shown = selectors.figures(campaign)
    assert sum(shown["assigned"].values()) == shown["firms"] == len(firms)
    taichung = len({t.enterprise_id for t in CallTarget.objects.filter(
        campaign=campaign, enterprise__county="臺中市")})
    others = shown["firms"] - taichung
    assert shown["assigned"]["amei"] == taichung  # her team's county, and nothing else
    assert shown["assigned"]["bolin"] + shown["assigned"]["chen"] == others
    assert abs(shown["assigned"]["bolin"] - shown["assigned"]["chen"]) <= 1


def test_record_call_writes_back_facts_and_interested_opens_a_case() -> None:
    make_enterprises(60)
    _staff()
    campaign = create_campaign(name="外撥", measure_ids=list(load_rules()), by=LOCAL, on=ON,
                               consultants=["bolin", "chen"])
    bolin = actor_by_name("bolin")
    listing = selectors.call_list(campaign, bolin, limit=5)
    first, second = listing["firms"][0], listing["firms"][1]
    learned = {q["fact"]: 3 for q in first["questions"] if q["type"] == "int"}
    record = record_call(campaign_id=campaign.pk, ubn=first["ubn"], outcome="reached", by=bolin,
                         facts=learned)
    assert record.case is None
    if learned:
        assert Enterprise.objects.get(ubn=first["ubn"]).employees == 3
    after = selectors.call_list(campaign, bolin, limit=5)
    assert after["firms"][0]["ubn"] == second["ubn"] and after["done"] == 1
    record = record_call(campaign_id=campaign.pk, ubn=second["ubn"], outcome="interested", by=bolin)
    case = record.case
    assert case.channel == "outreach" and case.assignee.username == "bolin"
    assert case.enterprise.ubn == second["ubn"]
    shown = selectors.figures(campaign)
    assert shown["calls"] == {"interested": 1, "reached": 1} and shown["cases_opened"] == 1
    # a firm on another consultant's list: refused, nothing written
    theirs = selectors.call_list(campaign, actor_by_name("chen"), limit=1)["firms"][0]["ubn"]
    before = CallRecord.objects.count()
    with pytest.raises(CampaignError, match="不在您"):
        record_call(campaign_id=campaign.pk, ubn=theirs, outcome="interested", by=bolin,
                    facts={"employees": 9})
    assert CallRecord.objects.count() == before
    with pytest.raises(CampaignError, match="通話結果"):
        record_call(campaign_id=campaign.pk, ubn=first["ubn"], outcome="maybe", by=bolin)
    with pytest.raises(CampaignError, match="employees"):
        record_call(campaign_id=campaign.pk, ubn=first["ubn"], outcome="reached", by=bolin,
                    facts={"employees": -2})
