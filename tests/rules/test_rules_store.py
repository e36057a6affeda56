"""Rules as data on both stores: the package is the initial load, a loaded file waits for its
publish, the published version is what match, screen and campaigns decide with, a refused
file (bad fact, operator, missing source, failing test case) writes nothing, only an editor or
an administrator loads, and the admin loads, reviews and publishes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_user
from fudao.rules.loader import DATA_DIR, RuleFileError, load_rules
from fudao.rules.models import RuleVersion
from fudao.rules.selectors import published_rules, rule_detail, rules_list
from fudao.rules.services import RulePermissionError, load_file, load_version, publish_version

pytestmark = [pytest.mark.store, pytest.mark.django_db]
MEASURE = "m-093c6d67"  # 物流中堅企業國際化推動計畫: industry section H only
ON = dt.date(2026, 1, 20)
WIDER_CASE = """- name: trade firms now qualify too
  profile:
    industry_section: G
  status: eligible
"""


def widened(folder: Path) -> Path:
    """The measure's shipped file changed to admit section G as well, with a test case for it."""
    rule = (DATA_DIR / f"{MEASURE}.yaml").read_text(encoding="utf-8").replace("in: [H]", "in: [H, G]")
    assert "in: [H, G]" in rule
    tests = (DATA_DIR / f"{MEASURE}.tests.yaml").read_text(encoding="utf-8") + WIDER_CASE
    (folder / f"{MEASURE}.yaml").write_text(rule, encoding="utf-8")
    (folder / f"{MEASURE}.tests.yaml").write_text(tests, encoding="utf-8")
    return folder / f"{MEASURE}.yaml"


def status_for(profile: dict[str, object]) -> str:
    from fudao.rules.decide import decide

    return decide(published_rules()[MEASURE], profile, on=ON).status


def test_the_package_is_the_initial_load() -> None:
    listing = {row["measure_id"]: row for row in rules_list()["rules"]}
    shipped = load_rules()
    assert set(listing) == set(shipped)
    for measure_id, rule in shipped.items():
        in_use = listing[measure_id]["in_use"]
        assert in_use["origin"] == "package" and in_use["published_by"] == "套件內建"
        assert in_use["name"] == rule.name
    assert set(published_rules()) == set(shipped)


def test_load_waits_for_publish_then_match_screen_and_campaigns_use_it(tmp_path: Path) -> None:
    from fudao.enterprises.models import Enterprise
    from fudao.matching.screen import select_rules
    from fudao.outreach.services import create_campaign
    from fudao.zhtext.ubn import synthetic_ubn

    path = widened(tmp_path)
    firm = {"industry_section": "G"}
    Enterprise.objects.create(ubn=synthetic_ubn(7), name="貿易商", county="臺中市", industry_section="G")
    before = len(RuleVersion.objects.filter(measure_id=MEASURE))

    loaded = load_file(path=path, publish=False, by=LOCAL)
    assert loaded["created"] and not loaded["published_now"] and loaded["published_at"] is None
    assert loaded["version"] == before + 1 and loaded["cases"] == 4
    assert status_for(firm) == "ineligible", "a version not yet published is not used"
    campaign = create_campaign(name="未發布", measure_ids=[MEASURE], by=LOCAL, on=ON)
    assert campaign.targets.count() == 0

    again = load_file(path=path, publish=False, by=LOCAL)
    assert not again["created"] and again["version"] == loaded["version"], "same text, same version"

    published = publish_version(version_id=loaded["id"], by=LOCAL)
    assert published["published_now"] and published["published_by"] == "本機管理者"
    assert status_for(firm) == "eligible"
    rule = select_rules(MEASURE)[0]
    assert rule is published_rules()[MEASURE] and "G" in rule.condition.children[0].values
    campaign = create_campaign(name="已發布", measure_ids=[MEASURE], by=LOCAL, on=ON)
    assert [t.status for t in campaign.targets.all()] == ["eligible"]

    detail = rule_detail(MEASURE)
    assert detail["in_use"] == loaded["version"] and "in: [H, G]" in detail["rule_text"]
    assert [v["in_use"] for v in detail["versions"]][:2] == [True, False]
    assert not publish_version(version_id=loaded["id"], by=LOCAL)["published_now"], "no news twice"


def test_match_uses_the_published_version(corpus_db, tmp_path: Path) -> None:
    from fudao.matching.services import match

    def result() -> dict[str, object]:
        return next(r for r in match({"industry_section": "G"}, on=ON)["results"]
                    if r["measure_id"] == MEASURE)

    assert result()["status"] == "ineligible"
    load_file(path=widened(tmp_path), publish=True, by=LOCAL)
    assert result()["status"] == "eligible"


BROKEN = [
    ("fact: industry_section", "fact: industry_sector", "第 15 行", "未知的企業資料欄位「industry_sector」"),
    ("in: [H]", "among: [H]", "第 11 行", "不認得的比較運算或欄位「among」"),
    ("in: [H]", "in: [G]", "tests.yaml 第 3 行", "預期 eligible，實得 ineligible"),
    ("measure: m-093c6d67", "measure: [oops", "第 2 行", "YAML 語法"),
]


@pytest.mark.parametrize(("old", "new", "line", "reason"), BROKEN)
def test_a_refused_file_names_file_line_and_reason_and_writes_nothing(
        tmp_path: Path, old: str, new: str, line: str | None, reason: str) -> None:
    rule = (DATA_DIR / f"{MEASURE}.yaml").read_text(encoding="utf-8")
    assert old in rule
    before = list(RuleVersion.objects.values_list("id", "published_at"))
    with pytest.raises(RuleFileError) as refused:
        load_version(filename=f"{MEASURE}.yaml", rule_text=rule.replace(old, new, 1),
                     tests_text=(DATA_DIR / f"{MEASURE}.tests.yaml").read_text(encoding="utf-8"),
                     publish=True, by=LOCAL)
    message = str(refused.value)
    assert MEASURE in message and reason in message
    if line:
        assert line in message
    assert list(RuleVersion.objects.values_list("id", "published_at")) == before


def test_a_parameter_without_source_and_a_missing_test_file_are_refused(tmp_path: Path) -> None:
    slug = "export-loan-guarantee-plus"
    rule = (DATA_DIR / f"{slug}.yaml").read_text(encoding="utf-8")
    cited = ", source: {doc: 003_83f839b7bfa6266d, lines: [219, 219], mentions: [營業額減少10%]}"
    assert cited in rule
    with pytest.raises(RuleFileError, match=r"第 15 行.*缺少出處 source"):
        load_version(filename=f"{slug}.yaml", rule_text=rule.replace(cited, ""),
                     tests_text=(DATA_DIR / f"{slug}.tests.yaml").read_text(encoding="utf-8"),
                     publish=False, by=LOCAL)
    (tmp_path / f"{slug}.yaml").write_text(rule, encoding="utf-8")
    with pytest.raises(RuleFileError, match="找不到測試案例檔"):
        load_file(path=tmp_path / f"{slug}.yaml", publish=False, by=LOCAL)
    assert not RuleVersion.objects.filter(origin="editor").exists()


def test_only_an_editor_or_an_administrator_loads(tmp_path: Path) -> None:
    consultant = add_user(username="amei", role="consultant", password="Fudao-test-1234")
    editor = add_user(username="yiwen", role="editor", password="Fudao-test-1234")
    path = widened(tmp_path)
    with pytest.raises(RulePermissionError, match="只有目錄編輯或系統管理者"):
        load_file(path=path, publish=True, by=consultant)
    assert status_for({"industry_section": "G"}) == "ineligible"
    done = load_file(path=path, publish=True, by=editor)
    assert done["published_by"] == "yiwen" and done["loaded_by"] == "yiwen"
    assert status_for({"industry_section": "G"}) == "eligible"


def test_admin_loads_reviews_and_publishes(client, tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    add_user(username="yiwen", role="editor", password="Fudao-test-1234")
    client.force_login(get_user_model().objects.get(username="yiwen"))
    path = widened(tmp_path)
    bad = path.read_text(encoding="utf-8").replace("fact: industry_section", "fact: sector")
    refused = client.post("/admin/rules/ruleversion/add/", {
        "filename": path.name, "rule_text": bad,
        "tests_text": path.with_name(f"{MEASURE}.tests.yaml").read_text(encoding="utf-8")})
    assert refused.status_code == 200
    assert "未知的企業資料欄位「sector」" in refused.content.decode()
    assert not RuleVersion.objects.filter(origin="editor").exists()

    with path.open("rb") as rule_file, path.with_name(f"{MEASURE}.tests.yaml").open("rb") as tests_file:
        added = client.post("/admin/rules/ruleversion/add/", {"rule_file": rule_file, "tests_file": tests_file})
    assert added.status_code == 302
    version = RuleVersion.objects.get(origin="editor")
    assert version.published_at is None and version.loaded_by_name == "yiwen"
    review = client.get(f"/admin/rules/ruleversion/{version.pk}/change/")
    assert review.status_code == 200 and "in: [H, G]" in review.content.decode()
    assert status_for({"industry_section": "G"}) == "ineligible"
    client.post("/admin/rules/ruleversion/", {"action": "publish", "_selected_action": [version.pk]})
    version.refresh_from_db()
    assert version.published_by_name == "yiwen" and version.published_at is not None
    assert status_for({"industry_section": "G"}) == "eligible"
