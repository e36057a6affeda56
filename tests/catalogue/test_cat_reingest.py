"""The catalogue stays true across ingests: one measure per programme whichever document is
ingested first and after a document changes, and no measure open that should not be."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from corpusfiles import corpus_path
from fudao.catalogue.draft import programme_key

pytestmark = pytest.mark.slow
ON = date(2026, 11, 22)


def _fudao(tmp_path: Path, *args: str) -> str:
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", "from fudao.cli.main import main; main()", *args],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _catalogue(tmp_path: Path) -> list[dict]:
    return json.loads(_fudao(tmp_path, "measures", "list", "--all", "--json"))["measures"]


def _check_one_per_programme(measures: list[dict]) -> dict[str, dict]:
    live = [m for m in measures if m["status"] != "retired"]
    keys = [programme_key(m["name"]) for m in live]
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)
    platform = [m for m in live if m["name"] == "產業升級創新平台輔導計畫"]
    assert len(platform) == 1
    assert platform[0]["document"]["doc"].startswith("002")  # the newer document leads
    assert [h["doc"][:3] for h in platform[0]["history"]] == ["000"]
    return {m["id"]: m for m in live}


def _copy(name: str, into: Path) -> Path:
    into.mkdir(exist_ok=True)
    return Path(shutil.copy(corpus_path(name), into))


@pytest.mark.parametrize("first", ["000", "002"])
def test_merged_programmes_stay_one_measure_across_ingests(tmp_path: Path, first: str) -> None:
    docs = tmp_path / "docs"
    older, newer = _copy("000", docs), _copy("002", docs)
    for path in (older, newer) if first == "000" else (newer, older):
        _fudao(tmp_path, "ingest", str(path), "--publish")
    before = _check_one_per_programme(_catalogue(tmp_path))

    with older.open("a", encoding="utf-8") as f:  # the older document changes: it is read again
        f.write("\n（本文件之後更新的附註）\n")
    report = json.loads(_fudao(tmp_path, "ingest", str(docs), "--publish", "--json"))
    assert {d["stem"][:3]: d["status"] for d in report["documents"]} == {"000": "updated", "002": "unchanged"}
    after = _check_one_per_programme(_catalogue(tmp_path))
    assert after.keys() == before.keys()


def test_no_measure_is_open_that_should_not_be(corpus_db) -> None:
    from fudao.catalogue import evaluation

    found = evaluation.freshness_check(on=ON)
    assert found["wrongly_open"] == []
    assert found["industry_rows_as_measures"] == []
    assert found["programmes_listed_twice"] == []
    assert found["states"]["open"] >= 1 and found["states"]["unconfirmed"] > found["states"]["open"]
