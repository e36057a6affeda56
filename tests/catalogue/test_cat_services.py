"""The catalogue services and `fudao measures` over the ingested corpus."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from fudao.catalogue import services
from fudao.cli.main import app


def test_list_all_has_every_extracted_measure_with_cited_fields(corpus_db):
    result = services.list_measures(include_all=True)
    by_doc: dict[str, int] = {}
    for m in result["measures"]:
        doc = m["sources"]["name"]["doc"][:3]
        by_doc[doc] = by_doc.get(doc, 0) + 1
        assert m["sources"]["name"]["line_start"] >= 1
    assert by_doc["002"] == 42
    assert by_doc["003"] >= 8 and by_doc["004"] == 2 and by_doc["000"] > 150
    assert sum(result["facets"].values()) == result["count"]


def test_default_list_hides_closed_measures(corpus_db):
    on = date(2026, 11, 22)
    listed = {m["id"] for m in services.list_measures(open_on=on)["measures"]}
    assert "rd-transformation-grant" in listed
    assert "youth-employment-flagship" not in listed  # 105年 dated windows only
    # 經常性業務 in a handbook of 民國105年: a yearly window, but nothing says it still runs
    assert "industry-boost-training" not in listed
    every = {m["id"]: m for m in services.list_measures(include_all=True)["measures"]}
    assert every["industry-boost-training"]["window_state"] in ("unconfirmed", "closed")


def test_no_measure_open_whose_window_ended_or_source_is_stale(corpus_db):
    on = date(2026, 11, 22)
    result = services.list_measures(include_all=True, open_on=None)
    for m in services.list_measures(open_on=on)["measures"]:
        end = (m["window"] or {}).get("end")
        assert not end or end >= on.isoformat(), m["name"]
        assert (m["as_of"] and m["as_of"] >= "2025-05-22") or (m["window_state"] == "open" and end), m["name"]
    assert result["states"]["unconfirmed"] > 0
    stale = next(m for m in result["measures"] if m["as_of"] and m["as_of"] < "2017-01-01"
                 and m["window_state"] == "unconfirmed")
    assert stale["window_label"].startswith("資料日期 民國10") and "確認" in stale["window_label"]


def test_filters(corpus_db):
    grants = services.list_measures(instrument="guarantee", include_all=True)["measures"]
    assert "export-loan-guarantee-plus" in {m["id"] for m in grants}
    assert all(m["instrument"] == "guarantee" for m in grants)
    by_old_name = services.list_measures(agency="中小企業處", include_all=True)["measures"]
    assert "smb-diverse-loan-plus" in {m["id"] for m in by_old_name}
    talent = services.list_measures(facet="人才", include_all=True)
    # the handbook's 10 talent forms, and measures whose content is about training or hiring
    assert talent["count"] >= 10 and talent["facets"]["人才"] == talent["count"]
    assert all(m["facet"] == "人才" for m in talent["measures"])
    assert "youth-employment-flagship" in {m["id"] for m in talent["measures"]}
    with pytest.raises(services.FilterError, match="面向"):
        services.list_measures(facet="不存在")


def test_get_measure_and_unknown_id(corpus_db):
    m = services.get_measure("export-loan-guarantee-plus")
    assert m["agency"] == "經濟部中小及新創企業署"
    assert {c["phone"] for c in m["contacts"]} == {"0800-280-280", "0800-089-921"}
    with pytest.raises(services.MeasureNotFound, match="找不到"):
        services.get_measure("no-such-measure")


def test_measures_named_in_a_text(corpus_db):
    from fudao.search.directory import named_measures

    found = named_measures("請問 外銷貸款優惠保證加碼 的保證成數？")
    assert found[0]["id"] == "export-loan-guarantee-plus"
    assert named_measures("今天天氣很好") == []


runner = CliRunner()


def test_cli_list_json_and_csv(corpus_db):
    out = runner.invoke(app, ["measures", "list", "--all", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["count"] == len(data["measures"]) and "facets" in data
    csv_out = runner.invoke(app, ["measures", "list", "--facet", "金融支持", "--all", "--csv"])
    assert csv_out.exit_code == 0
    assert csv_out.stdout.splitlines()[0].startswith("id,name,facet")
    assert any(line.startswith("smb-diverse-loan-plus,") for line in csv_out.stdout.splitlines())


def test_cli_csv_never_writes_a_live_formula(corpus_db):
    from fudao.catalogue.models import Measure

    Measure.objects.filter(id="smb-diverse-loan-plus").update(name='=HYPERLINK("http://x.test","貸款")')
    csv_out = runner.invoke(app, ["measures", "list", "--all", "--csv"])
    assert csv_out.exit_code == 0, csv_out.output
    row = next(r for r in csv.DictReader(io.StringIO(csv_out.stdout)) if r["id"] == "smb-diverse-loan-plus")
    assert row["name"] == "'=HYPERLINK(\"http://x.test\",\"貸款\")"


def test_cli_show_and_errors(corpus_db):
    shown = runner.invoke(app, ["measures", "show", "rd-transformation-grant", "--json"])
    assert json.loads(shown.stdout)["window"]["start"] == "2025-08-07"
    missing = runner.invoke(app, ["measures", "show", "nope", "--json"])
    assert missing.exit_code == 2 and "找不到輔導措施" in missing.stderr and missing.stdout == ""
    bad_date = runner.invoke(app, ["measures", "list", "--open-on", "2026-02-30"])
    assert bad_date.exit_code == 2 and "--open-on" in bad_date.stderr
    bad_status = runner.invoke(app, ["measures", "list", "--status", "gone"])
    assert bad_status.exit_code == 2 and "狀態" in bad_status.stderr


def test_amount_floor_is_one_filter_for_page_api_and_cli(corpus_db):
    from django.test import Client

    floor = 10_000_000
    every = services.list_measures(include_all=True, status="published")["measures"]
    kept = services.list_measures(include_all=True, status="published", min_amount_twd=floor)["measures"]
    expected = [m["id"] for m in every if (services.max_benefit_twd(m) or 0) >= floor]
    assert [m["id"] for m in kept] == expected and 0 < len(kept) < len(every)
    api = Client().get("/api/measures", {"all": "true", "min_amount_twd": floor}).json()
    assert [m["id"] for m in api["measures"]] == expected
    with pytest.raises(services.FilterError, match="金額下限"):
        services.list_measures(min_amount_twd=-1)
    cli = runner.invoke(app, ["measures", "list", "--all", "--status", "published", "--min-amount", str(floor), "--json"])
    assert cli.exit_code == 0 and [m["id"] for m in json.loads(cli.stdout)["measures"]] == expected
