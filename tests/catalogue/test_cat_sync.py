"""Ingest hook: drafts on ingest, editors' values kept on re-ingest, diffs recorded, gone measures retired,
`--publish` on an unchanged file publishes its measures."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from fudao.catalogue.models import Measure
from fudao.catalogue.services import published_measures
from fudao.catalogue.sync import DIFF_FLAG, GONE_FLAG
from fudao.documents.services import ingest_paths

FORM = """二、技術面
 (一)測試分類
輔導措施名稱 同步測試計畫

輔導措施簡介
第一版的簡介文字。

提供服務項目

¢輔導補助：
●輔導補助對象：依法登記之公司。
●輔導補助經費：每案補助上限 100 萬元。
●申請期間：隨時受理。

中堅企業
優惠方式

¢優先支持：優先審查。

聯絡方式

主辦
機關

經濟部
商業司

承辦人 王先生
聯絡
電話

(02)1234-5678#99

相關網站 無
"""


@pytest.fixture
def form_file(tmp_path):
    path = tmp_path / "950_synctest.txt"
    path.write_text(FORM, encoding="utf-8")
    return path


def _measure() -> Measure:
    return Measure.objects.get(name="同步測試計畫")


EDITED_SUMMARY = "編輯改寫的簡介。"


def _edit_summary_and_review() -> None:
    """What an editor does in the admin: rewrite the summary (locking it) and mark it reviewed."""
    m = _measure()
    m.summary = EDITED_SUMMARY
    m.locked_fields = ["summary"]
    m.status = Measure.Status.REVIEWED
    m.save()


@pytest.mark.django_db
def test_ingest_creates_a_cited_draft_and_publish_publishes(form_file):
    ingest_paths([form_file])
    m = _measure()
    assert m.status == Measure.Status.DRAFT
    assert m.agency == "經濟部商業發展署"
    assert m.document.stem == "950_synctest"
    assert m.sources["summary"]["line_start"] == 6
    form_file.write_text(FORM + "\n", encoding="utf-8")
    ingest_paths([form_file], publish=True)
    assert _measure().status == Measure.Status.PUBLISHED


@pytest.mark.django_db
def test_reingest_keeps_edited_fields_and_records_the_diff(form_file):
    ingest_paths([form_file])
    _edit_summary_and_review()
    changed = FORM.replace("第一版的簡介文字。", "第二版的簡介文字。").replace("100 萬元", "120 萬元")
    form_file.write_text(changed, encoding="utf-8")
    ingest_paths([form_file])
    m = _measure()
    assert m.summary == EDITED_SUMMARY
    assert m.status == Measure.Status.REVIEWED
    assert [b["value"] for b in m.benefits if b["unit"] == "TWD"] == [1_200_000]
    [diff] = m.source_diffs
    assert diff["field"] == "summary"
    assert diff["old_extracted"] == "第一版的簡介文字。"
    assert diff["new_extracted"] == "第二版的簡介文字。"
    assert diff["editor_value"] == EDITED_SUMMARY
    assert DIFF_FLAG in m.review_flags


@pytest.mark.django_db
def test_a_measure_the_new_version_drops_is_retired(form_file):
    ingest_paths([form_file])
    form_file.write_text("沒有措施的新版本。\n", encoding="utf-8")
    ingest_paths([form_file])
    m = _measure()
    assert m.status == Measure.Status.RETIRED
    assert GONE_FLAG in m.review_flags


@pytest.mark.django_db
def test_publish_on_an_unchanged_file_publishes_its_drafts(form_file):
    ingest_paths([form_file])
    assert _measure().status == Measure.Status.DRAFT
    assert "同步測試計畫" not in {m["name"] for m in published_measures()}
    report = ingest_paths([form_file], publish=True)
    assert [r.status for r in report.results] == ["unchanged"]
    assert _measure().status == Measure.Status.PUBLISHED
    assert "同步測試計畫" in {m["name"] for m in published_measures()}  # the cache saw the change


@pytest.mark.django_db
def test_publish_on_an_unchanged_file_keeps_the_editors_values(form_file):
    ingest_paths([form_file])
    _edit_summary_and_review()
    ingest_paths([form_file], publish=True)
    m = _measure()
    assert m.status == Measure.Status.PUBLISHED
    assert m.summary == EDITED_SUMMARY and m.locked_fields == ["summary"]
    assert m.source_diffs == [] and DIFF_FLAG not in m.review_flags


@pytest.mark.django_db
def test_publish_on_an_unchanged_file_leaves_retired_and_other_measures_alone(form_file, tmp_path):
    other = tmp_path / "951_other.txt"
    other.write_text(FORM.replace("同步測試計畫", "另一份測試計畫"), encoding="utf-8")
    ingest_paths([form_file, other])
    Measure.objects.filter(name="同步測試計畫").update(status=Measure.Status.RETIRED)
    ingest_paths([form_file], publish=True)
    assert _measure().status == Measure.Status.RETIRED
    assert Measure.objects.get(name="另一份測試計畫").status == Measure.Status.DRAFT
    ingest_paths([form_file])  # without --publish nothing changes
    assert Measure.objects.get(name="另一份測試計畫").status == Measure.Status.DRAFT


def test_cli_ingest_then_ingest_publish_publishes(form_file, tmp_path):
    store = tmp_path / "store.sqlite3"
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{store}", FUDAO_DATA_DIR=str(tmp_path / "data"))
    fudao = [sys.executable, "-c", "from fudao.cli.main import main; main()", "ingest", str(form_file)]

    def status() -> str:
        with sqlite3.connect(store) as db:
            [(value,)] = db.execute("SELECT status FROM catalogue_measure WHERE name = '同步測試計畫'")
        return value

    for args, expected in (([], "draft"), (["--publish"], "published")):
        done = subprocess.run([*fudao, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert status() == expected
    assert "未變更 1" in done.stdout
